#!/usr/bin/env python3
"""Integration tests of `spin up` serving components (wasi:http/handler@0.3.0 of WASIp3,
wasi:http/incoming-handler@0.2.0 and Spin 2's inbound-http): real servers on free 127.0.0.1 ports, real HTTP clients. Each check
prints ok/FAIL; the last line is "N passed, N failed".

    Tests/Integration/spin_up_component_test.py [path-to-spin]   (default .build/release/spin)
    SPIN_UP_COMPONENT_TESTS=python_echo_tests Tests/Integration/spin_up_component_test.py
        (only the named suites: python_template_tests, python_p3_tests, python_echo_tests,
         wat_component_tests, refused_component_tests)

The apps are built once per run with `spin build`: the Python ones (~8 s each, 25 or 37 MB)
with the pinned componentize-py and spin-sdk of scripts/pinned-tools.sh (WASIp3: 0.25.1 and
5.0.0 in their own virtual environment; WASIp2: 0.17.2 and 3.4.1), the text-format ones of
Apps/http-components with wasm-tools.
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
import urllib.parse

from spin_up_test import (APPS, REPO, SPIN, SpinUp, build, check, keep_alive_statuses, one_component_manifest,
                          refused_at_start, run_suites)

STREAM_BYTES = 8 << 20
COUNT_BYTES = 5 << 20


def use_pinned_tools():
    """Puts the pinned componentize-py and wasm-tools first on PATH for every `spin build`.

    componentize-py finds spin_sdk (whose componentize-py.toml supplies the spin-http
    world) in the site-packages of the Python it is installed in, where pinned-tools.sh
    installs both; a VIRTUAL_ENV would make it look in that environment instead.
    """
    names = ("COMPONENTIZE_PY", "WASM_TOOLS")
    script = ('source scripts/pinned-tools.sh && ensure_pinned_tools >&2 && ensure_p3_python_tools >&2 && '
              + " && ".join(f'echo "${name}"' for name in names) + ' && echo "$P3_PYTHON_BIN"')
    result = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"could not install the pinned tools: {result.stderr.strip()[-500:]}")
    lines = result.stdout.splitlines()
    directories = [os.path.dirname(path) for path in lines[:-1]]
    os.environ["PATH"] = os.pathsep.join(directories + [os.environ.get("PATH", "")])
    os.environ.pop("VIRTUAL_ENV", None)
    global P3_PATH
    P3_PATH = os.pathsep.join([lines[-1], os.environ["PATH"]])


# PATH for building WASIp3 Python apps: the p3 environment's componentize-py first.
P3_PATH = None


def build_p3(app):
    """`spin build` of a WASIp3 Python app, with componentize-py 0.25.1 and spin-sdk 5.0.0."""
    result = subprocess.run([SPIN, "build"], cwd=app, capture_output=True, text=True,
                            env=dict(os.environ, PATH=P3_PATH or os.environ["PATH"]))
    if result.returncode != 0:
        raise RuntimeError(f"spin build failed in {app}: {result.stdout} {result.stderr}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_answer(app, timeout=120):
    """Starts `spin up` of `app` on a free port and polls GET / every 10 ms from the moment the
    process is created. Returns (process, port, seconds to the first answer, status, body)."""
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen([SPIN, "up", "--listen", f"127.0.0.1:{port}"], cwd=app,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while time.monotonic() - started < timeout:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            connection.request("GET", "/")
            response = connection.getresponse()
            body = response.read()
            connection.close()
            return process, port, time.monotonic() - started, response.status, body
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"spin up exited with {process.returncode}: {process.stderr.read()[-800:]}")
            time.sleep(0.01)
    process.kill()
    process.wait()
    raise RuntimeError(f"spin up of {app} gave no answer within {timeout} s")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def python_template_tests():
    """`spin new -t http-py`, `spin build`, `spin up`: the app a Python user starts from
    (spin-sdk 5.0.0, WASIp3)."""
    workspace = tempfile.mkdtemp(prefix="spin-http-py-")
    try:
        result = subprocess.run([SPIN, "new", "-t", "http-py", "hello-py", "--accept-defaults"], cwd=workspace,
                                capture_output=True, text=True)
        app = os.path.join(workspace, "hello-py")
        check("spin new -t http-py", result.returncode == 0 and sorted(os.listdir(app)) ==
              [".gitignore", "README.md", "app.py", "requirements.txt", "spin.toml"],
              f"{result.returncode} {result.stderr.strip()} {os.listdir(workspace)}")
        started = time.monotonic()
        build_p3(app)
        print(f"note spin build of the http-py app took {time.monotonic() - started:.1f} s")
        process, _, seconds, status, body = first_answer(app)
        try:
            check("http-py app: GET / answers 200 \"Hello from Python!\"", status == 200
                  and body == b"Hello from Python!", f"{status} {body[:200]!r}")
            print(f"note http-py app: first answer {seconds:.2f} s after the process started")
        finally:
            check("http-py app: spin up stops on SIGINT with status 0", stop(process) == 0)

        # `spin add` renders the snippet: the component lives in its own directory.
        result = subprocess.run([SPIN, "add", "-t", "http-py", "api", "--accept-defaults",
                                 "--value", "http-path=/api/..."], cwd=app, capture_output=True, text=True)
        with open(os.path.join(app, "spin.toml")) as manifest:
            text = manifest.read()
        check("spin add -t http-py: component in api/ with its build workdir", result.returncode == 0
              and 'source = "api/app.wasm"' in text and 'workdir = "api"' in text
              and 'route = "/api/..."' in text and os.path.exists(os.path.join(app, "api", "app.py"))
              and not os.path.exists(os.path.join(app, "api", "spin.toml")),
              f"{result.returncode} {result.stderr.strip()} {text[-400:]}")
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def exchange(port, method, path, body=None, headers=None, timeout=60):
    """One request on a fresh connection: (status, headers with lower-case names, body, client address)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.connect()
    client = "%s:%d" % connection.sock.getsockname()[:2]
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {name.lower(): value for name, value in response.getheaders()}, data, client


