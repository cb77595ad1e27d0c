# A WASIp3 Python guest (spin-sdk 5) for the integration tests: the request as
# it sees it, as JSON (method, uri, headers, body); /stream?mb=N streams N MiB;
# /kv counts in the default key-value store; /variables reads `greeting`;
# /clock waits 200 ms on wasi:clocks@0.3.0 and reads wasi:random@0.3.0;
# /global counts requests in a module global (an instance serves several);
# /overlap waits 500 ms and tells how many requests this instance had in
# flight at most (several at once share it while they wait);
# /fetch?url=U sends the request's body to U with wasi:http/client@0.3.0 and
# describes the answer; /forward?url=U sends the request itself on to U and
# answers with U's response, both bodies streamed through; /sqlite inserts a
# row of every value type and reads the table back (spin:sqlite@3.1.0, rows
# as a stream); /redis?address=A sets, gets, increments and runs a command
# (spin:redis@3.0.0); /files reads the mounted assets/hello.txt with open() and
# through wasi:filesystem@0.3.0 (preopens, open-at, stat, read-via-stream,
# read-directory); /rc-fetch?url=U fetches U with the release-candidate
# names (wasi:http/types and client @0.3.0-rc-2026-03-15);
# /trap aborts (a wasm trap); /loop never returns.
import json
import os
from urllib import parse

import componentize_py_async_support
from componentize_py_types import Err, Ok
from spin_sdk import http, key_value, redis, sqlite, variables, wit
from spin_sdk.wit.exports import HttpHandler as Base
from spin_sdk.wit.imports import wasi_http_client_0_3_0 as client
from spin_sdk.wit.imports import wasi_clocks_monotonic_clock_0_3_0 as monotonic
from spin_sdk.wit.imports import spin_redis_redis_3_0_0 as redis_types
from spin_sdk.wit.imports import wasi_filesystem_preopens_0_3_0 as preopens
from spin_sdk.wit.imports import wasi_filesystem_types_0_3_0 as fs
from spin_sdk.wit.imports import wasi_http_client_0_3_0_rc_2026_03_15 as rc_client
from spin_sdk.wit.imports import wasi_http_types_0_3_0_rc_2026_03_15 as rc_types
from spin_sdk.wit.imports import wasi_random_random_0_3_0 as random
from spin_sdk.wit.imports.wasi_http_types_0_3_0 import Fields, Request, Response, Scheme_Http

CHUNK = 64 * 1024
BLOCK = bytes((i % 26) + 97 for i in range(CHUNK))  # made once, in the pre-initialised heap
served = 0
in_flight = 0
peak = 0


def trailers():
    return wit.result_option_wasi_http_types_0_3_0_fields_wasi_http_types_0_3_0_error_code_future(lambda: Ok(None))[1]


def unit():
    return wit.result_unit_wasi_http_types_0_3_0_error_code_future(lambda: Ok(None))[1]


async def write_body(tx, data: bytes, repeat: int):
    with tx:
        await tx.write_all(data)
        block = BLOCK if repeat else b""
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
        elif path.endswith("/overlap"):
            global in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await monotonic.wait_for(500_000_000)
            in_flight -= 1
            text = f"peak={peak}".encode()
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
        elif path.endswith("/rc-fetch"):
            text = (await rc_fetch(parse.parse_qs(parse.urlsplit(uri).query)["url"][0])).encode()
        elif path.endswith("/files"):
            text = (await files_round_trip()).encode()
        elif path.endswith("/sqlite"):
            text = (await sqlite_round_trip()).encode()
        elif path.endswith("/redis"):
            text = (await redis_round_trip(parse.parse_qs(parse.urlsplit(uri).query)["address"][0])).encode()
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


async def sqlite_run(db, statement, parameters):
    """Runs a statement: its columns, its rows' values (read from the stream), its outcome."""
    columns, rows, outcome = await db.execute(statement, parameters)
    seen = []
    with rows:
        while not rows.writer_dropped:
            for row in await rows.read(10):
                seen.append([getattr(value, "value", None) for value in row.values])
    with outcome:
        status = await outcome.read()
    return columns, seen, status


