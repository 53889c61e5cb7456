"""What a batch tells the person (or the log) watching it, on stderr: a progress bar on a
terminal, one plain line per report otherwise."""

from __future__ import annotations

import contextlib
from typing import TextIO

from porreport.batch.task import FAILED, OK, SKIPPED, Result

_LOG_WORDS = {OK: "ok", FAILED: "ERRORE", SKIPPED: "invariato"}


def seconds_it(value: float) -> str:
    """0.4213 -> '0,42' (no locale involved)."""
    return f"{value:.2f}".replace(".", ",")


class Progress:
    """A progress bar on a terminal, one plain line per report otherwise (stderr)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.count = 0
        self.tty = _is_tty(stream)
        self._width = 0

    def report(self, name: str, result: Result) -> None:
        """Record one finished report."""
        self.count += 1
        status = result["status"]
        line = f"[{self.count}/{self.total}] {name}: {_LOG_WORDS[status]}"
        line += f" ({seconds_it(result.get('duration_s', 0.0))} s)"
        if not self.tty or status == FAILED:
            self._clear()
            self._write(line + "\n")
            for text in (result.get("error") or "").splitlines():
                self._write(f"    {text}\n")
        if self.tty:
            self._bar(name)

    def note(self, text: str) -> None:
        """A line of its own, above the bar."""
        self._clear()
        self._write(text + "\n")

    def finish(self) -> None:
        """Leave the bar's line."""
        self._clear()

    def _bar(self, name: str) -> None:
        filled = round(30 * self.count / self.total) if self.total else 30
        text = f"[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total} {name}"[:79]
        self._write("\r" + text.ljust(self._width))
        self._width = len(text)

    def _clear(self) -> None:
        if self.tty and self._width:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # a closed or full stderr never stops us
            self.stream.write(text)
            self.stream.flush()


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False
