#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test:
#   the format check; the GoogleTest unit and HTTP tests; the same under AddressSanitizer with
#   UndefinedBehaviorSanitizer, and under ThreadSanitizer; a short crash test (SIGKILL during
#   writes); the libFuzzer targets for a bounded time; the Node, Python and contract SDK suites.
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

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
failures=()

# Runs suite $1 with command $2...; its output goes to the terminal and to $log.
run() {
  local name="$1"
  shift
  echo
  echo "==== $name ===="
  set +e
  "$@" 2>&1 | tee -a "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  if ((rc != 0)); then
    failures+=("$name")
  fi
}

run "unit and HTTP tests" ctest --test-dir "$ROOT/build" -j2 --output-on-failure
run "crash" python3 "$ROOT/tests/crash/crash_test.py" --kills 3
run "AddressSanitizer + UndefinedBehaviorSanitizer" bash -c "
  BUILD_DIR='$ROOT/build-asan' '$ROOT/scripts/build.sh' \
    -DCMAKE_BUILD_TYPE=Debug -DTASKROUTER_SANITIZE=address,undefined -DTASKROUTER_WERROR=ON &&
  ctest --test-dir '$ROOT/build-asan' -j2 --output-on-failure"
run "ThreadSanitizer" bash -c "
  BUILD_DIR='$ROOT/build-tsan' '$ROOT/scripts/build.sh' \
    -DCMAKE_BUILD_TYPE=Debug -DTASKROUTER_SANITIZE=thread -DTASKROUTER_WERROR=ON &&
  TSAN_OPTIONS=halt_on_error=1 ctest --test-dir '$ROOT/build-tsan' -j2 --output-on-failure"
run "fuzz" "$ROOT/tests/fuzz/run.sh"
run "SDK suites" "$ROOT/sdk-tests/run.sh"

# Totals: ctest's "N tests failed out of M" lines, and the "N passed, N failed" lines.
passed=0
failed=0
while read -r bad total; do
  passed=$((passed + total - bad))
  failed=$((failed + bad))
done < <(grep -oE '[0-9]+ tests failed out of [0-9]+' "$log" | awk '{print $1, $6}')
while read -r good bad; do
  passed=$((passed + good))
  failed=$((failed + bad))
done < <(grep -E '^(crash|fuzz|sdk-tests): [0-9]+ passed, [0-9]+ failed$' "$log" |
         sed -E 's/^[a-z-]+: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/')
if ((${#failures[@]} > 0)); then
  echo
  printf 'failed: %s\n' "${failures[@]}"
  ((failed == 0)) && failed=1
fi
echo
echo "all: $passed passed, $failed failed"
((${#failures[@]} == 0))
