#!/usr/bin/env bash
# Render every page of a PDF to PNG for visual review: scripts/render_pdf_png.sh PDF OUTDIR [DPI]
# Writes OUTDIR/page-01.png, page-02.png, ... (pdftoppm, from poppler-utils).
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "uso: $0 FILE.pdf CARTELLA_USCITA [DPI]" >&2
  exit 2
fi
pdf=$1
out=$2
dpi=${3:-80}
if [[ ! -f $pdf ]]; then
  echo "file non trovato: $pdf" >&2
  exit 1
fi
command -v pdftoppm >/dev/null || { echo "pdftoppm non installato (poppler-utils)" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/page-*.png
pdftoppm -r "$dpi" -png "$pdf" "$out/page"
ls "$out"/page-*.png
