#!/usr/bin/env bash
# HTTP throughput of `spin up` under wrk (-t2 -c16 -d10s on loopback): the
# http-c and http-go template apps (WAGI), and a static_response route in the
# same app as the ceiling of the HTTP stack. Prints requests/s and p50/p99.
#
#   Benchmarks/http/run.sh [path-to-spin]     (default .build/release/spin)
#   env: DURATION=10s CONNECTIONS=16 THREADS=2
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spin="${1:-$repo/.build/release/spin}"
spin="$(cd "$(dirname "$spin")" && pwd)/$(basename "$spin")"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-16}"
threads="${THREADS:-2}"
source "$repo/scripts/pinned-tools.sh"
ensure_pinned_tools
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

work="$repo/.build-bench/http"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
for template in http-c http-go; do
    "$spin" new -t "$template" "$template" --accept-defaults >/dev/null
    # The same app also answers a static route: the HTTP stack's ceiling.
    cat >>"$template/spin.toml" <<'TOML'

[[trigger.http]]
route = "/static"
static_response = { status_code = 200, headers = { "content-type" = "text/plain" }, body = "Hello, static!\n" }
TOML
    (cd "$template" && "$spin" build >/dev/null)
done

# measure APP PATH: wrk against a fresh spin up; prints "rps p50 p99".
measure() {
    local app="$1" path="$2" log="$work/$1.up.log"
    "$spin" up --from "$work/$app" --listen 127.0.0.1:0 >"$log" 2>&1 &
    local pid=$!
    local port=""
    for _ in $(seq 1 100); do
        port="$(grep -o 'Serving http://127.0.0.1:[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' || true)"
        [[ -n "$port" ]] && break
        sleep 0.1
    done
    curl -sf "http://127.0.0.1:$port$path" >/dev/null
    local output
    output="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port$path")"
    kill -INT "$pid"
    wait "$pid" 2>/dev/null || true
    local rps p50 p99
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$output")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$output")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$output")"
    echo "$rps $p50 $p99"
}

printf '%-28s %12s %10s %10s\n' "route" "requests/s" "p50" "p99"
for case in "http-c /" "http-c /static" "http-go /" "http-go /static"; do
    read -r app path <<<"$case"
    read -r rps p50 p99 <<<"$(measure "$app" "$path")"
    printf '%-28s %12s %10s %10s\n' "$app $path" "$rps" "$p50" "$p99"
done
echo "wrk -t$threads -c$connections -d$duration --latency, loopback; $(nproc) cores; spin: $spin"
