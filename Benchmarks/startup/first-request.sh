#!/usr/bin/env bash
# Start-up of `spin up`: wall time from starting the process to the first
# answered request (HTTP 200), for the Go WAGI app of `spin new -t http-go`.
# Each run is a fresh process; prints every run, then median, min and max.
#
#   Benchmarks/startup/first-request.sh [path-to-spin]   (default .build/release/spin)
#   env: RUNS=9  TEMPLATE=http-go
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spin="${1:-$repo/.build/release/spin}"
spin="$(cd "$(dirname "$spin")" && pwd)/$(basename "$spin")"
runs="${RUNS:-9}"
template="${TEMPLATE:-http-go}"
source "$repo/scripts/pinned-tools.sh"
ensure_pinned_tools

work="$repo/.build-bench/startup"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
"$spin" new -t "$template" app --accept-defaults >/dev/null
(cd app && "$spin" build >/dev/null)

# The clock starts before the process is created and stops at the first
# complete status line of a 200 answer; connection refusals are retried.
python3 - "$spin" "$work/app" "$runs" <<'PYTHON'
import socket, statistics, subprocess, sys, time
spin, app, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
request = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
times = []
for run in range(runs):
    port = 39100 + run
    start = time.monotonic()
    process = subprocess.Popen([spin, "up", "--from", app, "--listen", f"127.0.0.1:{port}", "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
                connection.sendall(request)
                if connection.recv(64).startswith(b"HTTP/1.1 200"):
                    break
        except OSError:
            pass
        if process.poll() is not None:
            sys.exit(f"spin up exited with {process.returncode} before answering")
        time.sleep(0.001)
    times.append((time.monotonic() - start) * 1000)
    process.terminate()
    process.wait()
    print(f"run {run + 1}: {times[-1]:.1f} ms")
print(f"first request of {app}: median {statistics.median(times):.1f} ms, "
      f"min {min(times):.1f} ms, max {max(times):.1f} ms ({runs} runs)")
PYTHON
