#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian machine with Swift 6:
# installs the pinned tools it needs, builds once (release, with testing
# enabled), then runs the unit tests, the official spec suite and a short
# fuzzing slice of each fuzz target, and ends with one summary line
# "N passed, N failed".
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
results="$repo/.build/test-results"
mkdir -p "$results"
passed=0
failed=0
step_failed=()

note_failure() { step_failed+=("$1"); }

scripts/system-packages.sh || { echo "could not install the Debian packages"; echo "0 passed, 1 failed"; exit 1; }
source scripts/pinned-tools.sh
ensure_pinned_tools || { echo "could not install the pinned tools"; exit 1; }

echo "== build (release, testing enabled)"
if ! swift build -c release --build-tests -Xswiftc -enable-testing; then
    echo "0 passed, 1 failed"
    exit 1
fi

echo "== unit tests"
rm -f "$results"/unit*.xml
swift test -c release --skip-build -Xswiftc -enable-testing --xunit-output "$results/unit.xml" || note_failure "unit tests"
read -r unit_passed unit_failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/unit*.xml"):
    for suite in ET.parse(path).getroot().iter("testsuite"):
        tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
        failed += failures + errors
        passed += tests - failures - errors - skipped
print(passed, failed)
PY
)
echo "unit tests: $unit_passed passed, $unit_failed failed"
passed=$((passed + unit_passed)); failed=$((failed + unit_failed))

# run_suite NAME COMMAND...: runs a suite that ends with "N passed, N failed"
# and adds its counts; a suite that fails without such a line counts as 1 failure.
run_suite() {
    local name="$1"
    shift
    echo "== $name"
    local log="$results/$name.txt" status=0
    "$@" 2>&1 | tee "$log" || status=$?
    local line
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true)"
    if [[ -n "$line" ]]; then
        passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
        failed=$((failed + $(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")))
    else
        failed=$((failed + 1))
    fi
    [[ $status -eq 0 ]] || note_failure "$name"
}

spec_tests() { spec-tests/fetch-and-convert.sh && .build/release/spec-test-runner; }
run_suite spec-tests spec_tests
# Tier 2 (Wasm 3.0): what is not implemented yet is skipped under its proposal's
# name, and spec-tests/expectations-wasm-3.0.txt pins those counts.
spec_tests_wasm3() {
    spec-tests/fetch-and-convert.sh tier2-wasm-3.0 && .build/release/spec-test-runner --json spec-tests/json/tier2-wasm-3.0
}
run_suite spec-tests-wasm-3.0 spec_tests_wasm3
run_suite wasi-programs Tests/Integration/wasi-programs.sh .build/release/spin
run_suite spin-up python3 Tests/Integration/spin_up_test.py .build/release/spin
# A Python wasi:cli/command@0.2.0 component (componentize-py) under `spin wasm run` and
# `wasmtime run`. Builds once per app.py (~10 s, 36 MB, cached in .build-integration/).
run_suite component-run python3 Tests/Integration/component_run_test.py .build/release/spin
# `spin up` serving components: the http-py template, a Python echo app, text-format
# wasi:http and Spin 2 components, streaming both ways, routing, failures.
run_suite spin-up-components python3 Tests/Integration/spin_up_component_test.py .build/release/spin
# Spin's host APIs through Python apps (Apps/python-apis, Apps/python-redis-trigger): key-value
# on SQLite and Redis, SQLite, variables, runtime config, a SIGKILL under load, outbound HTTP and
# Redis, the Redis trigger. Needs redis-server on PATH (under CI=true its absence is a failure).
run_suite spin-up-apis python3 Tests/Integration/spin_up_api_test.py .build/release/spin
run_suite embedding scripts/check-embedding.sh
run_suite doc-links python3 scripts/check-doc-links.py
run_suite wit-signatures python3 scripts/wasi-p2-signatures.py --check
# A fixed seed, so a CI failure reproduces; long runs use a fresh one (README).
run_suite differential Tests/Differential/run.sh --ours .build/release/spin 200 20261121
run_suite differential-simd Tests/Differential/run.sh --ours .build/release/spin --simd 100 20261205
run_suite differential-wasm3 Tests/Differential/run.sh --ours .build/release/spin --wasm3 100 20261206

echo "== fuzzing slice (decode + validate)"
if fuzz/run.sh "${FUZZ_SECONDS:-30}"; then passed=$((passed + 1)); else failed=$((failed + 1)); note_failure "fuzzing"; fi
echo "== fuzzing slice (component decoding)"
if fuzz/run.sh "${FUZZ_SECONDS:-20}" decode-component; then passed=$((passed + 1)); else failed=$((failed + 1)); note_failure "component fuzzing"; fi
echo "== fuzzing slice (canonical ABI lift and lower)"
if fuzz/run.sh "${FUZZ_SECONDS:-20}" lift-values; then passed=$((passed + 1)); else failed=$((failed + 1)); note_failure "lift-values fuzzing"; fi

echo
for step in "${step_failed[@]}"; do echo "FAILED: $step"; done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && ${#step_failed[@]} -eq 0 ]]
