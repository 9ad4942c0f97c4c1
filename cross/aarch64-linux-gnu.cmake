# aarch64-linux-gnu.cmake — cross-build for 64-bit ARM kiosks (Debian arm64).
#   bash cross/prepare-target.sh aarch64
#   cmake --toolchain cross/aarch64-linux-gnu.cmake -S . -B build-aarch64
#   cmake --build build-aarch64 && ctest --test-dir build-aarch64   # tests under qemu-aarch64
set(CZ_CROSS_TRIPLE aarch64-linux-gnu)
set(CZ_CROSS_PROCESSOR aarch64)
set(CZ_CROSS_QEMU qemu-aarch64)
set(CZ_CROSS_DEBARCH arm64)
include(${CMAKE_CURRENT_LIST_DIR}/target-common.cmake)
