#!/usr/bin/env bash
# Builds every benchmark program (*.c beside this script) three times: as a
# wasm32-wasi command module with zig's clang, once more with SIMD
# (-msimd128: clang's vectorizers emit v128 code), and natively with `cc`,
# the baseline run.sh compares against.
#
# Usage: build.sh [OUT_DIR]      (default: <repo>/.build-bench/programs)
#
# Produces in OUT_DIR, for each NAME.c:
#   NAME.wasm     zig cc --target=wasm32-wasi -O2, DWARF stripped (the `name` section kept)
#   NAME.simd.wasm  the same with -msimd128
#   NAME.native   cc -O2
#
# Rebuilds a program only when its .c file or this script is newer than its
# outputs. The first wasm build takes ~20 s: zig compiles wasi-libc once into
# its cache (~/.cache/zig).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$ROOT/.build-bench/programs}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# Pinned so that every machine benchmarks the same wasm bytes.
ZIG_PIN=ziglang==0.17.0
PYTHON="${PYTHON:-python3}"
if [[ "$("$PYTHON" -m ziglang version 2>/dev/null)" != "${ZIG_PIN##*==}" ]]; then
    echo "build: installing $ZIG_PIN" >&2
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "$ZIG_PIN"
fi
# wasm-tools strips the DWARF that zig's prebuilt wasi-libc carries (~1 MB
# per program) while keeping function names for backtraces; zig's own -s
# would drop the names too.
# shellcheck source=../../scripts/pinned-tools.sh
source "$ROOT/scripts/pinned-tools.sh"
ensure_pinned_tools >&2

# zig's default wasm32 CPU ("generic") enables bulk-memory-opt, sign-ext,
# nontrapping-fptoint, mutable-globals, multivalue, extended-const and
# call-indirect-overlong (no SIMD), so an engine needs those to run these.
# WASM_CFLAGS / NATIVE_CFLAGS add flags, e.g. WASM_CFLAGS=-mcpu=mvp.
WASM_CC=("$PYTHON" -m ziglang cc --target=wasm32-wasi -O2 -g0)
# -ffp-contract=off: GCC fuses a*b+c into FMA where the CPU has it (arm64,
# x86 with -march), which would change matmul's bits; wasm has no FMA.
# CC may hold words, e.g. CC="python3 -m ziglang cc" for a native baseline
# from the same LLVM as the wasm build.
read -r -a native_compiler <<<"${CC:-cc}"
NATIVE_CC=("${native_compiler[@]}" -O2 -ffp-contract=off)
read -r -a wasm_extra <<<"${WASM_CFLAGS:-}"
read -r -a native_extra <<<"${NATIVE_CFLAGS:-}"

# A change of compiler flags must rebuild everything, like a change of source.
stamp="$OUT/build-flags.txt"
flags="$(printf '%s\n' "${WASM_CC[*]} ${wasm_extra[*]}" "${NATIVE_CC[*]} ${native_extra[*]}" "$("${native_compiler[@]}" --version | head -n1)")"
[[ "$(cat "$stamp" 2>/dev/null)" == "$flags" ]] || { rm -f "$OUT"/*.wasm "$OUT"/*.native; echo "$flags" >"$stamp"; }

up_to_date() {  # up_to_date OUTPUT SOURCE
    [[ -f "$1" && "$1" -nt "$2" && "$1" -nt "${BASH_SOURCE[0]}" ]]
}

built=0
build_wasm() {  # build_wasm SOURCE OUTPUT [EXTRA_FLAGS...]
    local source="$1" wasm="$2"
    shift 2
    echo "build: $(basename "$wasm")" >&2
    # Temporary names, so an interrupted build never looks up to date.
    "${WASM_CC[@]}" "${wasm_extra[@]}" "$@" "$source" -o "$wasm.full.tmp"
    "$WASM_TOOLS" strip "$wasm.full.tmp" -o "$wasm.tmp"
    "$WASM_TOOLS" validate "$wasm.tmp"
    rm -f "$wasm.full.tmp"
    mv "$wasm.tmp" "$wasm"
    built=$((built + 1))
}

for source in "$HERE"/*.c; do
    name="$(basename "$source" .c)"
    wasm="$OUT/$name.wasm" simd="$OUT/$name.simd.wasm" native="$OUT/$name.native"
    up_to_date "$wasm" "$source" || build_wasm "$source" "$wasm"
    up_to_date "$simd" "$source" || build_wasm "$source" "$simd" -msimd128
    if ! up_to_date "$native" "$source"; then
        echo "build: $name.native" >&2
        "${NATIVE_CC[@]}" "${native_extra[@]}" "$source" -o "$native.tmp"
        mv "$native.tmp" "$native"
        built=$((built + 1))
    fi
done
echo "build: $built file(s) built, all up to date in $OUT" >&2
