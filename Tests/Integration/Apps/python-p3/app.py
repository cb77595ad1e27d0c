# A WASIp3 Python guest (spin-sdk 5) for the integration tests: the request as
# it sees it, as JSON (method, uri, headers, body); /stream?mb=N streams N MiB;
# /kv counts in the default key-value store; /variables reads `greeting`;
# /clock waits 200 ms on wasi:clocks@0.3.0 and reads wasi:random@0.3.0;
# /global counts requests in a module global (an instance serves several);
# /fetch?url=U sends the request's body to U with wasi:http/client@0.3.0 and
# describes the answer; /forward?url=U sends the request itself on to U and
# answers with U's response, both bodies streamed through;
# /trap aborts (a wasm trap); /loop never returns.
import json
import os
from urllib import parse

import componentize_py_async_support
from componentize_py_types import Err, Ok
from spin_sdk import http, key_value, variables, wit
from spin_sdk.wit.exports import HttpHandler as Base
from spin_sdk.wit.imports import wasi_http_client_0_3_0 as client
from spin_sdk.wit.imports import wasi_clocks_monotonic_clock_0_3_0 as monotonic
from spin_sdk.wit.imports import wasi_random_random_0_3_0 as random
from spin_sdk.wit.imports.wasi_http_types_0_3_0 import Fields, Request, Response, Scheme_Http

CHUNK = 64 * 1024
served = 0


def trailers():
    return wit.result_option_wasi_http_types_0_3_0_fields_wasi_http_types_0_3_0_error_code_future(lambda: Ok(None))[1]


def unit():
    return wit.result_unit_wasi_http_types_0_3_0_error_code_future(lambda: Ok(None))[1]


async def write_body(tx, data: bytes, repeat: int):
    with tx:
        await tx.write_all(data)
        block = bytes((i % 26) + 97 for i in range(CHUNK))
        for _ in range(repeat):
            if tx.reader_dropped:
                break
            await tx.write_all(block)


class HttpHandler(Base):
    async def handle(self, request: Request) -> Response:
        global served
        served += 1
        uri = request.get_path_with_query() or "/"
        method = request.get_method()
        headers = request.get_headers().copy_all()
        if parse.urlsplit(uri).path.endswith("/forward"):
            return await forward(request, uri)
        rx, _ = Request.consume_body(request, unit())
        body = bytearray()
        with rx:
            while not rx.writer_dropped:
                body += await rx.read(16 * 1024)
        path = parse.urlsplit(uri).path
        status = 200
        repeat = 0
        if path.endswith("/trap"):
            os.abort()
        elif path.endswith("/loop"):
            while True:
                pass
        elif path.endswith("/kv"):
            try:
                store = await key_value.open_default()
                count = await store.get("count")
                n = int(count.decode()) + 1 if count is not None else 1
                await store.set("count", str(n).encode())
                reader, outcome = await store.get_keys()
                keys = []
                with reader:
                    while not reader.writer_dropped:
                        keys += await reader.read(100)
                text = f"count={n} keys={sorted(keys)}".encode()
            except Err as error:
                text = f"kv error {error.value!r}".encode()
        elif path.endswith("/global"):
            text = f"served={served}".encode()
        elif path.endswith("/clock"):
            start = monotonic.now()
            await monotonic.wait_for(200_000_000)
            waited = (monotonic.now() - start) / 1e9
            text = f"waited={waited:.2f} random={len(random.get_random_bytes(16))}".encode()
        elif path.endswith("/variables"):
            try:
                text = f"greeting={await variables.get('greeting')}".encode()
            except Err as error:
                text = f"variables error {error.value!r}".encode()
        elif path.endswith("/fetch"):
            target = parse.parse_qs(parse.urlsplit(uri).query)["url"][0]
            try:
                reply = await http.send(http.Request("POST" if body else "GET", target, {"x-from-guest": "p3"},
                                                     bytes(body) if body else None))
                text = json.dumps({"status": reply.status, "headers": reply.headers, "body_length": len(reply.body),
                                   "body": reply.body[:200].decode("latin-1")}).encode()
            except Err as error:
                text = f"fetch error {error.value!r}".encode()
        elif path.endswith("/stream"):
            query = parse.parse_qs(parse.urlsplit(uri).query)
            repeat = int(query.get("mb", ["4"])[0]) * 16
            text = b""
        else:
            seen = {name: value.decode("latin-1") for name, value in headers}
            status = int(seen.get("x-status", "200"))
            text = json.dumps({"method": str(method), "uri": uri, "headers": seen,
                               "body": body.decode("latin-1"), "body_length": len(body)}).encode()
        tx, contents = wit.byte_stream()
        componentize_py_async_support.spawn(write_body(tx, text, repeat))
        response = Response.new(Fields.from_list([("content-type", b"application/json"), ("x-python", b"p3")]),
                                contents, trailers())[0]
        response.set_status_code(status)
        return response


async def forward(request: Request, uri: str) -> Response:
    """Sends the incoming request, body and all, to ?url= and answers with its response."""
    target = parse.urlsplit(parse.parse_qs(parse.urlsplit(uri).query)["url"][0])
    request.set_scheme(Scheme_Http())
    request.set_authority(target.netloc)
    request.set_path_with_query(target.path)
    try:
        return await client.send(request)
    except Err as error:
        text = f"forward error {error.value!r}".encode()
        tx, contents = wit.byte_stream()
        componentize_py_async_support.spawn(write_body(tx, text, 0))
        response = Response.new(Fields.from_list([]), contents, trailers())[0]
        response.set_status_code(502)
        return response
