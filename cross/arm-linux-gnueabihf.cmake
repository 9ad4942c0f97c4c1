# arm-linux-gnueabihf.cmake — cross-build for 32-bit ARMv7 kiosks (Debian armhf).
#   bash cross/prepare-target.sh armhf
#   cmake --toolchain cross/arm-linux-gnueabihf.cmake -S . -B build-armhf
#   cmake --build build-armhf && ctest --test-dir build-armhf      # tests under qemu-arm
set(CZ_CROSS_TRIPLE arm-linux-gnueabihf)
set(CZ_CROSS_PROCESSOR armv7l)
set(CZ_CROSS_QEMU qemu-arm)
set(CZ_CROSS_DEBARCH armhf)
include(${CMAKE_CURRENT_LIST_DIR}/target-common.cmake)
