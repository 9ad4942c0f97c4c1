# packaging.cmake — the kiosk's .deb (CPack): cunzhan-kiosk, the assets in
# /usr/share/cunzhan, a systemd unit that starts the kiosk at boot on the
# console, the default /etc/cunzhan/cunzhan.conf (a conffile) and data in
# /var/lib/cunzhan (the unit's StateDirectory). Only a kiosk build
# (-DCZ_PLATFORM=kiosk) packages; the architecture comes from the toolchain
# file (arm64, armhf) or the build machine.
#   cmake --build build-aarch64-kiosk --target package
if(NOT CZ_PLATFORM STREQUAL "kiosk")
  return()
endif()
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(WARNING "a kiosk package wants -DCMAKE_INSTALL_PREFIX=/usr (assets are looked up in ${CZ_INSTALL_ASSETS})")
endif()

set(cz_deploy ${CMAKE_CURRENT_LIST_DIR}/deploy)
# the emulator's sample pages and fictional ID cards stay out: the kiosk has
# its camera and its card reader
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cunzhan
        PATTERN camera EXCLUDE PATTERN idcard EXCLUDE)
install(FILES ${cz_deploy}/cunzhan-kiosk.service DESTINATION lib/systemd/system)
install(FILES ${cz_deploy}/60-cunzhan.rules DESTINATION lib/udev/rules.d)
# The board's console stays the kiosk's: no SysRq, no spare gettys (README).
install(FILES ${cz_deploy}/sysctl-cunzhan-kiosk.conf DESTINATION lib/sysctl.d
        RENAME 60-cunzhan-kiosk.conf)
install(FILES ${cz_deploy}/logind-cunzhan-kiosk.conf DESTINATION lib/systemd/logind.conf.d
        RENAME 60-cunzhan-kiosk.conf)
install(FILES ${cz_deploy}/cunzhan.conf DESTINATION /etc/cunzhan)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cunzhan-kiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "village service-station self-service kiosk (村站)")
set(CPACK_PACKAGE_DESCRIPTION "Guided forms for public-service items on a touchscreen kiosk,\nkept in SQLite and uploaded to the county government-service platform.")
set(CPACK_PACKAGE_CONTACT "cunzhan maintainers <maintainers@cunzhan.invalid>")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
if(NOT CPACK_DEBIAN_PACKAGE_ARCHITECTURE)
  execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
# Run-time libraries from the binary (dpkg-shlibdeps), plus what is loaded by
# name or read as data.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(CMAKE_SYSROOT)
  # Built against a sysroot (cross/prepare-target.sh): dpkg-shlibdeps finds
  # the libraries there and asks the sysroot's own dpkg database which
  # package holds each, instead of the build machine's.
  if(NOT EXISTS "${CMAKE_SYSROOT}/var/lib/dpkg/status")
    message(WARNING "${CMAKE_SYSROOT} has no dpkg database: make it anew with cross/prepare-target.sh")
  endif()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS
      "${CMAKE_SYSROOT}/lib/${CMAKE_LIBRARY_ARCHITECTURE}"
      "${CMAKE_SYSROOT}/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}")
  file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/cpack-sysroot.cmake" CONTENT
       "set(ENV{DPKG_ADMINDIR} \"${CMAKE_SYSROOT}/var/lib/dpkg\")\n")
  set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_BINARY_DIR}/cpack-sysroot.cmake")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-cjk, systemd, adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "espeak-ng-data, tegaki-zinnia-simplified-chinese")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${cz_deploy}/postinst ${cz_deploy}/prerm ${cz_deploy}/postrm ${cz_deploy}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