def json_exchange(port, path, headers):
    """GET `path` of an echo app: (status, headers, body, the body's JSON or {}, client address)."""
    status, response_headers, body, client = exchange(port, "GET", path, headers=headers)
    try:
        echo = json.loads(body)
    except ValueError:
        echo = {}
    return status, response_headers, body, echo, client


def python_echo_tests():
    """A WASIp2 Python app made by `spin new -t http-py-wasip2` on /echo/..., its app.py replaced
    by Apps/python-http/app.py, built by `spin build`: the request as a Python guest sees it,
    the response as it sent it."""
    workspace = tempfile.mkdtemp(prefix="spin-python-echo-")
    try:
        result = subprocess.run([SPIN, "new", "-t", "http-py-wasip2", "echo", "--accept-defaults",
                                 "--value", "http-path=/echo/..."], cwd=workspace, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"spin new -t http-py-wasip2 failed: {result.stderr.strip()}")
        app = os.path.join(workspace, "echo")
        shutil.copy(os.path.join(APPS, "python-http", "app.py"), os.path.join(app, "app.py"))
        build(app)
        python_echo_checks(app)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def python_echo_checks(app):
    server = SpinUp(app)
    port = server.port
    try:
        status, headers, body, echo, client = json_exchange(port, "/echo/a/b?x=1&y=two%20words",
                                                            {"X-Custom-In": "hello", "X-Empty": ""})
        seen = echo.get("headers", {})
        check("python echo: GET answered 200 with JSON", status == 200 and echo.get("method") == "GET"
              and headers.get("content-type") == "application/json" and headers.get("x-python") == "yes",
              f"{status} {headers} {body[:300]!r}")
        check("python echo: uri is the path with its query", echo.get("uri") == "/echo/a/b?x=1&y=two%20words",
              echo.get("uri"))
        # As in Spin (wasmtime's new_incoming_request), `host` and the other
        # connection headers are kept from the guest: it reads the authority instead.
        check("python echo: request headers reach the guest, host and connection do not",
              seen.get("x-custom-in") == "hello" and seen.get("x-empty") == "" and "host" not in seen
              and "connection" not in seen, seen)
        check("python echo: empty body", echo.get("body") == "" and echo.get("body_length") == 0, echo)
        expected = {
            "spin-full-url": f"http://127.0.0.1:{port}/echo/a/b?x=1&y=two%20words",
            "spin-path-info": "/a/b",
            "spin-matched-route": "/echo/...",
            "spin-component-route": "/echo",
            "spin-raw-component-route": "/echo/...",
            "spin-base-path": "/",
            "spin-client-addr": client,
        }
        wrong = {name: seen.get(name) for name, value in expected.items() if seen.get(name) != value}
        check("python echo: spin-* request headers", not wrong, f"wrong: {wrong}, expected {expected}")
        check("python echo: response has date and a length or chunked framing", "date" in headers
              and (headers.get("content-length") == str(len(body))
                   or headers.get("transfer-encoding", "").lower() == "chunked"), headers)

        payload = bytes(range(256)) * 400  # 102,400 bytes, every byte value
        status, _, body, _ = exchange(port, "POST", "/echo/upload", body=payload,
                                      headers={"Content-Type": "application/octet-stream"})
        echo = json.loads(body) if status == 200 else {}
        check("python echo: 100 KB POST body arrives whole", echo.get("method") == "POST"
              and echo.get("body_length") == len(payload)
              and echo.get("body", "").encode("latin-1") == payload, f"{status} {echo.get('body_length')}")

        status, _, _, _ = exchange(port, "GET", "/echo/teapot", headers={"X-Status": "418"})
        check("python echo: the guest's status 418", status == 418, status)
        status, headers, _, _ = exchange(port, "GET", "/echo/reply", headers={"X-Reply-X-Custom": "v"})
        check("python echo: a guest response header", status == 200 and headers.get("x-custom") == "v", headers)

        for route, label in (("/echo/kv", "kv"), ("/echo/variables", "variables")):
            status, _, body, _ = exchange(port, "GET", route)
            check(f"python echo: {route} gets the interface's error value, not a trap", status == 200
                  and body.startswith(f"{label} error Err: Error_".encode()), f"{status} {body[:200]!r}")
    finally:
        check("python echo: spin up stops on SIGINT with status 0", server.stop() == 0)


P3_MANIFEST_EXTRA = """
[variables]
greeting = { default = "hello from the manifest" }
"""

P3_COMPONENT_EXTRA = """key_value_stores = ["default"]
allowed_outbound_hosts = ["http://127.0.0.1:*", "http://self", "redis://127.0.0.1:*"]
sqlite_databases = ["default"]
files = [{ source = "assets", destination = "/assets" }]

[component.p3.variables]
greeting = "{{ greeting }}"
"""


