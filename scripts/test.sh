#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian machine with Swift 6:
# installs the pinned tools it needs, builds once (release, with testing
# enabled), then runs the unit tests, the official spec suite and a short
# fuzzing slice, and ends with one summary line "N passed, N failed".
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
results="$repo/.build/test-results"
mkdir -p "$results"
passed=0
failed=0
step_failed=()

note_failure() { step_failed+=("$1"); }

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

echo "== spec tests"
if spec-tests/fetch-and-convert.sh && .build/release/spec-test-runner | tee "$results/spec.txt"; then :; else note_failure "spec tests"; fi
spec_line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$results/spec.txt" | tail -1)"
spec_passed="$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$spec_line")"
spec_failed="$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$spec_line")"
passed=$((passed + ${spec_passed:-0})); failed=$((failed + ${spec_failed:-1}))

echo "== fuzzing slice (decode + validate)"
if fuzz/run.sh "${FUZZ_SECONDS:-30}"; then passed=$((passed + 1)); else failed=$((failed + 1)); note_failure "fuzzing"; fi

echo
for step in "${step_failed[@]}"; do echo "FAILED: $step"; done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && ${#step_failed[@]} -eq 0 ]]
