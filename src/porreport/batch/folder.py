"""The output folder of a batch: one batch at a time (a lock on the folder), the
temporary ``.<name>.*.part`` files that killed workers or batches leave behind, and what
the system's errors on it mean, in Italian."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from porreport.errors import InputError, PorreportError

_TEMPORARY = re.compile(r"\.(.+)\.[A-Za-z0-9_]+\.part")  # tempfile.mkstemp's random part

# Errors that only writing meets.
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})
_REASONS = {
    errno.ENOSPC: "spazio su disco esaurito",
    errno.EDQUOT: "spazio su disco esaurito (quota dell'utente superata)",
    errno.EFBIG: "file troppo grande per il file system o per il limite del processo (ulimit -f)",
    errno.EROFS: "file system in sola lettura",
    errno.EACCES: "permesso negato",
    errno.EPERM: "operazione non permessa",
    errno.ENOENT: "file o cartella inesistente",
    errno.EISDIR: "è una cartella, atteso un file",
    errno.ENOTDIR: "una parte del percorso è un file, non una cartella",
    errno.EIO: "errore di lettura o scrittura del dispositivo",
    errno.EMFILE: "troppi file aperti",
    errno.ENFILE: "troppi file aperti nel sistema",
    errno.ENAMETOOLONG: "nome di file troppo lungo",
}


class FolderBusy(PorreportError):
    """Another batch holds the output folder's lock: a scheduler should try again later."""


def os_reason(exc: OSError) -> str:
    """What a system error means, in Italian (its symbolic name when it is a rare one; the
    message itself when there is no error number)."""
    if exc.errno is None:
        return str(exc)
    return _REASONS.get(
        exc.errno, f"errore del sistema {errno.errorcode.get(exc.errno, exc.errno)}"
    )


def output_name(filename: str | os.PathLike[str]) -> Path:
    """The file a temporary ``.<name>.*.part`` file stands for (any other path as is)."""
    path = Path(filename)
    match = _TEMPORARY.fullmatch(path.name)
    return path.with_name(match.group(1)) if match else path


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
        match = _TEMPORARY.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        name = match.group(1)
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
