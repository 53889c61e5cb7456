"""Write output files atomically: a file appears complete or not at all, and the files of one
set (a report's deck and PDF) are all replaced or none is.

Writing is two steps. ``stage`` writes the bytes to a temporary file beside the destination
and flushes them to disk: this is where a full disk, a file-size limit or a folder without
permission fails, and nothing has been replaced yet. ``commit`` then renames every staged
file over its destination; should one rename fail, the files already replaced get their
previous content back (a hard link kept for the purpose) and the error is raised. SIGINT and
SIGTERM wait while the renames run (in the main thread), so an interruption never leaves
half a set either. Every error names the destination, never a temporary file.

A program that takes SIGINT and SIGTERM itself records each one it receives
(``note_signal``) before raising: ``commit`` then replaces nothing, even when the exception
raised never reached the program (some C extensions' imports turn it into an ``ImportError``
that the importing library catches).

Temporary files are ``.<name>.<random>.part`` in the destination's folder; none is left
behind unless the process is killed outright (SIGKILL), and a batch removes those.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_HELD = (signal.SIGINT, signal.SIGTERM)  # what waits while files are being replaced
# Errors that only writing meets: the machine's, not the input's (the CLI exits 1 on them).
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO})
# What the system's errors mean, in the words of the people who run porreport.
_REASONS = {
    errno.ENOSPC: "spazio su disco esaurito",
    errno.EDQUOT: "spazio su disco esaurito (quota dell'utente superata)",
    errno.EFBIG: "file troppo grande per il file system o per il limite del processo (ulimit -f)",
    errno.EROFS: "file system in sola lettura",
    errno.EIO: "errore di lettura o scrittura del dispositivo",
    errno.EACCES: "permesso negato",
    errno.EPERM: "operazione non permessa",
    errno.ENOENT: "file o cartella inesistente",
    errno.EEXIST: "esiste già un file con quel nome (atteso una cartella)",
    errno.EISDIR: "è una cartella, atteso un file",
    errno.ENOTDIR: "una parte del percorso è un file, non una cartella",
    errno.ELOOP: "collegamenti simbolici circolari (o più di 40 in sequenza)",
    errno.ENAMETOOLONG: "nome o percorso troppo lungo",
    errno.EMFILE: "troppi file aperti",
    errno.ENFILE: "troppi file aperti nel sistema",
}
_TEMPORARY = re.compile(r"\.(.+)\.[A-Za-z0-9_]+\.part")  # a staged file's random part
# The signals the program's own handler received in this process (``note_signal``).
_received: list[int] = []


class SignalReceived(KeyboardInterrupt):
    """A signal the program received (``note_signal``) stops ``commit``; ``signum`` gives the
    exit code (128 + the signal's number)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def note_signal(signum: int) -> None:
    """Record that ``signum`` (SIGINT or SIGTERM) reached this process: from here on
    ``commit`` replaces no file. For the handler of a program that stops on the signal."""
    _received.append(signum)


def take_signal() -> int | None:
    """The first signal recorded by ``note_signal`` and not yet taken, or None; the record is
    cleared, for a caller that handles the interruption itself (a batch writes its summary)."""
    first = _received[0] if _received else None
    _received.clear()
    return first


def signal_received() -> int | None:
    """The first signal recorded by ``note_signal``, or None."""
    return _received[0] if _received else None


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


def safe_stem(name: str) -> str:
    """A file-name stem safe on every system: 'Rapporto 2021/ß' -> 'Rapporto_2021_'."""
    stem = _UNSAFE.sub("_", name).strip("._")
    return stem[:120] or "rapporto"


@dataclass(frozen=True)
class Staged:
    """A file written and flushed beside its destination, not yet in place."""

    path: Path
    temporary: Path


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    return write_together({path: data})[0]


def write_together(files: Mapping[Path, bytes]) -> list[Path]:
    """Write several files as one set: each is replaced, or (on any error) none is.

    Raises ``OSError`` naming the destination that failed; the previous files, and the
    absence of those that did not exist, are then left as they were.
    """
    staged: list[Staged] = []
    try:
        for path, data in files.items():
            staged.append(stage(path, data))
    except BaseException:
        discard(staged)
        raise
    commit(staged)
    return list(files)


def stage(path: Path, data: bytes) -> Staged:
    """Write ``data`` to a temporary file beside ``path``, flushed to disk; ``path`` itself is
    untouched until ``commit``. Raises ``OSError`` naming ``path`` (a folder in the way, disk
    full, no permission)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # names the folder: a file in its place, no permission
        raise _named(exc, exc.filename or path.parent) from exc
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise _named(exc, path) from exc
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temporary, 0o644)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _named(exc, path) from exc
        raise
    return Staged(path, temporary)


def discard(staged: Iterable[Staged]) -> None:
    """Remove staged files that will not be committed."""
    for item in staged:
        with contextlib.suppress(OSError):
            item.temporary.unlink(missing_ok=True)


def commit(staged: Sequence[Staged]) -> None:
    """Rename every staged file over its destination, or (on any error) none: the files
    already replaced get their previous content back, the new ones are removed.

    Raises ``SignalReceived``, replacing nothing, once a signal was recorded (``note_signal``).
    """
    replaced: list[tuple[Staged, Path | None]] = []
    backup: Path | None = None
    with signals_held():
        try:
            # checked while signals are held: one that came before has been recorded
            stop = signal_received()
            if stop is not None:
                raise SignalReceived(stop)
            for index, item in enumerate(staged):
                # the last rename is the set's last step: nothing to undo after it
                last = index == len(staged) - 1
                backup = None if last else _keep_previous(item.path)
                try:
                    os.replace(item.temporary, item.path)
                except OSError as exc:
                    raise _named(exc, item.path) from exc
                replaced.append((item, backup))
                backup = None
        except BaseException:
            _restore(replaced)
            for path in (backup, *(kept for _, kept in replaced)):
                if path is not None:
                    with contextlib.suppress(OSError):
                        path.unlink(missing_ok=True)
            discard(staged)
            raise
        for _, kept in replaced:
            if kept is not None:
                with contextlib.suppress(OSError):
                    kept.unlink()


def failure(exc: OSError) -> str:
    """An error of this module in Italian, naming the file: 'impossibile scrivere
    /out/a.pdf: spazio su disco esaurito'."""
    where = f" {output_name(exc.filename)}" if exc.filename else ""
    return f"impossibile scrivere{where}: {os_reason(exc)}"


def _keep_previous(path: Path) -> Path | None:
    """A second name for the file at ``path`` (a hard link, or a copy where the file system
    has none), to put back should the set fail; None when there is no file."""
    if not os.path.lexists(path):
        return None
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    for _ in range(100):
        kept = path.with_name(f".{path.name}.{os.urandom(6).hex()}.part")
        try:
            os.link(path, kept, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some network and FAT file systems)
            shutil.copy2(path, kept, follow_symlinks=False)
        return kept
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))


def _restore(replaced: Sequence[tuple[Staged, Path | None]]) -> None:
    """Undo the renames of a set that failed, last first."""
    for item, kept in reversed(replaced):
        with contextlib.suppress(OSError):
            if kept is None:
                item.path.unlink(missing_ok=True)
            else:
                os.replace(kept, item.path)


def _named(exc: OSError, path: Path | str) -> OSError:
    """The same error (same errno, same subclass) naming ``path``."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM are delivered when the block is over, not during it: for a few
    steps that must not be cut in two (renaming a set of files, starting a process).

    Only the main thread can change how signals are handled; in other threads the block
    runs as it is. A signal whose handler was set outside Python (``signal.getsignal`` gives
    None) is left to that handler: it could not be put back.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    known = [signum for signum in _HELD if signal.getsignal(signum) is not None]
    saved = {signum: signal.signal(signum, hold) for signum in known}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            # never None (``known``): should it be, the default beats a handler that swallows
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        for held in dict.fromkeys(caught):
            signal.raise_signal(held)
