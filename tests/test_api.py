"""The Python API: the parallel (forked) render gives the same bytes and the same errors."""

from __future__ import annotations

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


def _children() -> set[int]:
    """PIDs of this process's children, zombies included (Linux /proc)."""
    pids: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        pids |= {int(pid) for pid in (task / "children").read_text().split()}
    return pids


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_no_child_is_left_behind(document) -> None:
    before = _children()  # other tests' pools may keep helper processes alive
    api.render_all(document, ["pptx", "pdf"], parallel=True)
    assert _children() - before == set()
