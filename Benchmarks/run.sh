#!/usr/bin/env bash
# The benchmark suite (see README.md): builds our release binaries and the
# WasmKit peer, builds the inputs, then runs every section with the engines
# interleaved and prints markdown tables, ending with the ratio tables.
#
#   Benchmarks/run.sh                        # everything, REPS=5 (~10 min on 2 CPUs)
#   REPS=3 ONLY="coremark startup" Benchmarks/run.sh
#
# Env:   REPS=5             timed runs per engine and case (after one untimed warm-up run)
#        ONLY="coremark programs simd go startup"   the sections to run
#        COREMARK=path      CoreMark module (default <repo>/../shared/bench/coremark.wasm)
#        SCRATCH=path       our package's scratch path (default <repo>/.build)
#        BUILD=0            skip both `swift build`s and use the binaries already built
#        BUILD_LOCK=path    `flock` file that serializes the Swift builds (default /tmp/swift-build.lock)
#        N_EMPTY=10000 N_HELLO=100  instances per process in the start-up section
#        ARGS_GO=N          rounds of the Go compute program (default: its built-in 2)
#        TIMEOUT=300        seconds before one run is killed and counted as failed
#        WASMTIME_FLAGS=    extra flags for both wasmtime rows, e.g. "-C cache=n"
#        OUT_DIR=path       built inputs and logs (default <repo>/.build-bench/suite)
#
# Exit status: 0 if every run that gave numbers printed the right output and
# the reference engines (native, wasmtime) ran; 1 otherwise. Ours or WasmKit
# failing gives "n/a" rows and the reason, not a failure.
# shellcheck disable=SC2059  # printf: one format string per table row kind
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME and awk must use '.' as the decimal point

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
REPS="${REPS:-5}"
ONLY="${ONLY:-coremark programs simd go startup}"
COREMARK="${COREMARK:-$ROOT/../shared/bench/coremark.wasm}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
BUILD="${BUILD:-1}"
BUILD_LOCK="${BUILD_LOCK:-/tmp/swift-build.lock}"
N_EMPTY="${N_EMPTY:-10000}"
N_HELLO="${N_HELLO:-100}"
TIMEOUT="${TIMEOUT:-300}"
OUT="${OUT_DIR:-$ROOT/.build-bench/suite}"
PEER="$HERE/peers/wasmkit-peer"

[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "run: REPS must be a positive integer, got '$REPS'" >&2; exit 2; }
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || { echo "run: TIMEOUT must be whole seconds, got '$TIMEOUT'" >&2; exit 2; }
for n in "$N_EMPTY" "$N_HELLO"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run: N_EMPTY and N_HELLO must be positive integers" >&2; exit 2; }
done
declare -A WANT=()
for section in $ONLY; do
    case "$section" in
        coremark | programs | simd | go | startup) WANT[$section]=1 ;;
        *) echo "run: unknown section '$section' in ONLY (coremark programs simd go startup)" >&2; exit 2 ;;
    esac
done
wants() { [[ -n "${WANT[$1]:-}" ]]; }
if wants coremark && [[ ! -f "$COREMARK" ]]; then
    echo "run: no CoreMark module at $COREMARK (set COREMARK=path, see README.md)" >&2
    exit 2
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SCRATCH="$(mkdir -p "$SCRATCH" && cd "$SCRATCH" && pwd)"
[[ ! -f "$COREMARK" ]] || COREMARK="$(readlink -f "$COREMARK")"

# --- tools --------------------------------------------------------------------
# shellcheck source=../scripts/pinned-tools.sh
source "$ROOT/scripts/pinned-tools.sh"
ensure_pinned_tools >&2   # WASM_TOOLS, WASMTIME (the real binaries, not the pip wrappers)
GO="$(python3 -c 'import os, sysconfig; print(os.path.join(sysconfig.get_paths()["purelib"], "go", "bin", "go"))')"
if ! /usr/bin/time -f '%U' true >/dev/null 2>&1; then
    echo "run: installing GNU time (Debian package 'time')" >&2
    sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi
