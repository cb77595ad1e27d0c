"""A wasi:http/incoming-handler@0.2.0 component in Python (componentize-py 0.17.2,
spin-sdk 3.4.1, world spin-http) that exposes Spin's host APIs over HTTP, for the
integration tests of `spin up`. Build: componentize-py -w spin-http componentize app -o app.wasm

Every error a host API returns (raised by the bindings as Err(value)) becomes a
response whose body is "<Name>" or "<Name>: <payload>", where Name is the class
name of the value without its "Error_" prefix (AccessDenied, Other: message,
ErrorCode_HttpRequestDenied, ...) and the status comes from the route's table
(default 500). A malformed request gives 400 "BadRequest: ..."; no route 404 "no route".

Routes:
  GET /                                  "python-apis"
  fermyon:spin/key-value@2.0.0 (403 AccessDenied, 404 NoSuchStore, else 500)
    GET /kv/{store}?keys                 JSON sorted list of keys
    GET /kv/{store}/{key}                200 value | 404 "missing"
    GET /kv/{store}/{key}?exists         "true" | "false"
    PUT /kv/{store}/{key}                body is the value; "ok"
    DELETE /kv/{store}/{key}             "ok"
  wasi:keyvalue@0.2.0-draft2 (same statuses)
    GET|PUT|DELETE /wkv/{store}/{key}    as /kv (also ?exists)
    GET /wkv/{store}?keys                list-keys followed to the last cursor, sorted JSON list
    POST /wkv/{store}/incr/{key}?by=N    atomics.increment (N default 1); body: new value
    POST /wkv/{store}/cas/{key}          {"expect": str|null, "new": str}: 200 "swapped" | 409 "cas-failed"
    POST /wkv/{store}/batch              {"set": {k: v}, "get": [k], "delete": [k]}
                                         set-many, get-many, delete-many; {"got": {k: v|null}}
  SQLite (404 NoSuchDatabase, 403 AccessDenied, 400 Io, else 500)
    POST /sqlite/{db}    fermyon:spin/sqlite@2.0.0  {"sql": str, "params": [value]}
                         -> {"columns": [str], "rows": [[value]]}
    POST /sqlite3/{db}   spin:sqlite/sqlite@3.0.0   same, plus "last_insert_rowid" and "changes"
                         value = {"type": "integer"|"real"|"text"|"blob"|"null", "value": ...}
                         (blob as base64, null's value null)
  GET /variables/{name}  fermyon:spin/variables@2.0.0: value (404 Undefined, 400 InvalidName, else 500)
  GET /config/{name}     wasi:config/store: value | 404 "none"
  GET /config?all        wasi:config/store get-all as a JSON object with sorted keys
  POST /outbound         {"url", "method" (default GET), "headers", "body": str|null} via
                         wasi:http/outgoing-handler -> {"status", "headers", "body"}; errors 502
  POST /redis            fermyon:spin/redis@2.0.0, see redis() below; errors 500
  GET /env/{name}        WASI environment: value | 404 "unset"
  GET /env?all           the whole environment as a JSON list of [name, value] in WASI's order
  GET /files/{path}      the file /{path} through wasi:filesystem: its text | 404 "no file"
  PUT /files/{path}      writes the body to /{path}: "ok" | 403 "OSError: ..." (files are read-only)

A component whose route has a prefix ("/denied/...") serves the same routes below it
(the prefix, from spin-component-route, is dropped).

Texts are UTF-8 (undecodable bytes in a response shown as U+FFFD).
"""
import base64
import json
import os
from urllib.parse import parse_qs, unquote

from spin_sdk import http, key_value, redis, variables
from spin_sdk.http import Request, Response
from spin_sdk.wit.imports import (atomics, batch, spin_sqlite_sqlite, wasi_config_store,
                                  wasi_keyvalue_store)
