#!/usr/bin/env bash
# Runs every SDK-level suite against build/taskrouterd (or TASKROUTERD_BIN):
#   1. the Node suite (npm `twilio`, pinned in package.json), one fresh server per test file;
#   2. the Python suite (Debian's python3-twilio, run with /usr/bin/python3);
#   3. the contract run: the Node suite through Prism with Twilio's OpenAPI file (contract.sh).
# Installs node_modules with `npm ci` when missing or older than package-lock.json.
# Works from any directory; exits non-zero if anything fails.
set -uo pipefail

SDK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SDK_DIR/.." && pwd)"
export TASKROUTERD_BIN="${TASKROUTERD_BIN:-$ROOT/build/taskrouterd}"
PYTHON=/usr/bin/python3
cd "$SDK_DIR"

if [[ ! -x "$TASKROUTERD_BIN" ]]; then
  echo "sdk-tests: no server binary at $TASKROUTERD_BIN (build it first)" >&2
  exit 2
fi

# npm keeps a copy of the lock it installed in node_modules/.package-lock.json.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ||
      package.json -nt node_modules/.package-lock.json ]]; then
  echo "sdk-tests: npm ci"
  npm ci --no-audit --no-fund --loglevel=error || { echo "sdk-tests: npm ci failed" >&2; exit 2; }
fi

LOGS="$(mktemp -d "${TMPDIR:-/tmp}/taskrouterd-sdk-run.XXXXXX")"
trap 'rm -rf "$LOGS"' EXIT
PASSED=0
FAILED=0
FAILED_SUITES=()

# Adds the counts of node's spec reporter summary ("ℹ pass N", "ℹ fail N", "ℹ cancelled N")
# in log $1; cancelled tests (their file's setup failed) count as failed.
count_node() {
  local pass fail cancelled
  pass="$(grep -oE '^ℹ pass [0-9]+' "$1" | tail -n1 | grep -oE '[0-9]+$')"
  fail="$(grep -oE '^ℹ fail [0-9]+' "$1" | tail -n1 | grep -oE '[0-9]+$')"
  cancelled="$(grep -oE '^ℹ cancelled [0-9]+' "$1" | tail -n1 | grep -oE '[0-9]+$')"
  PASSED=$((PASSED + ${pass:-0}))
  FAILED=$((FAILED + ${fail:-0} + ${cancelled:-0}))
}

# Adds the counts of unittest's summary ("Ran N tests", "FAILED (failures=a, errors=b)") in log $1.
count_unittest() {
  local ran bad
  ran="$(grep -oE '^Ran [0-9]+ tests?' "$1" | grep -oE '[0-9]+')"
  bad="$(grep -E '^FAILED \(' "$1" | grep -oE '(failures|errors)=[0-9]+' | awk -F= '{n += $2} END {print n + 0}')"
  local skipped
  skipped="$(grep -E '^(OK|FAILED) \(' "$1" | grep -oE 'skipped=[0-9]+' | grep -oE '[0-9]+')"
  PASSED=$((PASSED + ${ran:-0} - ${bad:-0} - ${skipped:-0}))
  FAILED=$((FAILED + ${bad:-0}))
}

# Runs suite $1 (a name) with command $2...; keeps its output in $LOGS/$1.log.
run_suite() {
  local name="$1"
  shift
  echo
  echo "==== $name ===="
  "$@" 2>&1 | tee "$LOGS/$name.log"
  local rc=${PIPESTATUS[0]}
  if ((rc != 0)); then
    FAILED_SUITES+=("$name (exit $rc)")
  fi
  return 0
}

run_suite node node --test --test-reporter=spec node/*.test.js
count_node "$LOGS/node.log"

run_suite python bash -c "cd python && exec $PYTHON -m unittest -v"
count_unittest "$LOGS/python.log"

run_suite contract ./contract.sh
count_node "$LOGS/contract.log"

echo
echo "==== summary ===="
if ((${#FAILED_SUITES[@]} > 0)); then
  for s in "${FAILED_SUITES[@]}"; do echo "sdk-tests: FAILED $s"; done
  # A suite that failed before its runner could count anything still counts as one failure.
  ((FAILED == 0)) && FAILED=1
fi
echo "sdk-tests: $PASSED passed, $FAILED failed"
((${#FAILED_SUITES[@]} == 0))
