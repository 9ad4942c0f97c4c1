#!/usr/bin/env bash
# Prepares this Debian 12 machine to cross-build cunzhan for an ARM kiosk and
# to run its tests under qemu-user:
#   bash cross/prepare-target.sh aarch64   # arm64 boards
#   bash cross/prepare-target.sh armhf     # 32-bit ARMv7 boards
# Installs the cross compiler and qemu-user, then gives the compiler the
# target's libraries (the -dev packages .ci/install-deps.sh lists, for the
# target architecture) in a sysroot of their own:
#   ${XDG_CACHE_HOME:-~/.cache}/cunzhan/sysroot-ARCH
# made with apt-get download and dpkg-deb -x from Debian's ARCH packages. The
# toolchain files find it there by themselves (or take -DCZ_SYSROOT=DIR).
# Quick when everything is already there.
#
# A sysroot leaves the build machine's own packages alone. The other way,
# CZ_MULTIARCH=1, installs the target's -dev packages beside the machine's
# (Debian multiarch); that needs the very same version of every shared
# package on both architectures, which a machine not fully upgraded, or a
# mirror that lags for one architecture, does not give; the script then falls
# back to the sysroot. A multiarch build has no Zinnia (libzinnia-dev is not
# multiarch), so no handwriting.
set -euo pipefail

arch=${1:-}
case "$arch" in
  aarch64|arm64) darch=arm64; triple=aarch64-linux-gnu; gcc=gcc-aarch64-linux-gnu ;;
  armhf|arm)     darch=armhf; triple=arm-linux-gnueabihf; gcc=gcc-arm-linux-gnueabihf ;;
  *) echo "usage: $0 aarch64|armhf" >&2; exit 2 ;;
esac

# The target libraries: the -dev packages of .ci/install-deps.sh.
LIBS=(libsdl2-dev libsdl2-ttf-dev libdrm-dev libjpeg62-turbo-dev libcurl4-openssl-dev libsqlite3-dev libqrencode-dev
      libcjson-dev libpng-dev libmicrohttpd-dev libsodium-dev libgooglepinyin0-dev
      libespeak-ng-dev libzinnia-dev libzbar-dev)
# Build-machine tools: compiler, emulator, packaging checks. Data packages
# the tests read (fonts, dictionaries, voices) are architecture-independent
# and come from .ci/install-deps.sh.
HOST=("$gcc" "g++-${triple}" qemu-user dpkg-dev file)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# First what every build and test run of the project needs on this machine
# (cmake, pkg-config, the fonts, dictionaries and handwriting model the tests
# read, openssl for the simulator's certificate): so that this script is
# the only step before cmake on a fresh machine.
bash "$(dirname "$0")/../.ci/install-deps.sh"

