#!/usr/bin/env bash
# libFuzzer run of the module decoder + validator, of the component decoder +
# validator, or of the canonical ABI's lifting and lowering (see README.md).
#
# Usage: fuzz/run.sh [SECONDS] [TARGET]   (default 60 s, target decode-validate)
#        TARGET: decode-validate  (WasmDecoder.loadModule),
#                decode-component (ComponentModel.ValidatedComponent: decode,
#                                  validate, translate the core modules) or
#                lift-values      (ComponentModel's canonical ABI: lift from
#                                  a random memory, lower, lift again)
# Env:   FUZZ_ARGS="..."  extra libFuzzer flags, appended last (e.g. "-seed=1")
#        SWIFTC=...        compiler to use (default: swiftc on PATH)
#        SWIFT_BUILD_LOCK  file locked (flock) around the compile, so that it
#                          never runs beside another Swift build on a shared
#                          machine (default /tmp/swift-build.lock)
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"   # the swiftc line and libFuzzer paths below are relative to the repo

SECONDS_TO_RUN="${1:-60}"
[[ "$SECONDS_TO_RUN" =~ ^[1-9][0-9]*$ ]] || { echo "run: SECONDS must be a positive integer, got '$SECONDS_TO_RUN'" >&2; exit 2; }

TARGET="${2:-decode-validate}"
case "$TARGET" in
    decode-validate) HARNESS=fuzz/DecodeValidate; CORPUS=fuzz/corpus ;;
    decode-component) HARNESS=fuzz/DecodeComponent; CORPUS=fuzz/corpus-component ;;
    lift-values) HARNESS=fuzz/LiftValues; CORPUS=fuzz/corpus-lift ;;
    *) echo "run: TARGET must be decode-validate, decode-component or lift-values, got '$TARGET'" >&2; exit 2 ;;
esac

SWIFTC="${SWIFTC:-swiftc}"
OUT_DIR=.build-fuzz              # not .build: that one belongs to SwiftPM
BIN="$OUT_DIR/$TARGET"
LOG="$OUT_DIR/$TARGET.log"
ARTIFACTS=fuzz/artifacts
SPEC_JSON=spec-tests/json
CRASHERS=Tests/WasmDecoderTests/Fixtures/crashers
LIFT_CRASHERS=Tests/ComponentModelTests/Fixtures/lift-crashers
mkdir -p "$OUT_DIR" "$CORPUS" "$ARTIFACTS"

# --- Build -------------------------------------------------------------------
# swiftc directly, not SwiftPM: libFuzzer needs -sanitize=fuzzer on the code
# under test and a library-style module with no main (libFuzzer provides it).
# Each harness is compiled into the module it tests, so it sees that module's
# internals without an import: decode-validate into WasmDecoder; the component
# targets into ComponentModel, built on WasmDecoder and WasmInterpreter, each
# compiled as a module of its own (an object file and a .swiftmodule in
# $OUT_DIR/modules). The flags mirror Package.swift: Swift 6 mode, its
# upcoming features, and -package-name because the sources use `package`
# access. -wmo matches a release build. -gline-tables-only gives file:line in
# stack traces; full -g would also write <Module>-1.swiftmodule/.swiftdoc/
# .swiftsourceinfo into the current directory (the repo root) with this
# toolchain, and nothing here needs them.
# Exclusivity checks stay on (release turns them off): a violation the fuzzer
# can reach is a bug we want to see as a crash. Every module is instrumented,
# so coverage and ASan reach the decoder and interpreter code a component
# target drives too.
# lld, from the toolchain, links without gold's flood of ASan warnings.
SWIFT_FLAGS=(-O -wmo -gline-tables-only -sanitize=fuzzer,address -parse-as-library
             -swift-version 6
             -enable-upcoming-feature ExistentialAny
             -enable-upcoming-feature InternalImportsByDefault
             -enable-upcoming-feature MemberImportVisibility
             -package-name spin_swift -suppress-warnings)
