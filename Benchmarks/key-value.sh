#!/usr/bin/env bash
# Key-value requests per second under wrk: the Python app of
# Tests/Integration/Apps/python-apis (componentize-py, spin-sdk) served by our
# `spin up`, GET and PUT of one key through fermyon:spin/key-value, on the
# default store (embedded SQLite) and on Redis (runtime config), and the app's
# GET / (no host call) for reference. Every figure is the median of ROUNDS runs.
#
#   Benchmarks/key-value.sh [path-to-spin]     (default .build/release/spin)
#   env: ROUNDS=3 DURATION=5s CONNECTIONS=8 THREADS=2
set -euo pipefail
export LC_ALL=C

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spin="${1:-$repo/.build/release/spin}"
spin="$(cd "$(dirname "$spin")" && pwd)/$(basename "$spin")"
rounds="${ROUNDS:-3}" duration="${DURATION:-5s}" connections="${CONNECTIONS:-8}" threads="${THREADS:-2}"
# shellcheck source=../scripts/pinned-tools.sh
source "$repo/scripts/pinned-tools.sh"
ensure_pinned_tools >&2
command -v wrk >/dev/null || { echo "key-value: needs wrk (Debian package 'wrk')" >&2; exit 1; }
command -v redis-server >/dev/null || "$repo/scripts/system-packages.sh"

work="$repo/.build-bench/key-value"
rm -rf "$work" && mkdir -p "$work/app"
cp "$repo/Tests/Integration/Apps/python-apis/"{app.py,spin.toml} "$work/app/"
export PATH="$(dirname "$COMPONENTIZE_PY"):$PATH"
unset VIRTUAL_ENV
(cd "$work/app" && "$spin" build >/dev/null)

redis_port=6391
redis-server --port "$redis_port" --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
printf '[key_value_store.default]\ntype = "redis"\nurl = "redis://127.0.0.1:%s"\n' "$redis_port" >"$work/redis.toml"
trap 'kill $redis_pid 2>/dev/null; kill $(jobs -p) 2>/dev/null || true' EXIT
printf 'wrk.method = "PUT"\nwrk.body = "value"\n' >"$work/put.lua"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure NAME PORT PATH [wrk args...]: median requests/s over the rounds.
measure() {
    local name="$1" port="$2" path="$3"; shift 3
    for _ in $(seq "$rounds"); do
        wrk -t"$threads" -c"$connections" -d"$duration" "$@" "http://127.0.0.1:$port$path" |
            awk '/Requests\/sec/ { print $2 }'
    done | median | xargs printf '%-34s %8.0f req/s\n' "$name"
}

serve() {  # serve PORT [spin up args...]
    local port="$1"; shift
    # A guest whose client left when a wrk run ended reports it here, not on the terminal.
    (cd "$work/app" && exec "$spin" up --quiet --listen "127.0.0.1:$port" "$@" 2>>"$work/spin-up.log") &
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && return; sleep 0.1; done
    echo "key-value: spin up did not answer on $port" >&2; exit 1
}

serve 3491 --state-dir "$work/sqlite-state"
serve 3492 --state-dir "$work/redis-state" --runtime-config-file "$work/redis.toml"
for port in 3491 3492; do curl -sf -X PUT -d value "http://127.0.0.1:$port/kv/default/a" >/dev/null; done
measure "GET / (no host call)" 3491 /
measure "GET /kv/default/a (SQLite)" 3491 /kv/default/a
measure "PUT /kv/default/b (SQLite)" 3491 /kv/default/b -s "$work/put.lua"
measure "GET /kv/default/a (Redis)" 3492 /kv/default/a
measure "PUT /kv/default/b (Redis)" 3492 /kv/default/b -s "$work/put.lua"
