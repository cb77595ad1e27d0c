#!/usr/bin/env bash
# HTTP components served by our `spin up` and by `wasmtime serve`, side by side
# under wrk (-t2 -c16 -d10s --latency on loopback): hello.wasm of
# Tests/Integration/Apps/http-components, and the Python hello app of the
# http-py template. Prints requests/s and p99 latency per server, the ratios,
# and the time from starting the server to its first 200 answer for the Python
# app. Runs alternate (ours, wasmtime, ours, wasmtime, ...) for ROUNDS rounds;
# every figure is the median over the rounds. See README.md#http-componentssh.
#
#   Benchmarks/http-components.sh [path-to-spin]     (default .build/release/spin)
#   env: ROUNDS=3 DURATION=10s CONNECTIONS=16 THREADS=2
#
# Exit status: 1 when a build fails or wasmtime has no figures for a case;
# ours failing prints n/a and the reason, and leaves it 0.
set -euo pipefail
export LC_ALL=C

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spin="${1:-$repo/.build/release/spin}"
spin="$(cd "$(dirname "$spin")" && pwd)/$(basename "$spin")"
rounds="${ROUNDS:-3}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-16}"
threads="${THREADS:-2}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "http-components: ROUNDS must be a positive integer" >&2; exit 2; }
# shellcheck source=../scripts/pinned-tools.sh
source "$repo/scripts/pinned-tools.sh"
ensure_pinned_tools >&2   # WASM_TOOLS, WASMTIME, COMPONENTIZE_PY
if ! command -v wrk >/dev/null; then
    echo "http-components: installing wrk (Debian package 'wrk')" >&2
    sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
fi

work="$repo/.build-bench/http-components"
rm -rf "$work"
mkdir -p "$work/hello" "$work/python" "$work/logs"

# --- inputs (built here, never committed) -------------------------------------
# hello: one component, served on every path by both servers.
"$WASM_TOOLS" parse "$repo/Tests/Integration/Apps/http-components/hello.wat" -o "$work/hello/hello.wasm"
cat >"$work/hello/spin.toml" <<'TOML'
spin_manifest_version = 2
[application]
name = "hello"
[[trigger.http]]
route = "/..."
component = "hello"
[component.hello]
source = "hello.wasm"
TOML

# python: the http-py-wasip2 template's app.py (spin-sdk 3.4.1, WASIp2) with its build command
# (world spin-http), for ours. wasmtime serve cannot link that world's Spin
# imports (fermyon:spin/*, wasi:config, wasi:keyvalue), so it serves the same
# app.py built for the world wasi:http/proxy@0.2.0: the same CPython and code,
# fewer imports.
cp "$repo/templates/http-py-wasip2/content/app.py" "$work/python/"
cat >"$work/python/spin.toml" <<'TOML'
spin_manifest_version = 2
[application]
name = "python"
[[trigger.http]]
route = "/..."
component = "python"
[component.python]
source = "app.wasm"
TOML
echo "http-components: componentize-py app.py (spin-http for ours, wasi:http/proxy for wasmtime)" >&2
# componentize-py finds spin_sdk in its own Python's site-packages (see
# Tests/Integration/Apps/python-command/build.sh), not in a VIRTUAL_ENV.
(cd "$work/python" && env -u VIRTUAL_ENV "$COMPONENTIZE_PY" --quiet -w spin-http componentize app -o app.wasm \
    && env -u VIRTUAL_ENV "$COMPONENTIZE_PY" --quiet -w wasi:http/proxy@0.2.0 componentize app -o proxy.wasm)
rm -rf "$work/python/__pycache__"