MODULES_DIR="$OUT_DIR/modules"

sources_of() {   # sources_of DIR...: the .swift files under DIR..., sorted, one a line
    find "$@" -name '*.swift' -print0 | sort -z | tr '\0' '\n'
}

# stale OUTPUT INPUT...: true when OUTPUT is missing or an input (or this
# script, which holds the flags) is newer; a source deleted since is not noticed.
stale() {
    local output="$1"; shift
    [[ ! -e "$output" || -n "$(find "$@" "${BASH_SOURCE[0]}" -newer "$output" -print -quit)" ]]
}

# build_module NAME [DEPENDENCY...]: Sources/NAME as a module, for the ones after it.
build_module() {
    local name="$1" object="$MODULES_DIR/$1.o" sources dependency inputs=()
    shift
    mapfile -t sources < <(sources_of "Sources/$name")
    for dependency in "$@"; do inputs+=("$MODULES_DIR/$dependency.o"); done
    stale "$object" "${sources[@]}" "${inputs[@]}" || return 0
    echo "run: building module $name" >&2
    "$SWIFTC" "${SWIFT_FLAGS[@]}" -module-name "$name" -I "$MODULES_DIR" \
        -emit-module -emit-module-path "$MODULES_DIR/$name.swiftmodule" \
        -c "${sources[@]}" -o "$object.tmp"
    mv "$object.tmp" "$object"
}

build() {
    local sources t0="$EPOCHREALTIME"
    mkdir -p "$MODULES_DIR"
    if [[ "$TARGET" == decode-validate ]]; then
        mapfile -t sources < <(sources_of Sources/WasmDecoder "$HARNESS")
        stale "$BIN" "${sources[@]}" || return 0
        echo "run: building $BIN" >&2
        "$SWIFTC" "${SWIFT_FLAGS[@]}" -module-name WasmDecoder -use-ld=lld "${sources[@]}" -o "$BIN.tmp"
    else
        build_module WasmDecoder
        build_module WasmInterpreter WasmDecoder
        mapfile -t sources < <(sources_of Sources/ComponentModel "$HARNESS")
        stale "$BIN" "${sources[@]}" "$MODULES_DIR/WasmDecoder.o" "$MODULES_DIR/WasmInterpreter.o" || return 0
        echo "run: building $BIN" >&2
        "$SWIFTC" "${SWIFT_FLAGS[@]}" -module-name ComponentModel -I "$MODULES_DIR" -use-ld=lld \
            "${sources[@]}" "$MODULES_DIR/WasmDecoder.o" "$MODULES_DIR/WasmInterpreter.o" -o "$BIN.tmp"
    fi
    mv "$BIN.tmp" "$BIN"   # never leave a half-written binary that looks fresh
    echo "run: built in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s" >&2
}

# One Swift compile at a time on the machine: the lock is held for the build
# only (the subshell closes its descriptor), not for the fuzzing.
if command -v flock >/dev/null; then
    ( flock 9; build ) 9>"${SWIFT_BUILD_LOCK:-/tmp/swift-build.lock}"
else
    build
fi

# --- Seed corpus -------------------------------------------------------------
# The decoders' corpora: every module of the converted spec suite, plus every
# known crasher so that old bugs are re-run first. lift-values starts from
# its own crashers only (its inputs are choices, not a format). Files are
# named by content hash, as libFuzzer names its own finds, so re-seeding is
# idempotent and duplicates collapse.
seed() {   # seed DIR FIND-ARGS...: copy matching files under DIR into the corpus
    local dir="$1" sum path; shift
    while read -r sum path; do
        [[ -e "$CORPUS/$sum" ]] || cp "$path" "$CORPUS/$sum"
    done < <(find -L "$dir" -type f "$@" -print0 | xargs -0 -r sha1sum)
}
if [[ "$TARGET" == lift-values ]]; then
    if [[ -d "$LIFT_CRASHERS" ]]; then seed "$LIFT_CRASHERS" -name '*.bin'; fi
