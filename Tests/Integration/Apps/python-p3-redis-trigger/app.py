"""A spin:redis/inbound-redis@3.0.0 component in Python (componentize-py 0.25.1,
spin-sdk 5.0.0, world spin:up/redis-trigger@4.1.0): Spin 4's async Redis handler,
for the integration tests of `spin up`'s Redis trigger.
Build: componentize-py -w spin:up/redis-trigger@4.1.0 componentize app -o app.wasm

Each message is decoded as UTF-8 and appended as a new line to the value at key
"messages" of the key-value store "default" (spin:key-value@3.0.0), after a 10 ms
wasi:clocks@0.3.0 wait, so that each message's task really waits. A message "fail"
answers with the interface's error instead.
"""
from componentize_py_types import Err
from spin_sdk import key_value
from spin_sdk.wit import exports
from spin_sdk.wit.imports import spin_redis_redis_3_0_0 as redis
from spin_sdk.wit.imports import wasi_clocks_monotonic_clock_0_3_0 as monotonic


class RedisHandler(exports.RedisHandler):
    async def handle_message(self, message: bytes) -> None:
        text = message.decode(errors="replace")
        if text == "fail":
            raise Err(redis.Error_Other("asked to fail"))
        await monotonic.wait_for(10_000_000)
        store = await key_value.open_default()
        previous = await store.get("messages")
        value = text if previous is None else previous.decode(errors="replace") + "\n" + text
        await store.set("messages", value.encode())
