"""A fermyon:spin/inbound-redis component in Python (componentize-py 0.17.2, spin-sdk
3.4.1, world spin-redis) for the integration tests of `spin up`'s Redis trigger.
Build: componentize-py -w spin-redis componentize app -o app.wasm

Each message is decoded as UTF-8 (undecodable bytes as U+FFFD) and appended as a new
line to the value at key "messages" of the key-value store "default": the first
message is the whole value, each later one adds "\n" + message. A message "env:NAME"
appends "NAME=value" from the component's WASI environment ("NAME unset" without it).

componentize-py looks for the export's implementation in a class of this module named
after the interface: InboundRedis, with the method handle_message(self, message: bytes).
"""
import os
import sys

from spin_sdk import key_value
from spin_sdk.wit import exports
from spin_sdk.wit.imports.redis_types import Error
from spin_sdk.wit.types import Err


class InboundRedis(exports.InboundRedis):
    def handle_message(self, message: bytes) -> None:
        text = message.decode(errors="replace")
        if text.startswith("env:"):
            name = text[len("env:"):]
            text = f"{name}={os.environ[name]}" if name in os.environ else f"{name} unset"
        try:
            with key_value.open_default() as store:
                previous = store.get("messages")
                value = text if previous is None else previous.decode(errors="replace") + "\n" + text
                store.set("messages", value.encode())
        except Err as error:
            # The interface's error has no payload: report the cause on stderr.
            print(f"python-redis-trigger: key-value error {error.value!r}", file=sys.stderr)
            raise Err(Error.ERROR)