component_of() {  # CASE ENGINE -> the component file that ENGINE serves
    case "$1/$2" in
        hello/*) echo "$work/hello/hello.wasm" ;;
        python/ours) echo "$work/python/app.wasm" ;;
        python/wasmtime) echo "$work/python/proxy.wasm" ;;
    esac
}
expected_body() {
    case "$1" in
        hello) printf 'Hello, world!\n' ;;
        python) printf 'Hello from Python!' ;;
    esac
}

# --- servers ------------------------------------------------------------------
# start CASE ENGINE LOG [EXTRA...]: starts the server on a free port in the
# background; sets server_pid. The port is printed in LOG once it listens.
start() {
    local case_name="$1" engine="$2" log="$3"
    shift 3
    if [[ "$engine" == ours ]]; then
        "$spin" up --from "$work/$case_name" --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
    else
        "$WASMTIME" serve -S cli --addr 127.0.0.1:0 "$@" "$(component_of "$case_name" wasmtime)" >"$log" 2>&1 &
    fi
    server_pid=$!
}
# port LOG: waits (60 s at most) for the serving line; prints the port.
port_of() {
    local log="$1" port=""
    for _ in $(seq 1 600); do
        port="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" 2>/dev/null | head -1 | grep -oE '[0-9]+$' || true)"
        [[ -n "$port" ]] && { echo "$port"; return 0; }
        kill -0 "$server_pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
stop() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
}

# measure CASE ENGINE ROUND: prints "rps p99_ms", or "n/a reason".
measure() {
    local case_name="$1" engine="$2" log="$work/logs/$1-$2-$3.log"
    if [[ "$engine" == ours && ! -x "$spin" ]]; then
        echo "n/a no $spin (swift build -c release --product spin)"
        return
    fi
    start "$case_name" "$engine" "$log"
    local port body output
    if ! port="$(port_of "$log")"; then
        stop
        echo "n/a did not start: $(tail -c 300 "$log" | tr '\n' ' ')"
        return
    fi
    body="$(curl -s --max-time 60 "http://127.0.0.1:$port/" || true)"
    if [[ "$body" != "$(expected_body "$case_name")" ]]; then
        stop
        echo "n/a wrong answer: ${body:0:80} $(tail -c 200 "$log" | tr '\n' ' ')"
        return
    fi
    output="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/" 2>&1)" || true
    stop
    # wrk prints latencies as 812.00us, 1.23ms or 1.02s; non-2xx answers as a count.
    awk '
        /Requests\/sec/ { rps = $2 }
        $1 == "99%" { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
                      p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v }
        /Non-2xx or 3xx responses/ { bad = $NF }
        /Socket errors/ { errors = $0 }
        END {
            if (rps == "" || p99 == "") print "n/a wrk gave no figures"
            else if (bad != "") print "n/a " bad " answers were not 2xx"
            else printf "%s %.2f\n", rps, p99
        }' <<<"$output"
}

# first_answer CASE ENGINE [EXTRA...]: milliseconds from creating the server
# process to its first 200 answer on GET /, polling every 5 ms; "n/a" if none
# within 120 s. Uses a fixed free port so that polling can start at once.
first_answer() {
    local case_name="$1" engine="$2"
    shift 2
    local command
    if [[ "$engine" == ours ]]; then
        command=("$spin" up --from "$work/$case_name" --quiet "$@")
    else
        command=("$WASMTIME" serve -S cli "$@" "$(component_of "$case_name" wasmtime)")
    fi
    python3 - "$engine" "${command[@]}" <<'PYTHON'
import http.client, socket, subprocess, sys, time
engine, command = sys.argv[1], sys.argv[2:]
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
listen = ["--listen", f"127.0.0.1:{port}"] if engine == "ours" else ["--addr", f"127.0.0.1:{port}"]
command = command[:2] + listen + command[2:]
started = time.monotonic()
try:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
except OSError:
    sys.exit(print("n/a"))
answer = "n/a"
while time.monotonic() - started < 120 and process.poll() is None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status == 200:
            answer = f"{(time.monotonic() - started) * 1000:.0f}"
            break
    except OSError:
        time.sleep(0.005)
process.terminate()
process.wait()
print(answer)
PYTHON
}

median() {  # numbers on stdin (n/a lines ignored) -> median, or n/a
    { grep -E '^[0-9.]+$' || true; } | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- runs ---------------------------------------------------------------------
declare -A rps=() p99=() why=() first=()
cases=(hello python)
engines=(ours wasmtime)
for round in $(seq 1 "$rounds"); do
    for case_name in "${cases[@]}"; do
        for engine in "${engines[@]}"; do
            echo "http-components: round $round/$rounds, $case_name, $engine: wrk $duration" >&2
            read -r first_figure rest <<<"$(measure "$case_name" "$engine" "$round")"
            if [[ "$first_figure" == n/a ]]; then
                why[$case_name/$engine]="$rest"
                echo "http-components:   n/a: $rest" >&2
            else
                rps[$case_name/$engine]+="$first_figure"$'\n'
                p99[$case_name/$engine]+="$rest"$'\n'
            fi
        done
    done
    # Start-up of the Python app: ours with no .spin/ (nothing kept from an
    # earlier start) and again with it; wasmtime without its compile cache and
    # with it (the cache is on by default and was filled by the runs above).
    echo "http-components: round $round/$rounds, python, time to the first 200" >&2
    rm -rf "$work/python/.spin"
    first[ours-cold]+="$(first_answer python ours)"$'\n'
    first[ours-warm]+="$(first_answer python ours)"$'\n'
    first[wasmtime-cold]+="$(first_answer python wasmtime -C cache=n)"$'\n'
    first[wasmtime-warm]+="$(first_answer python wasmtime)"$'\n'
done

# --- report -------------------------------------------------------------------
status=0
echo
echo "### HTTP components: spin up vs wasmtime serve"
echo
echo "wrk -t$threads -c$connections -d$duration --latency on loopback, GET /; median of $rounds alternating rounds."
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$repo" rev-parse --short HEAD);"
echo "ours: $spin; wasmtime: $("$WASMTIME" --version)."
echo
echo "| case | server | requests/s | p99 ms |"
echo "| --- | --- | ---: | ---: |"
declare -A med_rps=() med_p99=()
for case_name in "${cases[@]}"; do
    for engine in "${engines[@]}"; do
        key="$case_name/$engine"
        med_rps[$key]="$(printf '%s' "${rps[$key]:-}" | median)"
        med_p99[$key]="$(printf '%s' "${p99[$key]:-}" | median)"
        label="$engine"; [[ "$engine" == ours ]] && label="spin up (ours)"; [[ "$engine" == wasmtime ]] && label="wasmtime serve"
        note=""
        [[ -n "${why[$key]:-}" ]] && note=" (n/a in some rounds: ${why[$key]:0:120})"
        echo "| $case_name | $label$note | ${med_rps[$key]} | ${med_p99[$key]} |"
        [[ "$engine" == wasmtime && "${med_rps[$key]}" == n/a ]] && status=1
    done
done
echo
echo "| case | requests/s ours / wasmtime | p99 ours / wasmtime |"
echo "| --- | ---: | ---: |"
for case_name in "${cases[@]}"; do
    awk -v c="$case_name" -v a="${med_rps[$case_name/ours]}" -v b="${med_rps[$case_name/wasmtime]}" \
        -v x="${med_p99[$case_name/ours]}" -v y="${med_p99[$case_name/wasmtime]}" 'BEGIN {
        r = (a == "n/a" || b == "n/a" || b == 0) ? "n/a" : sprintf("%.3f", a / b)
        l = (x == "n/a" || y == "n/a" || y == 0) ? "n/a" : sprintf("%.2f", x / y)
        printf "| %s | %s | %s |\n", c, r, l }'
done
echo
echo "Python app, process start to first 200 (ms, median of $rounds):"
echo
echo "| server | cold | warm |"
echo "| --- | ---: | ---: |"
echo "| spin up (ours): cold = no .spin/ | $(printf '%s' "${first[ours-cold]}" | median) | $(printf '%s' "${first[ours-warm]}" | median) |"
echo "| wasmtime serve: cold = -C cache=n | $(printf '%s' "${first[wasmtime-cold]}" | median) | $(printf '%s' "${first[wasmtime-warm]}" | median) |"
exit "$status"