from spin_sdk.wit.imports import redis as redis_api
# spin_sdk.sqlite imports spin_sdk.wit.imports.sqlite, which componentize-py 0.17.2 does
# not generate: with spin:sqlite/sqlite@3.0.0 in the world too, it names the bindings of
# fermyon:spin/sqlite@2.0.0 fermyon_spin_sqlite (spin-sdk 3.4.1 renames only postgres).
from spin_sdk.wit.imports import fermyon_spin_sqlite as sqlite_api
from spin_sdk.wit.types import Err

KV_STATUSES = {"AccessDenied": 403, "NoSuchStore": 404}
SQLITE_STATUSES = {"NoSuchDatabase": 404, "AccessDenied": 403, "Io": 400}
VARIABLE_STATUSES = {"Undefined": 404, "InvalidName": 400}


class BadRequest(Exception):
    pass


def text(status, body):
    return Response(status, {"content-type": "text/plain; charset=utf-8"}, body.encode())


def as_json(document):
    return Response(200, {"content-type": "application/json"}, json.dumps(document).encode())


def describe(value):
    """"<Name>" or "<Name>: <payload>" for an error value of the bindings (a dataclass
    whose only field, if any, is `value`)."""
    if value is None:  # Err(()): e.g. the outer result of future-incoming-response.get
        return "Err"
    name = type(value).__name__.removeprefix("Error_")
    payload = getattr(value, "value", None)
    if payload is None:
        return name
    return f"{name}: {payload if isinstance(payload, str) else repr(payload)}"


def body_json(request):
    try:
        return json.loads(request.body or b"null")
    except ValueError as error:
        raise BadRequest(f"body is not JSON: {error}")


# fermyon:spin/key-value@2.0.0

def kv(method, query, store, key, body):
    with key_value.open(store) as opened:
        if key is None:
            if "keys" not in query:
                raise BadRequest("expected ?keys")
            return as_json(sorted(opened.get_keys()))
        return key_value_verbs(opened, method, query, key, body)


def key_value_verbs(opened, method, query, key, body):
    """GET/PUT/DELETE of one key on a spin Store or a wasi Bucket (same method names)."""
    if method == "GET" and "exists" in query:
        return text(200, "true" if opened.exists(key) else "false")
    if method == "GET":
        value = opened.get(key)
        return text(404, "missing") if value is None else Response(200, {}, value)
    if method == "PUT":
        opened.set(key, body)
        return text(200, "ok")
    if method == "DELETE":
        opened.delete(key)
        return text(200, "ok")
    return text(405, "method not allowed")


# wasi:keyvalue@0.2.0-draft2

def wkv(request, query, store, rest):
    method = request.method
    with wasi_keyvalue_store.open(store) as bucket:
        if not rest:
            if method != "GET" or "keys" not in query:
                raise BadRequest("expected GET ?keys")
            keys, cursor = [], None
            while True:
                page = bucket.list_keys(cursor)
                keys += page.keys
                if page.cursor is None:
                    return as_json(sorted(keys))
                cursor = page.cursor
        if method == "POST" and rest == ["batch"]:
            return wkv_batch(bucket, body_json(request))
        if method == "POST" and len(rest) == 2 and rest[0] == "incr":
            delta = int(query.get("by", ["1"])[0])
            return text(200, str(atomics.increment(bucket, rest[1], delta)))
        if method == "POST" and len(rest) == 2 and rest[0] == "cas":
            return wkv_cas(bucket, rest[1], body_json(request))
        if len(rest) == 1:
            return key_value_verbs(bucket, method, query, rest[0], request.body or b"")
    return text(404, "no route")


def wkv_cas(bucket, key, document):
    expect, new = document.get("expect"), document["new"]
    cas = atomics.Cas.new(bucket, key)
    current = cas.current()
    if (None if current is None else current.decode()) != expect:
        cas.__exit__(None, None, None)  # drop the unused handle
        return text(409, "cas-failed")
    try:
        atomics.swap(cas, new.encode())  # consumes the handle
    except Err as error:
        if isinstance(error.value, atomics.CasError_CasFailed):
            error.value.value.__exit__(None, None, None)  # the handle given back
            return text(409, "cas-failed")
        raise Err(error.value.value)  # store-error(error): its inner error
    return text(200, "swapped")


