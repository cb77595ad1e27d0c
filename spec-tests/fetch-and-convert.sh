#!/usr/bin/env bash
# Obtains the official WebAssembly spec test suite and converts it to JSON +
# .wasm for spec-test-runner.
#
#   spec-tests/fetch-and-convert.sh [TIER...]     (default: tier1-wasm-2.0; also tier2-wasm-3.0)
#
# Source: $WASM_TESTSUITE if set, else ../shared/wasm-testsuite beside the
# checkout, else a clone of the WebAssembly spec repository at the commits the
# shared suite's README names (tier 1: tag wg-2.0; tier 2: main at 285a903). Output: spec-tests/json/
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

# The commits of github.com/WebAssembly/spec whose test/core is tier 1 (Wasm
# 2.0, tag wg-2.0) and tier 2 (Wasm 3.0, main after wg-3.0: see the shared
# suite's README for why).
TIER1_SPEC_COMMIT=fffc6e12fa454e475455a7b58d3b5dc343980c10
TIER2_SPEC_COMMIT=285a9032950cbad6a9f84de11183008e286092a2

suite="${WASM_TESTSUITE:-}"
if [[ -z "$suite" && -d "$repo/../shared/wasm-testsuite/tier1-wasm-2.0" ]]; then
    suite="$(cd "$repo/../shared/wasm-testsuite" && pwd)"
fi
# Clones test/ of the spec repository at COMMIT into $cache/spec-COMMIT.
fetch_spec() {
    local commit="$1" dir="$cache/spec-$1"
    if [[ ! -d "$dir/test" ]]; then
        echo "fetching the WebAssembly spec tests at $commit" >&2
        rm -rf "$dir"
        git init --quiet "$dir"
        git -C "$dir" fetch --quiet --depth 1 https://github.com/WebAssembly/spec "$commit"
        git -C "$dir" checkout --quiet FETCH_HEAD
    fi
    echo "$dir"
}
if [[ -z "$suite" ]]; then
    # No local copy: rebuild the tiers' layout from the spec repository.
    suite="$cache/suite"
    for tier in "${tiers[@]}"; do
        [[ -d "$suite/$tier" ]] && continue
        case "$tier" in
            tier1-wasm-2.0)
                spec="$(fetch_spec "$TIER1_SPEC_COMMIT")"
                mkdir -p "$suite/tier1-wasm-2.0/simd"
                cp "$spec"/test/core/*.wast "$suite/tier1-wasm-2.0/"
                cp "$spec"/test/core/simd/*.wast "$suite/tier1-wasm-2.0/simd/" ;;
            tier2-wasm-3.0)
                spec="$(fetch_spec "$TIER2_SPEC_COMMIT")"
                mkdir -p "$suite/tier2-wasm-3.0"
                cp -r "$spec"/test/core/. "$suite/tier2-wasm-3.0/"
                find "$suite/tier2-wasm-3.0" -type f ! -name '*.wast' -delete ;;
            *) echo "no upstream source known for $tier: set WASM_TESTSUITE" >&2; exit 2 ;;
        esac
    done
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
