"""A wasi:http/incoming-handler@0.2.0 component in Python (componentize-py
0.17.2, spin-sdk 3.4.1, world spin-http) for Tests/Integration/spin_up_component_test.py,
which puts it in place of the app.py of an app made by `spin new -t http-py`
(route /echo/...) and builds that with `spin build`.

Any path but the two below: answers a JSON document describing the request
(method, uri, headers with lower-case names, body decoded as latin-1 and
body_length), with the status taken from the request header x-status
(default 200), headers content-type: application/json and x-python: yes, and
one header <name> for every request header x-reply-<name>.

A path ending in /kv or /variables calls a Spin interface that this app is not
granted (no key_value_stores, no variables) and answers 200 with the error it
raised, "<label> error <type>: <value>", or "<label> ok ..." if none was raised.
A host that traps instead of returning the interface's error gives a 500.

The Spin modules are imported when the component is built (componentize-py
snapshots the interpreter after the top-level imports; an import inside a
handler finds no module at run time).
"""
import json

from spin_sdk import http, key_value, variables
from spin_sdk.http import Request, Response
from spin_sdk.wit.types import Err


def describe(error):
    detail = repr(error.value) if isinstance(error, Err) else str(error)
    return f"{type(error).__name__}: {detail}"


def open_default_store():
    return key_value.open_default()


def get_variable():
    return variables.get("x")


def call_interface(label, call):
    try:
        result = call()
    except Exception as error:  # Err(value) carries the interface's error value
        return Response(200, {"content-type": "text/plain"}, f"{label} error {describe(error)}\n".encode())
    return Response(200, {"content-type": "text/plain"}, f"{label} ok {result!r}\n".encode())


def echo(request):
    headers = {name.lower(): value for name, value in request.headers.items()}
    body = request.body or b""
    document = {
        "method": request.method,
        "uri": request.uri,
        "headers": headers,
        "body": body.decode("latin-1"),
        "body_length": len(body),
    }
    reply = {"content-type": "application/json", "x-python": "yes"}
    for name, value in headers.items():
        if name.startswith("x-reply-") and len(name) > len("x-reply-"):
            reply[name[len("x-reply-"):]] = value
    status = int(headers["x-status"]) if "x-status" in headers else 200
    return Response(status, reply, json.dumps(document, sort_keys=True).encode())


class IncomingHandler(http.IncomingHandler):
    def handle_request(self, request: Request) -> Response:
        path = request.uri.split("?", 1)[0]
        if path.endswith("/kv"):
            return call_interface("kv", open_default_store)
        if path.endswith("/variables"):
            return call_interface("variables", get_variable)
        return echo(request)
