#!/usr/bin/env bash
# The PDF sheets are laid out by WeasyPrint, which needs Pango (and HarfBuzz's subsetter) from
# the system, and their text is set in Noto Sans from Debian's fonts-noto-core. Install whatever
# is missing (as root, or through sudo), the way ensure-browser.sh installs Chromium.
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core)
missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages ${missing[*]} for the PDF sheets..." >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "${missing[*]} missing: install them with apt-get as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
