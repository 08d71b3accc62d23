#!/usr/bin/env bash
# Set up kgtool on a fresh machine: a virtualenv in .venv with the package and its test
# dependencies. `make demo` needs nothing more. With --system it also installs the system
# packages only the full test suite needs (a CJK font for charts, Chromium for the browser
# test, Graphviz for the DOT export test, Oxigraph and Virtuoso for the triple-store tests);
# `make test` passes it. Without them those tests skip and say why (pytest -rs).
# Usage: scripts/setup.sh [--system]
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[test]'

if [ "${1:-}" = "--system" ]; then
  # System packages for the server, browser and chart tests (each script is idempotent and
  # skips what is already installed); without root they warn and the tests skip.
  if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; then
    bash scripts/install-servers.sh .venv/bin/python || echo "setup: warning: server install failed; server tests will skip"
    bash scripts/install-browser.sh || echo "setup: warning: browser/font install failed; browser and chart tests will skip"
  else
    echo "setup: not root: skipping system packages; server, browser and chart tests will skip"
  fi
fi
echo "setup: ok ($(.venv/bin/python --version), kgtool $(.venv/bin/python -c 'import kgtool; print(kgtool.__version__)'))"
