#!/usr/bin/env bash
# Render a deck to one PNG per slide for visual review, through LibreOffice (it-IT) and
# pdftoppm. The bundled Titillium Web fonts are made visible to LibreOffice through a
# private fontconfig file, so the pages show the deck's real typeface.
# Usage: scripts/render_deck_png.sh DECK.pptx OUTDIR [DPI]
set -euo pipefail
deck=${1:?usage: render_deck_png.sh DECK.pptx OUTDIR [DPI]}
out=${2:?usage: render_deck_png.sh DECK.pptx OUTDIR [DPI]}
dpi=${3:-80}
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cat >"$work/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$root/fonts</dir>
  <cachedir>$work/fc-cache</cachedir>
</fontconfig>
CONF
export FONTCONFIG_FILE="$work/fonts.conf"
LC_ALL=it_IT.UTF-8 LANG=it_IT.UTF-8 soffice -env:UserInstallation="file://$work/profile" \
  --headless --convert-to pdf --outdir "$work" "$deck" >/dev/null 2>&1
pdf="$work/$(basename "${deck%.*}").pdf"
rm -f "$out"/slide-*.png
pdftoppm -png -r "$dpi" "$pdf" "$out/slide"
cp "$pdf" "$out/"
ls "$out"