read -r -a wasmtime_flags <<<"${WASMTIME_FLAGS:-}"

# --- builds -------------------------------------------------------------------
# Two packages building at once on 2 CPUs would slow both and skew nothing
# here, but other checkouts on the machine may build too: one lock for all.
locked() {
    if command -v flock >/dev/null; then flock "$BUILD_LOCK" "$@"; else "$@"; fi
}
# One product per `swift build`: given several --product options, SwiftPM
# 6.3 builds only the last.
if [[ "$BUILD" != 0 ]]; then
    for product in bench-instantiate spin; do
        echo "run: swift build -c release --product $product (ours, scratch path $SCRATCH)" >&2
        (cd "$ROOT" && locked swift build -c release --product "$product" --scratch-path "$SCRATCH") >&2
    done
    for product in wasmkit-instantiate wasmkit-cli; do
        echo "run: swift build -c release --product $product (WasmKit peer, $PEER)" >&2
        (cd "$PEER" && locked swift build -c release --product "$product") >&2
    done
fi
SPIN="$SCRATCH/release/spin"
BENCH_INSTANTIATE="$SCRATCH/release/bench-instantiate"
WASMKIT_CLI="$PEER/.build/release/wasmkit-cli"
WASMKIT_INSTANTIATE="$PEER/.build/release/wasmkit-instantiate"
declare -A MISSING=()   # engine -> why it cannot run at all
for binary in "$SPIN" "$BENCH_INSTANTIATE"; do
    [[ -x "$binary" ]] || MISSING[ours]="no $binary (swift build -c release --product spin --product bench-instantiate)"
done
for binary in "$WASMKIT_CLI" "$WASMKIT_INSTANTIATE"; do
    [[ -x "$binary" ]] || MISSING[wasmkit]="no $binary (cd $PEER && swift build -c release)"
done

# --- inputs (built here, never committed) -------------------------------------
printf '(module)\n' >"$OUT/empty.wat"
"$WASM_TOOLS" parse "$OUT/empty.wat" -o "$OUT/empty.wasm"
if wants go || wants startup; then
    echo "run: go build (GOOS=wasip1 GOARCH=wasm) hello, compute; native compute" >&2
    for program in hello compute; do
        (cd "$HERE/go" && GOOS=wasip1 GOARCH=wasm GOCACHE="$OUT/gocache" GOTOOLCHAIN=local \
            "$GO" build -trimpath -o "$OUT/$program.wasm" "./$program")
    done
    (cd "$HERE/go" && GOCACHE="$OUT/gocache" GOTOOLCHAIN=local "$GO" build -trimpath -o "$OUT/compute.native" ./compute)
fi

# --- measuring ----------------------------------------------------------------
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
status=0

declare -A LABEL=([native]="native" [cranelift]="wasmtime cranelift" [pulley]="wasmtime pulley"
    [wasmkit]="WasmKit 0.4.2" [ours]="ours")
tolerated() { [[ "$1" == ours || "$1" == wasmkit ]]; }   # their failure gives n/a, not exit 1

# module_of CASE: the module a case runs.
module_of() {
    case "$1" in
        coremark) echo "$COREMARK" ;;
        go-compute) echo "$OUT/compute.wasm" ;;
        empty) echo "$OUT/empty.wasm" ;;
        hello) echo "$OUT/hello.wasm" ;;
    esac
}

# command_for CASE ENGINE: sets CMD to the command line of one whole-process run.
command_for() {
    local module args=()
    module="$(module_of "$1")"
    [[ "$1" != go-compute ]] || read -r -a args <<<"${ARGS_GO:-}"
    case "$2" in
        native) CMD=("$OUT/compute.native") ;;
        cranelift) CMD=("$WASMTIME" run "${wasmtime_flags[@]}" "$module") ;;
        # As in programs/run.sh: Cranelift compiles to Pulley bytecode, which Pulley interprets.
        pulley) CMD=("$WASMTIME" run --target pulley64 "${wasmtime_flags[@]}" "$module") ;;
        wasmkit) CMD=("$WASMKIT_CLI" run "$module") ;;
        ours) CMD=("$SPIN" wasm run "$module") ;;
    esac
    CMD+=("${args[@]}")
}

