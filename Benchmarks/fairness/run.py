#!/usr/bin/env python3
"""Fairness of `spin up` under looping guests (issue: long requests must not
starve short ones). Serves Tests/Integration/Apps/faulty, measures its healthy
route /hello with wrk alone, then with 1 and with 4 requests to the looping
route /loop always in flight, and prints each target:

  one looping request:   >= 99.9% of /hello answered 200, p99 <= 2x solo
  four looping requests: /hello keeps >= 50% of its solo requests per second

    Benchmarks/fairness/run.py [path-to-spin] [--seconds N] [--workers N]
Needs wrk (apt-get install wrk). Exits non-zero when a target is missed.
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time
import http.client

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
APP = os.path.join(REPO, "Tests/Integration/Apps/faulty")


def start_server(spin, extra):
    process = subprocess.Popen([spin, "up", "--listen", "127.0.0.1:0", *extra],
                               cwd=APP, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in process.stdout:
        match = re.search(r"Serving http://127\.0\.0\.1:(\d+)", line)
        if match:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, int(match.group(1))
    raise RuntimeError("spin up did not start")


def wrk(port, seconds):
    """(requests per second, p99 ms, share of 2xx answers) of GET /hello."""
    output = subprocess.run(["wrk", "-t1", "-c4", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}/hello"],
                            capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rps, float(p99.group(1)) * scale, (total - failed) / max(total + (int(errors.group(4)) if errors else 0), 1)


def keep_looping(port, stop, answered):
    """Keeps one /loop request in flight until `stop` is set."""
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", "/loop")
            answered.append(connection.getresponse().status)
        except OSError:
            pass
        finally:
            connection.close()


def measure(spin, extra, loopers, seconds):
    """wrk's figures for /hello on a fresh server with `loopers` /loop requests kept in flight."""
    process, port = start_server(spin, extra)
    stop = threading.Event()
    answered = []
    threads = [threading.Thread(target=keep_looping, args=(port, stop, answered), daemon=True)
               for _ in range(loopers)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(0.5 if loopers else 0)
        result = wrk(port, seconds)
    finally:
        stop.set()
        process.terminate()
        process.wait()
    for thread in threads:
        thread.join()
    return result, answered


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("spin", nargs="?", default=os.path.join(REPO, ".build/release/spin"))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--request-timeout", type=float,
                        help="spin up's deadline; the default (60 s) keeps each looping request in flight for "
                             "the whole run, a short one restarts them (each restart runs at normal priority "
                             "for one slice)")
    arguments = parser.parse_args()
    extra = ["--workers", str(arguments.workers)] if arguments.workers else []
    if arguments.request_timeout:
        extra += ["--request-timeout", str(arguments.request_timeout)]
    (solo_rps, solo_p99, solo_ok), _ = measure(arguments.spin, extra, 0, arguments.seconds)
    (one_rps, one_p99, one_ok), one_loops = measure(arguments.spin, extra, 1, arguments.seconds)
    (four_rps, four_p99, four_ok), four_loops = measure(arguments.spin, extra, 4, arguments.seconds)
    print(f"solo:            {solo_rps:9.0f} req/s  p99 {solo_p99:7.2f} ms  200s {solo_ok:.4%}")
    print(f"1 looping:       {one_rps:9.0f} req/s  p99 {one_p99:7.2f} ms  200s {one_ok:.4%}  (/loop answers: {len(one_loops)})")
    print(f"4 looping:       {four_rps:9.0f} req/s  p99 {four_p99:7.2f} ms  200s {four_ok:.4%}  (/loop answers: {len(four_loops)})")
    targets = [
        ("1 looping: >= 99.9% 200s", one_ok >= 0.999, f"{one_ok:.4%}"),
        ("1 looping: p99 <= 2x solo", one_p99 <= 2 * solo_p99, f"{one_p99 / solo_p99:.2f}x"),
        ("4 looping: >= 50% of solo req/s", four_rps >= 0.5 * solo_rps, f"{four_rps / solo_rps:.0%}"),
    ]
    for name, met, figure in targets:
        print(f"{'met ' if met else 'MISS'} {name}: {figure}")
    return 0 if all(met for _, met, _ in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