def python_p3_tests():
    """A WASIp3 Python app made by `spin new -t http-py` on /p3/..., its app.py replaced by
    Apps/python-p3/app.py (spin-sdk 5.0.0): requests and bodies through wasi:http@0.3.0,
    a streamed response, key-value and variables from async imports, a trap and a loop
    beside good requests."""
    workspace = tempfile.mkdtemp(prefix="spin-python-p3-")
    try:
        result = subprocess.run([SPIN, "new", "-t", "http-py", "p3", "--accept-defaults",
                                 "--value", "http-path=/p3/..."], cwd=workspace, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"spin new -t http-py failed: {result.stderr.strip()}")
        app = os.path.join(workspace, "p3")
        shutil.copy(os.path.join(APPS, "python-p3", "app.py"), os.path.join(app, "app.py"))
        manifest = os.path.join(app, "spin.toml")
        with open(manifest) as file:
            text = file.read()
        text = text.replace("[[trigger.http]]", P3_MANIFEST_EXTRA.strip() + "\n\n[[trigger.http]]", 1)
        text = text.replace('source = "app.wasm"', 'source = "app.wasm"\n' + P3_COMPONENT_EXTRA.strip(), 1)
        with open(manifest, "w") as file:
            file.write(text)
        os.makedirs(os.path.join(app, "assets"))
        with open(os.path.join(app, "assets", "hello.txt"), "w") as file:
            file.write("hello, p3 files")
        build_p3(app)
        python_p3_checks(app)
        python_p3_reuse_checks(app)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def python_p3_reuse_checks(app):
    """Instances of a WASIp3 component serve several requests one after another, as in Spin 4:
    a module global keeps counting, until --max-instance-reuse-count; a trap drops the instance."""
    def served(port):
        # An instance goes back to the pool once its task ends, just after the
        # response: a pause lets it, so the next request finds it (else a second
        # instance is made, which is right but not what these checks count).
        time.sleep(0.3)
        _, _, body, _ = exchange(port, "GET", "/p3/global")
        return int(body.decode().split("=")[1]) if body.startswith(b"served=") else -1

    # A long idle timeout: on a loaded machine a gap between requests may pass the default second.
    server = SpinUp(app, "--max-instance-reuse-count", "3", "--idle-instance-timeout", "60s")
    try:
        counts = [served(server.port) for _ in range(7)]
        check("python p3 reuse: one instance serves 3 requests in a row, then a new one",
              counts == [1, 2, 3, 1, 2, 3, 1], counts)
        # The same pause as in served(): the trap must hit the instance that
        # served the last request (count 1), not a second one made because
        # that instance was not back in the pool yet (seen once in CI).
        time.sleep(0.3)
        exchange(server.port, "GET", "/p3/trap")
        check("python p3 reuse: a trap drops its instance", served(server.port) == 1)
    finally:
        check("python p3 reuse: spin up stops on SIGINT with status 0", server.stop() == 0)
    # Two seconds, not less: on a loaded machine the gap between two requests can pass a few hundred ms.
    server = SpinUp(app, "--idle-instance-timeout", "2s")
    try:
        counts = [served(server.port), served(server.port)]
        time.sleep(3)
        counts.append(served(server.port))
        check("python p3 reuse: an instance idle past --idle-instance-timeout is dropped", counts == [1, 2, 1], counts)
    finally:
        server.stop()
    server = SpinUp(app, "--max-instance-reuse-count", "1")
    try:
        counts = [served(server.port) for _ in range(3)]
        check("python p3 reuse: --max-instance-reuse-count 1 gives each request a fresh instance",
              counts == [1, 1, 1], counts)
    finally:
        server.stop()
    python_p3_concurrency_checks(app)


def overlapping_peaks(port, later=3):
    """/p3/overlap once to warm an instance, then once more and, 200 ms into its 500 ms wait,
    `later` more at once: the peaks of in-flight requests each saw in its instance."""
    exchange(port, "GET", "/p3/overlap")
    time.sleep(0.3)
    with concurrent.futures.ThreadPoolExecutor(later + 1) as pool:
        first = pool.submit(exchange, port, "GET", "/p3/overlap")
        time.sleep(0.2)
        rest = [pool.submit(exchange, port, "GET", "/p3/overlap") for _ in range(later)]
        bodies = [future.result()[2] for future in [first] + rest]
    return [int(body.split(b"=")[1]) if body.startswith(b"peak=") else -1 for body in bodies]


def python_p3_concurrency_checks(app):
    """Spin 4's per-instance concurrency: requests that come while an instance's requests wait
    on I/O join it, up to --max-instance-concurrent-reuse-count; an instance running guest code
    (a loop) takes no one, so it holds up no request that comes after it."""
    server = SpinUp(app, "--request-timeout", "3")
    try:
        peaks = overlapping_peaks(server.port)
        # Which instance a request finds depends on timing; most of them join the waiting one.
        check("python p3 concurrency: requests arriving while one waits share its instance",
              peaks[0] >= 3 and sum(peak >= 2 for peak in peaks[1:]) >= 2, peaks)
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            looping = pool.submit(exchange, server.port, "GET", "/p3/loop")
            time.sleep(0.5)
            started = time.monotonic()
            statuses = concurrent_statuses(server.port, ["/p3/ok"] * 6, workers=6)["/p3/ok"]
            seconds = time.monotonic() - started
            check("python p3 concurrency: requests after a looping one answer at once, in other instances",
                  all(status == 200 for status, _ in statuses) and seconds < 2, f"{statuses} {seconds:.2f}s")
            check("python p3 concurrency: the looping request answers 504", looping.result()[0] == 504)
    finally:
        server.stop()
    server = SpinUp(app, "--max-instance-concurrent-reuse-count", "1")
    try:
        peaks = overlapping_peaks(server.port)
        check("python p3 concurrency: --max-instance-concurrent-reuse-count 1 serves one request at a time per instance",
              peaks == [1, 1, 1, 1], peaks)
    finally:
        server.stop()


