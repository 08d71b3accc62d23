#!/usr/bin/env bash
# Set up kgtool on a fresh machine: a virtualenv in .venv with the package and its test
# dependencies, plus the system packages the full test suite needs (a CJK font for charts,
# Chromium for the browser test, Virtuoso for the triple-store tests).
# Usage: scripts/setup.sh [--no-system]
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[test]'

if [ "${1:-}" != "--no-system" ]; then
  want=()
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || want+=(chromium-driver)
  command -v virtuoso-t >/dev/null 2>&1 || want+=(virtuoso-opensource)
  fc-list 2>/dev/null | grep -qi "noto sans cjk" || want+=(fonts-noto-cjk)
  if [ ${#want[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
      echo "setup: installing system packages: ${want[*]}"
      export DEBIAN_FRONTEND=noninteractive
      $SUDO apt-get update -qq >/dev/null || true
      $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null \
        || echo "setup: warning: could not install ${want[*]}; tests needing them will skip"
    else
      echo "setup: not root: skipping system packages (${want[*]}); tests needing them will skip"
    fi
  fi
fi
echo "setup: ok ($(.venv/bin/python --version), kgtool $(.venv/bin/python -c 'import kgtool; print(kgtool.__version__)'))"
