#!/usr/bin/env bash
# Installs what cunzhan needs to build, run and test on Debian 12.
# Quick when everything is already there (checks with dpkg first).
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git file
  libsdl2-dev libsdl2-ttf-dev libdrm-dev libjpeg62-turbo-dev libcurl4-openssl-dev libsqlite3-dev sqlite3 libqrencode-dev
  libcjson-dev libpng-dev libmicrohttpd-dev libsodium-dev openssl ca-certificates libzbar-dev
  fonts-noto-cjk fonts-wqy-microhei
  libgooglepinyin0-dev libzinnia-dev tegaki-zinnia-simplified-chinese
  espeak-ng libespeak-ng-dev
  clang libclang-rt-dev valgrind
  python3 python3-jieba
  systemd
)

# Installed for this machine's own architecture (or "all"): a -dev package
# installed only for a cross target (e.g. libzinnia-dev:arm64, which is not
# multiarch) does not count.
native=$(dpkg --print-architecture)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status} ${Architecture}\n' "$p" 2>/dev/null |
    grep -Eq "^install ok installed ($native|all)$" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# apt-get update fails as a whole when any one index does, e.g. a foreign
# architecture's index caught in a mirror sync (cross/prepare-target.sh adds
# one). Try again, then go on: the install below fails clearly if a package
# this machine needs really cannot be had.
updated=0
for i in 1 2 3; do
  if $SUDO apt-get update -q; then updated=1; break; fi
  [ "$i" -lt 3 ] && sleep $((i * 10))
done
[ "$updated" = 1 ] || echo "warning: some package indexes failed to download; going on with what there is" >&2
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