class OutboundTarget:
    """A local HTTP server for a guest's outbound requests: GET /big?mb=N answers N MiB;
    POST /echo answers the body's length and SHA-256 and the x-from-guest header it saw,
    then the body itself. Counts connections."""

    def __init__(self):
        target = self
        self.connections = 0
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                mb = int(self.path.split("mb=")[1]) if "mb=" in self.path else 1
                self.send_response(200)
                self.send_header("Content-Length", str(mb << 20))
                self.end_headers()
                block = bytes(range(256)) * 4096
                for _ in range(mb):
                    self.wfile.write(block)

            def do_POST(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = bytearray()
                    while True:
                        size = int(self.rfile.readline().split(b";")[0], 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            break
                        data += self.rfile.read(size)
                        self.rfile.readline()
                else:
                    data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.send_response(200)
                self.send_header("X-Body-Length", str(len(data)))
                self.send_header("X-Body-Sha256", hashlib.sha256(data).hexdigest())
                self.send_header("X-Seen-From", self.headers.get("x-from-guest", ""))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *arguments):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address):
                with target.lock:
                    target.connections += 1
                return True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def count(self):
        with self.lock:
            return self.connections

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def python_p3_outbound_checks(port):
    """wasi:http/client@0.3.0 send from the p3 guest: bodies stream both ways, the policy holds."""
    target = OutboundTarget()
    try:
        quote = urllib.parse.quote
        status, _, body, _ = exchange(port, "GET", "/p3/fetch?url=" + quote(f"http://127.0.0.1:{target.port}/big?mb=3"))
        reply = json.loads(body) if status == 200 and body.startswith(b"{") else {}
        check("python p3 outbound: a 3 MiB response body streams into the guest (wasi:http/client@0.3.0)",
              reply.get("status") == 200 and reply.get("body_length") == 3 << 20
              and reply.get("body", "").encode("latin-1") == bytes(range(200)), f"{status} {body[:200]!r}")

        payload = bytes((i * 7) % 256 for i in range(1_500_000))
        status, _, body, _ = exchange(port, "POST", "/p3/fetch?url=" + quote(f"http://127.0.0.1:{target.port}/echo"),
                                      body=payload)
        reply = json.loads(body) if status == 200 and body.startswith(b"{") else {}
        seen = reply.get("headers", {})
        check("python p3 outbound: a 1.5 MB request body streams out whole, with the guest's headers",
              reply.get("status") == 200 and seen.get("x-body-length") == str(len(payload))
              and seen.get("x-body-sha256") == hashlib.sha256(payload).hexdigest() and seen.get("x-seen-from") == "p3",
              f"{status} {body[:300]!r}")

        status, _, body, _ = exchange(port, "GET", "/p3/rc-fetch?url=" + quote(f"http://127.0.0.1:{target.port}/big?mb=2"))
        check("python p3 outbound: the release-candidate names (wasi:http@0.3.0-rc-2026-03-15) send and stream too",
              body == b"rc status=200 length=2097152 trailers=Ok(value=None)", f"{status} {body[:200]!r}")

        before = target.count()
        status, _, body, _ = exchange(port, "GET", "/p3/fetch?url=" + quote(f"http://localhost:{target.port}/big"))
        time.sleep(0.2)
        check("python p3 outbound: a host outside allowed_outbound_hosts is denied, unconnected",
              status == 200 and b"fetch error" in body and b"HttpRequestDenied" in body and target.count() == before,
              f"{status} {body[:200]!r} {target.count() - before} connections")

        status, _, body, _ = exchange(port, "GET", "/p3/fetch?url=" + quote("/p3/variables"))
        reply = json.loads(body) if status == 200 and body.startswith(b"{") else {}
        check("python p3 outbound: a relative URL is a request to the app itself (http://self)",
              reply.get("status") == 200 and reply.get("body") == "greeting=hello from the manifest", f"{status} {body[:200]!r}")

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", "/p3/forward?url=" + quote(f"http://127.0.0.1:{target.port}/echo"), body=payload,
                           headers={"X-From-Guest": "forwarded"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        headers = {name.lower(): value for name, value in response.getheaders()}
        dates = [name for name, _ in response.getheaders() if name.lower() == "date"]
        check("python p3 outbound: a guest sends the request it got on and answers with the server's response",
              response.status == 200 and body == payload and headers.get("x-seen-from") == "forwarded"
              and headers.get("x-body-sha256") == hashlib.sha256(payload).hexdigest(),
              f"{response.status} {len(body)} {headers}")
        check("python p3 outbound: the passed-on response keeps its one date header", len(dates) == 1, dates)
    finally:
        target.close()


def python_p3_database_checks(port):
    """spin:sqlite@3.1.0 (rows as a stream<row-result>) and spin:redis@3.0.0 from the p3 guest."""
    _, _, first, _ = exchange(port, "GET", "/p3/sqlite")
    _, _, second, _ = exchange(port, "GET", "/p3/sqlite")
    expected = ("columns=['i', 'r', 't', 'b', 'n'] rows={n} last=[-7, 2.5, 'zwölf'] blob=00ff null=None "
                "rowid={n} changes=1 outcome=Ok(value=None)")
    check("python p3: spin:sqlite@3.1.0 inserts and streams back rows of every value type",
          first.decode() == expected.format(n=1) and second.decode() == expected.format(n=2), f"{first!r} {second!r}")
    _, _, body, _ = exchange(port, "GET", "/p3/files")
    check("python p3: a mounted file reads through libc and through wasi:filesystem@0.3.0",
          body == (b"libc='hello, p3 files' p3='hello, p3 files' size=15 type=DescriptorType_RegularFile "
                   b"outcome=Ok(value=None) entries=['hello.txt'] missing=ErrorCode_NoEntry"), body)
    from spin_up_api_test import RedisServer, have_redis
    if not have_redis("python p3 redis"):
        return
    redis = RedisServer()
    try:
        _, _, body, _ = exchange(port, "GET", f"/p3/redis?address=redis://127.0.0.1:{redis.port}")
        check("python p3: spin:redis@3.0.0 set, get, incr and execute", body == b"value=b'p3 value' count=1 echo=[b'hi']", body)
    finally:
        redis.stop()


def python_p3_checks(app):
    server = SpinUp(app, "--request-timeout", "2")
    port = server.port
    try:
        python_p3_database_checks(port)
        python_p3_outbound_checks(port)

        status, headers, body, echo, client = json_exchange(port, "/p3/a/b?x=1&y=two%20words",
                                                            {"X-Custom-In": "hello", "X-Status": "201"})
        seen = echo.get("headers", {})
        check("python p3: GET answered with the guest's status, headers and JSON", status == 201
              and headers.get("x-python") == "p3" and headers.get("content-type") == "application/json"
              and "date" in headers, f"{status} {headers} {body[:300]!r}")
        check("python p3: uri is the path with its query", echo.get("uri") == "/p3/a/b?x=1&y=two%20words",
              echo.get("uri"))
        check("python p3: request and spin-* headers reach the guest", seen.get("x-custom-in") == "hello"
              and seen.get("spin-path-info") == "/a/b" and seen.get("spin-matched-route") == "/p3/..."
              and seen.get("spin-client-addr") == client and "host" not in seen, seen)

        payload = bytes(range(256)) * 4000  # 1,024,000 bytes, every byte value
        status, _, body, _ = exchange(port, "POST", "/p3/upload", body=payload,
                                      headers={"Content-Type": "application/octet-stream"})
        echo = json.loads(body) if status == 200 else {}
        check("python p3: 1 MB POST body arrives whole", echo.get("body_length") == len(payload)
              and echo.get("body", "").encode("latin-1") == payload and "post" in echo.get("method", "").lower(),
              f"{status} {echo.get('body_length')} {echo.get('method')}")

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.monotonic()
        connection.request("GET", "/p3/stream?mb=8")
        response = connection.getresponse()
        first = response.read1(65536)
        first_byte = time.monotonic() - started
        rest = response.read()
        connection.close()
        total = len(first) + len(rest)
        check("python p3: an 8 MiB response streams whole", response.status == 200 and total == 8 << 20
              and response.getheader("transfer-encoding") == "chunked", f"{response.status} {total}")
        print(f"note python p3: 8 MiB stream, first byte after {first_byte * 1000:.0f} ms, "
              f"all after {(time.monotonic() - started) * 1000:.0f} ms")

        _, _, body1, _ = exchange(port, "GET", "/p3/kv")
        _, _, body2, _ = exchange(port, "GET", "/p3/kv")
        check("python p3: key-value counts across requests (spin:key-value@3.0.0)",
              body1 == b"count=1 keys=['count']" and body2 == b"count=2 keys=['count']", f"{body1!r} {body2!r}")
        _, _, body, _ = exchange(port, "GET", "/p3/variables")
        check("python p3: variables (spin:variables@3.0.0)", body == b"greeting=hello from the manifest", body)
        started = time.monotonic()
        _, _, body, _ = exchange(port, "GET", "/p3/clock")
        seconds = time.monotonic() - started
        check("python p3: wasi:clocks@0.3.0 wait-for parks the task 200 ms; wasi:random@0.3.0 answers",
              body.startswith(b"waited=0.2") and body.endswith(b"random=16") and 0.2 <= seconds < 2, f"{body!r} {seconds:.2f}")
    finally:
        check("python p3: spin up stops on SIGINT with status 0", server.stop() == 0)

    # A trap and a loop among good requests, all sent at once. With shared
    # instances (Spin 4's model) a request of the same burst may join the
    # looping request's instance while that one still waits on its request
    # body, and is then held up with it, as under Spin; so this burst runs
    # with one request per instance. Sharing next to a loop is covered by
    # python_p3_concurrency_checks, whose good requests come once it loops.
    server = SpinUp(app, "--request-timeout", "2", "--max-instance-concurrent-reuse-count", "1")
    try:
        by_path = concurrent_statuses(server.port, ["/p3/trap", "/p3/loop"] + ["/p3/ok"] * 12, workers=8)
        check("python p3: a trapping request answers 500", by_path["/p3/trap"][0][0] == 500, by_path["/p3/trap"])
        check("python p3: a looping request answers 504 near --request-timeout 2",
              by_path["/p3/loop"][0][0] == 504 and by_path["/p3/loop"][0][1] < 8, by_path["/p3/loop"])
        check("python p3: good requests beside them answer 200",
              all(status == 200 for status, _ in by_path["/p3/ok"]), by_path["/p3/ok"])
    finally:
        server.stop()


def concurrent_statuses(port, paths, workers):
    """GETs `paths` at once: {path: [(status, seconds), ...]}."""
    def timed(path):
        started = time.monotonic()
        status, _, _, _ = exchange(port, "GET", path, timeout=30)
        return path, status, round(time.monotonic() - started, 2)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(timed, paths))
    by_path = {}
    for path, status, seconds in outcomes:
        by_path.setdefault(path, []).append((status, seconds))
    return by_path


