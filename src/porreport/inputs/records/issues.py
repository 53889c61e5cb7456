"""The data-quality problems of a records file, collected batch by batch: every problem is
counted, the first ``limit`` rows of each check are listed with their row number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from porreport.inputs.records.figures import Issue

Message = str | Callable[[int], str]  # fixed, or made from the row's index in its batch
MAX_VALUE_CHARS = 200  # of a cell quoted in a problem: the rest is cut ("…")


@dataclass
class IssueLog:
    """Problems per check: a check is one kind of problem with one message (a message made
    per row names its check with ``key``)."""

    headers: dict[str, str]  # logical column -> the file's header, as the report names it
    limit: int  # rows listed per check; all are counted
    counts: dict[str, int] = field(default_factory=dict)
    _listed: dict[tuple[str, str], list[Issue]] = field(default_factory=dict)

    def add(
        self,
        kind: str,
        column: str,
        mask: np.ndarray,
        text: Callable[[int], str],
        message: Message,
        *,
        start: int,
        key: str = "",
    ) -> None:
        """Count the rows of a batch where ``mask`` holds, listing them while there is room.

        ``text(i)`` is the cell of the batch's row ``i`` (stripped), ``start`` the index of
        the batch's first row in the file. Every check is registered on its first call, so
        that the order of checks is the order of the calls, whatever the batch.
        """
        listed = self._listed.setdefault((kind, message if isinstance(message, str) else key), [])
        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        self.counts[kind] = self.counts.get(kind, 0) + len(rows)
        header = self.headers[column]
        for i in rows[: max(self.limit - len(listed), 0)].tolist():
            value = text(i)
            if len(value) > MAX_VALUE_CHARS:
                value = value[:MAX_VALUE_CHARS] + "…"
            described = message(i) if callable(message) else message
            listed.append(Issue(kind, start + i + 2, header, value or None, described))

    def issues(self) -> tuple[Issue, ...]:
        """The listed problems by row, then kind (checks of one kind in the order of calls)."""
        return tuple(sorted(chain(*self._listed.values()), key=lambda x: (x.row, x.kind)))

    def issue_counts(self) -> dict[str, int]:
        """How many problems of each kind, by kind."""
        return dict(sorted(self.counts.items()))
