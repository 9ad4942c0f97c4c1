# target-common.cmake — shared part of the ARM toolchain files.
# The including file sets CZ_CROSS_TRIPLE (e.g. aarch64-linux-gnu),
# CZ_CROSS_PROCESSOR and CZ_CROSS_QEMU before including this file.
#
# Target libraries come from a sysroot of Debian's packages for the target
# (cross/prepare-target.sh makes it; -DCZ_SYSROOT=DIR or $CZ_SYSROOT names
# another), or with CZ_MULTIARCH from multiarch packages installed next to the
# build machine's own, their .pc files in /usr/lib/<triple>/pkgconfig.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${CZ_CROSS_PROCESSOR})
set(CMAKE_LIBRARY_ARCHITECTURE ${CZ_CROSS_TRIPLE})
set(CMAKE_C_COMPILER ${CZ_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${CZ_CROSS_TRIPLE}-g++)

if(NOT CZ_SYSROOT AND DEFINED ENV{CZ_SYSROOT})
  set(CZ_SYSROOT "$ENV{CZ_SYSROOT}")
endif()
# The sysroot that cross/prepare-target.sh makes, when no other was named:
# found by itself, so the documented command needs no path. -DCZ_MULTIARCH=ON
# (or CZ_MULTIARCH=1 in the environment) uses multiarch packages instead.
if(NOT CZ_MULTIARCH AND "$ENV{CZ_MULTIARCH}" STREQUAL "1")
  set(CZ_MULTIARCH ON)
endif()
if(NOT CZ_SYSROOT AND NOT CZ_MULTIARCH)
  if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    set(cz_cache "$ENV{XDG_CACHE_HOME}")
  else()
    set(cz_cache "$ENV{HOME}/.cache")
  endif()
  if(EXISTS "${cz_cache}/cunzhan/sysroot-${CZ_CROSS_DEBARCH}/.complete")
    set(CZ_SYSROOT "${cz_cache}/cunzhan/sysroot-${CZ_CROSS_DEBARCH}")
  endif()
endif()
# try_compile() projects re-read this file; hand them the same choice.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CZ_SYSROOT CZ_MULTIARCH)

if(CZ_SYSROOT)
  set(CMAKE_SYSROOT "${CZ_SYSROOT}")
  set(CMAKE_FIND_ROOT_PATH "${CZ_SYSROOT}")
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "${CZ_SYSROOT}")
  set(ENV{PKG_CONFIG_LIBDIR}
      "${CZ_SYSROOT}/usr/lib/${CZ_CROSS_TRIPLE}/pkgconfig:${CZ_SYSROOT}/usr/share/pkgconfig")
  set(cz_target_root "${CZ_SYSROOT}")
else()
  # Multiarch: the target's libraries live in the build machine's root.
  set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${CZ_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig")
  unset(ENV{PKG_CONFIG_SYSROOT_DIR})
  set(cz_target_root "/")
endif()
# Only the target's .pc files, never the build machine's.
set(ENV{PKG_CONFIG_PATH} "")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest runs the test programs under qemu-user; -L is where the target's
# dynamic loader and libraries are found.
find_program(CZ_QEMU NAMES ${CZ_CROSS_QEMU} ${CZ_CROSS_QEMU}-static)
if(CZ_QEMU)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${CZ_QEMU};-L;${cz_target_root}")
endif()

# The .deb is for the target architecture.
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${CZ_CROSS_DEBARCH})
# A kiosk package installs under /usr (assets in /usr/share/cunzhan).
set(CMAKE_INSTALL_PREFIX /usr CACHE PATH "Install prefix")
