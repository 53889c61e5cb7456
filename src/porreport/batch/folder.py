"""The output folder of a batch: one batch at a time (a lock on the folder), the
temporary ``.<name>.*.part`` files that killed workers or batches leave behind, and what
the system's errors on it mean, in Italian."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from porreport.errors import InputError, PorreportError
from porreport.output import WRITE_ERRNOS, os_reason, output_name

__all__ = ["WRITE_ERRNOS", "FolderBusy", "os_reason", "output_name"]


class FolderBusy(PorreportError):
    """Another batch holds the output folder's lock: a scheduler should try again later."""


def refuse_folders_at(out_dir: Path, names: Iterable[str]) -> None:
    """``InputError`` when a file the batch writes (state, summary) is a folder: it could
    never be replaced, and it is found before anything is built."""
    for name in names:
        path = out_dir / name
        if path.is_dir() and not path.is_symlink():  # a link is replaced, not followed
            raise InputError(
                f"{path} è una cartella, ma porreport batch vi deve scrivere un proprio file: "
                "rimuoverla o scegliere un'altra cartella di uscita"
            )


def part_files(out_dir: Path, names: Sequence[str]) -> set[Path]:
    """Temporary files ``write_atomic`` makes for the given output names."""
    found: set[Path] = set()
    for name in names:
        found.update(out_dir.glob(f".{_glob_escape(name)}.*.part"))
    return found


def remove_stale_temporaries(
    out_dir: Path, formats: Iterable[str], own_files: Sequence[str]
) -> None:
    """Remove the ``.<name>.*.part`` files of an earlier batch killed outright (SIGKILL, no
    cleanup ran): only names a batch writes (an output format, or one of ``own_files``).
    Called with the folder lock held, so no other batch is writing them."""
    suffixes = tuple(f".{fmt}" for fmt in formats)
    for path in out_dir.glob(".*.part"):
        name = output_name(path).name
        if name == path.name or not path.is_file():
            continue
        if name.endswith(suffixes) or name in own_files:
            with contextlib.suppress(OSError):
                path.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """One batch at a time per output folder (a lock on the folder itself: no extra file);
    ``FolderBusy`` when another holds it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(
                f"un'altra esecuzione di porreport batch sta scrivendo in {out_dir}; riprovare "
                "più tardi"
            ) from None
        yield
    finally:
        os.close(fd)
