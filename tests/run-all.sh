#!/usr/bin/env bash
# Runs the whole test suite from a clean build: installs what is missing,
# builds with warnings as errors, runs ctest. Used by the README and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=$(nproc 2>/dev/null || echo 2)

bash .ci/install-deps.sh

echo "== native build (warnings as errors)"
cmake -S . -B build-test -DCZ_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-test -j"$JOBS"
echo "== native tests"
(cd build-test && ctest --output-on-failure -j"$JOBS")
