#!/usr/bin/env python3
"""Integration tests of `spin up`: real servers on free 127.0.0.1 ports, real
HTTP clients. Each check prints ok/FAIL; the last line is "N passed, N failed".

    Tests/Integration/spin_up_test.py [path-to-spin]   (default .build/release/spin)
    SPIN_UP_TESTS=connection_tests Tests/Integration/spin_up_test.py   (only the named suites)
"""
import concurrent.futures
import http.client
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, ".build/release/spin"))
APPS = os.path.join(REPO, "Tests/Integration/Apps")
results = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    if condition:
        results["passed"] += 1
        print(f"ok   {name}")
    else:
        results["failed"] += 1
        print(f"FAIL {name} {detail}")


class SpinUp:
    """A `spin up` process on a free port, stopped with SIGINT."""

    def __init__(self, app_dir, *extra, env=None):
        self.process = subprocess.Popen(
            [SPIN, "up", "--listen", "127.0.0.1:0", *extra], cwd=app_dir, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.port = None
        self.banner = []
        watchdog = threading.Timer(60, self.process.kill)  # a silent process must not block readline
        watchdog.start()
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.banner.append(line)
            match = re.search(r"Serving http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
            if line.startswith("Available Routes:"):
                break
        watchdog.cancel()
        if self.port is None:
            self.stop()
            raise RuntimeError(f"spin up did not start: {''.join(self.banner)} {self.process.stderr.read()}")
        time.sleep(0.1)
        for _ in range(50):  # the route lines follow the banner
            if self.process.stdout.readable():
                break

    def request(self, method, path, body=None, headers=None, timeout=30):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def keep_alive_statuses(port, path, count):
    """The statuses of `count` GETs of `path` sent one after another on one connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    statuses = []
    for _ in range(count):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
    connection.close()
    return statuses


def fields(body):
    return dict(line.split("=", 1) for line in body.decode().splitlines() if "=" in line)


def build(app_dir):
    result = subprocess.run([SPIN, "build"], cwd=app_dir, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"spin build failed in {app_dir}: {result.stdout} {result.stderr}")


def routing_tests():
    app = os.path.join(APPS, "routing")
    build(app)
    server = SpinUp(app)
    try:
        cases = {
            "/users/me": "users-me", "/users/42": "users-param", "/users/42/posts": "users-wildcard",
            "/users": "users-wildcard", "/exact": "exact", "/exact/more": "catch-all", "/": "catch-all",
            "/anything/else": "catch-all",
        }
        for path, component in cases.items():
            status, headers, body = server.request("GET", path)
            check(f"route {path} -> {component}", status == 200 and fields(body).get("component") == component,
                  f"{status} {body[:120]!r}")
        status, headers, body = server.request("POST", "/users/7?x=1&y=", body=b"hello body",
                                               headers={"X-Test": "yes", "Content-Type": "text/plain"})
        env = fields(body)
        check("CGI variables", env.get("REQUEST_METHOD") == "POST" and env.get("QUERY_STRING") == "x=1&y="
              and env.get("CONTENT_LENGTH") == "10" and env.get("CONTENT_TYPE") == "text/plain"
              and env.get("HTTP_X_TEST") == "yes" and env.get("SERVER_SOFTWARE") == "WAGI/1"
              and env.get("GATEWAY_INTERFACE") == "CGI/1.1" and env.get("SERVER_PROTOCOL") == "HTTP/1.1"
              and env.get("REMOTE_ADDR") == "127.0.0.1" and env.get("body-bytes") == "10", str(env))
        check("spin request information as X_ variables", env.get("X_MATCHED_ROUTE") == "/users/:id"
              and env.get("X_PATH_MATCH_ID") == "7" and env.get("X_BASE_PATH") == "/"
              and env.get("X_FULL_URL") == f"http://127.0.0.1:{server.port}/users/7?x=1&y=", str(env))
        status, headers, body = server.request("GET", "/users/a/b/c")
        env = fields(body)
        check("wildcard PATH_INFO and SCRIPT_NAME", env.get("PATH_INFO") == "/a/b/c"
              and env.get("SCRIPT_NAME") == "/users" and env.get("X_COMPONENT_ROUTE") == "/users", str(env))
        status, headers, body = server.request("GET", "/exact?name=x&flag")
        env = fields(body)
        check("argv from the executor's template", env.get("argv[0]") == "/exact" and env.get("argv[1]") == "extra"
              and env.get("argv[2]") == "name" and env.get("argv[3]") == "x" and env.get("argv[4]") == "flag", str(env))
        check("guest headers reach the client", headers.get("x-component") == "exact", str(headers))
        check("only guest headers plus date and content-length",
              set(headers) == {"content-type", "x-component", "date", "content-length"}, str(headers))
        status, headers, body = server.request("GET", "/static")
        check("static_response served without Wasm", status == 201 and body == b"static body\n"
              and headers.get("x-static") == "yes", f"{status} {headers} {body!r}")
        status, _, body = server.request("GET", "/hidden")
        check("private route unreachable from outside", fields(body).get("component") == "catch-all", body[:80])
        status, _, body = server.request("GET", "/.well-known/spin/health")
        check("health endpoint", status == 200 and body == b"OK")
        status, headers, body = server.request("GET", "/.well-known/spin/info")
        check("info endpoint", status == 200 and b'"name":"routing"' in body, body)
        status, _, _ = server.request("POST", "/users/1", body=b"x" * (11 << 20))
        check("body over the limit gets 413", status == 413, status)
        statuses = keep_alive_statuses(server.port, "/users/me", 5)
        check("keep-alive: five requests on one connection", statuses == [200] * 5, statuses)
        routes = "".join(server.banner)
        check("banner lists the serving address", f"Serving http://127.0.0.1:{server.port}" in routes, routes)
    finally:
        check("spin up stops on SIGINT with status 0", server.stop() == 0)


def faulty_tests():
    app = os.path.join(APPS, "faulty")
    build(app)
    server = SpinUp(app, "--request-timeout", "1")
    try:
        def timed(path):
            started = time.time()
            status, _, _ = server.request("GET", path)
            return path, status, time.time() - started

        paths = ["/loop", "/loop", "/sleep", "/trap", "/recurse", "/nocgi"] + ["/hello"] * 20
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(paths)) as pool:
            outcomes = list(pool.map(timed, paths))
        by_path = {}
        for path, status, seconds in outcomes:
            by_path.setdefault(path, []).append((status, seconds))
        check("looping guest answered 504 near its deadline",
              all(status == 504 and seconds < 5 for status, seconds in by_path["/loop"]), by_path["/loop"])
        check("guest sleeping for an hour in poll_oneoff answered 504 near its deadline",
              by_path["/sleep"][0][0] == 504 and by_path["/sleep"][0][1] < 5, by_path["/sleep"])
        check("trapping guest answered 500", by_path["/trap"][0][0] == 500, by_path["/trap"])
        check("endless recursion answered 500", by_path["/recurse"][0][0] == 500, by_path["/recurse"])
        check("malformed CGI output answered 500", by_path["/nocgi"][0][0] == 500, by_path["/nocgi"])
        check("concurrent good requests all succeed", all(status == 200 for status, _ in by_path["/hello"]),
              by_path["/hello"])
        status, _, body = server.request("GET", "/hello")
        check("server still healthy after the failures", status == 200 and body == b"hello\n", status)
        status, _, _ = server.request("GET", "/missing")
        check("no matching route gives an empty 404", status == 404)
    finally:
        server.stop()
    stderr = server.process.stderr.read()
    check("failures are reported with their reason", "trapped" in stderr and "malformed CGI" in stderr, stderr[-500:])


def go_files_tests():
    """A Go wasip1 WAGI guest serving a file from its read-only `files` mapping."""
    app = os.path.join(APPS, "gofiles")
    build(app)
    server = SpinUp(app)
    try:
        status, headers, body = server.request("GET", "/message")
        check("Go guest reads a file of its files mapping", status == 200 and
              body.startswith(b"hello from a mounted file\n"), f"{status} {body[:200]!r}")
        check("Go guest stats and lists the mapping", headers.get("x-file-size") == "26"
              and headers.get("x-entries") == "1", headers)
        check("writes below the read-only mapping are refused", body.endswith(b"write refused\n"), body[-100:])
    finally:
        server.stop()


BROKEN_MANIFESTS = {
    "unknown field": ('spin_manifest_version = 2\n[application]\nname = "x"\n'
                      '[[trigger.http]]\nroute = "/"\ncomponent = "api"\n'
                      '[component.api]\nsorce = "a.wasm"\n', 'unknown field "sorce"'),
    "field of the wrong type, with its line": ('spin_manifest_version = 2\n[application]\nname = "x"\n'
                                                '[component.api]\nsource = "a.wasm"\nfiles = "static"\n',
                                                'spin.toml:6: component "api": field "files" must be'),
    "undefined component": ('spin_manifest_version = 2\n[application]\nname = "x"\n'
                            '[[trigger.http]]\nroute = "/"\ncomponent = "nope"\n', '"nope"'),
    "TOML syntax": ('spin_manifest_version = 2\n[application\nname = "x"\n', "spin.toml"),
    "missing source file": ('spin_manifest_version = 2\n[application]\nname = "x"\n'
                            '[[trigger.http]]\nroute = "/"\ncomponent = "api"\nexecutor = { type = "wagi" }\n'
                            '[component.api]\nsource = "missing.wasm"\n', "missing.wasm"),
}


def broken_manifest_tests():
    for name, (text, expected) in BROKEN_MANIFESTS.items():
        directory = tempfile.mkdtemp(prefix="spin-broken-")
        try:
            with open(os.path.join(directory, "spin.toml"), "w") as manifest:
                manifest.write(text)
            result = subprocess.run([SPIN, "up", "--listen", "127.0.0.1:0"], cwd=directory,
                                    capture_output=True, text=True, timeout=30)
            check(f"broken manifest ({name}) refused", result.returncode != 0 and expected in result.stderr
                  and "Serving" not in result.stdout, f"{result.returncode} {result.stderr.strip()}")
        finally:
            shutil.rmtree(directory, ignore_errors=True)


def new_app(template, name, workspace):
    result = subprocess.run([SPIN, "new", "-t", template, name, "--accept-defaults"], cwd=workspace,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"spin new -t {template} failed: {result.stdout} {result.stderr}")
    app = os.path.join(workspace, name)
    build(app)
    return app


def refused_at_start(name, manifest, wats, expected, *flags):
    """`spin up` of an app built from `wats` must exit non-zero before listening, saying `expected`."""
    directory = tempfile.mkdtemp(prefix="spin-refused-")
    try:
        with open(os.path.join(directory, "spin.toml"), "w") as file:
            file.write(manifest)
        for stem, text in wats.items():
            with open(os.path.join(directory, f"{stem}.wat"), "w") as file:
                file.write(text)
        build(directory)
        try:
            result = subprocess.run([SPIN, "up", "--listen", "127.0.0.1:0", *flags], cwd=directory,
                                    capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired as error:
            check(name, False, f"still running after 30 s: {error.stdout!r}")
            return
        missing = [text for text in expected if text not in result.stderr]
        check(name, result.returncode != 0 and not missing and "Serving" not in result.stdout,
              f"exit {result.returncode}, missing {missing}: {result.stderr.strip()[-400:]}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def one_component_manifest(source, executor='executor = { type = "wagi" }\n'):
    """A manifest serving component `api` on /... from `source`.wat (WAGI unless executor="")."""
    return ('spin_manifest_version = 2\n[application]\nname = "refused"\n'
            f'[[trigger.http]]\nroute = "/..."\ncomponent = "api"\n{executor}'
            f'[component.api]\nsource = "{source}.wasm"\n'
            f'build = {{ command = "wasm-tools parse {source}.wat -o {source}.wasm" }}\n')


def status_bytes(pid, field):
    """A size field of /proc/PID/status (VmHWM: peak resident, VmRSS: resident now), in bytes."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def peak_rss_bytes(pid):
    return status_bytes(pid, "VmHWM")


def limits_tests():
    """Memory cap per instance, start-up refusals (too large, unlinkable), fair scheduling of long requests."""
    app = os.path.join(APPS, "limits")
    build(app)
    cap, workers = 64 << 20, 2
    server = SpinUp(app, "--max-instance-memory", str(cap), "--workers", str(workers))
    try:
        status, _, body = server.request("GET", "/bomb")
        # 1 page, then 16 at a time: 1,009 pages fit in 1,024, the next grow gets -1.
        check("memory bomb: memory.grow answers -1 at --max-instance-memory", status == 200
              and body == b"pages=1009\n", f"{status} {body[:80]!r}")
        with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda _: server.request("GET", "/bomb")[0], range(6)))
        peak = peak_rss_bytes(server.process.pid)
        overhead = 100 << 20
        check("six concurrent memory bombs: peak RSS under the cap times the workers plus overhead",
              answers == [200] * 6 and peak < cap * workers + overhead,
              f"{answers} peak {peak >> 20} MiB, bound {(cap * workers + overhead) >> 20} MiB")
        status, _, body = server.request("GET", "/hello")
        check("server healthy after the bombs", status == 200 and body == b"hello\n", status)
    finally:
        server.stop()

    refused_at_start("module whose initial memory exceeds the cap refused at start-up",
                     one_component_manifest("huge"),
                     {"huge": '(module (memory (export "memory") 65536) (func (export "_start")))'},
                     ['component "api"', "huge.wasm", "--max-instance-memory"])
    # 10 million elements of 8 bytes: 80 MB, over a 64 MiB cap.
    refused_at_start("module with a 10-million-element table refused at start-up",
                     one_component_manifest("table"),
                     {"table": '(module (memory (export "memory") 1) (table 10000000 funcref) (func (export "_start")))'},
                     ['component "api"', "table.wasm", "--max-instance-memory"], "--max-instance-memory", str(cap))
    refused_at_start("module importing what no host provides refused before listening",
                     one_component_manifest("unlinkable"),
                     {"unlinkable": '(module (import "env" "missing" (func (param i32) (result i32))) '
                                    '(memory (export "memory") 1) (func (export "_start")))'},
                     ['component "api"', "unlinkable.wasm", "env::missing", "func (i32) -> (i32)"])

    result = subprocess.run([SPIN, "up", "--help"], capture_output=True, text=True)
    help_text = " ".join(result.stdout.split())
    check("the default request deadline is 60 s",
          re.search(r"--request-timeout <request-timeout> [^-]{0,200}\(default: 60(\.0)?\)", help_text) is not None,
          help_text[-600:])

    # Fairness, loosely (Benchmarks/fairness/run.py measures the targets with wrk): looping
    # requests in flight must not starve a healthy route.
    server = SpinUp(app)
    try:
        def rate(seconds):
            """Requests per second of /hello from 4 client threads, and how many were not 200."""
            stop = time.time() + seconds
            counts = []

            def client():
                done = bad = 0
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                while time.time() < stop:
                    connection.request("GET", "/hello")
                    response = connection.getresponse()
                    response.read()
                    done += 1
                    bad += response.status != 200
                connection.close()
                counts.append((done, bad))
            threads = [threading.Thread(target=client) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return sum(done for done, _ in counts) / seconds, sum(bad for _, bad in counts)

        solo, _ = rate(2)
        loopers = []
        for count in (1, 3):  # then four in flight
            for _ in range(count):
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
                connection.request("GET", "/loop")
                loopers.append(connection)
            time.sleep(0.3)
            loaded, bad = rate(2)
            check(f"{len(loopers)} looping request(s) in flight: /hello keeps >= 30% of its solo rate, all 200",
                  loaded >= 0.3 * solo and bad == 0, f"{loaded:.0f} vs solo {solo:.0f} req/s, {bad} not 200")
    finally:
        server.stop()
        for connection in loopers:
            connection.close()


def template_tests():
    """Apps as a user makes them: spin new, spin build (pinned toolchains), spin up, curl."""
    workspace = tempfile.mkdtemp(prefix="spin-templates-")
    try:
        for template in ("http-c", "http-go", "http-zig"):
            app = new_app(template, f"hello-{template.split('-')[1]}", workspace)
            server = SpinUp(app)
            try:
                status, headers, body = server.request("GET", "/")
                check(f"spin new -t {template}: built app answers", status == 200 and len(body) > 0
                      and headers.get("content-type", "").startswith("text/"), f"{status} {body[:80]!r}")
            finally:
                server.stop()
        app = new_app("static-fileserver", "files", workspace)
        with open(os.path.join(app, "assets", "notes.txt"), "w") as notes:
            notes.write("plain notes\n")
        os.makedirs(os.path.join(app, "assets", "docs"), exist_ok=True)
        with open(os.path.join(app, "assets", "docs", "page.html"), "w") as page:
            page.write("<p>a page</p>\n")
        with open(os.path.join(app, "secret.txt"), "w") as secret:
            secret.write("outside the files mapping\n")
        server = SpinUp(app)
        try:
            status, headers, body = server.request("GET", "/")
            check("file server: index.html at /", status == 200 and headers.get("content-type", "").startswith("text/html"),
                  f"{status} {headers}")
            status, headers, body = server.request("GET", "/notes.txt")
            check("file server: a mapped file", status == 200 and body == b"plain notes\n"
                  and headers.get("content-type", "").startswith("text/plain"), f"{status} {body!r}")
            status, headers, body = server.request("GET", "/docs/page.html")
            check("file server: a nested file", status == 200 and body == b"<p>a page</p>\n", f"{status} {body!r}")
            status, _, _ = server.request("GET", "/missing.txt")
            check("file server: missing file is 404", status == 404, status)
            for escape in ("/../secret.txt", "/docs/../../secret.txt", "/%2e%2e/secret.txt", "/../spin.toml"):
                status, _, body = server.request("GET", escape)
                check(f"file server: escape {escape} refused", status in (400, 403, 404) and b"outside" not in body,
                      f"{status} {body[:80]!r}")
        finally:
            server.stop()
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


class RawConnection:
    """A raw socket to the server, for requests http.client cannot send (half heads, trickled bodies)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buffer = b""
        self.opened = time.time()

    def send(self, data):
        self.sock.sendall(data)

    def response(self, timeout=5):
        """One response as (status, headers, body); None when the server closed or sent nothing in time."""
        self.sock.settimeout(timeout)
        try:
            while b"\r\n\r\n" not in self.buffer:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return None
                self.buffer += chunk
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            headers = dict((name.strip().lower(), value.strip())
                           for name, value in (line.split(":", 1) for line in lines[1:]))
            length = int(headers.get("content-length", "0"))
            while len(self.buffer) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buffer += chunk
        except (socket.timeout, ConnectionResetError):
            return None
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(lines[0].split()[1]), headers, body

    def closed_within(self, seconds):
        """Seconds since opening at which the server closed the connection; None if it stayed open."""
        self.sock.settimeout(seconds)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return time.time() - self.opened
                self.buffer += chunk
        except socket.timeout:
            return None
        except ConnectionResetError:
            return time.time() - self.opened

    def close(self):
        self.sock.close()


def cpu_seconds(pid):
    """User plus system CPU time of a process, all threads."""
    with open(f"/proc/{pid}/stat") as stat:
        values = stat.read().rsplit(")", 1)[1].split()
    return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")


def connection_tests():
    """Connections cannot hold the server: idle, header and body timeouts, a connection limit with a
    clear refusal, accept back-off when descriptors run out, Expect: 100-continue, 431."""
    app = os.path.join(APPS, "routing")
    build(app)
    server = SpinUp(app, "--idle-timeout", "1", "--header-timeout", "2", "--body-timeout", "1",
                    "--max-request-body", "1000", "--max-connections", "3")
    try:
        connection = RawConnection(server.port)
        connection.send(b"GET /users/me HTTP/1.1\r\nHost: x\r\n\r\n")
        answered = connection.response()
        idle_from = time.time()
        closed = connection.closed_within(4)
        idle = None if closed is None else time.time() - idle_from
        check("idle keep-alive connection closed by the idle timeout", answered and answered[0] == 200
              and idle is not None and 0.5 < idle < 2.5, f"{answered and answered[0]} idle {idle}")
        connection.close()

        connection = RawConnection(server.port)
        closed = connection.closed_within(5)
        check("connection sending nothing closed by the header timeout", closed is not None and 1.5 < closed < 3.5,
              closed)
        connection.close()

        connection = RawConnection(server.port)
        connection.send(b"GET /users/me HTTP/1.1\r\nHost: x\r\n")
        closed = None
        for _ in range(12):  # half a head, then a header line every 0.5 s
            closed = connection.closed_within(0.5)
            if closed is not None:
                break
            try:
                connection.send(b"X-Slow: yes\r\n")
            except (BrokenPipeError, ConnectionResetError):
                closed = time.time() - connection.opened
                break
        check("trickled half head closed by the header timeout", closed is not None and 1.5 < closed < 3.5
              and b"200" not in connection.buffer, f"{closed} {connection.buffer[:60]!r}")
        connection.close()

        connection = RawConnection(server.port)
        connection.send(b"POST /users/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
        closed = None
        for _ in range(6):  # one body byte per second
            try:
                connection.send(b"x")
            except (BrokenPipeError, ConnectionResetError):
                closed = time.time() - connection.opened
                break
            closed = connection.closed_within(1)
            if closed is not None:
                break
        check("body of one byte per second answered 408 and closed by the body timeout",
              closed is not None and closed < 3.5 and connection.buffer.startswith(b"HTTP/1.1 408"),
              f"{closed} {connection.buffer[:60]!r}")
        connection.close()

        connection = RawConnection(server.port)
        connection.send(b"POST /users/5 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n")
        interim = connection.response(timeout=1)
        final = None
        if interim:
            connection.send(b"0123456789")
            final = connection.response()
        check("Expect: 100-continue gets 100 Continue, then the response", interim and interim[0] == 100
              and final and final[0] == 200 and fields(final[2]).get("body-bytes") == "10",
              f"{interim and interim[0]} {final and final[0]}")
        connection.close()

        connection = RawConnection(server.port)
        started = time.time()
        connection.send(b"POST /users/5 HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
        answered = connection.response(timeout=1)
        check("Expect: 100-continue over --max-request-body gets 413 at once", answered and answered[0] == 413
              and answered[1].get("connection") == "close" and time.time() - started < 1,
              answered and answered[:2])
        connection.close()

        connection = RawConnection(server.port)
        connection.send(b"GET /users/me HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
        answered = connection.response()
        check("header block over the decoder's limit gets 431", answered and answered[0] == 431,
              answered and answered[:2])
        connection.close()

        # The connections above close lingering (up to ~1 s after their answer); wait them out,
        # then hold three places with keep-alive connections that each got an answer.
        time.sleep(1.5)
        held = [RawConnection(server.port) for _ in range(3)]
        for connection in held:
            connection.send(b"GET /users/me HTTP/1.1\r\nHost: x\r\n\r\n")
        held_answers = [connection.response() for connection in held]
        extra = RawConnection(server.port)
        answered, closed = None, None
        try:
            extra.send(b"GET /users/me HTTP/1.1\r\nHost: x\r\n\r\n")
            answered = extra.response(timeout=2)
            closed = extra.closed_within(2)
        except (BrokenPipeError, ConnectionResetError) as error:
            answered = repr(error)
        check("connection beyond --max-connections refused with 503 and closed",
              all(held_answer and held_answer[0] == 200 for held_answer in held_answers) and answered
              and answered[0] == 503 and answered[1].get("connection") == "close" and closed is not None,
              f"{answered and answered[:2]} closed {closed}")
        for connection in held + [extra]:
            connection.close()
        time.sleep(0.3)
        status, _, _ = server.request("GET", "/users/me", timeout=5)
        check("server answers normally once the held connections close", status == 200, status)
    finally:
        server.stop()

    server = SpinUp(app)
    held = []
    try:
        pid = server.process.pid
        descriptors = len(os.listdir(f"/proc/{pid}/fd"))
        _, hard = resource.prlimit(pid, resource.RLIMIT_NOFILE)
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (descriptors + 16, hard))
        held = [RawConnection(server.port) for _ in range(48)]
        time.sleep(0.5)
        before = cpu_seconds(pid)
        time.sleep(1)
        busy = cpu_seconds(pid) - before
        check("out of descriptors: accept backs off instead of spinning", busy < 0.3, f"{busy:.2f} s CPU in 1 s")
        for connection in held:
            connection.close()
        held = []
        try:
            status, _, _ = server.request("GET", "/users/me", timeout=10)
        except OSError as error:
            status = repr(error)
        check("server answers again once descriptors are free", status == 200, status)
    finally:
        for connection in held:
            connection.close()
        server.stop()


GREETER_WAT = """(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Content-Type: text/plain\\n\\n%s\\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const %d))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
"""

# Declared zeta first, then alpha, both on "/...": Spin builds in manifest
# order and serves a duplicate route from the trigger declared later.
CLI_MANIFEST = """spin_manifest_version = 2
[application]
name = "cli"