def wkv_batch(bucket, document):
    pairs = [(k, v.encode()) for k, v in document.get("set", {}).items()]
    if pairs:
        batch.set_many(bucket, pairs)
    got = {}
    if document.get("get"):
        got = {k: None if v is None else v.decode(errors="replace")
               for k, v in batch.get_many(bucket, document["get"])}
    if document.get("delete"):
        batch.delete_many(bucket, document["delete"])
    return as_json({"got": got})


# SQLite: both interfaces have the same value variants, so one pair of converters
# serves fermyon:spin/sqlite@2.0.0 (sqlite_api) and spin:sqlite/sqlite@3.0.0.

def to_value(api, parameter):
    kind, value = parameter["type"], parameter.get("value")
    if kind == "integer":
        return api.Value_Integer(int(value))
    if kind == "real":
        return api.Value_Real(float(value))
    if kind == "text":
        return api.Value_Text(str(value))
    if kind == "blob":
        return api.Value_Blob(base64.b64decode(value))
    if kind == "null":
        return api.Value_Null()
    raise BadRequest(f"unknown parameter type {kind!r}")


def from_value(value):
    kind = type(value).__name__.removeprefix("Value_").lower()
    if kind == "null":
        return {"type": "null", "value": None}
    if kind == "blob":
        return {"type": "blob", "value": base64.b64encode(value.value).decode()}
    return {"type": kind, "value": value.value}


def run_sql(api, connection, document):
    parameters = [to_value(api, p) for p in document.get("params", [])]
    result = connection.execute(document["sql"], parameters)
    return {"columns": list(result.columns),
            "rows": [[from_value(v) for v in row.values] for row in result.rows]}


def sqlite_v2(db, document):
    with sqlite_api.Connection.open(db) as connection:
        return as_json(run_sql(sqlite_api, connection, document))


def sqlite_v3(db, document):
    with spin_sqlite_sqlite.Connection.open(db) as connection:
        result = run_sql(spin_sqlite_sqlite, connection, document)
        result["last_insert_rowid"] = connection.last_insert_rowid()
        result["changes"] = connection.changes()
        return as_json(result)


# fermyon:spin/redis@2.0.0. The request names one operation:
#   get {key} -> str|null        set {key, value} -> null     incr {key} -> int
#   del {values: [key]} or {key} -> int                       publish {channel, value} -> null
#   sadd|srem {key, values} -> int                            smembers {key} -> sorted list
#   execute {command, args: [{"int64": n} | {"binary": str}]}
#       -> [{"type": "nil"|"status"|"int64"|"binary", "value": null|str|int|str}]

def redis_result(result):
    kind = type(result).__name__.removeprefix("RedisResult_").lower()
    value = getattr(result, "value", None)
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    return {"type": kind, "value": value}


def redis_call(document):
    op = document["op"]
    with redis.open(document["address"]) as connection:
        if op == "get":
            value = connection.get(document["key"])
            return None if value is None else value.decode(errors="replace")
        if op == "set":
            connection.set(document["key"], document["value"].encode())
            return None
        if op == "incr":
            return connection.incr(document["key"])
        if op == "del":
            return connection.del_(document.get("values") or [document["key"]])
        if op == "publish":
            connection.publish(document["channel"], document["value"].encode())
            return None
        if op == "sadd":
            return connection.sadd(document["key"], document["values"])
        if op == "srem":
            return connection.srem(document["key"], document["values"])
        if op == "smembers":
            return sorted(connection.smembers(document["key"]))
        if op == "execute":
            arguments = [redis_api.RedisParameter_Int64(int(a["int64"])) if "int64" in a
                         else redis_api.RedisParameter_Binary(a["binary"].encode())
                         for a in document.get("args", [])]
            return [redis_result(r) for r in connection.execute(document["command"], arguments)]
    raise BadRequest(f"unknown op {op!r}")


