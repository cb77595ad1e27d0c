#!/usr/bin/env bash
# Obtains the official WebAssembly spec test suite and converts it to JSON +
# .wasm for spec-test-runner.
#
#   spec-tests/fetch-and-convert.sh [TIER...]     (default: tier1-wasm-2.0)
#
# Source: $WASM_TESTSUITE if set, else ../shared/wasm-testsuite beside the
# checkout, else a clone of the WebAssembly spec repository at the commits the
# shared suite's README names (tier 1: tag wg-2.0). Output: spec-tests/json/
# (ignored by git). Conversion uses `wasm-tools json-from-wast`, with wabt's
# `wast2json` as fallback for a script wasm-tools rejects.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$repo/scripts/pinned-tools.sh"
ensure_pinned_tools

tiers=("$@")
[[ ${#tiers[@]} -gt 0 ]] || tiers=(tier1-wasm-2.0)
out="$here/json"
cache="$repo/.build-spec-suite"

# The commit of github.com/WebAssembly/spec whose test/core is tier 1 (Wasm 2.0).
TIER1_SPEC_COMMIT=fffc6e12fa454e475455a7b58d3b5dc343980c10

suite="${WASM_TESTSUITE:-}"
if [[ -z "$suite" && -d "$repo/../shared/wasm-testsuite/tier1-wasm-2.0" ]]; then
    suite="$(cd "$repo/../shared/wasm-testsuite" && pwd)"
fi
if [[ -z "$suite" ]]; then
    # No local copy: rebuild the tier-1 layout from the spec repository.
    suite="$cache/suite"
    if [[ ! -d "$suite/tier1-wasm-2.0" ]]; then
        echo "fetching the WebAssembly spec tests at $TIER1_SPEC_COMMIT"
        rm -rf "$cache/spec"
        git init --quiet "$cache/spec"
        git -C "$cache/spec" fetch --quiet --depth 1 https://github.com/WebAssembly/spec "$TIER1_SPEC_COMMIT"
        git -C "$cache/spec" checkout --quiet FETCH_HEAD
        mkdir -p "$suite/tier1-wasm-2.0/simd"
        cp "$cache/spec"/test/core/*.wast "$suite/tier1-wasm-2.0/"
        cp "$cache/spec"/test/core/simd/*.wast "$suite/tier1-wasm-2.0/simd/"
    fi
fi
echo "spec suite: $suite"

convert_one() {
    local rel="$1" stem dest
    stem="$(basename "$rel" .wast)"
    dest="$out/${rel%.wast}"
    rm -rf "$dest"
    mkdir -p "$dest"
    if "$WASM_TOOLS" json-from-wast "$rel" -o "$dest/$stem.json" --wasm-dir "$dest/" >"$dest.log" 2>&1 ||
       { [[ -n "$WAST2JSON" ]] && "$WAST2JSON" --enable-all "$rel" -o "$dest/$stem.json" >>"$dest.log" 2>&1; }; then
        rm -f "$dest.log"
    else
        echo "FAILED to convert $rel (see $dest.log)" >&2
        return 1
    fi
}
export -f convert_one
export out

cd "$suite"
rm -rf "${tiers[@]/#/$out/}"
started=$SECONDS
find "${tiers[@]}" -name '*.wast' | LC_ALL=C sort |
    xargs -P "$(nproc)" -I{} bash -c 'convert_one "$1"' _ {}
count=$(find "${tiers[@]/#/$out/}" -name '*.json' | wc -l)
echo "converted $count scripts into $out in $((SECONDS - started))s"
