#!/usr/bin/env bash
# Configures and builds taskrouterd and its tests in build/ (or $BUILD_DIR).
# Extra arguments go to the CMake configure step, e.g. -DTASKROUTER_WERROR=ON.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "${JOBS:-2}"
