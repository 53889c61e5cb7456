"""What the batch's tests share: a stream that keeps what the batch writes to it."""

from __future__ import annotations


class Log:
    """A text stream that keeps everything written to it (``text``); not a terminal."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False