# run_once COMMAND...: one timed run; stdout in $TMP/out, stderr in $TMP/err;
# sets RUN_RC, RUN_WALL_US (bash's $EPOCHREALTIME around the whole process)
# and RUN_CPU_S (user + sys from GNU time, 10 ms steps).
run_once() {
    local t0 t1 user sys
    RUN_RC=0
    t0="$EPOCHREALTIME"
    /usr/bin/time -f '%U %S' -o "$TMP/time.out" \
        timeout -k 5 "$TIMEOUT" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null || RUN_RC=$?
    t1="$EPOCHREALTIME"
    RUN_WALL_US=$(( ${t1/./} - ${t0/./} ))
    # On a non-zero exit GNU time writes a status line first; the times are last.
    read -r user sys < <(tail -n1 "$TMP/time.out")
    RUN_CPU_S="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

describe_failure() {  # one line: why the last run failed
    local why="exit $RUN_RC" detail
    ((RUN_RC == 124)) && why="timed out after ${TIMEOUT} s"
    detail="$(grep -m1 -v '^[[:space:]]*$' "$TMP/err" 2>/dev/null | cut -c1-160 || true)"
    echo "$why${detail:+: $detail}"
}

# check_output CASE: is $TMP/out what CASE must print? Prints the reason if not.
check_output() {
    case "$1" in
        coremark)
            # The CRCs of a correct run (see README.md, `coremark`).
            local crc
            for crc in 'seedcrc          : 0xe9f5' '\[0\]crclist       : 0xe714' \
                '\[0\]crcmatrix     : 0x1fd7' '\[0\]crcstate      : 0x8e3a'; do
                grep -q "^$crc" "$TMP/out" || { echo "wrong or missing ${crc//\\/}"; return 1; }
            done
            [[ -n "$(coremark_rate)" ]] || { echo "no Iterations/Sec line"; return 1; }
            ;;
        empty) [[ ! -s "$TMP/out" ]] || { echo "printed something"; return 1; } ;;
        hello) [[ "$(cat "$TMP/out")" == "Hello, world!" ]] || { echo "did not print Hello, world!"; return 1; } ;;
        go-compute) cmp -s "$TMP/out" "$TMP/go-compute.expected" || { echo "output differs from native Go"; return 1; } ;;
    esac
}
coremark_rate() { awk -F': *' '/^Iterations\/Sec/ { print $2 }' "$TMP/out"; }

progress() { if [[ -t 2 ]]; then printf '\r%-60s' "$*" >&2; fi; }
progress_done() { if [[ -t 2 ]]; then printf '\r%60s\r' '' >&2; fi; }

