#!/usr/bin/env bash
# Makes sure headless Chromium and its WebDriver are installed (Debian's chromium and
# chromium-driver) for the status page's browser test: installs them on a fresh machine.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-chromium: installing chromium and chromium-driver from Debian's packages"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