# wasi:http/outgoing-handler@0.2.0 through the SDK's poll loop.

def outbound(document):
    body = document.get("body")
    response = http.send(Request(document.get("method", "GET"), document["url"],
                                 dict(document.get("headers") or {}),
                                 None if body is None else body.encode()))
    return as_json({"status": response.status, "headers": response.headers,
                    "body": (response.body or b"").decode(errors="replace")})


def route(request):
    """Returns (status table for the route's Err values, their default status,
    function answering the request)."""
    path, _, query_text = request.uri.partition("?")
    # On a route such as "/denied/...", the paths below are taken after the prefix.
    prefix = request.headers.get("spin-component-route", "")
    if prefix not in ("", "/") and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix):]
    query = parse_qs(query_text, keep_blank_values=True)
    parts = [unquote(p) for p in path.strip("/").split("/")] if path.strip("/") else []
    method, head, n = request.method, (parts[0] if parts else ""), len(parts)

    if n == 0 and method == "GET":
        return {}, 500, lambda: text(200, "python-apis")
    if head == "kv" and n in (2, 3):
        key = parts[2] if n == 3 else None
        return KV_STATUSES, 500, lambda: kv(method, query, parts[1], key, request.body or b"")
    if head == "wkv" and n >= 2:
        return KV_STATUSES, 500, lambda: wkv(request, query, parts[1], parts[2:])
    if head == "sqlite" and n == 2 and method == "POST":
        return SQLITE_STATUSES, 500, lambda: sqlite_v2(parts[1], body_json(request))
    if head == "sqlite3" and n == 2 and method == "POST":
        return SQLITE_STATUSES, 500, lambda: sqlite_v3(parts[1], body_json(request))
    if head == "variables" and n == 2 and method == "GET":
        return VARIABLE_STATUSES, 500, lambda: text(200, variables.get(parts[1]))
    if head == "config" and method == "GET":
        if n == 1 and "all" in query:
            return {}, 500, lambda: as_json(dict(sorted(wasi_config_store.get_all())))
        if n == 2:
            return {}, 500, lambda: config_get(parts[1])
    if head == "outbound" and n == 1 and method == "POST":
        return {}, 502, lambda: outbound(body_json(request))
    if head == "redis" and n == 1 and method == "POST":
        return {}, 500, lambda: as_json(redis_call(body_json(request)))
    if head == "env" and method == "GET":
        if n == 1 and "all" in query:
            return {}, 500, lambda: as_json([list(pair) for pair in os.environ.items()])
        if n == 2:
            return {}, 500, lambda: text(200, os.environ[parts[1]]) if parts[1] in os.environ else text(404, "unset")
    if head == "files" and n >= 2:
        return {}, 500, lambda: guest_file(method, "/" + "/".join(parts[1:]), request.body or b"")
    return {}, 500, lambda: text(404, "no route")


def guest_file(method, path, body):
    try:
        if method == "PUT":
            with open(path, "wb") as file:
                file.write(body)
            return text(200, "ok")
        with open(path, "rb") as file:
            return text(200, file.read().decode(errors="replace"))
    except FileNotFoundError:
        return text(404, "no file")
    except OSError as error:
        return text(403, f"OSError: {error}")


def config_get(name):
    value = wasi_config_store.get(name)
    return text(404, "none") if value is None else text(200, value)


class IncomingHandler(http.IncomingHandler):
    def handle_request(self, request: Request) -> Response:
        statuses, default, answer = route(request)
        try:
            return answer()
        except Err as error:  # the host API's error value
            name = type(error.value).__name__.removeprefix("Error_")
            return text(statuses.get(name, default), describe(error.value))
        except BadRequest as error:
            return text(400, f"BadRequest: {error}")
        except (KeyError, ValueError) as error:  # a missing field, a bad number or base64
            return text(400, f"BadRequest: {type(error).__name__}: {error}")
        except Exception as error:  # never let the SDK turn it into a bare 500
            return text(500, f"Unexpected: {type(error).__name__}: {error}")