async def sqlite_round_trip() -> str:
    """Every value type in and out of the default database through the async API."""
    try:
        with await sqlite.Connection.open_default() as db:
            await sqlite_run(db, "CREATE TABLE IF NOT EXISTS things (i INTEGER, r REAL, t TEXT, b BLOB, n)", [])
            await sqlite_run(db, "INSERT INTO things VALUES (?, ?, ?, ?, ?)",
                             [sqlite.Value_Integer(-7), sqlite.Value_Real(2.5), sqlite.Value_Text("zwölf"),
                              sqlite.Value_Blob(b"\x00\xff"), sqlite.sqlite.Value_Null()])
            rowid = await db.last_insert_rowid()
            changes = await db.changes()
            columns, seen, status = await sqlite_run(db, "SELECT i, r, t, b, n FROM things ORDER BY rowid", [])
            last = seen[-1] if seen else [None] * 5
            return (f"columns={columns} rows={len(seen)} last={last[:3]} blob={last[3].hex() if last[3] else ''} "
                    f"null={last[4]!r} rowid={rowid} changes={changes} outcome={status!r}")
    except Err as error:
        return f"sqlite error {error.value!r}"


async def redis_round_trip(address: str) -> str:
    try:
        with await redis.open(address) as connection:
            await connection.set("p3-key", b"p3 value")
            value = await connection.get("p3-key")
            count = await connection.incr("p3-count")
            echoed = await connection.execute("ECHO", [redis_types.RedisParameter_Binary(b"hi")])
            return f"value={value!r} count={count} echo={[getattr(item, 'value', None) for item in echoed]!r}"
    except Err as error:
        return f"redis error {error.value!r}"



async def files_round_trip() -> str:
    """The mounted file through libc and through wasi:filesystem@0.3.0 itself."""
    with open("/assets/hello.txt") as file:
        through_libc = file.read()
    root = dict((path, descriptor) for descriptor, path in preopens.get_directories())["/"]
    handle = await root.open_at(fs.PathFlags(0), "assets/hello.txt", fs.OpenFlags(0), fs.DescriptorFlags.READ)
    stat = await handle.stat()
    contents, done = handle.read_via_stream(0)
    data = bytearray()
    with contents:
        while not contents.writer_dropped:
            data += await contents.read(4096)
    with done:
        outcome = await done.read()
    assets = await root.open_at(fs.PathFlags(0), "assets", fs.OpenFlags.DIRECTORY, fs.DescriptorFlags.READ)
    entries, listed = assets.read_directory()
    names = []
    with entries:
        while not entries.writer_dropped:
            names += [entry.name for entry in await entries.read(10)]
    with listed:
        await listed.read()
    try:
        await root.open_at(fs.PathFlags(0), "assets/missing.txt", fs.OpenFlags(0), fs.DescriptorFlags.READ)
        missing = "opened"
    except Err as error:
        missing = type(error.value).__name__
    return (f"libc={through_libc!r} p3={bytes(data).decode()!r} size={stat.size} "
            f"type={type(stat.type).__name__} outcome={outcome!r} entries={sorted(names)} missing={missing}")


async def rc_fetch(url: str) -> str:
    """A GET through the release candidate's types and client."""
    target = parse.urlsplit(url)
    no_trailers = wit.result_option_wasi_http_types_0_3_0_rc_2026_03_15_fields_wasi_http_types_0_3_0_rc_2026_03_15_error_code_future(
        lambda: Ok(None))[1]
    outgoing = rc_types.Request.new(rc_types.Fields.from_list([("x-from-guest", b"rc")]), None, no_trailers, None)[0]
    outgoing.set_scheme(rc_types.Scheme_Http())
    outgoing.set_authority(target.netloc)
    outgoing.set_path_with_query(target.path + ("?" + target.query if target.query else ""))
    try:
        reply = await rc_client.send(outgoing)
    except Err as error:
        return f"rc error {error.value!r}"
    status = reply.get_status_code()
    unit_future = wit.result_unit_wasi_http_types_0_3_0_rc_2026_03_15_error_code_future(lambda: Ok(None))[1]
    rx, trailers_future = rc_types.Response.consume_body(reply, unit_future)
    body = bytearray()
    with rx:
        while not rx.writer_dropped:
            body += await rx.read(64 * 1024)
    with trailers_future:
        ended = await trailers_future.read()
    return f"rc status={status} length={len(body)} trailers={ended!r}"