declare -A FAILED=() WRONG=()   # "case engine" -> reason
# measure CASE ENGINE...: one untimed warm-up run of every engine (page cache,
# wasmtime's compile cache, the reference output, and which engines fail),
# then REPS repetitions that run the engines one after another, so that
# other load on the shared CPUs hits all of them alike. Samples go to
# $TMP/CASE.ENGINE: "wall_us cpu_s [iterations/s]".
measure() {
    local name="$1" engine i why
    shift
    for engine in "$@"; do
        : >"$TMP/$name.$engine"
        if [[ -n "${MISSING[$engine]:-}" ]]; then FAILED["$name $engine"]="${MISSING[$engine]}"; continue; fi
        progress "$name: warm-up $engine"
        command_for "$name" "$engine"
        run_once "${CMD[@]}"
        if ((RUN_RC != 0)); then
            FAILED["$name $engine"]="$(describe_failure)"
            tolerated "$engine" || status=1
        elif [[ "$engine" == native ]]; then
            cp "$TMP/out" "$TMP/$name.expected"
        fi
    done
    for ((i = 1; i <= REPS; i++)); do
        for engine in "$@"; do
            [[ -z "${FAILED["$name $engine"]:-}" ]] || continue
            progress "$name: run $i/$REPS $engine"
            command_for "$name" "$engine"
            run_once "${CMD[@]}"
            if ((RUN_RC != 0)); then
                FAILED["$name $engine"]="$(describe_failure) (in timed run $i)"
                tolerated "$engine" || status=1
                continue
            fi
            if ! why="$(check_output "$name")"; then
                [[ -n "${WRONG["$name $engine"]:-}" ]] || WRONG["$name $engine"]="$why (run $i)"
                cp "$TMP/out" "$TMP/$name.$engine.wrong"
                status=1
            fi
            echo "$RUN_WALL_US $RUN_CPU_S $([[ "$name" != coremark ]] || coremark_rate)" >>"$TMP/$name.$engine"
        done
    done
    progress_done
}

# measure_in_process CASE N: REPS runs of bench-instantiate and
# wasmkit-instantiate, N instances each. Samples go to $TMP/CASE.ENGINE.inproc:
# "median_us min_us max_us compile_us cpu_s wall_us".
measure_in_process() {
    local name="$1" n="$2" engine tool i module
    module="$(module_of "$name")"
    for ((i = 1; i <= REPS; i++)); do
        for engine in ours wasmkit; do
            [[ $i -gt 1 ]] || : >"$TMP/$name.$engine.inproc"
            [[ -z "${MISSING[$engine]:-}" ]] || { FAILED["$name-inproc $engine"]="${MISSING[$engine]}"; continue; }
            [[ -z "${FAILED["$name-inproc $engine"]:-}" ]] || continue
            tool="$BENCH_INSTANTIATE"; [[ "$engine" == ours ]] || tool="$WASMKIT_INSTANTIATE"
            progress "$name: in-process run $i/$REPS $engine"
            run_once "$tool" "$module" "$n"
            if ((RUN_RC != 0)); then
                FAILED["$name-inproc $engine"]="$(describe_failure) (run $i)"
                continue
            fi
            awk -v wall="$RUN_WALL_US" '{ v[$1] = $2 }
                END { print v["median_us"], v["min_us"], v["max_us"], v["compile_us"], v["cpu_s"], wall }' \
                "$TMP/out" >>"$TMP/$name.$engine.inproc"
        done
    done
    progress_done
}

