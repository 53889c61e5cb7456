"""The cold build's shortcuts (issue 16) do what the plain ways do."""

from __future__ import annotations

import json
import subprocess
import sys
from html import escape
from xml.sax.saxutils import escape as sax_escape

import pytest

from porreport.bulletin.styles import text

SAMPLES = (
    "",
    "Asse 1 & 2",
    "a < b > c",
    "&amp; già escapato",
    "virgolette \"doppie\" e 'semplici'",
    "<b>non grassetto</b>",
    "riga\nnuova",
)


@pytest.mark.parametrize("value", SAMPLES)
def test_escape_is_saxutils_escape(value: str) -> None:
    assert escape(value, quote=False) == sax_escape(value)


def test_paragraph_text_keeps_quotes_and_breaks() -> None:
    assert text("a & \"b\" <c>\n'd'") == "a &amp; \"b\" &lt;c&gt;<br/>'d'"


_PROBE = """
import inspect, json, sys
import porreport.bulletin.render
from porreport.charts import load_matplotlib
load_matplotlib()
import matplotlib.artist as ma
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
line = Line2D([0, 1], [0, 1])
line.set(color="red", lw=3, linestyle="--")
class Later(Rectangle):
    pass
print(json.dumps({
    "kwdoc": ma.kwdoc.__module__ + "." + ma.kwdoc.__name__,
    "update": ma.Artist.__dict__["_update_set_signature_and_docstring"].__func__.__module__,
    "line": [line.get_color(), line.get_linewidth(), line.get_linestyle()],
    "own_set": Line2D.set is not ma.Artist.set and Rectangle.set is not Line2D.set,
    "later_signature": "width" in inspect.signature(Later.set).parameters,
    "urllib": "urllib.request" in sys.modules,
}))
"""


def test_load_matplotlib_restores_and_sets_work() -> None:
    """In a fresh interpreter (matplotlib loads once): after ``load_matplotlib`` matplotlib
    is as a plain import leaves it for classes defined later, ``set`` of the classes
    loaded meanwhile accepts properties and aliases, and the bulletin's imports did not
    load ``urllib.request``."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        check=True,
    )
    probe = json.loads(out.stdout)
    assert probe["kwdoc"] == "matplotlib.artist.kwdoc"
    assert probe["update"] == "matplotlib.artist"
    assert probe["line"] == ["red", 3.0, "--"]
    assert probe["own_set"] is True
    assert probe["later_signature"] is True
    assert probe["urllib"] is False
