#!/usr/bin/env bash
# A/B of two builds of our `spin`: CoreMark and six C programs, the two
# binaries run one after the other in each round, so that other load on the
# shared CPUs hits both alike. For deciding whether an interpreter change
# pays; Benchmarks/run.sh is the full comparison with the other engines.
#
# Usage: compare-builds.sh BASELINE_SPIN CANDIDATE_SPIN [ROUNDS]   (default 3 rounds)
# Env:   COREMARK=path   CoreMark module (default <repo>/../shared/bench/coremark.wasm)
#        OUT_DIR=...     the built programs (default <repo>/.build-bench/programs;
#                        Benchmarks/programs/build.sh makes them)
#
# Prints, per build: CoreMark iterations/s and each program's wall time in ms,
# as the median and min-max of the rounds.
set -euo pipefail
export LC_ALL=C

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
[[ $# -ge 2 ]] || { sed -n 2,13p "$0" >&2; exit 2; }
BUILDS=("$1" "$2")
ROUNDS="${3:-3}"
COREMARK="${COREMARK:-$ROOT/../shared/bench/coremark.wasm}"
OUT="${OUT_DIR:-$ROOT/.build-bench/programs}"
PROGRAMS=(fib hash matmul compress loops memcpy)

for spin in "${BUILDS[@]}"; do [[ -x "$spin" ]] || { echo "compare-builds: no executable at $spin" >&2; exit 2; }; done
[[ -f "$COREMARK" ]] || { echo "compare-builds: no CoreMark at $COREMARK (set COREMARK)" >&2; exit 2; }
[[ -f "$OUT/fib.wasm" ]] || "$HERE/programs/build.sh" "$OUT" >&2

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

for ((round = 1; round <= ROUNDS; round++)); do
    for b in 0 1; do
        spin="${BUILDS[$b]}"
        "$spin" wasm run "$COREMARK" | awk -F': *' '/^Iterations\/Sec/ { printf "%.0f\n", $2 }' >>"$TMP/$b.coremark"
        for program in "${PROGRAMS[@]}"; do
            start="$EPOCHREALTIME"
            "$spin" wasm run "$OUT/$program.wasm" >/dev/null
            end="$EPOCHREALTIME"
            echo $(( (${end/./} - ${start/./}) / 1000 )) >>"$TMP/$b.$program"
        done
    done
done

# summary FILE: "median (min-max)" of the numbers in FILE.
summary() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }

printf '%-10s %-28s %-28s\n' "" "baseline" "candidate"
printf '%-10s %-28s %-28s\n' "coremark" "$(summary "$TMP/0.coremark") it/s" "$(summary "$TMP/1.coremark") it/s"
for program in "${PROGRAMS[@]}"; do
    printf '%-10s %-28s %-28s\n' "$program" "$(summary "$TMP/0.$program") ms" "$(summary "$TMP/1.$program") ms"
done
