#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages hanscan needs, only those missing. Quiet and
# fast when everything is present. Uses sudo when not root; without root or
# sudo, lists the packages and exits 1. With --test, installs instead the
# packages only tests use (Chromium and a CJK font for the HTML screenshot
# test); failing to get those is a warning, not an error: that test skips.
# With --fuzz, installs clang and its libFuzzer runtime for `make fuzz`.
set -euo pipefail

packages=(
  build-essential gcc cmake pkg-config
  liblua5.4-dev lua-lpeg-dev zlib1g-dev libarchive-dev libsqlite3-dev sqlite3
  lua-check
  libopencc-dev libopencc-data opencc
  python3 clang-format
  zip zstd xz-utils bzip2 gzip
)
optional=0
if [ "${1:-}" = "--test" ]; then
  packages=(chromium fonts-wqy-zenhei)
  optional=1
elif [ "${1:-}" = "--fuzz" ]; then
  packages=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  case "$status" in
    ii*) ;;
    *) missing+=("$p") ;;
  esac
done

[ "${#missing[@]}" -eq 0 ] && exit 0

echo "install-deps: missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "install-deps: need root or sudo to install them; run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  [ "$optional" -eq 1 ] && exit 0
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ "$optional" -eq 1 ]; then
  if ! { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
      "${missing[@]}"; }; then
    echo "install-deps: could not install ${missing[*]}; tests that need" \
      "them will be skipped" >&2
  fi
  exit 0
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
