#!/usr/bin/env bash
# Swift's SIMD types against lane loops for the vector instructions' lane
# arithmetic (main.swift says how). Prints ns per operation for both forms.
#
# Usage: Benchmarks/vector-lanes/run.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
swiftc -O -wmo "$HERE/main.swift" -o "$OUT/vector-lanes" -lm
"$OUT/vector-lanes"
