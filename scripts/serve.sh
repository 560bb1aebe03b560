#!/usr/bin/env bash
# Installs what is missing, builds, and starts taskrouterd in the foreground on the embedded
# SQLite store in ./data. Flags are passed on, e.g. --listen 0.0.0.0:8080; see --help.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
exec "$ROOT/build/taskrouterd" "$@"