else
    if [[ ! -d "$SPEC_JSON" ]]; then
        echo "run: $SPEC_JSON is missing; convert the spec suite first:" >&2
        echo "     spec-tests/fetch-and-convert.sh" >&2
        exit 1
    fi
    seed "$SPEC_JSON" -name '*.wasm'
    if [[ -d "$CRASHERS" ]]; then seed "$CRASHERS"; fi
fi
if [[ "$TARGET" == decode-component ]]; then
    # Components of the Component Model reference suite, when it is beside the
    # repository (get it from github.com/WebAssembly/component-model, folder
    # test/, otherwise), converted with wasm-tools from the pinned tools.
    SUITE="${COMPONENT_MODEL_TESTS:-$ROOT/../shared/component-model-tests}"
    if [[ -d "$SUITE" ]]; then
        source scripts/pinned-tools.sh
        ensure_pinned_tools >/dev/null
        seeds="$OUT_DIR/component-seeds"
        mkdir -p "$seeds"
        for wast in "$SUITE"/binary/*.wast "$SUITE"/validation/*.wast "$SUITE"/values/*.wast "$SUITE"/resources/*.wast; do
            [[ -e "$wast" ]] || continue
            "$WASM_TOOLS" json-from-wast "$wast" -o "$seeds/$(basename "$wast").json" --wasm-dir "$seeds" 2>/dev/null || true
        done
        seed "$seeds" -name '*.wasm'
    else
        echo "run: no component-model tests at $SUITE; seeding with core modules only" >&2
    fi
fi
echo "run: corpus $CORPUS has $(find "$CORPUS" -type f | wc -l) inputs" >&2

# --- Fuzz --------------------------------------------------------------------
# One process, no -jobs/-workers: the machine has 2 cores and one is someone
# else's. A 10 s input is a hang; 2 GiB RSS (also libFuzzer's default
# per-malloc limit) is a runaway allocation; 64 KiB inputs keep runs fast.
# Swift symbols in stack traces are mangled: pipe through `swift demangle`.
SYMBOLIZER="$(dirname "$(command -v "$SWIFTC")")/llvm-symbolizer"
if [[ -x "$SYMBOLIZER" ]]; then export ASAN_SYMBOLIZER_PATH="$SYMBOLIZER"; fi

STAMP="$OUT_DIR/run-started"
touch "$STAMP"   # artifacts newer than this are from this run
rc=0
# shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags, split on purpose
"$BIN" "$CORPUS" \
    -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$ARTIFACTS/" \
    ${FUZZ_ARGS:-} 2>&1 | tee "$LOG" || rc=$?

# --- Summary -----------------------------------------------------------------
execs="$(awk '/^stat::number_of_executed_units:/ { n = $2 } END { print (n == "" ? "?" : n) }' "$LOG")"
new_artifacts=()
while IFS= read -r -d '' f; do new_artifacts+=("$f"); done \
    < <(find "$ARTIFACTS" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) \
        -newer "$STAMP" -print0)
corpus_size="$(find "$CORPUS" -type f | wc -l)"
echo
if ((${#new_artifacts[@]} > 0)); then
    echo "run: FAILED after $execs executions: ${#new_artifacts[@]} new artifact(s) (libFuzzer exit $rc); log: $LOG"
    for f in "${new_artifacts[@]}"; do echo "     $f   reproduce: $BIN $f 2>&1 | swift demangle"; done
    exit 1
fi
if ((rc != 0)); then
    echo "run: FAILED: libFuzzer exited $rc without writing an artifact after $execs executions; log: $LOG"
    exit "$rc"
fi
echo "run: OK: $execs executions in ${SECONDS_TO_RUN} s, no crash, hang or OOM; corpus $corpus_size inputs"
