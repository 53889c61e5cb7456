"""The documentation's examples run: every Python block of docs/api.md, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "docs_api"}
    for number, code in enumerate(blocks, start=1):
        exec(compile(code, f"docs/api.md, block {number}", "exec"), namespace)
    assert (tmp_path / "esempio.pptx").stat().st_size > 0
    assert (tmp_path / "esempio.pdf").read_bytes().startswith(b"%PDF")