# apt-get update fails as a whole when one index does (a mirror in the middle
# of a sync, often for one architecture only): try again, then go on with the
# indexes there are; what is really missing fails clearly later.
apt_updated=0
apt_update() {
  [ "$apt_updated" = 1 ] && return 0
  apt_updated=1
  for i in 1 2 3; do
    $SUDO apt-get update -q && return 0
    [ "$i" -lt 3 ] && sleep $((i * 10))
  done
  echo "warning: some package indexes failed to download; going on with what there is" >&2
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

root="${XDG_CACHE_HOME:-$HOME/.cache}/cunzhan/sysroot-$darch"
# The sysroot records what it was made from; another list makes it anew.
stamp="3 ${LIBS[*]}" # bump the number when the layout below changes
sysroot_ok() { [ -f "$root/.complete" ] && [ "$(cat "$root/.complete")" = "$stamp" ]; }

missing=()
for p in "${HOST[@]}"; do installed "$p" || missing+=("$p"); done
# Without the architecture apt has no index of its packages to download from.
if ! dpkg --print-foreign-architectures | grep -qx "$darch"; then
  $SUDO dpkg --add-architecture "$darch"
  apt_updated=0
  apt_update
fi
if [ ${#missing[@]} -gt 0 ]; then
  apt_update
  echo "installing build tools: ${missing[*]}"
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

sysroot=1
if [ "${CZ_MULTIARCH:-0}" = 1 ]; then
  tmissing=()
  for p in "${LIBS[@]}"; do
    [ "$p" = libzinnia-dev ] && continue # not multiarch: would replace the machine's own
    installed "$p:$darch" || tmissing+=("$p:$darch")
  done
  sysroot=0
  if [ ${#tmissing[@]} -gt 0 ]; then
    apt_update
    echo "installing $darch libraries: ${tmissing[*]}"
    # --no-remove: never take away a package of the build machine for the target.
    if ! $SUDO apt-get install -y -q --no-install-recommends --no-remove "${tmissing[@]}"; then
      echo "warning: $darch -dev packages do not co-install here; making a sysroot instead" >&2
      sysroot=1
    fi
  fi
fi

if [ "$sysroot" = 1 ] && ! sysroot_ok; then
  apt_update
  echo "making the $darch sysroot in $root"
  dl=$(mktemp -d)
  trap 'rm -rf "$dl"' EXIT
  # Every package the -dev packages pull in for the target, minus the ones
  # only a build machine needs (compilers, perl, python, package tools).
  pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
           --no-breaks --no-replaces --no-enhances "${LIBS[@]/%/:$darch}" \
         | grep -E '^[a-z0-9]' | sed 's/:.*//' | sort -u \
         | grep -vE '^(gcc|cpp|perl|python|debconf|dpkg|libc-bin|install-info|sensible-utils)')
  # Architecture-independent packages (X11 protocol headers, data) have no
  # :$darch version; one apt-cache call tells which those are.
  indep=$(apt-cache show --no-all-versions $pkgs 2>/dev/null \
          | awk '/^Package: /{p=$2} /^Architecture: all$/{print p}' | sort -u)
  want=()
  for p in $pkgs; do
    if grep -qx "$p" <<<"$indep"; then want+=("$p"); else want+=("$p:$darch"); fi
  done
  sandbox=()
  if [ "$(id -u)" -eq 0 ]; then sandbox=(-o APT::Sandbox::User=root); fi
  (cd "$dl" && apt-get download -q "${sandbox[@]}" "${want[@]}" >/dev/null)
  rm -rf "$root"
  mkdir -p "$root"
  # A dpkg database of the sysroot's libraries (status, file lists, shlibs and
  # symbols files), so that dpkg-shlibdeps, run with DPKG_ADMINDIR pointing
  # there, can work out a package's run-time dependencies (cross/packaging.cmake).
  db="$root/var/lib/dpkg"
  mkdir -p "$db/info" "$db/updates"
  echo 1 > "$db/info/format" # the multiarch layout: info/PKG:ARCH.list
  printf '%s\n' "$(dpkg --print-architecture)" "$darch" > "$db/arch"
  : > "$db/status"
  : > "$db/available"
  ctl=$(mktemp -d)
  for deb in "$dl"/*.deb; do
    dpkg-deb -x "$deb" "$root"
    rm -rf "${ctl:?}"/*
    dpkg-deb -e "$deb" "$ctl"
    if [ -f "$ctl/shlibs" ] || [ -f "$ctl/symbols" ]; then
      pkg=$(dpkg-deb -f "$deb" Package)
      name=$pkg
      if [ "$(dpkg-deb -f "$deb" Multi-Arch)" = same ]; then
        name="$pkg:$(dpkg-deb -f "$deb" Architecture)"
      fi
      { awk '{print} /^Package: /{print "Status: install ok installed"}' "$ctl/control"; echo; } >> "$db/status"
      dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -e 's|^\./|/|' -e 's|/$||' -e '/^$/d' \
        | sed "s|^|$root|" > "$db/info/$name.list"
      for f in shlibs symbols; do
        if [ -f "$ctl/$f" ]; then cp "$ctl/$f" "$db/info/$name.$f"; fi
      done
    fi
  done
  rm -rf "$ctl"
  # Absolute symlinks (libfoo.so -> /lib/...) must point inside the sysroot.
  find "$root" -type l -lname '/*' | while read -r l; do
    ln -sfn "$root$(readlink "$l")" "$l"
  done
  # Documentation is of no use to a compiler.
  rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/info"
  printf '%s' "$stamp" > "$root/.complete"
fi
if [ "$sysroot" = 1 ]; then
  echo "sysroot: $root  (the toolchain files find it there; or -DCZ_SYSROOT=DIR)"
fi
echo "ready: $triple ($darch)"
