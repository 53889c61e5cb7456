"""The exceptions porreport raises. Messages are in Italian: they are read by the people
who edit the data, not by programmers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake (or warning) in a report: where it is, what was found, what was expected."""

    path: str
    message: str
    value: str | None = None
    location: str | None = None  # "riga 12" or "dimensioni.csv, riga 4"

    def __str__(self) -> str:
        found = f" (valore trovato: {self.value})" if self.value is not None else ""
        if not self.path and not self.location:
            return f"{self.message}{found}"
        where = self.path or "(documento)"
        if self.location:
            where = f"{where} ({self.location})"
        return f"{where}: {self.message}{found}"


class PorreportError(Exception):
    """Base class of every error porreport raises on purpose."""


class InputError(PorreportError):
    """The report (or a file it refers to) cannot be used. Carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem | str, source: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(path="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        """All problems, one per line, headed by the file name when known."""
        head = f"Errori nel file {self.source}:" if self.source else "Errori nei dati:"
        if len(self.problems) == 1 and not self.problems[0].path:
            return (
                f"{self.source}: {self.problems[0].message}"
                if self.source
                else self.problems[0].message
            )
        lines = [head] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class TemplateError(PorreportError):
    """The deck template lacks something the renderer needs (a layout, a placeholder)."""


class RenderError(PorreportError):
    """A document could not be produced from valid data (e.g. a character the font lacks)."""
