#!/bin/sh
# Installs a Japanese font for drawing the LINE rich menu (tests/channels/line/
# test_richmenu.py) when the machine has none. Idempotent. Needs root (CI images).
set -eu

if [ -f /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf ] \
    || [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq fonts-ipafont-gothic
