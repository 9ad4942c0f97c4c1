#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang and runs each for a fixed time.
#   bash tests/fuzz/run.sh [SECONDS_EACH] [HARNESS...]    (default 20 s each, all)
# New inputs that widen coverage are kept in build-fuzz/corpus-new/<name>/; copy
# the interesting ones (and any crash-* file, once fixed) into tests/fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-20}
shift || true
CC=clang cmake -S . -B build-fuzz -DCZ_FUZZ=ON -DCZ_TESTS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [ $# -gt 0 ]; then names=("$@"); else
  names=(); for f in tests/fuzz/fuzz_*.c; do names+=("$(basename "$f" .c)"); done
fi
cmake --build build-fuzz -j"$(nproc 2>/dev/null || echo 2)" --target "${names[@]}" >/dev/null
export CZ_ASSETS="$PWD/assets" CZ_TMP="$PWD/build-fuzz/fuzz-tmp"
mkdir -p "$CZ_TMP"
# One harness per core at a time; each one's report is printed in order.
run_one() {
  local n=$1 short=${1#fuzz_}
  mkdir -p "build-fuzz/corpus-new/$short" "build-fuzz/artifacts/$short"
  "build-fuzz/tests/fuzz/$n" -max_total_time="$secs" -print_final_stats=1 \
    -artifact_prefix="build-fuzz/artifacts/$short/" \
    "build-fuzz/corpus-new/$short" "tests/fuzz/corpus/$short" 2>&1 |
    grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|crash-|Done" \
    > "build-fuzz/logs/$n.txt" || true
}
rm -rf build-fuzz/logs && mkdir -p build-fuzz/logs
cores=$(nproc 2>/dev/null || echo 2)
for n in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$cores" ]; do wait -n || true; done
  run_one "$n" &
done
wait
found=0
for n in "${names[@]}"; do
  short=${n#fuzz_}
  echo "== $n (${secs}s)"
  cat "build-fuzz/logs/$n.txt"
  if ls "build-fuzz/artifacts/$short/"crash-* >/dev/null 2>&1; then
    echo "$n: crash found, see build-fuzz/artifacts/$short/"; found=1
  fi
done
exit "$found"
