#!/usr/bin/env bash
# Runs real WASI programs (C built with zig, with and without SIMD; Go built with GOOS=wasip1)
# through `spin wasm run` and through the wasmtime CLI, each on its own copy
# of a directory, and checks that standard output, exit code and the files
# left behind are identical. Prints "N passed, N failed".
#
#   Tests/Integration/wasi-programs.sh [path-to-spin]     (default .build/release/spin)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spin="${1:-$repo/.build/release/spin}"
# Absolute: each case runs in its own directory.
spin="$(cd "$(dirname "$spin")" && pwd)/$(basename "$spin")"
source "$repo/scripts/pinned-tools.sh"
ensure_pinned_tools
go="$(python3 -c 'import os, sysconfig; print(os.path.join(sysconfig.get_paths()["purelib"], "go", "bin", "go"))')"

work="$repo/.build-integration/wasi"
programs="$repo/Tests/Integration/WASIPrograms"
mkdir -p "$work"
python3 -m ziglang cc --target=wasm32-wasi -O2 -o "$work/probe.wasm" "$programs/probe.c"
# Two benchmark programs built with SIMD (-msimd128: clang's vectorizers emit
# shuffles, extends, min/max, dot products and f64x2 arithmetic), run short.
for program in pixels matmul; do
    python3 -m ziglang cc --target=wasm32-wasi -O2 -msimd128 -o "$work/$program-simd.wasm" \
        "$repo/Benchmarks/programs/$program.c"
done
(cd "$programs/gowasi" && GOOS=wasip1 GOARCH=wasm GOCACHE="$work/gocache" GOFLAGS=-mod=mod \
    "$go" build -o "$work/gowasi.wasm" .)
(cd "$programs/goreadonly" && GOOS=wasip1 GOARCH=wasm GOCACHE="$work/gocache" GOFLAGS=-mod=mod \
    "$go" build -o "$work/goreadonly.wasm" .)

passed=0
failed=0

# run_case NAME MODULE ARGS...: both engines, same arguments, environment and files.
# With READONLY=1 ours gets the directory `::readonly` (wasmtime's CLI has no
# such option), so a program that only reads must behave the same.
run_case() {
    local name="$1" module="$2"
    shift 2
    local engine
    for engine in ours reference; do
        rm -rf "$work/$name-$engine"
        mkdir -p "$work/$name-$engine/data"
        printf 'first input line\n' >"$work/$name-$engine/data/input.txt"
        mkdir -p "$work/$name-$engine/data/nested"
        printf 'deep file content\n' >"$work/$name-$engine/data/nested/deep.txt"
        local dir="$work/$name-$engine/data"
        local mode=""
        [[ ${READONLY:-0} == 1 ]] && mode="::readonly"
        local status=0
        if [[ $engine == ours ]]; then
            (cd "$work/$name-$engine" && "$spin" wasm run --env GREETING=hello --dir "$dir::/data$mode" "$module" "$@") \
                >"$work/$name-$engine.out" 2>"$work/$name-$engine.err" || status=$?
        else
            (cd "$work/$name-$engine" && "$WASMTIME" run --env GREETING=hello --dir "$dir::/data" "$module" "$@") \
                >"$work/$name-$engine.out" 2>"$work/$name-$engine.err" || status=$?
        fi
        echo "exit $status" >>"$work/$name-$engine.out"
        (cd "$dir" && find . | LC_ALL=C sort | while read -r f; do
            if [[ -f $f ]]; then echo "$f $(sha1sum <"$f" | cut -c1-12)"; else echo "$f/"; fi
        done) >"$work/$name-$engine.files"
    done
    if diff -u "$work/$name-reference.out" "$work/$name-ours.out" &&
       diff -u "$work/$name-reference.files" "$work/$name-ours.files"; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name (ours: $work/$name-ours.*, wasmtime: $work/$name-reference.*)"
        cat "$work/$name-ours.err"
        failed=$((failed + 1))
    fi
}

run_case c-probe "$work/probe.wasm" alpha "two words" 7
run_case c-probe-exit-0 "$work/probe.wasm" 0
run_case go-wasip1 "$work/gowasi.wasm" first second 5
run_case go-wasip1-exit-0 "$work/gowasi.wasm" 0
READONLY=1 run_case go-wasip1-readonly "$work/goreadonly.wasm"
run_case c-pixels-simd "$work/pixels-simd.wasm" 4
run_case c-matmul-simd "$work/matmul-simd.wasm" 2

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
