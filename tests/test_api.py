"""The Python API: the parallel (forked) render gives the same bytes and the same errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from porreport import api
from porreport.errors import TemplateError


@pytest.fixture(scope="module")
def document():
    return api.document_of(api.load(api.example_report()))


def test_parallel_and_serial_render_are_identical(document) -> None:
    serial = api.render_all(document, ["pptx", "pdf"])
    parallel = api.render_all(document, ["pptx", "pdf"], parallel=True)
    assert serial.keys() == parallel.keys() == {"pptx", "pdf"}
    assert serial == parallel


def test_an_error_in_the_child_reaches_the_caller(document, tmp_path: Path) -> None:
    from pptx import Presentation

    bare = tmp_path / "vuoto.pptx"
    Presentation().save(bare)  # python-pptx's default template has none of our layouts
    with pytest.raises(TemplateError, match="non contiene il layout"):
        api.render_all(document, ["pptx", "pdf"], bare, parallel=True)


def test_no_child_is_left_behind(document) -> None:
    api.render_all(document, ["pptx", "pdf"], parallel=True)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
