#!/usr/bin/env bash
# Contract run: the Node SDK suite again, this time through Stoplight Prism in proxy mode with
# Twilio's official TaskRouter OpenAPI file (shipped in @twilio/cli-core), so every request and
# response is checked against Twilio's published schema.
#
#   SDK test  ->  Prism (127.0.0.1:P, --errors)  ->  taskrouterd (127.0.0.1:S, --public-url P)
#
# Fails when a test fails or Prism reports any violation. The one violation tolerated: Prism's
# warning that a 4xx status is not in the OpenAPI file, which documents success responses only
# (the SDK suite checks those error answers itself). Prism reports violations in two places, and
# both are checked:
#   - its log: an error-level line ("Request terminated with error", e.g. a response body that
#     breaks the schema turns into a 500 VIOLATIONS answer, an invalid request into a 422) and
#     one "Violation:" warning line per lesser violation;
#   - the `sl-violations` response header, which the test helper (node/server.js) checks on every
#     response, failing the test at once, and appends to violations.jsonl.
#
# Needs: build/taskrouterd (or TASKROUTERD_BIN) and node_modules (run.sh runs npm ci).
set -euo pipefail

SDK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SDK_DIR/.." && pwd)"
BIN="${TASKROUTERD_BIN:-$ROOT/build/taskrouterd}"
SPEC="$SDK_DIR/node_modules/@twilio/cli-core/src/services/twilio-api/twilio_taskrouter_v1.json"
PRISM="$SDK_DIR/node_modules/.bin/prism"
READY_TIMEOUT_S=60
STATUS_NOT_IN_SPEC='Unable to match the returned status code with those defined in the document'

[[ -x "$BIN" ]] || { echo "contract: no server binary at $BIN (build it first)" >&2; exit 2; }
[[ -f "$SPEC" && -x "$PRISM" ]] || { echo "contract: node_modules missing; run npm ci in $SDK_DIR" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/taskrouterd-contract.XXXXXX")"
SERVER_PID=""
PRISM_PID=""
cleanup() {
  local rc=$?
  # Only the two processes started here, by PID.
  if [[ -n "$PRISM_PID" ]]; then kill "$PRISM_PID" 2>/dev/null || true; wait "$PRISM_PID" 2>/dev/null || true; fi
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n "${KEEP_CONTRACT_LOGS:-}" ]]; then echo "contract: logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT

# Waits until file $1 matches regex $2, while process $3 lives; prints the first match.
wait_for_line() {
  local file="$1" regex="$2" pid="$3" deadline=$((SECONDS + READY_TIMEOUT_S)) line
  while ((SECONDS < deadline)); do
    if line="$(grep -m1 -oE "$regex" "$file" 2>/dev/null)"; then
      echo "$line"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "contract: process $pid exited; log:" >&2; cat "$file" >&2; return 1; }
    sleep 0.1
  done
  echo "contract: timed out waiting for /$regex/ in $file:" >&2
  cat "$file" >&2
  return 1
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

ACCOUNT_SID="AC$(hex 16)"
AUTH_TOKEN="$(hex 16)"
DATA_DIR="$WORK/data"
mkdir -p "$DATA_DIR"
PRISM_PORT="$(free_port)"
PRISM_URL="http://127.0.0.1:$PRISM_PORT"

# 1. The server, writing Prism's URL into every url, links and paging URL.
TASKROUTER_ACCOUNT_SID="$ACCOUNT_SID" TASKROUTER_AUTH_TOKEN="$AUTH_TOKEN" \
  "$BIN" --listen 127.0.0.1:0 --data-dir "$DATA_DIR" --public-url "$PRISM_URL" --log-level info \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
SERVER_URL="$(wait_for_line "$WORK/server.log" 'ready on http://127\.0\.0\.1:[0-9]+' "$SERVER_PID")"
SERVER_URL="${SERVER_URL#ready on }"
echo "contract: taskrouterd at $SERVER_URL, public URL $PRISM_URL"

# 2. Prism in front of it (started directly, not through npx, so that its PID is the one to stop).
"$PRISM" proxy "$SPEC" "$SERVER_URL" --errors --port "$PRISM_PORT" --host 127.0.0.1 >"$WORK/prism.log" 2>&1 &
PRISM_PID=$!
wait_for_line "$WORK/prism.log" "Prism is listening on $PRISM_URL" "$PRISM_PID" >/dev/null
echo "contract: prism proxy at $PRISM_URL"

# 3. The Node suite through Prism.
: >"$WORK/violations.jsonl"
set +e
(
  cd "$SDK_DIR"
  TASKROUTER_BASE_URL="$PRISM_URL" TASKROUTER_ACCOUNT_SID="$ACCOUNT_SID" TASKROUTER_AUTH_TOKEN="$AUTH_TOKEN" \
    TASKROUTER_DATA_DIR="$DATA_DIR" TASKROUTER_VIOLATIONS_FILE="$WORK/violations.jsonl" TASKROUTERD_BIN="$BIN" \
    node --test --test-reporter=spec node/*.test.js
)
TESTS_RC=$?
set -e

# 4. Everything Prism said.
FAIL=0
ERRORS="$(grep -E '✖ +(error|fatal)|\[(VALIDATOR|NEGOTIATOR)\].*(error|fatal)' "$WORK/prism.log" || true)"
if [[ -n "$ERRORS" ]]; then
  echo "contract: Prism reported errors:"
  echo "$ERRORS"
  FAIL=1
fi
OTHER_VIOLATIONS="$(grep -F 'Violation:' "$WORK/prism.log" | grep -vF "$STATUS_NOT_IN_SPEC" || true)"
if [[ -n "$OTHER_VIOLATIONS" ]]; then
  echo "contract: Prism reported violations:"
  echo "$OTHER_VIOLATIONS"
  FAIL=1
fi
NOT_TOLERATED="$(grep -F '"tolerated":false' "$WORK/violations.jsonl" || true)"
if [[ -n "$NOT_TOLERATED" ]]; then
  echo "contract: responses with violations (sl-violations header):"
  echo "$NOT_TOLERATED"
  FAIL=1
fi
# Every status warning in the log must belong to a 4xx answer the SDK saw (the helper records
# each one with its status); one more in the log means a response nobody checked.
LOGGED="$(grep -F 'Violation:' "$WORK/prism.log" | grep -cF "$STATUS_NOT_IN_SPEC" || true)"
SEEN="$( (grep -F '"tolerated":true' "$WORK/violations.jsonl" || true) | (grep -oF "$STATUS_NOT_IN_SPEC" || true) | wc -l)"
if [[ "$LOGGED" != "$SEEN" ]]; then
  echo "contract: Prism logged $LOGGED status warnings, the SDK saw $SEEN on 4xx answers"
  FAIL=1
fi
FORWARDED="$(grep -c 'Forwarding "' "$WORK/prism.log" || true)"
if ((FORWARDED == 0)); then
  echo "contract: Prism forwarded no request: the suite did not go through it"
  FAIL=1
fi
echo "contract: Prism forwarded $FORWARDED requests; $SEEN tolerated 4xx status warnings"

if ((TESTS_RC != 0 || FAIL != 0)); then
  echo "contract: FAILED (node suite exit $TESTS_RC, prism checks $([[ $FAIL == 0 ]] && echo ok || echo failed))"
  if [[ -n "${CI:-}" || -n "${CONTRACT_VERBOSE:-}" ]]; then
    echo "---- prism log (tail) ----"; tail -n 200 "$WORK/prism.log"
    echo "---- server log (tail) ----"; tail -n 50 "$WORK/server.log"
  fi
  exit 1
fi
echo "contract: OK"
