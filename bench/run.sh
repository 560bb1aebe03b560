#!/usr/bin/env bash
# The benchmark: builds a release taskrouterd, installs wrk and nginx-light if missing, and runs
# bench.py, which compares taskrouterd with nginx (the same bytes as a static file) and Prism
# (mock mode with the official OpenAPI file) in one run, Task routing included, and writes
# bench/results/latest.md and latest.json. Arguments go to bench.py: --duration 5 for a quick
# run, --only routing for the routing scenario alone (written to routing-only.md and .json).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$ROOT/scripts/setup.sh"
missing=()
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]} > 0)); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk nginx-light >/dev/null
fi
BUILD_DIR="$ROOT/build-release" "$ROOT/scripts/build.sh" -DCMAKE_BUILD_TYPE=Release >/dev/null
exec python3 "$ROOT/bench/bench.py" --binary "$ROOT/build-release/taskrouterd" "$@"
