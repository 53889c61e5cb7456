"""The house by stage, checked: no import cycle (imports inside functions included) and no
module over 500 lines. The layers themselves are import-linter contracts (pyproject.toml),
run by scripts/test.sh."""

from __future__ import annotations

from pathlib import Path

import grimp

SRC = Path(__file__).resolve().parents[1] / "src" / "porreport"
MAX_LINES = 500


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every back edge of a depth-first walk over porreport's own modules, as a cycle."""
    state: dict[str, int] = {}
    path: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if not imported.startswith("porreport"):
                continue
            if state.get(imported) == 1:
                found.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported)
        path.pop()
        state[module] = 2

    for module in sorted(graph.modules):
        if module not in state:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    graph = grimp.build_graph("porreport")  # reads every import statement, in functions too
    assert "porreport.deck.render" in graph.find_modules_directly_imported_by("porreport.api")
    assert _cycles(graph) == []


def test_no_module_over_500_lines() -> None:
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in SRC.rglob("*.py")
    }
    assert len(sizes) > 50
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
