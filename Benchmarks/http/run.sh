#!/usr/bin/env bash
# HTTP throughput of `spin up` under wrk (-t2 -c16 -d10s on loopback): the
# http-c and http-go template apps (WAGI), and a static_response route in the
# same app as the ceiling of the HTTP stack. Prints requests/s, p50/p99, the
# peak resident memory of the spin process (VmHWM) and each Wasm route's share
# of its app's static route.
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
    local peak
    peak="$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")"
    kill -INT "$pid"
    wait "$pid" 2>/dev/null || true
    local rps p50 p99
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$output")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$output")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$output")"
    echo "$rps $p50 $p99 $peak"
}

printf '%-28s %12s %10s %10s %14s %10s\n' "route" "requests/s" "p50" "p99" "peak RSS MiB" "of static"
for app in http-c http-go; do
    read -r wasm_rps wasm_p50 wasm_p99 wasm_peak <<<"$(measure "$app" /)"
    read -r static_rps static_p50 static_p99 static_peak <<<"$(measure "$app" /static)"
    share="$(awk -v a="$wasm_rps" -v b="$static_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')"
    printf '%-28s %12s %10s %10s %14s %10s\n' "$app /" "$wasm_rps" "$wasm_p50" "$wasm_p99" "$wasm_peak" "$share"
    printf '%-28s %12s %10s %10s %14s %10s\n' "$app /static" "$static_rps" "$static_p50" "$static_p99" "$static_peak" ""
done
echo "wrk -t$threads -c$connections -d$duration --latency, loopback; $(nproc) cores; spin: $spin"