def lines_of(body):
    """The head of an http-components echo body as a list of (key, value), and the raw body."""
    head, _, raw = body.partition(b"\n\n")
    lines = head.decode("utf-8", "replace").splitlines()
    return [tuple(line.split("=", 1)) for line in lines if "=" in line], raw


def chunks(total, size, pause):
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        yield b"c" * piece
        sent += piece
        time.sleep(pause)


def wat_component_tests():
    """Apps/http-components: hand-written components for each part of the request path."""
    app = os.path.join(APPS, "http-components")
    build(app)
    server = SpinUp(app)
    port = server.port
    try:
        status, _, body, _ = exchange(port, "GET", "/hello")
        check("wat: /hello", status == 200 and body == b"Hello, world!\n", f"{status} {body[:100]!r}")

        status, headers, body, _ = exchange(port, "GET", "/echo/a/b?x=1", headers={"X-Status": "201"})
        pairs, _ = lines_of(body)
        wanted = [("method", "GET"), ("path-with-query", "/echo/a/b?x=1"), ("header:spin-path-info", "/a/b"),
                  ("header:spin-component-route", "/echo"), ("authority", f"127.0.0.1:{port}"), ("scheme", "http")]
        missing = [pair for pair in wanted if pair not in pairs]
        check("wat: /echo sees method, path, headers; answers the x-status", status == 201
              and headers.get("x-echo") == "yes" and not missing, f"{status} missing {missing}: {body[:400]!r}")

        payload = b"posted\x00body\xff" * 100
        status, _, body, _ = exchange(port, "POST", "/echo/post", body=payload)
        pairs, raw = lines_of(body)
        check("wat: /echo returns the POST body", status == 200 and ("body-bytes", str(len(payload))) in pairs
              and raw == payload, f"{status} {len(raw)} bytes: {body[:200]!r}")

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.monotonic()
        connection.request("GET", "/stream")
        response = connection.getresponse()
        first = response.read1(65536)
        first_at = time.monotonic() - started
        received = len(first) + len(response.read())
        total = time.monotonic() - started
        connection.close()
        check("wat: /stream sends 8 MiB, its first bytes before half the total time", response.status == 200
              and received == STREAM_BYTES and first_at < total / 2,
              f"{response.status} {received} bytes, first after {first_at:.3f} s of {total:.3f} s")
        print(f"note /stream: first body bytes after {first_at * 1000:.1f} ms, all {received} after "
              f"{total * 1000:.1f} ms")

        status, _, body, _ = exchange(port, "POST", "/count", body=b"n" * COUNT_BYTES)
        check("wat: /count of a 5 MiB body", status == 200 and body == b"%d\n" % COUNT_BYTES, f"{status} {body[:80]!r}")
        # 40 chunks of 128 KiB, 25 ms apart: the guest reads while the body is still arriving.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", "/count", body=chunks(COUNT_BYTES, 128 << 10, 0.025), encode_chunked=True)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        check("wat: /count of a 5 MiB body sent slowly in chunks", response.status == 200
              and body == b"%d\n" % COUNT_BYTES, f"{response.status} {body[:80]!r}")

        status, _, body, _ = exchange(port, "GET", "/no-response")
        check("wat: a handler that never sets its response gets 500", status == 500, f"{status} {body[:80]!r}")

        status, _, body, _ = exchange(port, "GET", "/inbound/x?y=1")
        pairs, _ = lines_of(body)
        check("wat: Spin 2 inbound-http handler", status == 200 and ("method", "GET") in pairs
              and ("uri", "/inbound/x?y=1") in pairs and any(key.startswith("header:") for key, _ in pairs),
              f"{status} {body[:400]!r}")
    finally:
        check("wat: spin up stops on SIGINT with status 0", server.stop() == 0)

    server = SpinUp(app, "--request-timeout", "1")
    try:
        by_path = concurrent_statuses(server.port, ["/trap", "/loop"] + ["/hello"] * 20, workers=22)
        check("wat: trapping component answered 500", by_path["/trap"][0][0] == 500, by_path["/trap"])
        check("wat: looping component answered 504 near --request-timeout 1",
              by_path["/loop"][0][0] == 504 and by_path["/loop"][0][1] < 5, by_path["/loop"])
        check("wat: 20 concurrent /hello all 200 meanwhile", all(status == 200 for status, _ in by_path["/hello"]),
              by_path["/hello"])
        status, _, body, _ = exchange(server.port, "GET", "/hello")
        check("wat: server healthy after the trap and the timeout", status == 200 and body == b"Hello, world!\n",
              status)
    finally:
        server.stop()


