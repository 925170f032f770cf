#!/bin/sh
# Installs headless Chromium and its WebDriver for the browser tests
# (pytest -m browser), plus a Japanese font so screenshots are legible.
# Idempotent: does nothing when they are already installed. Needs root (CI images).
set -eu

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium chromium-driver fonts-ipafont-gothic
