#!/usr/bin/env bash
# Prepares this Debian 12 machine to cross-build cunzhan for an ARM kiosk and
# to run its tests under qemu-user:
#   bash cross/prepare-target.sh aarch64   # arm64 boards
#   bash cross/prepare-target.sh armhf     # 32-bit ARMv7 boards
# Installs the cross compiler and qemu-user, then the target's -dev packages
# (the libraries .ci/install-deps.sh lists) with Debian multiarch
# (dpkg --add-architecture). Quick when everything is already there.
#
# If the target's -dev packages cannot be co-installed with the machine's own
# (multiarch conflicts), CZ_SYSROOT_ONLY=1 extracts them instead into a
# sysroot, cross/sysroot-ARCH in the build machine's cache folder
# (${XDG_CACHE_HOME:-~/.cache}/cunzhan/sysroot-ARCH), with apt-get download and
# dpkg-deb -x; the toolchain files use that sysroot when it exists.
set -euo pipefail

arch=${1:-}
case "$arch" in
  aarch64|arm64) darch=arm64; triple=aarch64-linux-gnu; gcc=gcc-aarch64-linux-gnu ;;
  armhf|arm)     darch=armhf; triple=arm-linux-gnueabihf; gcc=gcc-arm-linux-gnueabihf ;;
  *) echo "usage: $0 aarch64|armhf" >&2; exit 2 ;;
esac

# The target libraries: the -dev packages of .ci/install-deps.sh that are
# multiarch. libzinnia-dev is not (installing it for the target would remove
# the build machine's own): ARM builds get handwriting only from a sysroot.
LIBS=(libsdl2-dev libsdl2-ttf-dev libcurl4-openssl-dev libsqlite3-dev libqrencode-dev
      libcjson-dev libpng-dev libmicrohttpd-dev libsodium-dev libgooglepinyin0-dev
      libespeak-ng-dev)
SYSROOT_EXTRA=(libzinnia-dev)
# Build-machine tools: compiler, emulator, packaging checks. Data packages
# the tests read (fonts, dictionaries, voices) are architecture-independent
# and come from .ci/install-deps.sh.
HOST=("$gcc" "g++-${triple}" qemu-user binfmt-support dpkg-dev file)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# A mirror in the middle of a sync fails an index now and then: try again.
apt_update() {
  for i in 1 2 3; do $SUDO apt-get update -q && return 0; sleep $((i * 10)); done
  echo "warning: some package indexes failed to download; going on with what there is" >&2
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in "${HOST[@]}"; do installed "$p" || missing+=("$p"); done
if ! dpkg --print-foreign-architectures | grep -qx "$darch"; then
  $SUDO dpkg --add-architecture "$darch"
  updated=0
else
  updated=1
fi
tmissing=()
if [ "${CZ_SYSROOT_ONLY:-0}" != 1 ]; then
  for p in "${LIBS[@]}"; do installed "$p:$darch" || tmissing+=("$p:$darch"); done
fi
if [ ${#missing[@]} -gt 0 ] || [ ${#tmissing[@]} -gt 0 ] || [ "$updated" = 0 ]; then
  apt_update
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing build tools: ${missing[*]}"
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ ${#tmissing[@]} -gt 0 ]; then
  echo "installing $darch libraries: ${tmissing[*]}"
  # --no-remove: never take away a package of the build machine for the target.
  if ! $SUDO apt-get install -y -q --no-install-recommends --no-remove "${tmissing[@]}"; then
    # Typically: the target's index lags the machine's (a security update not
    # yet on the mirror for $darch), and multiarch needs equal versions.
    echo "warning: $darch -dev packages do not co-install here; extracting a sysroot" >&2
    CZ_SYSROOT_ONLY=1
  fi
fi

if [ "${CZ_SYSROOT_ONLY:-0}" = 1 ]; then
  root="${XDG_CACHE_HOME:-$HOME/.cache}/cunzhan/sysroot-$darch"
  if [ ! -f "$root/.complete" ]; then
    dl=$(mktemp -d)
    # Every package the -dev packages pull in for the target, minus the ones
    # only the build machine needs (compilers, perl, python, docs).
    pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
             --no-breaks --no-replaces --no-enhances "${LIBS[@]/%/:$darch}" \
             "${SYSROOT_EXTRA[@]/%/:$darch}" \
           | grep -E '^[a-z0-9]' | sed 's/:.*//' | sort -u \
           | grep -vE '^(gcc|cpp|perl|python|debconf|dpkg|libc-bin|install-info|sensible-utils)')
    # Architecture-independent packages (headers of X11 protocols, data) have
    # no :$darch version; ask apt once which ones those are.
    indep=$(apt-cache show --no-all-versions $pkgs 2>/dev/null \
            | awk '/^Package: /{p=$2} /^Architecture: all$/{print p}' | sort -u)
    want=()
    for p in $pkgs; do
      if grep -qx "$p" <<<"$indep"; then want+=("$p"); else want+=("$p:$darch"); fi
    done
    (cd "$dl" && apt-get download "${want[@]}" >/dev/null)
    mkdir -p "$root"
    for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$root"; done
    # Absolute symlinks (libfoo.so -> /lib/...) must point inside the sysroot.
    find "$root" -type l -lname '/*' | while read -r l; do
      ln -sfn "$root$(readlink "$l")" "$l"
    done
    rm -rf "$dl"
    touch "$root/.complete"
  fi
  echo "sysroot: $root  (configure with -DCZ_SYSROOT=$root)"
fi
echo "ready: $triple ($darch)"
