"""The deck's emitting shortcuts change no byte.

The deck is zipped once, straight from its parts (``package.save``), not saved by
python-pptx and re-zipped. Each test compares a shortcut with the plain way of doing the
same thing.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pptx import Presentation

from porreport import api
from porreport.deck import package
from porreport.deck.template_file import open_template

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "por_fse_lombardia_2021.yaml"
OTHER = ROOT / "data" / "examples" / "pr_fesr_toscana_2025.yaml"
DATE = dt.date(2021, 9, 30)


def _plain_save(prs: object, date: dt.date) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)  # type: ignore[attr-defined]
    return package.normalise(buf.getvalue(), date)


def test_the_one_pass_save_writes_what_python_pptx_and_normalise_write() -> None:
    prs, _ = open_template(None)
    package.clean_parts(prs)
    assert package.save(prs, DATE) == _plain_save(prs, DATE)
    # a whole deck: slides, notes, charts and their workbooks, fonts, tags
    deck = Presentation(io.BytesIO(api.render(api.document_of(api.load(EXAMPLE)), "pptx")))
    assert package.save(deck, DATE) == _plain_save(deck, DATE)