[[trigger.http]]
route = "/..."
component = "zeta"
executor = { type = "wagi" }

[[trigger.http]]
route = "/..."
component = "alpha"
executor = { type = "wagi" }

[component.zeta]
source = "zeta.wasm"
build = { command = "echo started zeta && sleep 2 && wasm-tools parse zeta.wat -o zeta.wasm && echo built zeta" }

[component.alpha]
source = "alpha.wasm"
build = { command = "wasm-tools parse alpha.wat -o alpha.wasm && echo built alpha" }
"""


def cli_tests():
    """What the spin command says: version, help, missing manifest, build order and live
    output, duplicate routes (the later wins, with a warning), a port in use."""
    for flag in ("--version", "-V"):
        result = subprocess.run([SPIN, flag], capture_output=True, text=True)
        check(f"spin {flag} prints the version", result.returncode == 0
              and re.fullmatch(r"spin \d+\.\d+\.\d+ \(spin-swift\)\n", result.stdout) is not None, repr(result.stdout))
    result = subprocess.run([SPIN, "add", "--help"], capture_output=True, text=True)
    check("spin add --help shows the manifest default once",
          " ".join(result.stdout.split()).count("default: spin.toml") == 1, result.stdout)

    work = tempfile.mkdtemp(prefix="spin-cli-")
    try:
        empty = os.path.join(work, "empty")
        os.makedirs(empty)
        for command in ("up", "build"):
            result = subprocess.run([SPIN, command], cwd=empty, capture_output=True, text=True, timeout=30)
            check(f"spin {command} without spin.toml says where it looked and suggests -f", result.returncode == 1
                  and f"Default file 'spin.toml' not found in {os.path.realpath(empty)}" in result.stderr
                  and f"spin {command} -f <APPLICATION>" in result.stderr, result.stderr)
        result = subprocess.run([SPIN, "up", "-f", empty], cwd=work, capture_output=True, text=True, timeout=30)
        check("spin up -f DIR without spin.toml names the directory", result.returncode == 1
              and "does not contain a file named 'spin.toml'" in result.stderr and empty in result.stderr, result.stderr)

        app = os.path.join(work, "app")
        os.makedirs(app)
        with open(os.path.join(app, "spin.toml"), "w") as manifest:
            manifest.write(CLI_MANIFEST)
        for name in ("zeta", "alpha"):
            with open(os.path.join(app, f"{name}.wat"), "w") as wat:
                wat.write(GREETER_WAT % (f"hello from {name}", 38 + len(name)))
        process = subprocess.Popen([SPIN, "build"], cwd=app, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        started = time.time()
        first = [process.stdout.readline(), process.stdout.readline()]
        live = process.poll() is None and time.time() - started < 1.8
        rest = process.stdout.read()
        process.wait()
        check("spin build shows each component's output as it comes", live
              and first[0].startswith("Building component zeta") and first[1] == "started zeta\n", f"{live} {first!r}")
        lines = [line for line in ("".join(first) + rest).splitlines() if line.startswith(("Building", "built"))]
        check("spin build runs components in manifest order", process.returncode == 0 and lines == [
            "Building component zeta with `echo started zeta && sleep 2 && wasm-tools parse zeta.wat -o zeta.wasm && echo built zeta`",
            "built zeta",
            "Building component alpha with `wasm-tools parse alpha.wat -o alpha.wasm && echo built alpha`",
            "built alpha"], "".join(first) + rest)

        server = SpinUp(app)
        try:
            status, _, body = server.request("GET", "/anything")
            check("duplicate route: the trigger declared later serves it", status == 200
                  and body == b"hello from alpha\n", f"{status} {body!r}")
            occupied = server.port
            result = subprocess.run([SPIN, "up", "--listen", f"127.0.0.1:{occupied}"], cwd=app,
                                    capture_output=True, text=True, timeout=60)
            check("a port in use is named in Spin's words", result.returncode == 1
                  and f"127.0.0.1:{occupied} is already in use" in result.stderr and "errno" not in result.stderr
                  and "bind(" not in result.stderr, result.stderr)
        finally:
            server.stop()
        listing = "".join(server.banner) + server.process.stdout.read()
        routes = [line.split(":")[0].strip() for line in listing.splitlines() if line.startswith("  ")]
        check("duplicate route: only the serving trigger is listed", routes == ["alpha"], listing)
        stderr = server.process.stderr.read()
        check("duplicate route: spin up warns, naming both components",
              'spin.toml:6: route "/..." of component "zeta" is a duplicate and will never be used: '
              'component "alpha" declares the same route later (line 11) and serves it' in stderr, stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def resident_bytes(pid):
    return status_bytes(pid, "VmRSS")


def streaming_tests():
    """A 50 MiB WAGI response streams: first bytes before the guest is done, no copy of it in
    the server's memory, and small requests beside it stay fast."""
    app = os.path.join(APPS, "streaming")
    build(app)
    server = SpinUp(app)
    try:
        for _ in range(3):
            server.request("GET", "/hello")
        before = resident_bytes(server.process.pid)
        highest = before
        latencies = []
        stop = threading.Event()

        def small_requests():
            while not stop.is_set():
                started = time.time()
                status, _, _ = server.request("GET", "/hello")
                latencies.append((status, time.time() - started))
                time.sleep(0.01)

        poller = threading.Thread(target=small_requests)
        poller.start()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        started = time.time()
        connection.request("GET", "/big")
        response = connection.getresponse()
        first = response.read(1)
        first_byte = time.time() - started
        total = len(first)
        while True:
            chunk = response.read(1 << 20)
            if not chunk:
                break
            total += len(chunk)
            highest = max(highest, resident_bytes(server.process.pid))
        elapsed = time.time() - started
        connection.close()
        stop.set()
        poller.join()
        growth = highest - before
        print(f"note 50 MiB WAGI response: first byte after {first_byte * 1000:.1f} ms, all after "
              f"{elapsed * 1000:.0f} ms; resident memory grew {growth >> 20} MiB at most; {len(latencies)} small requests meanwhile")
        check("50 MiB WAGI response arrives whole, chunked", total == 50 << 20
              and response.getheader("transfer-encoding") == "chunked", f"{total} {response.getheaders()}")
        check("its first byte arrives before a tenth of the whole transfer", first_byte < elapsed / 10,
              f"{first_byte:.3f} s of {elapsed:.3f} s")
        check("the server never holds the response: resident memory grows by under 25 MiB", growth < 25 << 20,
              f"{growth >> 20} MiB")
        slowest = max((seconds for _, seconds in latencies), default=0)
        check("small requests beside it all succeed, none slower than 250 ms",
              latencies and all(status == 200 for status, _ in latencies) and slowest < 0.25,
              f"{len(latencies)} requests, slowest {slowest * 1000:.0f} ms")
    finally:
        check("streaming app: spin up stops on SIGINT with status 0", server.stop() == 0)


def run_suites(suites, selection_variable):
    """Runs the suites the environment variable names (all when unset), prints the
    summary line and returns the exit status."""
    only = os.environ.get(selection_variable)
    for suite in suites:
        if only and suite.__name__ not in only.split(","):
            continue
        try:
            suite()
        except Exception as error:  # a suite that cannot run is a failure, not a skip
            check(suite.__name__, False, repr(error))
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 0 if results["failed"] == 0 else 1


def main():
    # e.g. SPIN_UP_TESTS=connection_tests,routing_tests
    return run_suites((routing_tests, faulty_tests, go_files_tests, connection_tests, limits_tests, streaming_tests,
                       broken_manifest_tests, template_tests, cli_tests), "SPIN_UP_TESTS")


if __name__ == "__main__":
    sys.exit(main())
