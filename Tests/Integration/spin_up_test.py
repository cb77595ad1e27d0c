#!/usr/bin/env python3
"""Integration tests of `spin up`: real servers on free 127.0.0.1 ports, real
HTTP clients. Each check prints ok/FAIL; the last line is "N passed, N failed".

    Tests/Integration/spin_up_test.py [path-to-spin]   (default .build/release/spin)
"""
import concurrent.futures
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
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

    def __init__(self, app_dir, *extra):
        self.process = subprocess.Popen(
            [SPIN, "up", "--listen", "127.0.0.1:0", *extra], cwd=app_dir,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.port = None
        self.banner = []
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
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        statuses = []
        for _ in range(5):
            connection.request("GET", "/users/me")
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        connection.close()
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

        paths = ["/loop", "/loop", "/trap", "/recurse", "/nocgi"] + ["/hello"] * 20
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(paths)) as pool:
            outcomes = list(pool.map(timed, paths))
        by_path = {}
        for path, status, seconds in outcomes:
            by_path.setdefault(path, []).append((status, seconds))
        check("looping guest answered 504 near its deadline",
              all(status == 504 and seconds < 5 for status, seconds in by_path["/loop"]), by_path["/loop"])
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


BROKEN_MANIFESTS = {
    "unknown field": ('spin_manifest_version = 2\n[application]\nname = "x"\n'
                      '[[trigger.http]]\nroute = "/"\ncomponent = "api"\n'
                      '[component.api]\nsorce = "a.wasm"\n', 'unknown field "sorce"'),
    "duplicate route": ('spin_manifest_version = 2\n[application]\nname = "x"\n'
                        '[[trigger.http]]\nroute = "/a/..."\ncomponent = "a"\n'
                        '[[trigger.http]]\nroute = "/a/..."\ncomponent = "b"\n'
                        '[component.a]\nsource = "a.wasm"\n[component.b]\nsource = "b.wasm"\n', "/a/..."),
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


def main():
    for suite in (routing_tests, faulty_tests, broken_manifest_tests, template_tests):
        try:
            suite()
        except Exception as error:  # a suite that cannot run is a failure, not a skip
            check(suite.__name__, False, repr(error))
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
