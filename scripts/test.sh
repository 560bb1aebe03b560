#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test: the format
# check, the GoogleTest unit and HTTP tests, and the Node, Python and contract SDK suites.
# Exits non-zero if anything fails; the last line counts every test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" -DTASKROUTER_WERROR=ON

echo "==== format ===="
mapfile -t sources < <(git ls-files '*.cc' '*.cpp' '*.h')
if ! clang-format --dry-run --Werror "${sources[@]}"; then
  echo "format: run clang-format -i on the files above" >&2
  exit 1
fi
echo "format: ${#sources[@]} files clean"

echo "==== unit and HTTP tests ===="
ctest_log="$(mktemp)"
trap 'rm -f "$ctest_log"' EXIT
set +e
ctest --test-dir "$ROOT/build" -j2 --output-on-failure | tee "$ctest_log"
ctest_rc=${PIPESTATUS[0]}
"$ROOT/sdk-tests/run.sh" | tee -a "$ctest_log"
sdk_rc=${PIPESTATUS[0]}
set -e

ctest_total=$(grep -oE 'tests failed out of [0-9]+' "$ctest_log" | grep -oE '[0-9]+$' || echo 0)
ctest_failed=$(grep -oE '[0-9]+ tests failed out of' "$ctest_log" | grep -oE '^[0-9]+' || echo 0)
sdk_passed=$(grep -oE '^sdk-tests: [0-9]+ passed' "$ctest_log" | grep -oE '[0-9]+' || echo 0)
sdk_failed=$(grep -oE '^sdk-tests: [0-9]+ passed, [0-9]+ failed' "$ctest_log" |
             grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
echo
echo "all: $((ctest_total - ctest_failed + sdk_passed)) passed, $((ctest_failed + sdk_failed)) failed"
((ctest_rc == 0 && sdk_rc == 0))
