#!/usr/bin/env python3
"""Integration tests of Spin's host APIs under `spin up`: the Python apps of
Apps/python-apis (key-value, SQLite, variables, wasi:config, outbound HTTP and Redis),
Apps/python-redis-trigger and Apps/python-p3-redis-trigger (Spin 4's async Redis handler), each run from a temporary copy on a free 127.0.0.1
port with its own state directory. Each check prints ok/FAIL; the last line is
"N passed, N failed".

    Tests/Integration/spin_up_api_test.py [path-to-spin]   (default .build/release/spin)
    SPIN_UP_API_TESTS=sqlite_tests Tests/Integration/spin_up_api_test.py
        (only the named suites: example_app_tests, key_value_tests, shared_sqlite_key_value_tests, redis_key_value_tests, sqlite_tests,
         variables_tests, runtime_config_tests, crash_test, outbound_http_tests, service_chaining_tests,
         redis_outbound_tests, redis_trigger_tests, redis_p3_trigger_tests)
    ROUNDS=N   rounds of crash_test (default 1)
    CI=true    a missing redis-server is a failure instead of a skip

Each app.wasm is built once per content of its app.py, spin.toml and the pinned tool list, with
`spin build` (componentize-py), under .build-integration/<app>/ (~37 MB, ~10 s).
"""
import concurrent.futures
import hashlib
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from spin_up_component_test import build_p3, free_port, use_pinned_tools
from spin_up_test import APPS, REPO, SPIN, SpinUp, build, check, run_suites

WORK = os.path.join(REPO, ".build-integration")
TIMEOUT = 30  # seconds for every request and every wait


def built_wasm(app, builder=build):
    """The app.wasm of Apps/`app`, built by `spin build` in a temporary copy when app.py or
    the pinned tools changed since the last build (`builder`: build_p3 for spin-sdk 5 apps)."""
    digest = hashlib.sha256()
    for path in (os.path.join(APPS, app, "app.py"), os.path.join(APPS, app, "spin.toml"),
                 os.path.join(REPO, "scripts/pinned-tools.sh")):
        with open(path, "rb") as file:
            digest.update(file.read())
    output = os.path.join(WORK, app, digest.hexdigest()[:16])
    wasm = os.path.join(output, "app.wasm")
    if os.path.exists(wasm):
        return wasm
    shutil.rmtree(os.path.join(WORK, app), ignore_errors=True)  # one build kept, not one per edit
    workspace = tempfile.mkdtemp(prefix=f"{app}-build-")
    try:
        shutil.copytree(os.path.join(APPS, app), workspace, dirs_exist_ok=True)
        builder(workspace)
        os.makedirs(output)
        shutil.copy(os.path.join(workspace, "app.wasm"), wasm)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return wasm


def manifest(components, variables="", application=""):
    """A spin.toml: the [application] table (plus `application` lines), [variables] when
    given, then the `components` text."""
    text = f'spin_manifest_version = 2\n[application]\nname = "python-apis"\n{application}'
    if variables:
        text += f"\n[variables]\n{variables}"
    return text + components


def apis_component(name="apis", route="/...", stores='["default"]', variables="",
                   hosts='["http://127.0.0.1:*", "redis://127.0.0.1:*"]'):
    """Apps/python-apis's app.wasm as component `name` on `route` (stores=None: no key_value_stores)."""
    text = (f'\n[[trigger.http]]\nroute = "{route}"\ncomponent = "{name}"\n'
            f'\n[component.{name}]\nsource = "app.wasm"\nsqlite_databases = ["default"]\n'
            f'allowed_outbound_hosts = {hosts}\n')
    if stores is not None:
        text += f"key_value_stores = {stores}\n"
    if variables:
        text += f"variables = {variables}\n"
    return text


def new_app(spin_toml, files=None):
    """A temporary app directory with `spin_toml`, python-apis's app.wasm and `files` (name: text)."""
    directory = tempfile.mkdtemp(prefix="spin-apis-")
    with open(os.path.join(directory, "spin.toml"), "w") as file:
        file.write(spin_toml)
    shutil.copy(built_wasm("python-apis"), os.path.join(directory, "app.wasm"))
    for name, text in (files or {}).items():
        with open(os.path.join(directory, name), "w") as file:
            file.write(text)
    return directory


