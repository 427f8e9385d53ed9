#!/usr/bin/env bash
# Browser tests drive Debian's chromium through chromedriver. Install them when missing
# (as root, or through sudo); a tool's own browser download cannot work offline.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
echo "Installing Debian packages chromium and chromium-driver for the browser tests..." >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "chromium and chromium-driver are missing: install them with apt-get as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium chromium-driver
