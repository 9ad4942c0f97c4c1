#!/usr/bin/env bash
# Runs the whole test suite from a clean build: installs what is missing,
# builds with warnings as errors and runs ctest; then the same suite under
# AddressSanitizer + UndefinedBehaviorSanitizer; then each fuzz harness for a
# short fixed time. Used by the README and by CI (.ci/run).
#   CZ_FUZZ_SECONDS=N   seconds per fuzz harness (default 10; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=$(nproc 2>/dev/null || echo 2)
# ctest runs one test more than there are cores: several tests spend most of
# their time waiting (county-sim's slow replies, the catalogue's checks, kill
# delays), and a waiting test holds a slot without using its core. On 2 cores
# the native suite took 138 s at -j2 and 97 s at -j3; aarch64 under qemu 232 s
# and 193 s.
TEST_JOBS=$((JOBS + 1))
start=$(date +%s)
stage() { echo; echo "== $1 ($(( $(date +%s) - start )) s)"; }

bash .ci/install-deps.sh

# Every build here uses Ninja: on 2 cores it built the native tree in 115 s
# where CMake's Makefiles took 152 s (each make re-checks its targets' state).
# A tree configured earlier with another generator is configured afresh,
# since CMake refuses to switch a tree's generator.
export CMAKE_GENERATOR=Ninja
drop_if_not_ninja() {
  if [ -f "$1/CMakeCache.txt" ] &&
     ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$1/CMakeCache.txt"; then
    rm -rf "$1"
  fi
}
drop_if_not_ninja build-test; drop_if_not_ninja build-asan; drop_if_not_ninja build-fuzz
stage "native build (warnings as errors)"
cmake -S . -B build-test -DCZ_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-test -j"$JOBS"
stage "native tests"
(cd build-test && ctest --output-on-failure -j"$TEST_JOBS")

stage "sanitizer build (ASan + UBSan)"
cmake -S . -B build-asan -DCZ_WERROR=ON -DCZ_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$JOBS"
stage "sanitizer tests"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j"$TEST_JOBS")

secs=${CZ_FUZZ_SECONDS:-10}
if [ "$secs" -gt 0 ]; then
  stage "fuzzing, ${secs} s per harness"
  bash tests/fuzz/run.sh "$secs"
fi
# ---- ARM: for aarch64 and armhf, the cross build, the whole test suite under
# qemu-user, and the kiosk .deb (cross/; CZ_ARM=0 skips both, CZ_ARM=aarch64
# or CZ_ARM=armhf runs one). About 4 minutes each on 2 cores.
arm_suite() {
  local arch=$1 tc debarch magic qemu
  case "$arch" in
    aarch64) tc=cross/aarch64-linux-gnu.cmake; debarch=arm64; magic='ARM aarch64'; qemu=qemu-aarch64 ;;
    armhf)   tc=cross/arm-linux-gnueabihf.cmake; debarch=armhf; magic='ARM, EABI5'; qemu=qemu-arm ;;
  esac
  stage "$arch cross build (warnings as errors)"
  drop_if_not_ninja "build-$arch"; drop_if_not_ninja "build-$arch-kiosk"
  bash cross/prepare-target.sh "$arch" >/dev/null
  cmake --toolchain "$tc" -S . -B "build-$arch" -DCZ_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "build-$arch" -j"$JOBS"
  file "build-$arch/cunzhan-emu" | grep -q "$magic"
  # Without the pixel-only "screens" tests (tests/CMakeLists.txt says why).
  stage "$arch tests under qemu"
  (cd "build-$arch" && ctest --output-on-failure -j"$TEST_JOBS" -LE screens)
  stage "$arch kiosk package"
  cmake --toolchain "$tc" -S . -B "build-$arch-kiosk" -DCZ_PLATFORM=kiosk -DCZ_TESTS=OFF \
    -DCZ_WERROR=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "build-$arch-kiosk" -j"$JOBS" >/dev/null
  # Checked from files, not pipes: with pipefail an early-exiting grep would
  # kill the producer (SIGPIPE) and fail the stage.
  (cd "build-$arch-kiosk" && rm -rf ./*.deb deb-check && cpack >/dev/null &&
   deb=$(ls ./*_"$debarch".deb) && dpkg-deb -I "$deb" >/dev/null &&
   dpkg-deb -c "$deb" > deb-contents.txt && grep -q ' ./usr/bin/cunzhan-kiosk$' deb-contents.txt &&
   grep -q ' ./usr/bin/cunzhan-admin$' deb-contents.txt &&
   grep -q ' ./lib/systemd/system/cunzhan-kiosk.service$\| ./usr/lib/systemd/system/cunzhan-kiosk.service$' deb-contents.txt &&
   dpkg-deb -x "$deb" deb-check && file deb-check/usr/bin/cunzhan-kiosk > deb-file.txt &&
   grep -q "$magic" deb-file.txt && echo "kiosk package: $deb ($(stat -c %s "$deb") bytes)" &&
   grep -q '/sysctl.d/60-cunzhan-kiosk.conf$' deb-contents.txt &&
   grep -q '/logind.conf.d/60-cunzhan-kiosk.conf$' deb-contents.txt &&
   ! grep -q '/share/cunzhan/camera/\|/share/cunzhan/idcard/' deb-contents.txt)
  # The unit's sandbox: exposure 2.0 or less on systemd's 0-10 scale.
  local unit sec="build-$arch-kiosk/security.txt"
  unit=$(find "build-$arch-kiosk/deb-check" -name cunzhan-kiosk.service)
  if ! systemd-analyze security --offline=yes --threshold=20 "$unit" > "$sec" 2>&1; then
    cat "$sec"; echo "kiosk unit: sandbox exposure above 2.0"; return 1
  fi
  echo "kiosk unit: $(grep -o 'Overall exposure level.*' "$sec")"
  # The packaged program itself, under qemu with SDL's offscreen driver in
  # place of KMS/DRM: it starts (forms, store, upload engine, input methods),
  # then stops cleanly on SIGTERM, as when systemd stops it.
  stage "$arch kiosk start and stop under qemu"
  local k="build-$arch-kiosk" root="${XDG_CACHE_HOME:-$HOME/.cache}/cunzhan/sysroot-$debarch" pid i krc=0
  rm -rf "$k/smoke" && mkdir -p "$k/smoke"
  SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$qemu" -L "$root" \
    "$k/deb-check/usr/bin/cunzhan-kiosk" --assets "$k/deb-check/usr/share/cunzhan" \
    --data "$k/smoke/data" > "$k/smoke/log" 2>&1 &
  pid=$!
  for i in $(seq 240); do
    grep -q ' kiosk: ready' "$k/smoke/log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  sleep 1
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || krc=$?
  if [ "$krc" != 0 ] || ! grep -q ' kiosk: ready' "$k/smoke/log" ||
     ! grep -q ' kiosk: stopping' "$k/smoke/log" || [ ! -s "$k/smoke/data/cunzhan.db" ]; then
    echo "the $arch kiosk did not start and stop cleanly (exit $krc):" >&2
    cat "$k/smoke/log" >&2
    return 1
  fi
  echo "kiosk started and stopped cleanly: $(grep -c . "$k/smoke/log") log lines"
}
case "${CZ_ARM:-1}" in
  0) ;;
  aarch64|armhf) arm_suite "$CZ_ARM" ;;
  *) arm_suite aarch64; arm_suite armhf ;;
esac
stage "done"
