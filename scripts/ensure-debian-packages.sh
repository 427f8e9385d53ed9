#!/usr/bin/env bash
# Install the Debian packages a make target needs when any is missing (as root, or through sudo):
#   ensure-debian-packages.sh "what they are for" package...
# `make browser`: Chromium and its driver for the browser tests (a tool's own browser download
# cannot work offline). `make pango`: Pango, HarfBuzz's subsetter and the Noto fonts, which
# WeasyPrint lays the PDF sheets out with.
set -euo pipefail
purpose=$1
shift
missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages ${missing[*]} for $purpose..." >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "${missing[*]} missing: install them with apt-get as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${missing[@]}"
