#!/usr/bin/env bash
# Ten minutes of mixed load on a release build; see soak.py. Arguments go to soak.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
BUILD_DIR="$ROOT/build-release" "$ROOT/scripts/build.sh" -DCMAKE_BUILD_TYPE=Release >/dev/null
exec python3 "$ROOT/bench/soak.py" --binary "$ROOT/build-release/taskrouterd" "$@"
