#!/usr/bin/env bash
# Install the SPARQL servers the server tests (tests/test_remote.py, tests/test_serve.py) use:
#   - Oxigraph server: the `oxigraph` PyPI package (a prebuilt binary inside the wheel);
#   - OpenLink Virtuoso 7: Debian's virtuoso-opensource (virtuoso-t, isql-vt), ~20 s.
# Idempotent; run as root (or with sudo available) on Debian/Ubuntu.
# Usage: scripts/install-servers.sh [PYTHON]   (default: .venv/bin/python, else python3)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${1:-}"
if [ -z "$PY" ]; then
  if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
fi

if ! "$PY" -c 'import shutil, sys, pathlib; p = pathlib.Path(sys.executable).parent / "oxigraph"; sys.exit(0 if p.is_file() or shutil.which("oxigraph") else 1)'; then
  echo "installing the oxigraph server (PyPI package oxigraph)"
  "$PY" -m pip install --quiet "oxigraph>=0.5,<0.6"
fi

if ! command -v virtuoso-t >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "installing virtuoso-opensource (Debian package)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q virtuoso-opensource >/dev/null
  # The package may start a system instance on ports 1111/8890; the tests start their own.
  if command -v service >/dev/null 2>&1; then
    $SUDO service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
  fi
fi

"$PY" - <<'PY'
import shutil, sys, pathlib
ox = pathlib.Path(sys.executable).parent / "oxigraph"
print("oxigraph:", ox if ox.is_file() else shutil.which("oxigraph"))
print("virtuoso-t:", shutil.which("virtuoso-t"), " isql-vt:", shutil.which("isql-vt"))
PY