median() {  # median FILE COLUMN
    sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
        END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
column_min() { awk -v c="$2" 'NR == 1 || $c < m { m = $c } END { print m }' "$1"; }
column_max() { awk -v c="$2" 'NR == 1 || $c > m { m = $c } END { print m }' "$1"; }
scaled() { awk -v v="$1" -v d="$2" -v f="$3" 'BEGIN { printf f, v / d }'; }   # scaled VALUE DIVISOR FORMAT
has_samples() { [[ -z "${FAILED["$1 $2"]:-}" && -s "$TMP/$1.$2" ]]; }
# wall_s CASE ENGINE: median wall seconds, or nothing.
wall_s() { if has_samples "$1" "$2"; then scaled "$(median "$TMP/$1.$2" 1)" 1e6 '%.3f'; fi; }
ratio() {  # ratio A B: "A/B" to 2 places, or n/a
    if [[ -n "$1" && -n "$2" ]]; then
        awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'
    else
        echo "n/a"
    fi
}
note() {  # note CASE ENGINE: "ok", or why the row is wrong or missing
    if [[ -n "${FAILED["$1 $2"]:-}" ]]; then echo "n/a (${FAILED["$1 $2"]//|/\\|})"
    elif [[ -n "${WRONG["$1 $2"]:-}" ]]; then echo "WRONG: ${WRONG["$1 $2"]}"
    else echo "ok"; fi
}

# --- header -------------------------------------------------------------------
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$ROOT" status --porcelain -- Sources Package.swift 2>/dev/null | wc -l)"
((dirty == 0)) || commit="$commit + uncommitted changes in Sources/ or Package.swift"
echo "# Benchmark run"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- ours: spin-swift $commit (release; $SPIN)"
echo "- WasmKit 0.4.2 (release, Benchmarks/peers/wasmkit-peer); $("$WASMTIME" --version); $("$GO" version | cut -d' ' -f3)"
echo "- REPS=$REPS timed runs per engine and case, engines interleaved, after 1 warm-up run; sections: $ONLY"
echo

declare -A SUMMARY=()   # "row engine" -> ratio, for the last table

# --- CoreMark -----------------------------------------------------------------
if wants coremark; then
    ENGINES=(ours wasmkit pulley cranelift)
    measure coremark "${ENGINES[@]}"
    echo "## CoreMark"
    echo
    echo "\`$(basename "$COREMARK")\`. Iterations/s as CoreMark prints it (higher is better); wall and CPU time of the whole process."
    echo
    echo "| engine | iterations/s median | iterations/s min-max | wall median (s) | cpu median (s) | output |"
    echo "| --- | ---: | ---: | ---: | ---: | --- |"
    declare -A RATE=()
    for engine in "${ENGINES[@]}"; do
        f="$TMP/coremark.$engine"
        if has_samples coremark "$engine"; then
            RATE[$engine]="$(median "$f" 3)"
            printf '| %s | %.1f | %.1f-%.1f | %.2f | %.2f | %s |\n' "${LABEL[$engine]}" "${RATE[$engine]}" \
                "$(column_min "$f" 3)" "$(column_max "$f" 3)" "$(wall_s coremark "$engine")" "$(median "$f" 2)" \
                "$(note coremark "$engine")"
        else
            printf '| %s | n/a | | | | %s |\n' "${LABEL[$engine]}" "$(note coremark "$engine")"
        fi
    done
    echo
    for engine in wasmkit pulley cranelift; do
        SUMMARY["coremark $engine"]="$(ratio "${RATE[ours]:-}" "${RATE[$engine]:-}")"
    done
fi

# --- C programs, scalar and SIMD builds -----------------------------------------
# programs_section KEY SIMD: the programs of Benchmarks/programs, their plain
# builds (SIMD=0) or their -msimd128 builds (SIMD=1).
programs_section() {
    local key="$1" simd="$2" programs_status=0 which="Benchmarks/programs/run.sh"
    [[ "$simd" == 0 ]] || which+=" with SIMD=1"
    echo "run: $which (its full report: $OUT/$key.txt)" >&2
    SIMD="$simd" REPS="$REPS" TIMEOUT="$TIMEOUT" WASMKIT="$WASMKIT_CLI" SUMMARY_FILE="$TMP/$key.summary" \
        "$HERE/programs/run.sh" "$SPIN" >"$OUT/$key.txt" || programs_status=$?
    ((programs_status == 0)) || status=1
    if [[ "$simd" == 1 ]]; then
        echo "## C programs with SIMD"
        echo
        echo "The same programs built with \`-msimd128\` (\`NAME.simd.wasm\`: clang's vectorizers emit"
        echo "v128 code where they can), run by every Wasm engine; the native build is the same as above."
    else
        echo "## C programs"
        echo
        echo "The programs of \`Benchmarks/programs\` (see its README)."
    fi
    echo "Median wall seconds of the whole"
    echo "process, median CPU seconds in parentheses; ratios are ours' median wall time over the other"
    echo "engine's (below 1 = ours faster). The detailed report follows the table."
    echo
    echo "| program | native | wasmtime cranelift | wasmtime pulley | WasmKit | ours | ours/WasmKit | ours/Pulley | ours/Cranelift |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    awk '
        function cell(p, e) { return ok[p, e] ? sprintf("%.3f (%.2f)", wall[p, e], cpu[p, e]) : (check[p, e] == "MISMATCH" ? "wrong output" : "n/a") }
        function r(p, e) { return ok[p, "ours"] && ok[p, e] ? sprintf("%.2f", wall[p, "ours"] / wall[p, e]) : "n/a" }
        { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
          wall[$1, $2] = $3; cpu[$1, $2] = $4; check[$1, $2] = $5; ok[$1, $2] = ($5 == "ok") }
        END {
            for (i = 1; i <= n; i++) {
                p = order[i]
                printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p, cell(p, "native"), cell(p, "cranelift"),
                    cell(p, "pulley"), cell(p, "wasmkit"), cell(p, "ours"), r(p, "wasmkit"), r(p, "pulley"), r(p, "cranelift")
                split("wasmkit pulley cranelift", es, " ")
                for (j = 1; j <= 3; j++) if (ok[p, "ours"] && ok[p, es[j]]) {
                    lw[es[j]] += log(wall[p, "ours"] / wall[p, es[j]]); nw[es[j]]++
                    if (cpu[p, "ours"] > 0 && cpu[p, es[j]] > 0) { lc[es[j]] += log(cpu[p, "ours"] / cpu[p, es[j]]); nc[es[j]]++ }
                }
            }
            printf "| **geomean** (wall) | | | | | |"
            for (j = 1; j <= 3; j++) printf " %s |", nw[es[j]] ? sprintf("**%.2f**", exp(lw[es[j]] / nw[es[j]])) : "n/a"
            printf "\n| geomean (cpu) | | | | | |"
            for (j = 1; j <= 3; j++) printf " %s |", nc[es[j]] ? sprintf("%.2f", exp(lc[es[j]] / nc[es[j]])) : "n/a"
            printf "\n"
            for (j = 1; j <= 3; j++) {
                printf "summary %s %s %s %d\n", es[j], nw[es[j]] ? sprintf("%.2f", exp(lw[es[j]] / nw[es[j]])) : "n/a",
                    nc[es[j]] ? sprintf("%.2f", exp(lc[es[j]] / nc[es[j]])) : "n/a", nw[es[j]] > "/dev/stderr"
            }
        }' "$TMP/$key.summary" 2>"$TMP/$key.geomean"
    while read -r _ engine wall_ratio cpu_ratio count; do
        SUMMARY["$key $engine"]="$wall_ratio"
        SUMMARY["$key-cpu $engine"]="$cpu_ratio"
        PROGRAM_COUNT="$count"
    done <"$TMP/$key.geomean"
    echo
    if ((programs_status != 0)); then
        echo "**programs/run.sh exited $programs_status: see its report below.**"
        echo
    fi
    echo '```'
    cat "$OUT/$key.txt"
    echo '```'
    echo
}
if wants programs; then programs_section programs 0; fi
if wants simd; then programs_section simd 1; fi

# --- Go compute -----------------------------------------------------------------
if wants go; then
    ENGINES=(native cranelift pulley wasmkit ours)
    LABEL[native]="native Go ($("$GO" env GOOS)/$("$GO" env GOARCH))"
    measure go-compute "${ENGINES[@]}"
    echo "## Go compute"
    echo
    echo "\`Benchmarks/go/compute\` built with $("$GO" version | cut -d' ' -f3) for GOOS=wasip1 GOARCH=wasm (and natively"
    echo "for the first row); args: ${ARGS_GO:-default}. Prints \`$(cat "$TMP/go-compute.expected" 2>/dev/null || echo '?')\`."
    echo "Whole process: start-up and compiling or translating the $(( $(stat -c %s "$OUT/compute.wasm") / 1024 )) KiB module included."
    echo
    echo "| engine | wall median (s) | wall min-max (s) | cpu median (s) | vs native | output |"
    echo "| --- | ---: | ---: | ---: | ---: | --- |"
    native_wall="$(wall_s go-compute native)"
    for engine in "${ENGINES[@]}"; do
        f="$TMP/go-compute.$engine"
        if has_samples go-compute "$engine"; then
            printf '| %s | %s | %s-%s | %.2f | %s | %s |\n' "${LABEL[$engine]}" "$(wall_s go-compute "$engine")" \
                "$(scaled "$(column_min "$f" 1)" 1e6 '%.3f')" "$(scaled "$(column_max "$f" 1)" 1e6 '%.3f')" \
                "$(median "$f" 2)" "$(ratio "$(wall_s go-compute "$engine")" "$native_wall")" "$(note go-compute "$engine")"
        else
            printf '| %s | n/a | | | | %s |\n' "${LABEL[$engine]}" "$(note go-compute "$engine")"
        fi
    done
    echo
    ours_wall="$(wall_s go-compute ours)"
    [[ -z "${WRONG["go-compute ours"]:-}" ]] || ours_wall=""
    for engine in wasmkit pulley cranelift; do
        SUMMARY["go $engine"]="$(ratio "$ours_wall" "$(wall_s go-compute "$engine")")"
    done
fi

# --- start-up -----------------------------------------------------------------
if wants startup; then
    measure_in_process empty "$N_EMPTY"
    measure_in_process hello "$N_HELLO"
    ENGINES=(ours wasmkit pulley cranelift)
    measure empty "${ENGINES[@]}"
    measure hello "${ENGINES[@]}"
    echo "## Start-up"
    echo
    echo "Modules: \`(module)\` (empty, $(stat -c %s "$OUT/empty.wasm") bytes) and \`Benchmarks/go/hello\` (Go wasip1,"
    echo "$(( $(stat -c %s "$OUT/hello.wasm") / 1024 )) KiB; its \`_start\` runs the Go runtime's start-up and prints one line)."
    echo
    echo "### In one process: N instances"
    echo
    echo "\`bench-instantiate\` (ours) and \`wasmkit-instantiate\` compile the module once, then N times create"
    echo "a store, link WASI, instantiate and run \`_start\` (output discarded). Per-instance wall time:"
    echo "median over the REPS=$REPS processes of each process's median; min and max over all instances."
    echo "Compile: parse (+ validate/translate for ours) once per process. CPU: the whole process, compile included."
    echo
    echo "| module | engine | N | per instance median (µs) | min-max (µs) | compile median (ms) | process cpu median (s) |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    declare -A INPROC=()
    for name in empty hello; do
        n="$N_EMPTY"; [[ "$name" == empty ]] || n="$N_HELLO"
        for engine in ours wasmkit; do
            f="$TMP/$name.$engine.inproc"
            if [[ -z "${FAILED["$name-inproc $engine"]:-}" && -s "$f" ]]; then
                INPROC[$name $engine]="$(median "$f" 1)"
                printf '| %s | %s | %d | %.1f | %.1f-%.1f | %.2f | %.3f |\n' "$name" "${LABEL[$engine]}" "$n" \
                    "${INPROC[$name $engine]}" "$(column_min "$f" 2)" "$(column_max "$f" 3)" \
                    "$(scaled "$(median "$f" 4)" 1e3 '%.4f')" "$(median "$f" 5)"
            else
                printf '| %s | %s | %d | n/a (%s) | | | |\n' "$name" "${LABEL[$engine]}" "$n" "${FAILED["$name-inproc $engine"]:-no runs}"
            fi
        done
        SUMMARY["$name-inproc wasmkit"]="$(ratio "${INPROC[$name ours]:-}" "${INPROC[$name wasmkit]:-}")"
    done
    echo
    echo "### Whole process"
    echo
    echo "One process per run, as a CLI user sees it: \`spin wasm run\`, \`wasmkit run\`, \`wasmtime run\`"
    echo "(wasmtime's CLI cannot loop in-process, so this is its only start-up figure). Includes process"
    echo "start-up and compiling or translating the module; wasmtime's compile cache is on (warm) by default."
    echo
    echo "| module | engine | wall median (ms) | wall min-max (ms) | cpu median (s) | output |"
    echo "| --- | --- | ---: | ---: | ---: | --- |"
    for name in empty hello; do
        for engine in "${ENGINES[@]}"; do
            f="$TMP/$name.$engine"
            if has_samples "$name" "$engine"; then
                printf '| %s | %s | %s | %s-%s | %.2f | %s |\n' "$name" "${LABEL[$engine]}" \
                    "$(scaled "$(median "$f" 1)" 1e3 '%.1f')" "$(scaled "$(column_min "$f" 1)" 1e3 '%.1f')" \
                    "$(scaled "$(column_max "$f" 1)" 1e3 '%.1f')" "$(median "$f" 2)" "$(note "$name" "$engine")"
            else
                printf '| %s | %s | n/a | | | %s |\n' "$name" "${LABEL[$engine]}" "$(note "$name" "$engine")"
            fi
        done
        ours_wall="$(wall_s "$name" ours)"
        [[ -z "${WRONG["$name ours"]:-}" ]] || ours_wall=""
        for engine in wasmkit pulley cranelift; do
            SUMMARY["$name-process $engine"]="$(ratio "$ours_wall" "$(wall_s "$name" "$engine")")"
        done
    done
    echo
fi

# --- ratios -------------------------------------------------------------------
echo "## Ratios"
echo
echo "ours / peer. For CoreMark the ratio of iterations/s: **above 1 = ours faster**. For every time:"
echo "ours' median time / the peer's: **below 1 = ours faster**."
echo
echo "| benchmark | measure | ours/WasmKit | ours/Pulley | ours/Cranelift |"
echo "| --- | --- | ---: | ---: | ---: |"
row() {  # row KEY LABEL MEASURE
    printf '| %s | %s | %s | %s | %s |\n' "$2" "$3" "${SUMMARY["$1 wasmkit"]:-n/a}" \
        "${SUMMARY["$1 pulley"]:-n/a}" "${SUMMARY["$1 cranelift"]:-n/a}"
}
if wants coremark; then row coremark "CoreMark" "iterations/s (>1 = ours faster)"; fi
if wants programs; then
    row programs "C programs (geomean of ${PROGRAM_COUNT:-0})" "wall time (<1 = ours faster)"
    row programs-cpu "C programs (geomean of ${PROGRAM_COUNT:-0})" "cpu time (<1 = ours faster)"
fi
if wants simd; then
    row simd "C programs, SIMD builds (geomean of ${PROGRAM_COUNT:-0})" "wall time (<1 = ours faster)"
    row simd-cpu "C programs, SIMD builds (geomean of ${PROGRAM_COUNT:-0})" "cpu time (<1 = ours faster)"
fi
if wants go; then row go "Go compute" "wall time (<1 = ours faster)"; fi
if wants startup; then
    # wasmtime's CLI runs one instance per process: no in-process figure.
    row empty-inproc "start-up, empty module, in process" "per-instance time (<1 = ours faster)"
    row hello-inproc "start-up, Go hello, in process" "per-instance time (<1 = ours faster)"
    row empty-process "start-up, empty module, whole process" "wall time (<1 = ours faster)"
    row hello-process "start-up, Go hello, whole process" "wall time (<1 = ours faster)"
fi

if wants startup; then
    echo
    echo "In-process start-up has no wasmtime figure (its CLI cannot loop in one process): n/a."
fi

if ((${#WRONG[@]})); then
    echo
    echo "**Wrong output** (also in the tables above):"
    echo
    for key in "${!WRONG[@]}"; do
        read -r name engine <<<"$key"
        echo "- $name, ${LABEL[$engine]}: ${WRONG[$key]}"
    done
fi
exit "$status"