def environment(**variables):
    """This process's environment without SPIN_VARIABLE_*, plus `variables`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SPIN_VARIABLE_")}
    return dict(clean, **variables)


def call(port, method, path, body=None, timeout=TIMEOUT):
    """One request on a fresh connection: (status, body); (the error's repr, b"") when it fails."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body)
        response = connection.getresponse()
        return response.status, response.read()
    except OSError as error:
        return repr(error), b""
    finally:
        connection.close()


def as_json(body):
    try:
        return json.loads(body)
    except ValueError:
        return None


def refused(name, app, expected, *flags, env=None):
    """`spin up` must exit non-zero before serving, its stderr holding every text of `expected`.
    Returns its (stdout, stderr)."""
    try:
        result = subprocess.run([SPIN, "up", "--listen", "127.0.0.1:0", *flags], cwd=app, env=env,
                                capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        check(name, False, "still running after 60 s")
        return "", ""
    missing = [text for text in expected if text not in result.stderr]
    check(name, result.returncode != 0 and not missing and "Serving" not in result.stdout,
          f"exit {result.returncode}, missing {missing}: {result.stderr.strip()[-400:]}")
    return result.stdout, result.stderr


def key_value_tests():
    """fermyon:spin/key-value and wasi:keyvalue on the default SQLite store: verbs, counters
    across a restart, access control, cas, batch, an undefined store label."""
    app = new_app(manifest(apis_component() + apis_component("denied", "/denied/...", stores=None)))
    state = ["--state-dir", os.path.join(app, "state")]
    try:
        server = SpinUp(app, *state)
        port = server.port
        try:
            value = "värde \x00\xff".encode("latin-1") + "✓".encode()
            status, body = call(port, "PUT", "/kv/default/a", value)
            check("kv: PUT answers ok", status == 200 and body == b"ok", f"{status} {body[:200]!r}")
            status, body = call(port, "GET", "/kv/default/a")
            check("kv: GET returns the bytes put", status == 200 and body == value, f"{status} {body[:200]!r}")
            answers = [call(port, "GET", "/kv/default/a?exists"), call(port, "GET", "/kv/default/zz?exists")]
            check("kv: exists true for a, false for zz", answers == [(200, b"true"), (200, b"false")], answers)
            call(port, "PUT", "/kv/default/b", b"2")
            status, body = call(port, "GET", "/kv/default?keys")
            check("kv: keys lists a and b", status == 200 and as_json(body) == ["a", "b"], f"{status} {body[:200]!r}")
            status, body = call(port, "GET", "/wkv/default/a")
            check("wkv: the same store through wasi:keyvalue", status == 200 and body == value,
                  f"{status} {body[:200]!r}")
            answers = [call(port, "DELETE", "/kv/default/a"), call(port, "GET", "/kv/default/a"),
                       call(port, "GET", "/kv/default/a?exists")]
            check("kv: DELETE, then GET 404 missing and exists false",
                  answers == [(200, b"ok"), (404, b"missing"), (200, b"false")], answers)

            answers = [call(port, "PUT", "/wkv/default/w", b"wasi value"), call(port, "GET", "/wkv/default/w"),
                       call(port, "GET", "/wkv/default/w?exists"), call(port, "GET", "/kv/default/w")]
            check("wkv: PUT, GET, exists; visible through /kv", answers == [
                (200, b"ok"), (200, b"wasi value"), (200, b"true"), (200, b"wasi value")], answers)
            for index in range(30):
                call(port, "PUT", f"/wkv/default/many-{index:02}", b"x")
            status, body = call(port, "GET", "/wkv/default?keys")
            expected = ["b"] + [f"many-{index:02}" for index in range(30)] + ["w"]
            check("wkv: list-keys followed through its cursors", status == 200 and as_json(body) == expected,
                  f"{status} {body[:300]!r}")
            answers = [call(port, "DELETE", "/wkv/default/w"), call(port, "GET", "/wkv/default/w"),
                       call(port, "GET", "/wkv/default/w?exists")]
            check("wkv: DELETE, then 404 and exists false",
                  answers == [(200, b"ok"), (404, b"missing"), (200, b"false")], answers)

            counts = [call(port, "POST", "/wkv/default/incr/c") for _ in range(3)]
            counts.append(call(port, "POST", "/wkv/default/incr/c?by=10"))
            counts.append(call(port, "POST", "/wkv/default/incr/c?by=-4"))
            check("wkv: increment counts 1, 2, 3, then by 10 and by -4",
                  counts == [(200, b"1"), (200, b"2"), (200, b"3"), (200, b"13"), (200, b"9")], counts)

            call(port, "PUT", "/wkv/default/cas", b"v1")
            answers = [call(port, "POST", "/wkv/default/cas/cas", {"expect": "v1", "new": "v2"}),
                       call(port, "POST", "/wkv/default/cas/cas", {"expect": "v1", "new": "v3"}),
                       call(port, "GET", "/wkv/default/cas"),
                       call(port, "POST", "/wkv/default/cas/fresh", {"expect": None, "new": "n1"}),
                       call(port, "GET", "/wkv/default/fresh")]
            check("wkv: cas swaps on the expected value, refuses a stale one, creates a missing key",
                  answers == [(200, b"swapped"), (409, b"cas-failed"), (200, b"v2"), (200, b"swapped"),
                              (200, b"n1")], answers)

            status, body = call(port, "POST", "/wkv/default/batch",
                                {"set": {"b1": "one", "b2": "two"}, "get": ["b1", "b2", "none"], "delete": ["b1"]})
            check("wkv: batch set-many then get-many (a missing key null)", status == 200 and as_json(body) ==
                  {"got": {"b1": "one", "b2": "two", "none": None}}, f"{status} {body[:200]!r}")
            answers = [call(port, "GET", "/wkv/default/b1"), call(port, "GET", "/wkv/default/b2")]
            check("wkv: batch delete-many removed b1 only", answers == [(404, b"missing"), (200, b"two")], answers)

            answers = [call(port, "GET", "/denied/"), call(port, "GET", "/denied/kv/default/b"),
                       call(port, "PUT", "/denied/wkv/default/b", b"x"), call(port, "GET", "/kv/other/b")]
            check("a component without key_value_stores gets 403 AccessDenied; so does an ungranted label",
                  answers == [(200, b"python-apis"), (403, b"AccessDenied"), (403, b"AccessDenied"),
                              (403, b"AccessDenied")], answers)
        finally:
            check("kv: spin up stops on SIGINT with status 0", server.stop() == 0)

        server = SpinUp(app, *state)
        try:
            answers = [call(server.port, "POST", "/wkv/default/incr/c"), call(server.port, "GET", "/kv/default/b")]
            check("kv: after a restart the counter continues and values remain",
                  answers == [(200, b"10"), (200, b"2")], answers)
        finally:
            server.stop()
    finally:
        shutil.rmtree(app, ignore_errors=True)

    app = new_app(manifest(apis_component(stores='["default", "nope"]')))
    try:
        refused("a granted store label no runtime config defines stops spin up, naming it", app, ['"nope"'])
    finally:
        shutil.rmtree(app, ignore_errors=True)


def redis_reply(reader):
    """One RESP reply: str for a status, int, bytes or None for a bulk string, list for an array;
    an error reply raises."""
    line = reader.readline()
    if not line:
        raise ConnectionError("redis closed the connection")
    kind, rest = line[:1], line[1:].rstrip(b"\r\n")
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RuntimeError(f"redis error: {rest.decode()}")
    if kind == b":":
        return int(rest)
    if kind == b"$":
        return None if int(rest) < 0 else reader.read(int(rest) + 2)[:-2]
    if kind == b"*":
        return [redis_reply(reader) for _ in range(int(rest))]
    raise RuntimeError(f"unexpected redis reply {line!r}")


def redis_request(*words):
    return b"*%d\r\n" % len(words) + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in
                                              (str(word).encode() if not isinstance(word, bytes) else word
                                               for word in words))


def redis_command(port, *words):
    """One command on a fresh connection to the redis-server on `port`; its reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as connection:
        connection.sendall(redis_request(*words))
        return redis_reply(connection.makefile("rb"))


class RedisServer:
    """A redis-server on 127.0.0.1 (a free port unless given), without persistence."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                if redis_command(self.port, "PING") == "PONG":
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def have_redis(suite):
    """Whether redis-server is on PATH; when it is not, a failure under CI=true, else a skip line."""
    if shutil.which("redis-server"):
        return True
    if os.environ.get("CI") == "true":
        check(f"{suite}: redis-server installed", False, "redis-server not found on PATH")
    else:
        print(f"skip {suite}: redis-server not found on PATH")
    return False


def two_processes(app):
    """Two `spin up` processes of `app` with its runtime-config.toml, each with its own state directory."""
    servers = []
    try:
        for name in ("one", "two"):
            servers.append(SpinUp(app, "--runtime-config-file", "runtime-config.toml",
                                  "--state-dir", os.path.join(app, name)))
    except Exception:
        for server in servers:
            server.stop()
        raise
    return servers


def concurrent_increments(ports, count=200):
    """`count` increments of "hits" from 8 clients spread over `ports`: (answers, sorted values answered 200)."""
    def increments(client):
        return [call(ports[client % len(ports)], "POST", "/wkv/default/incr/hits") for _ in range(count // 8)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = [answer for batch in pool.map(increments, range(8)) for answer in batch]
    return answers, sorted(int(body) for status, body in answers if status == 200 and body.isdigit())


def check_concurrent_increments(ports, name):
    """Checks that `concurrent_increments` through `ports` returned each of 1..200 once."""
    answers, values = concurrent_increments(ports)
    check(name, values == list(range(1, 201)),
          f"{len(values)} answered 200; first failures {[a for a in answers if a[0] != 200][:3]}")


def redis_key_value_tests():
    """The default key-value store on Redis (runtime config), shared by two `spin up` processes."""
    if not have_redis("redis_key_value_tests"):
        return
    redis = RedisServer()
    config = f'[key_value_store.default]\ntype = "redis"\nurl = "redis://127.0.0.1:{redis.port}"\n'
    app = new_app(manifest(apis_component()), {"runtime-config.toml": config})
    servers = []
    try:
        servers = two_processes(app)
        ports = [server.port for server in servers]
        check_concurrent_increments(ports, "redis kv: 200 concurrent increments through two spin up processes "
                                    "each return a distinct value 1..200")
        finals = [call(port, "POST", "/wkv/default/incr/hits?by=0") for port in ports]
        check("redis kv: both processes read 200", finals == [(200, b"200"), (200, b"200")], finals)

        answers = [call(ports[0], "PUT", "/kv/default/shared", "through one ✓".encode()),
                   call(ports[1], "GET", "/kv/default/shared"), call(ports[1], "GET", "/wkv/default/shared?exists")]
        check("redis kv: a value set through one process is read through the other", answers == [
            (200, b"ok"), (200, "through one ✓".encode()), (200, b"true")], answers)
        stored = redis_command(redis.port, "GET", "shared")
        check("redis kv: the value is in Redis under its key", stored == "through one ✓".encode(), stored)
        answers = [call(ports[1], "DELETE", "/kv/default/shared"), call(ports[0], "GET", "/kv/default/shared")]
        check("redis kv: a delete through one is seen by the other", answers == [(200, b"ok"), (404, b"missing")],
              answers)
    finally:
        for server in servers:
            server.stop()
        redis.stop()
        shutil.rmtree(app, ignore_errors=True)


def example_app_tests():
    """The README's main job: examples/hello-app, whose /count keeps a visit counter in the
    default key-value store, counted on across a restart."""
    app = tempfile.mkdtemp(prefix="spin-example-")
    try:
        shutil.copytree(os.path.join(REPO, "examples", "hello-app"), app, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".spin"))
        counts = []
        for _ in range(2):
            server = SpinUp(app)
            try:
                counts += [call(server.port, "GET", "/count"), call(server.port, "GET", "/count")]
                hello = call(server.port, "GET", "/hello")
            finally:
                server.stop()
        expected = [(200, f"Visits counted in the key-value store: {n}\n".encode()) for n in (1, 2, 3, 4)]
        check("example app: /count counts visits in the default store, across a restart", counts == expected, counts)
        check("example app: /hello answers", hello[0] == 200 and b"Hello" in hello[1], hello)
        check("example app: the store is .spin/sqlite_key_value.db",
              os.path.exists(os.path.join(app, ".spin", "sqlite_key_value.db")), os.listdir(app))
    finally:
        shutil.rmtree(app, ignore_errors=True)


def shared_sqlite_key_value_tests():
    """One SQLite key-value file (runtime config, type "spin") shared by two `spin up` processes:
    increment is atomic across processes, not only across one process's threads."""
    config = '[key_value_store.default]\ntype = "spin"\npath = "shared/kv.db"\n'
    app = new_app(manifest(apis_component()), {"runtime-config.toml": config})
    servers = []
    try:
        servers = two_processes(app)
        ports = [server.port for server in servers]
        check_concurrent_increments(ports, "sqlite kv: 200 concurrent increments through two spin up processes "
                                    "on one file return 1..200")
        check("sqlite kv: the file is where the runtime config puts it (relative to the config file)",
              os.path.exists(os.path.join(app, "shared", "kv.db")), os.listdir(app))
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(app, ignore_errors=True)


def sql(kind, value):
    return {"type": kind, "value": value}


def sqlite_tests():
    """fermyon:spin/sqlite@2.0.0 and spin:sqlite/sqlite@3.0.0 on the default database: every value
    type both ways, bad SQL, ATTACH refused, spin up --sqlite."""
    app = new_app(manifest(apis_component()))
    try:
        server = SpinUp(app, "--state-dir", os.path.join(app, "state"))
        port = server.port
        try:
            status, body = call(port, "POST", "/sqlite3/default",
                                {"sql": "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)"})
            check("sqlite3: CREATE TABLE", status == 200 and as_json(body) == {
                "columns": [], "rows": [], "last_insert_rowid": 0, "changes": 0}, f"{status} {body[:300]!r}")
            row = [sql("integer", -9007199254740993), sql("real", 2.5), sql("text", "héllo ✓ 日本 🎉"),
                   sql("blob", "AP8BgA=="), sql("null", None)]
            status, body = call(port, "POST", "/sqlite3/default",
                                {"sql": "INSERT INTO t VALUES (?, ?, ?, ?, ?)", "params": row})
            document = as_json(body) or {}
            check("sqlite3: INSERT with five parameters: last_insert_rowid 1, changes 1", status == 200
                  and document.get("last_insert_rowid") == 1 and document.get("changes") == 1,
                  f"{status} {body[:300]!r}")
            status, body = call(port, "POST", "/sqlite/default", {
                "sql": "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                "params": [sql("integer", 7), sql("real", -0.125), sql("text", ""), sql("blob", ""),
                           sql("null", None)]})
            check("sqlite (2.0.0): INSERT", status == 200 and as_json(body) == {"columns": [], "rows": []},
                  f"{status} {body[:300]!r}")
            select = {"sql": "SELECT i, r, s, b, n FROM t WHERE i < ? ORDER BY rowid", "params": [sql("integer", 0)]}
            expected = {"columns": ["i", "r", "s", "b", "n"], "rows": [row]}
            for route in ("/sqlite/default", "/sqlite3/default"):
                status, body = call(port, "POST", route, select)
                document = as_json(body) or {}
                document.pop("last_insert_rowid", None)
                document.pop("changes", None)
                check(f"{route}: SELECT with a parameter returns each type as inserted", status == 200
                      and document == expected, f"{status} {body[:400]!r}")
            status, body = call(port, "POST", "/sqlite3/default", {
                "sql": "SELECT typeof(i), typeof(r), typeof(s), typeof(b), typeof(n), length(s), hex(b) FROM t "
                       "ORDER BY rowid"})
            rows = [[value["value"] for value in row] for row in (as_json(body) or {}).get("rows", [])]
            check("sqlite3: SQLite stored the types, the text as UTF-8 and the blob's bytes", rows == [
                ["integer", "real", "text", "blob", "null", 12, "00FF0180"],
                ["integer", "real", "text", "blob", "null", 0, ""]], f"{status} {body[:400]!r}")
            status, body = call(port, "POST", "/sqlite3/default", {"sql": "UPDATE t SET n = 1"})
            document = as_json(body) or {}
            check("sqlite3: UPDATE of two rows: changes 2", status == 200 and document.get("changes") == 2,
                  f"{status} {body[:300]!r}")

            status, body = call(port, "POST", "/sqlite/default", {"sql": "SELEC 1"})
            check("sqlite: bad SQL answers 400 with SQLite's message", status == 400
                  and b'near "SELEC": syntax error' in body, f"{status} {body[:300]!r}")
            status, body = call(port, "POST", "/sqlite3/default", {"sql": "SELECT * FROM missing_table"})
            check("sqlite3: a missing table answers 400 naming it", status == 400
                  and b"no such table: missing_table" in body, f"{status} {body[:300]!r}")
            attached = os.path.join(app, "attached.db")
            status, body = call(port, "POST", "/sqlite3/default", {"sql": f"ATTACH DATABASE '{attached}' AS other"})
            check("sqlite3: ATTACH of a file refused and the file not created", status != 200
                  and not os.path.exists(attached), f"{status} {body[:300]!r}")
            status, body = call(port, "POST", "/sqlite/other", {"sql": "SELECT 1"})
            check("sqlite: an ungranted database label answers 403 AccessDenied", status == 403
                  and body == b"AccessDenied", f"{status} {body[:300]!r}")
        finally:
            server.stop()

        server = SpinUp(app, "--state-dir", os.path.join(app, "state"))
        try:
            status, body = call(server.port, "POST", "/sqlite3/default", {"sql": "SELECT count(*) FROM t"})
            check("sqlite: rows remain after a restart", status == 200
                  and (as_json(body) or {}).get("rows") == [[sql("integer", 2)]], f"{status} {body[:300]!r}")
        finally:
            server.stop()

        with open(os.path.join(app, "seed.sql"), "w") as file:
            file.write("CREATE TABLE seeded (name TEXT);\nINSERT INTO seeded VALUES ('from a file');\n"
                       "INSERT INTO seeded VALUES ('ünïcödé');\n")
        server = SpinUp(app, "--state-dir", os.path.join(app, "fresh"),
                        "--sqlite", "CREATE TABLE pre (x); INSERT INTO pre VALUES (7)", "--sqlite", "@seed.sql")
        try:
            status, body = call(server.port, "POST", "/sqlite3/default", {"sql": "SELECT x FROM pre"})
            check("spin up --sqlite STATEMENTS: the row is visible to the guest", status == 200
                  and (as_json(body) or {}).get("rows") == [[sql("integer", 7)]], f"{status} {body[:300]!r}")
            status, body = call(server.port, "POST", "/sqlite/default",
                                {"sql": "SELECT name FROM seeded ORDER BY rowid"})
            check("spin up --sqlite @file.sql: its rows are visible to the guest", status == 200
                  and (as_json(body) or {}).get("rows") == [[sql("text", "from a file")], [sql("text", "ünïcödé")]],
                  f"{status} {body[:300]!r}")
        finally:
            server.stop()
    finally:
        shutil.rmtree(app, ignore_errors=True)


VARIABLES = ('greeting = { default = "hello" }\nplanet = { required = true }\n'
             'token = { required = true, secret = true }\n')
COMPONENT_VARIABLES = ('{ greeting = "{{ greeting }}", who = "{{ planet }}", token = "{{ token }}", '
                       'combined = "{{ greeting }}, {{ planet }}!" }')


def variables_tests():
    """Application variables: default, SPIN_VARIABLE_*, .env, required, secret; fermyon:spin/variables
    and wasi:config/store."""
    secret = f"s3cret-{os.getpid()}-{time.time_ns()}"
    app = new_app(manifest(apis_component(variables=COMPONENT_VARIABLES), variables=VARIABLES))
    try:
        logs = os.path.join(app, "state")
        server = SpinUp(app, "--state-dir", logs,
                        env=environment(SPIN_VARIABLE_PLANET="mars", SPIN_VARIABLE_TOKEN=secret))
        port = server.port
        try:
            answers = {name: call(port, "GET", f"/variables/{name}") for name in ("greeting", "who", "combined")}
            check("variables: the default, the environment's value, a template of both", answers == {
                "greeting": (200, b"hello"), "who": (200, b"mars"), "combined": (200, b"hello, mars!")}, answers)
            status, body = call(port, "GET", "/variables/token")
            check("variables: the secret reaches the guest", (status, body) == (200, secret.encode()), status)
            answers = [call(port, "GET", "/variables/planet"), call(port, "GET", "/variables/Bad-Name")]
            check("variables: an undeclared name 404 Undefined, a malformed one 400 InvalidName",
                  [status for status, _ in answers] == [404, 400] and answers[0][1].startswith(b"Undefined")
                  and answers[1][1].startswith(b"InvalidName"), answers)
            answers = [call(port, "GET", "/config/combined"), call(port, "GET", "/config/planet")]
            check("wasi:config get: a value, and 404 none for an undeclared name",
                  answers == [(200, b"hello, mars!"), (404, b"none")], answers)
            status, body = call(port, "GET", "/config?all")
            check("wasi:config get-all: every component variable", status == 200 and as_json(body) == {
                "combined": "hello, mars!", "greeting": "hello", "token": secret, "who": "mars"}, status)
        finally:
            server.stop()
        output = "".join(server.banner) + server.process.stdout.read() + server.process.stderr.read()
        found = [path for path in files_below(logs) if secret.encode() in open(path, "rb").read()]
        check("variables: the secret is not in spin up's output nor its state directory",
              secret not in output and not found, f"{found} {output[-300:]!r}")

        with open(os.path.join(app, ".env"), "w") as file:
            file.write("SPIN_VARIABLE_GREETING=from-dotenv\nSPIN_VARIABLE_PLANET=venus\n"
                       f"SPIN_VARIABLE_TOKEN={secret}\n")
        server = SpinUp(app, "--state-dir", logs, env=environment(SPIN_VARIABLE_GREETING="from-env"))
        try:
            answers = [call(server.port, "GET", "/variables/greeting"), call(server.port, "GET", "/variables/who")]
            check("variables: .env in the working directory supplies values; the environment wins over it",
                  answers == [(200, b"from-env"), (200, b"venus")], answers)
        finally:
            server.stop()
        os.remove(os.path.join(app, ".env"))

        stdout, stderr = refused("variables: a required variable without a value stops spin up, naming it",
                                 app, ['"planet"'], env=environment(SPIN_VARIABLE_TOKEN=secret))
        check("variables: the secret is not in that refusal", secret not in stdout + stderr)
    finally:
        shutil.rmtree(app, ignore_errors=True)


def files_below(directory):
    return [os.path.join(root, name) for root, _, names in os.walk(directory) for name in names]


def runtime_config_tests():
    """Runtime config: a store it defines is served from its file; mistakes stop spin up at their line."""
    app = new_app(manifest(apis_component(stores='["default", "extra"]')), {
        "good.toml": '[key_value_store.extra]\ntype = "spin"\npath = "extra-store.db"\n',
        "table.toml": '[key_value_store.extra]\ntype = "spin"\n\n[key_value_stor]\npath = "x.db"\n',
        "key.toml": '# a store\n[key_value_store.extra]\ntype = "spin"\npaht = "x.db"\n'})
    try:
        server = SpinUp(app, "--runtime-config-file", "good.toml", "--state-dir", os.path.join(app, "state"))
        try:
            answers = [call(server.port, "PUT", "/kv/extra/k", b"v"), call(server.port, "GET", "/kv/extra/k"),
                       call(server.port, "GET", "/kv/default/k")]
            check("runtime config: a store it defines is served, apart from default",
                  answers == [(200, b"ok"), (200, b"v"), (404, b"missing")], answers)
        finally:
            server.stop()
        check("runtime config: the store's path is taken against the file's directory",
              os.path.exists(os.path.join(app, "extra-store.db")), sorted(os.listdir(app)))
        refused("runtime config: an unknown top-level table stops spin up at its file and line", app,
                ["table.toml:4", "key_value_stor"], "--runtime-config-file", "table.toml")
        refused("runtime config: an unknown key of [key_value_store.x] stops spin up at its file and line", app,
                ["key.toml:4", "paht"], "--runtime-config-file", "key.toml")
    finally:
        shutil.rmtree(app, ignore_errors=True)


def crash_round(app, state, clients=16, seconds=1.5):
    """One round: increments under load, SIGKILL, restart; the counters must hold every answered increment."""
    server = SpinUp(app, "--state-dir", state)
    tag = f"r{time.time_ns()}"
    answered = [0] * clients
    in_order = [True] * clients
    shared_highest = [0] * clients

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        try:
            while True:
                for key in (f"{tag}-{index}", f"{tag}-shared"):
                    connection.request("POST", f"/wkv/default/incr/{key}")
                    response = connection.getresponse()
                    body = response.read()
                    if response.status != 200:
                        return
                    if key.endswith("shared"):
                        shared_highest[index] = max(shared_highest[index], int(body))
                    else:
                        answered[index] += 1
                        in_order[index] = in_order[index] and int(body) == answered[index]
        except (OSError, http.client.HTTPException, ValueError):
            return  # the server was killed
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    server.process.kill()
    server.process.wait()
    for thread in threads:
        thread.join(TIMEOUT)
    server = SpinUp(app, "--state-dir", state)
    try:
        stored = [call(server.port, "POST", f"/wkv/default/incr/{tag}-{index}?by=0") for index in range(clients)]
        shared = call(server.port, "POST", f"/wkv/default/incr/{tag}-shared?by=0")
    finally:
        server.stop()
    values = [int(body) if status == 200 and body.lstrip(b"-").isdigit() else None for status, body in stored]
    shared_value = int(shared[1]) if shared[0] == 200 and shared[1].isdigit() else None
    print(f"note crash round: {sum(answered)} increments answered 200 before SIGKILL "
          f"(per client {answered}); after restart {values}, shared {shared_value} (highest answered "
          f"{max(shared_highest)})")
    check("crash: increments were answered, each client's counting 1, 2, 3, ...", all(in_order) and sum(answered) > 0,
          f"{in_order} {answered}")
    check("crash: after SIGKILL and restart each counter holds its answered increments (at most one more)",
          all(value is not None and count <= value <= count + 1 for value, count in zip(values, answered)),
          f"answered {answered}, stored {stored}")
    check("crash: the shared counter holds at least the highest value answered",
          shared_value is not None and shared_value >= max(shared_highest), f"{shared} {max(shared_highest)}")


def crash_test():
    """SIGKILL of spin up under 16 clients incrementing counters; ROUNDS=N rounds (default 1)."""
    app = new_app(manifest(apis_component()))
    try:
        for _ in range(int(os.environ.get("ROUNDS", "1"))):
            crash_round(app, os.path.join(app, "state"))
    finally:
        shutil.rmtree(app, ignore_errors=True)


class CountingListener:
    """An HTTP server on 127.0.0.1:port, and on [::1]:port when IPv6 is there, counting the
    TCP connections it accepts. GET /x answers "outbound ok"; GET /redirect answers 302 to
    `redirect`."""

    def __init__(self, redirect=None):
        self.connections = 0
        self.redirect = redirect
        self.lock = threading.Lock()
        self.servers = [self.server(socket.AF_INET, ("127.0.0.1", 0))]
        self.port = self.servers[0].server_address[1]
        try:
            self.servers.append(self.server(socket.AF_INET6, ("::1", self.port)))
        except OSError:
            pass
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def server(self, family, address):
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", listener.redirect)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = b"outbound ok"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *arguments):
                pass

        class Server(http.server.ThreadingHTTPServer):
            address_family = family
            daemon_threads = True

            def verify_request(self, request, client_address):
                with listener.lock:
                    listener.connections += 1
                return True

        return Server(address, Handler)

    def count(self):
        with self.lock:
            return self.connections

    def close(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()


def outbound_http_tests():
    """wasi:http/outgoing-handler under allowed_outbound_hosts = ["http://127.0.0.1:*"]: the allowed
    host answers; other spellings of loopback, userinfo tricks and a redirect are denied unconnected."""
    second = CountingListener()
    first = CountingListener(redirect=f"http://localhost:{second.port}/")
    app = new_app(manifest(apis_component(hosts='["http://127.0.0.1:*"]')))
    try:
        server = SpinUp(app, "--state-dir", os.path.join(app, "state"))
        try:
            status, body = call(server.port, "POST", "/outbound", {"url": f"http://127.0.0.1:{first.port}/x"})
            document = as_json(body) or {}
            check("outbound: an allowed host answers through the guest", status == 200
                  and document.get("status") == 200 and document.get("body") == "outbound ok"
                  and first.count() == 1, f"{status} {body[:300]!r}, {first.count()} connections")
            port = first.port
            for url in (f"http://127.1:{port}/", f"http://2130706433:{port}/", f"http://[::1]:{port}/",
                        f"http://[::ffff:127.0.0.1]:{port}/", f"http://localhost:{port}/",
                        f"http://user@127.0.0.1.nip.io:{port}/", f"http://127.0.0.1:{port}@evil.example/"):
                before = first.count()
                status, body = call(server.port, "POST", "/outbound", {"url": url})
                time.sleep(0.2)
                check(f"outbound: {url} denied with 502 HttpRequestDenied, no connection", status == 502
                      and b"HttpRequestDenied" in body and first.count() == before,
                      f"{status} {body[:300]!r}, {first.count() - before} connections")
            status, body = call(server.port, "POST", "/outbound", {"url": f"http://127.0.0.1:{port}/redirect"})
            document = as_json(body) or {}
            time.sleep(0.2)
            check("outbound: a redirect to a denied host reaches the guest as the 302, not followed",
                  status == 200 and document.get("status") == 302 and second.count() == 0,
                  f"{status} {body[:300]!r}, {second.count()} connections to the redirect's target")
        finally:
            server.stop()
    finally:
        first.close()
        second.close()
        shutil.rmtree(app, ignore_errors=True)


def redis_call(port, document):
    status, body = call(port, "POST", "/redis", document)
    return status, as_json(body) if status == 200 else body


def redis_outbound_tests():
    """fermyon:spin/redis@2.0.0 against a redis-server allowed by allowed_outbound_hosts."""
    if not have_redis("redis_outbound_tests"):
        return
    redis = RedisServer()
    app = new_app(manifest(apis_component()))
    try:
        server = SpinUp(app, "--state-dir", os.path.join(app, "state"))
        port = server.port
        address = f"redis://127.0.0.1:{redis.port}"
        try:
            def op(name, **fields):
                return redis_call(port, dict(fields, op=name, address=address))

            answers = [op("set", key="k", value="välue"), op("get", key="k"), op("get", key="none")]
            check("redis: set, get, get of a missing key", answers == [(200, None), (200, "välue"), (200, None)],
                  answers)
            check("redis: the value is in Redis", redis_command(redis.port, "GET", "k") == "välue".encode())
            answers = [op("incr", key="n"), op("incr", key="n"), op("del", values=["k", "n", "none"]),
                       op("get", key="k")]
            check("redis: incr twice, del of three keys (two exist)",
                  answers == [(200, 1), (200, 2), (200, 2), (200, None)], answers)
            answers = [op("sadd", key="s", values=["a", "b", "c"]), op("srem", key="s", values=["b", "zz"]),
                       op("smembers", key="s")]
            check("redis: sadd, srem, smembers", answers == [(200, 3), (200, 1), (200, ["a", "c"])], answers)
            answers = [op("execute", command="APPEND", args=[{"binary": "e"}, {"binary": "xyz"}]),
                       op("execute", command="INCRBY", args=[{"binary": "counter"}, {"int64": 40}]),
                       op("execute", command="GET", args=[{"binary": "e"}]),
                       op("execute", command="SET", args=[{"binary": "e"}, {"binary": "v"}]),
                       op("execute", command="GET", args=[{"binary": "absent"}])]
            check("redis: execute with binary and int64 arguments; int64, binary, status and nil results",
                  answers == [(200, [{"type": "int64", "value": 3}]), (200, [{"type": "int64", "value": 40}]),
                              (200, [{"type": "binary", "value": "xyz"}]), (200, [{"type": "status", "value": "OK"}]),
                              (200, [{"type": "nil", "value": None}])], answers)
            with socket.create_connection(("127.0.0.1", redis.port), timeout=TIMEOUT) as subscriber:
                reader = subscriber.makefile("rb")
                subscriber.sendall(redis_request("SUBSCRIBE", "news"))
                redis_reply(reader)
                answer = op("publish", channel="news", value="extra ✓")
                message = redis_reply(reader)
            check("redis: publish reaches a subscriber", answer == (200, None)
                  and message == [b"message", b"news", "extra ✓".encode()], f"{answer} {message}")

            connections = redis_command(redis.port, "INFO", "stats")
            before = int(connections.split(b"total_connections_received:")[1].split(b"\r")[0])
            status, body = call(port, "POST", "/redis", {"op": "get", "key": "k",
                                                         "address": f"redis://localhost:{redis.port}"})
            connections = redis_command(redis.port, "INFO", "stats")
            after = int(connections.split(b"total_connections_received:")[1].split(b"\r")[0])
            check("redis: an address not in allowed_outbound_hosts is refused with InvalidAddress, unconnected",
                  status == 500 and b"InvalidAddress" in body and after == before + 1,
                  f"{status} {body[:300]!r}, {after - before - 1} connections")
            redis_stall_checks(port, address, redis)
        finally:
            server.stop()
    finally:
        redis.stop()
        shutil.rmtree(app, ignore_errors=True)


def service_chaining_tests():
    """Requests to `http://<component>.spin.internal/` run in-process by that component, a private
    endpoint included, when `allowed_outbound_hosts` has a spin.internal rule; and a `self` request
    reaches the app's own public routes."""
    private = ('\n[[trigger.http]]\nroute = { private = true }\ncomponent = "backend"\n'
               '\n[component.backend]\nsource = "app.wasm"\n')
    app = new_app(manifest(apis_component(hosts='["http://*.spin.internal", "http://self"]')
                           + apis_component(name="closed", route="/closed/...", hosts='[]') + private))
    try:
        server = SpinUp(app, "--state-dir", os.path.join(app, "state"))
        port = server.port
        try:
            status, body = call(port, "POST", "/outbound", {"url": "http://backend.spin.internal/"})
            answer = json.loads(body) if status == 200 else None
            check("chaining: a private component answers through http://backend.spin.internal",
                  answer is not None and answer["status"] == 200 and answer["body"] == "python-apis", f"{status} {body[:300]!r}")
            status, body = call(port, "POST", "/outbound", {"url": "http://backend.spin.internal/kv/default?keys"})
            answer = json.loads(body) if status == 200 else None
            check("chaining: the callee sees the path as sent (its /kv route; no stores granted to it)",
                  answer is not None and answer["status"] == 403 and answer["body"] == "AccessDenied",
                  f"{status} {body[:300]!r}")
            status, body = call(port, "POST", "/outbound", {"url": "http://nobody.spin.internal/"})
            check("chaining: an unknown component is an error, not a hang", status == 502, f"{status} {body[:200]!r}")
            status, body = call(port, "POST", "/outbound", {"url": "http://self/"})
            answer = json.loads(body) if status == 200 else None
            check("self: a request to the app itself reaches its public route",
                  answer is not None and answer["body"] == "python-apis", f"{status} {body[:300]!r}")
            status, body = call(port, "POST", "/closed/outbound", {"url": "http://backend.spin.internal/"})
            check("chaining: denied without a spin.internal rule", status == 502 and b"HttpRequestDenied" in body,
                  f"{status} {body[:200]!r}")
        finally:
            server.stop()
    finally:
        shutil.rmtree(app, ignore_errors=True)


def redis_stall_checks(port, address, redis):
    """A stalled Redis (SIGSTOP): guests calling it get an error within the 5 s command timeout,
    and meanwhile a route that does not use Redis answers at once, even with more guests waiting
    on Redis than there are places to run guests at normal priority (two per core)."""
    waiting = max(4, 2 * (os.cpu_count() or 2))
    redis.process.send_signal(signal.SIGSTOP)
    try:
        with concurrent.futures.ThreadPoolExecutor(waiting) as pool:
            started = time.monotonic()
            stalled = [pool.submit(call, port, "POST", "/redis", {"op": "get", "key": "k", "address": address})
                       for _ in range(waiting)]
            time.sleep(0.5)
            quick = time.monotonic()
            status, body = call(port, "GET", "/")
            quick = time.monotonic() - quick
            answers = [future.result() for future in stalled]
            slowest = time.monotonic() - started
        check(f"redis stalled: GET / answers in {quick:.2f} s while {waiting} guests wait on Redis",
              status == 200 and quick < 2, f"{status} {quick:.2f} s")
        check(f"redis stalled: every waiting guest gets an error within the timeout ({slowest:.1f} s)",
              all(status == 500 and b"Other" in body for status, body in answers) and slowest < 15,
              f"{[(status, body[:80]) for status, body in answers]} {slowest:.1f} s")
    finally:
        redis.process.send_signal(signal.SIGCONT)
    status, body = call(port, "POST", "/redis", {"op": "set", "key": "after", "value": "1", "address": address})
    check("redis stalled: calls succeed again once Redis resumes", status == 200, f"{status} {body[:200]!r}")


def wasi_tests():
    """WASI for a Spin component: its `environment` with `spin up -e` values overriding it
    (as Spin's `component.env.extend`), nothing of the host's environment, and its `files`
    read-only at their destinations."""
    component = apis_component() + 'environment = { GREETING = "from-manifest", SHARED = "manifest" }\n' \
        + 'files = [{ source = "assets", destination = "/assets" }, "notes.txt"]\n'
    app = new_app(manifest(component), {"notes.txt": "notes\n"})
    os.makedirs(os.path.join(app, "assets", "deep"))
    with open(os.path.join(app, "assets", "deep", "a.txt"), "w") as file:
        file.write("deep a\n")
    try:
        server = SpinUp(app, "--state-dir", os.path.join(app, "state"), "-e", "SHARED=cli", "-e", "EXTRA=x")
        try:
            port = server.port
            answers = {name: call(port, "GET", f"/env/{name}") for name in ("GREETING", "SHARED", "EXTRA", "HOME")}
            check("wasi: the component's environment, spin up -e overriding it, not the host's", answers == {
                "GREETING": (200, b"from-manifest"), "SHARED": (200, b"cli"), "EXTRA": (200, b"x"),
                "HOME": (404, b"unset")}, answers)
            status, body = call(port, "GET", "/env?all")
            names = [name for name, _ in as_json(body) or []]
            check("wasi: each name once, in Spin's (sorted) order", status == 200 and names == ["EXTRA", "GREETING", "SHARED"],
                  body[:200])
            answers = [call(port, "GET", path) for path in ("/files/notes.txt", "/files/assets/deep/a.txt",
                                                            "/files/spin.toml", "/files/assets/missing")]
            check("wasi: files at their destinations, nothing else of the app directory", answers == [
                (200, b"notes\n"), (200, b"deep a\n"), (404, b"no file"), (404, b"no file")], answers)
            status, body = call(port, "PUT", "/files/notes.txt", b"changed")
            check("wasi: files are read-only", status == 403 and call(port, "GET", "/files/notes.txt") == (200, b"notes\n"),
                  (status, body))
        finally:
            server.stop()
    finally:
        shutil.rmtree(app, ignore_errors=True)


TRIGGER_MANIFEST = """spin_manifest_version = 2
[application]
name = "redis-trigger"

[variables]
redis_address = {{ required = true }}

[application.trigger.redis]
address = "{address}"

[[trigger.redis]]
channel = "messages"
component = "trigger"

[component.trigger]
source = "trigger.wasm"
key_value_stores = ["default"]
environment = {{ TRIGGER_NAME = "redis" }}
""" + apis_component()


def subscribers(port, channel):
    try:
        return redis_command(port, "PUBSUB", "NUMSUB", channel)[1]
    except (OSError, RuntimeError):
        return 0


def wait_for(condition, seconds=TIMEOUT):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def stored_messages(port):
    """The lines a trigger component stored at key "messages" of the default store."""
    status, body = call(port, "GET", "/kv/default/messages")
    return body.decode(errors="replace").split("\n") if status == 200 else []


def trigger_subscribed(suite, redis):
    """Waits for the trigger's subscription to channel "messages", as a check of `suite`."""
    subscribed = wait_for(lambda: subscribers(redis.port, "messages") == 1)
    check(f"{suite}: subscribed to the channel", subscribed, subscribers(redis.port, "messages"))
    return subscribed


def redis_p3_trigger_tests():
    """The Redis trigger with Spin 4's async spin:redis/inbound-redis@3.0.0
    (Apps/python-p3-redis-trigger, spin-sdk 5.0.0): each message's task waits on a timer and
    the async key-value API, and the messages land in order; one the guest fails is logged."""
    if not have_redis("redis_p3_trigger_tests"):
        return
    trigger_wasm = built_wasm("python-p3-redis-trigger", builder=build_p3)
    redis = RedisServer()
    app = new_app(TRIGGER_MANIFEST.format(address=f"redis://127.0.0.1:{redis.port}"))
    try:
        shutil.copy(trigger_wasm, os.path.join(app, "trigger.wasm"))
        server = SpinUp(app, "--state-dir", os.path.join(app, "state"),
                        env=environment(SPIN_VARIABLE_REDIS_ADDRESS="redis://unused.invalid:1"))
        try:
            if not trigger_subscribed("redis p3 trigger", redis):
                return
            sent = [f"async {index} ✓" for index in range(1, 11)]
            for message in sent[:5] + ["fail"] + sent[5:]:
                redis_command(redis.port, "PUBLISH", "messages", message)
            wait_for(lambda: len(stored_messages(server.port)) >= 10)
            got = stored_messages(server.port)
            check("redis p3 trigger: 10 messages stored in order, a failing one between them skipped", got == sent, got)
        finally:
            server.stop()
    finally:
        redis.stop()
        shutil.rmtree(app, ignore_errors=True)


def redis_trigger_tests():
    """The Redis trigger (Apps/python-redis-trigger) beside python-apis in one app: published
    messages land in order in the default store, also after redis-server restarts."""
    if not have_redis("redis_trigger_tests"):
        return
    trigger_wasm = built_wasm("python-redis-trigger")
    redis = RedisServer()
    apps = []
    try:
        for address in (f"redis://127.0.0.1:{redis.port}", "{{ redis_address }}"):
            app = new_app(TRIGGER_MANIFEST.format(address=address))
            apps.append(app)
            shutil.copy(trigger_wasm, os.path.join(app, "trigger.wasm"))
        server = SpinUp(apps[0], "--state-dir", os.path.join(apps[0], "state"),
                        env=environment(SPIN_VARIABLE_REDIS_ADDRESS="redis://unused.invalid:1"))

        def messages():
            return stored_messages(server.port)

        try:
            if not trigger_subscribed("redis trigger", redis):
                return
            sent = [f"message {index} ✓" for index in range(1, 21)]
            for message in sent:
                redis_command(redis.port, "PUBLISH", "messages", message)
            wait_for(lambda: len(messages()) >= 20)
            got = messages()
            check("redis trigger: 20 published messages stored in order", got == sent, got)

            redis.stop()
            redis = RedisServer(redis.port)
            check("redis trigger: subscribed again after redis-server restarted",
                  wait_for(lambda: subscribers(redis.port, "messages") == 1), subscribers(redis.port, "messages"))
            more = [f"after restart {index}" for index in range(1, 6)]
            for message in more:
                redis_command(redis.port, "PUBLISH", "messages", message)
            wait_for(lambda: len(messages()) >= 25)
            got = messages()
            check("redis trigger: 5 messages published after the restart stored too", got == sent + more, got[20:])
        finally:
            server.stop()

        server = SpinUp(apps[1], "--state-dir", os.path.join(apps[1], "state"), "-e", "EXTRA=from-cli",
                        env=environment(SPIN_VARIABLE_REDIS_ADDRESS=f"redis://127.0.0.1:{redis.port}"))
        try:
            subscribed = wait_for(lambda: subscribers(redis.port, "messages") == 1)
            for message in ("templated", "env:TRIGGER_NAME", "env:EXTRA", "env:HOME"):
                redis_command(redis.port, "PUBLISH", "messages", message)
            wait_for(lambda: call(server.port, "GET", "/kv/default/messages")[1].count(b"\n") >= 3)
            answer = call(server.port, "GET", "/kv/default/messages")
            lines = answer[1].split(b"\n")
            check("redis trigger: address templated from a variable", subscribed and lines[0] == b"templated",
                  f"{subscribed} {answer}")
            check("redis trigger: the component's environment, then spin up -e, and nothing of the host's",
                  lines[1:] == [b"TRIGGER_NAME=redis", b"EXTRA=from-cli", b"HOME unset"], answer)
        finally:
            server.stop()
    finally:
        redis.stop()
        for app in apps:
            shutil.rmtree(app, ignore_errors=True)


SPIN1_REDIS_MANIFEST = """spin_manifest_version = "1"
name = "spin1-redis"
trigger = {{ type = "redis", address = "{address}" }}

[[component]]
id = "listener"
source = "redis.wasm"
config = {{ redis_address = "{address}" }}
[component.trigger]
channel = "messages"
"""


def spin1_redis_trigger_tests():
    """A Spin 1 module exporting handle-redis-message (Apps/spin1-redis) in a version 1 manifest with the Redis
    trigger: each message reaches it, and its outbound-redis calls reach the server."""
    if not have_redis("spin1_redis_trigger_tests"):
        return
    redis = RedisServer()
    app = tempfile.mkdtemp(prefix="spin1-redis-")
    try:
        address = f"redis://127.0.0.1:{redis.port}"
        with open(os.path.join(app, "spin.toml"), "w") as file:
            file.write(SPIN1_REDIS_MANIFEST.format(address=address))
        subprocess.run(["wasm-tools", "parse", os.path.join(APPS, "spin1-redis", "redis.wat"),
                        "-o", os.path.join(app, "redis.wasm")], check=True)
        server = SpinUp(app, "--state-dir", os.path.join(app, "state"))
        try:
            if not trigger_subscribed("spin 1 redis trigger", redis):
                return
            for message in ("first", "fail", "second ✓", "fail", "third"):
                redis_command(redis.port, "PUBLISH", "messages", message)
            wait_for(lambda: redis_command(redis.port, "GET", "spin1-count") == b"3")
            count, last = redis_command(redis.port, "GET", "spin1-count"), redis_command(redis.port, "GET", "spin1-last")
            check("spin 1 redis trigger: three messages handled, two answered error, in order",
                  count == b"3" and last == b"third", f"count {count!r}, last {last!r}")
            redis_command(redis.port, "PUBLISH", "messages", "after errors")
            check("spin 1 redis trigger: still subscribed and handling after the errors",
                  wait_for(lambda: redis_command(redis.port, "GET", "spin1-last") == b"after errors"),
                  redis_command(redis.port, "GET", "spin1-last"))
        finally:
            server.stop()
    finally:
        redis.stop()
        shutil.rmtree(app, ignore_errors=True)


def main():
    suites = ()
    try:
        use_pinned_tools()
        built_wasm("python-apis")
        suites = (example_app_tests, key_value_tests, shared_sqlite_key_value_tests, redis_key_value_tests, sqlite_tests, variables_tests,
                  runtime_config_tests, wasi_tests, crash_test, outbound_http_tests, service_chaining_tests, redis_outbound_tests,
                  redis_trigger_tests, redis_p3_trigger_tests, spin1_redis_trigger_tests)
    except Exception as error:  # cannot build the apps: a failure, never a skip
        check("building the apps", False, repr(error))
    # e.g. SPIN_UP_API_TESTS=key_value_tests,sqlite_tests
    return run_suites(suites, "SPIN_UP_API_TESTS")


if __name__ == "__main__":
    sys.exit(main())
