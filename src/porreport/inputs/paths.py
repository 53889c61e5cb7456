"""Paths from outside (command-line arguments, file names written in a report) that cannot
name a file at all (a NUL byte, a name or a path longer than the system allows, a loop of
symbolic links, a character no file name can hold) or that porreport does not take: a control
character (a line break, ESC) would let a name fake a line or a colour in a message.

Each is found with one ``stat`` before anything opens the path, and told in Italian; the
caller names the argument or the field. Whether the file exists is the caller's question.
"""

from __future__ import annotations

import errno
import os
import re

from porreport.errors import escape_controls

NAME_MAX = 255  # bytes in one name of a path (Linux, and most file systems)
PATH_MAX = 4096  # bytes in a whole path, its final NUL included
SHOWN_CHARS = 160  # a longer path is shown cut in the middle
_CONTROL = re.compile(r"[\x01-\x1f\x7f-\x9f]")

NUL_BYTE = "il nome contiene un carattere nullo (NUL), che nessun nome di file può contenere"
SYMLINK_LOOP = (
    "collegamenti simbolici circolari (o più di 40 in sequenza): il percorso non porta a "
    "nessun file"
)
NOT_ENCODABLE = "il nome contiene caratteri che un nome di file non può contenere"
CONTROL_CHARACTER = (
    "il nome contiene un carattere di controllo (un a capo, una tabulazione, ESC…), che "
    "porreport non accetta in un nome di file: rinominare il file"
)


def path_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot name a file (in Italian), or None when it can."""
    text = os.fspath(path)
    if "\x00" in text:
        return NUL_BYTE
    if _CONTROL.search(text):
        return CONTROL_CHARACTER
    try:
        os.stat(text)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return SYMLINK_LOOP
        if exc.errno == errno.ENAMETOOLONG:
            return too_long(text)
    except ValueError:  # a lone surrogate, which the file system encoding cannot write
        return NOT_ENCODABLE
    return None


def too_long(text: str) -> str:
    """What is too long in ``text``: one of its names, or the whole path."""
    # formatting brings babel: only a refusal needs it, not every command's start
    from porreport.formatting import count

    encoded = os.fsencode(text)
    longest = max(len(name) for name in encoded.split(b"/"))
    if longest > NAME_MAX:
        return (
            f"nome di file troppo lungo: {count(longest)} byte in un solo nome, "
            f"ammessi al massimo {count(NAME_MAX)}"
        )
    if len(encoded) >= PATH_MAX:
        return (
            f"percorso troppo lungo: {count(len(encoded))} byte, "
            f"ammessi al massimo {count(PATH_MAX - 1)}"
        )
    return "nome o percorso troppo lungo per questo file system"


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` as a message shows it: quoted, control characters escaped, cut in the middle
    when longer than ``SHOWN_CHARS``."""
    return f"«{cut_path(path)}»"


def cut_path(path: str | os.PathLike[str]) -> str:
    """``path`` with its control characters escaped, cut in the middle when longer than
    ``SHOWN_CHARS``."""
    text = escape_controls(os.fspath(path), keep="")
    if len(text) > SHOWN_CHARS:
        keep = SHOWN_CHARS // 2
        text = f"{text[:keep]}…{text[-keep:]}"
    return text