ROUTING_MANIFEST = """spin_manifest_version = 2
[application]
name = "routing"
version = "1.0.0"

[[trigger.http]]
route = "/..."
component = "catch-all"

[[trigger.http]]
route = "/users/..."
component = "users-wildcard"

[[trigger.http]]
route = "/users/:id"
component = "users-param"

[[trigger.http]]
route = "/users/me"
component = "users-me"

[[trigger.http]]
route = "/exact"
component = "exact"

[[trigger.http]]
route = { private = true }
component = "hidden"

[[trigger.http]]
route = "/static"
static_response = { status_code = 201, headers = { "content-type" = "text/plain", "x-static" = "yes" }, body = "static body\\n" }
""" + "".join(f'[component.{name}]\nsource = "echo.wasm"\n'
              for name in ("catch-all", "users-wildcard", "users-param", "users-me", "exact", "hidden"))


def component_routing_tests():
    """The routing and request-information checks of spin_up_test.py's routing_tests, against a
    component (http-components' echo.wat on every route) instead of a WAGI module."""
    workspace = tempfile.mkdtemp(prefix="component-routing-")
    try:
        subprocess.run(["wasm-tools", "parse", os.path.join(APPS, "http-components", "echo.wat"),
                        "-o", os.path.join(workspace, "echo.wasm")], check=True)
        with open(os.path.join(workspace, "spin.toml"), "w") as file:
            file.write(ROUTING_MANIFEST)
        server = SpinUp(workspace)
        port = server.port
        try:
            cases = {
                "/users/me": "/users/me", "/users/42": "/users/:id", "/users/42/posts": "/users/...",
                "/users": "/users/...", "/exact": "/exact", "/exact/more": "/...", "/": "/...",
                "/anything/else": "/...", "/hidden": "/...",
            }
            for path, route in cases.items():
                status, _, body, _ = exchange(port, "GET", path)
                pairs = dict(lines_of(body)[0])
                check(f"component route {path} -> {route}", status == 200
                      and pairs.get("header:spin-matched-route") == route, f"{status} {body[:200]!r}")
            status, headers, body, client = exchange(port, "POST", "/users/7?x=1&y=", body=b"hello body",
                                                     headers={"X-Test": "yes", "Content-Type": "text/plain"})
            pairs = dict(lines_of(body)[0])
            expected = {
                "method": "POST", "path-with-query": "/users/7?x=1&y=", "authority": f"127.0.0.1:{port}",
                "header:x-test": "yes", "header:content-type": "text/plain", "header:content-length": "10",
                "body-bytes": "10", "header:spin-matched-route": "/users/:id", "header:spin-path-match-id": "7",
                "header:spin-base-path": "/", "header:spin-client-addr": client,
                "header:spin-full-url": f"http://127.0.0.1:{port}/users/7?x=1&y=",
                # Spin's raw_route_or_prefix: a route without a wildcard is its own component route.
                "header:spin-component-route": "/users/:id", "header:spin-raw-component-route": "/users/:id",
                "header:spin-path-info": "",
            }
            wrong = {key: pairs.get(key) for key, value in expected.items() if pairs.get(key) != value}
            check("component sees the request and Spin's request headers", not wrong, f"wrong {wrong}")
            check("component response: only the guest's headers plus date and content-length",
                  set(headers) == {"content-type", "x-echo", "date", "content-length"}, str(headers))
            status, _, body, _ = exchange(port, "GET", "/users/a/b/c")
            pairs = dict(lines_of(body)[0])
            check("component wildcard: spin-path-info and spin-component-route",
                  pairs.get("header:spin-path-info") == "/a/b/c" and pairs.get("header:spin-component-route") == "/users",
                  str(pairs))
            status, headers, body, _ = exchange(port, "GET", "/static")
            check("static_response beside components", status == 201 and body == b"static body\n"
                  and headers.get("x-static") == "yes", f"{status} {headers} {body!r}")
            status, _, body, _ = exchange(port, "GET", "/.well-known/spin/health")
            check("health endpoint beside components", status == 200 and body == b"OK")
            status, _, body, _ = exchange(port, "GET", "/.well-known/spin/info")
            check("info endpoint beside components", status == 200 and b'"name":"routing"' in body, body)
            status, _, _, _ = exchange(port, "POST", "/users/1", body=b"x" * (11 << 20))
            check("component: body declared over the limit gets 413", status == 413, status)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("POST", "/users/1", body=chunks(11 << 20, 1 << 20, 0), encode_chunked=True)
                status = connection.getresponse().status
            except OSError as error:
                status = repr(error)
            connection.close()
            check("component: chunked body growing over the limit gets 413", status == 413, status)
            statuses = keep_alive_statuses(port, "/users/me", 5)
            check("component: keep-alive, five requests on one connection", statuses == [200] * 5, statuses)
        finally:
            check("component routing: spin up stops on SIGINT with status 0", server.stop() == 0)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def component_manifest(source):
    """A manifest serving `source`.wat as a component with Spin's executor."""
    return one_component_manifest(source, executor="")


