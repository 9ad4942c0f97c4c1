#!/usr/bin/env bash
# Builds the benchmarks in Release and runs every one, printing their figures.
#   bash tests/bench/run.sh            all benchmarks
#   bash tests/bench/run.sh bench_ui   one of them
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCZ_TESTS=ON >/dev/null
cmake --build build-bench -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export CZ_ASSETS="$PWD/assets" CZ_TESTS_DIR="$PWD/tests" CZ_TMP="$PWD/build-bench/bench-tmp"
mkdir -p "$CZ_TMP"
if [ $# -gt 0 ]; then list=("$@"); else
  list=(); for f in tests/bench/bench_*.c; do list+=("$(basename "$f" .c)"); done
fi
for b in "${list[@]}"; do
  echo "== $b"
  "build-bench/tests/bench/$b"
done
