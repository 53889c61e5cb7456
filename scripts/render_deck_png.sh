#!/usr/bin/env bash
# Render a deck to one PNG per slide for visual review, through LibreOffice (it-IT) and
# pdftoppm. The fonts LibreOffice may use are chosen with --fonts (tests/office.py, one
# definition for this script and the tests):
#   bundled     the repository's Titillium Web (and Liberation Sans), as the deck is laid out
#   liberation  Titillium Web absent, Liberation Sans (Arial's metrics) standing in for it,
#               as PowerPoint on an office PC without the font
#   dejavu      only DejaVu Sans, LibreOffice's fallback on a Linux desktop
# Usage: scripts/render_deck_png.sh [--fonts bundled|liberation|dejavu] DECK.pptx OUTDIR [DPI]
set -euo pipefail
usage="uso: $0 [--fonts bundled|liberation|dejavu] FILE.pptx CARTELLA_USCITA [DPI]"
fonts=bundled
if [[ ${1:-} == --fonts ]]; then
  fonts=${2:?$usage}
  shift 2
elif [[ ${1:-} == --fonts=* ]]; then
  fonts=${1#--fonts=}
  shift
fi
case $fonts in
  bundled | liberation | dejavu) ;;
  *)
    echo "caratteri sconosciuti: $fonts (ammessi: bundled, liberation, dejavu)" >&2
    exit 2
    ;;
esac
deck=${1:?$usage}
out=${2:?$usage}
dpi=${3:-80}
if [[ ! -f $deck ]]; then
  echo "file non trovato: $deck" >&2
  exit 1
fi
command -v pdftoppm >/dev/null || { echo "pdftoppm non installato (poppler-utils)" >&2; exit 1; }
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
pdf="$(python3 "$root/tests/office.py" --fonts "$fonts" "$deck" "$work")"
rm -f "$out"/slide-*.png
pdftoppm -png -r "$dpi" "$pdf" "$out/slide"
cp "$pdf" "$out/"
ls "$out"