def refused_component_tests():
    """A component that exports no HTTP handler is refused before listening, saying what it exports."""
    refused_at_start("component with no exports refused at start-up", component_manifest("empty"),
                     {"empty": "(component)"},
                     ['component "api"', "empty.wasm", "wasi:http/incoming-handler"])
    # The file is not called greet.wasm, so that the message must name the export itself.
    refused_at_start("component exporting only a function `greet` refused, naming it",
                     component_manifest("other"),
                     {"other": '(component\n'
                               '  (core module $m (func (export "greet") (result i32) i32.const 7))\n'
                               '  (core instance $i (instantiate $m))\n'
                               '  (func $greet (result u32) (canon lift (core func $i "greet")))\n'
                               '  (export "greet" (func $greet)))'},
                     ['component "api"', "other.wasm", "wasi:http/incoming-handler", "greet"])


def spin1_module_tests():
    """Apps/spin1-http: Spin 1 modules (core wasm exporting handle-http-request, wit-bindgen 0.2's ABI) in a
    version 1 manifest, run by Spin's HTTP executor."""
    app = os.path.join(APPS, "spin1-http")
    build(app)
    server = SpinUp(app, "--request-timeout", "1")
    port = server.port
    try:
        status, headers, body, client = exchange(port, "GET", "/echo/a/b?x=1", headers={"X-Status": "201"})
        pairs = dict(lines_of(body)[0])
        expected = {
            "method": "GET", "uri": "/echo/a/b?x=1", "header:x-status": "201", "header:spin-path-info": "/a/b",
            "header:spin-component-route": "/echo", "header:spin-matched-route": "/echo/...",
            "header:spin-raw-component-route": "/echo/...", "header:spin-base-path": "/",
            "header:spin-full-url": f"http://127.0.0.1:{port}/echo/a/b?x=1", "header:spin-client-addr": client,
            "body-bytes": "0", "params": "0", "initialized": "1",
        }
        wrong = {key: pairs.get(key) for key, value in expected.items() if pairs.get(key) != value}
        check("spin 1: the request lowered (method, uri, headers), status and headers lifted", status == 201
              and headers.get("x-echo") == "spin-1-module" and headers.get("content-type") == "text/plain"
              and not wrong, f"{status} {headers} wrong {wrong}")
        for method, index in (("POST", "POST"), ("PUT", "PUT"), ("DELETE", "DELETE"), ("PATCH", "PATCH"),
                              ("OPTIONS", "OPTIONS")):
            status, _, body, _ = exchange(port, method, "/echo/m", body=b"12345" if method != "OPTIONS" else None)
            pairs = dict(lines_of(body)[0])
            check(f"spin 1: {method} is its method enum case", status == 200 and pairs.get("method") == index,
                  f"{status} {body[:120]!r}")
        payload = b"posted\x00body\xff" * 1000
        status, _, body, _ = exchange(port, "POST", "/echo/post", body=payload)
        pairs = dict(lines_of(body)[0])
        check("spin 1: the request body reaches the module", status == 200
              and pairs.get("body-bytes") == str(len(payload)), f"{status} {body[:200]!r}")
        status, _, _, _ = exchange(port, "TRACE", "/echo/x")
        check("spin 1: a method outside the enum is answered 405", status == 405, status)
        status, _, body, _ = exchange(port, "GET", "/bad-pointer")
        check("spin 1: a response pointing outside memory is answered 500", status == 500, f"{status} {body!r}")
        for query in ("?key", "?area"):
            status, _, body, _ = exchange(port, "GET", "/bad-import" + query)
            check(f"spin 1: an import given a pointer outside memory ({query}) traps: 500", status == 500,
                  f"{status} {body!r}")
        by_path = concurrent_statuses(port, ["/trap", "/loop"] + ["/echo/ok"] * 10, workers=12)
        check("spin 1: trapping module answered 500", by_path["/trap"][0][0] == 500, by_path["/trap"])
        check("spin 1: looping module answered 504 near --request-timeout 1",
              by_path["/loop"][0][0] == 504 and by_path["/loop"][0][1] < 5, by_path["/loop"])
        check("spin 1: concurrent good requests all 200 meanwhile",
              all(status == 200 for status, _ in by_path["/echo/ok"]), by_path["/echo/ok"])
        status, _, body, _ = exchange(port, "POST", "/apis", body=b"stored body")
        expected = {"config": "hello from spin config", "undeclared-error": "1", "open": "0", "set": "0",
                    "get": "stored body", "exists": "1", "absent-error": "4", "denied-error": "2",
                    "invalid-error": "3", "keys": "1", "sql": "42", "pg-error": "5", "http-error": "1",
                    "redis-error": "1"}
        pairs = dict(lines_of(body + b"\n\n")[0])
        wrong = {key: pairs.get(key) for key, value in expected.items() if pairs.get(key) != value}
        check("spin 1: spin-config, key-value and sqlite through our variables and default stores "
              "(invalid-key, no-such-key, access-denied, invalid-store as Spin 1's error cases); outbound-pg's "
              "other-error; wasi-outbound-http and outbound-redis refuse hosts the manifest does not allow",
              status == 200 and not wrong, f"{status} wrong {wrong}: {body[:300]!r}")
        status, _, body, _ = exchange(port, "POST", "/apis", body=b"second")
        pairs = dict(lines_of(body + b"\n\n")[0])
        check("spin 1: key-value keeps a value across instances", status == 200 and pairs.get("get") == "second"
              and pairs.get("keys") == "1", f"{status} {body[:300]!r}")
    finally:
        check("spin 1: spin up stops on SIGINT with status 0", server.stop() == 0)
    log = server.process.stderr.read()
    check("spin 1: the bad pointers are refused as such: the key string, then the return area",
          'GET /bad-import?key: component "bad-import" trapped: trap: string out of bounds' in log
          and 'GET /bad-import?area: component "bad-import" trapped: trap: result out of bounds' in log, log[-600:])
    refused_at_start("core module exporting neither _start nor handle-http-request refused, naming its exports",
                     component_manifest("plain"), {"plain": '(module (func (export "greet") (result i32) i32.const 7))'},
                     ['component "api"', "plain.wasm", "handle-http-request", '"greet"'])
    refused_at_start("spin 1 module without canonical_abi_realloc refused",
                     component_manifest("noalloc"),
                     {"noalloc": '(module (memory (export "memory") 1)\n'
                                 '  (func (export "handle-http-request") (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)'
                                 ' (result i32) i32.const 0))'},
                     ['component "api"', "Spin 1 module", "canonical_abi_realloc"])


def main():
    suites = (python_template_tests, python_p3_tests, python_echo_tests, wat_component_tests, component_routing_tests,
              refused_component_tests, spin1_module_tests)
    try:
        use_pinned_tools()
    except Exception as error:  # cannot build the apps: a failure, never a skip
        check("pinned tools", False, repr(error))
        suites = ()
    # e.g. SPIN_UP_COMPONENT_TESTS=wat_component_tests
    return run_suites(suites, "SPIN_UP_COMPONENT_TESTS")


if __name__ == "__main__":
    sys.exit(main())
