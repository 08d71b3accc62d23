#!/bin/sh
# Install what the explorer test, the charts and the Graphviz export test need (Debian/Ubuntu,
# as root): headless Chromium + chromedriver (tests/test_explorer.py), the Noto CJK fonts
# (kgtool chart renders Chinese labels with them) and Graphviz (tests/test_network.py checks
# that `kgtool network --format dot` files parse with Graphviz's own tools). Installs only what
# is missing.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v chromedriver >/dev/null 2>&1 || need="$need chromium-driver"
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    need="$need fonts-noto-cjk"
fi
command -v fc-list >/dev/null 2>&1 || need="$need fontconfig"
command -v gc >/dev/null 2>&1 || need="$need graphviz"
if [ -z "$need" ]; then
    echo "install-browser: chromium, chromedriver, fonts-noto-cjk and graphviz already present"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-browser: installing$need"
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $need
# matplotlib caches the font list: drop it so the new fonts are found
rm -rf "${MPLCONFIGDIR:-$HOME/.cache/matplotlib}"/fontlist-*.json 2>/dev/null || true
