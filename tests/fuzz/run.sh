#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for a bounded time over
# its seed corpus (tests/fuzz/corpus/<target>, which holds every crash found so far as a
# regression input). SECONDS_PER_TARGET (default 20) sets the time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-fuzz}"
TARGETS=(form router basic_auth page_token attributes expression workflow_config)

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTASKROUTER_FUZZ=ON >/dev/null
cmake --build "$BUILD_DIR" -j "${JOBS:-2}" --target "${TARGETS[@]/%/_fuzz}"

passed=0
failed=0
for target in "${TARGETS[@]}"; do
  work="$(mktemp -d)"
  # New inputs go to a scratch directory; the committed corpus is only read.
  if "$BUILD_DIR/tests/${target}_fuzz" "$work" "$ROOT/tests/fuzz/corpus/$target" \
      -max_total_time="${SECONDS_PER_TARGET:-20}" -max_len=4096 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/" >"$work/log" 2>&1; then
    passed=$((passed + 1))
    echo "fuzz: $target ok ($(grep -oE 'stat::number_of_executed_units: [0-9]+' "$work/log" |
      grep -oE '[0-9]+' || echo '?') runs)"
  else
    failed=$((failed + 1))
    echo "fuzz: $target FAILED; the input that broke it:"
    ls "$work"/crash-* "$work"/timeout-* "$work"/leak-* 2>/dev/null || true
    tail -40 "$work/log"
    mkdir -p "$ROOT/build-fuzz/artifacts"
    cp "$work"/crash-* "$work"/timeout-* "$work"/leak-* "$ROOT/build-fuzz/artifacts/" 2>/dev/null || true
  fi
  rm -rf "$work"
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
