"""Where the ``porreport`` program keeps caches, so that a run never needs a writable home.

The folder is ``$PORREPORT_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/porreport``, else
``~/.cache/porreport``. When it cannot be created or written (a scheduled job with a
read-only or missing home), a folder of the user's own in the system's temporary directory
is used instead (``porreport-cache-<uid>``, mode 0700), and as a last resort a folder made
for the run and removed at its end. No ancestor of the home, nor the home itself, is ever
created.

What goes there: matplotlib's font list and settings (``MPLCONFIGDIR`` is pointed at
``<folder>/matplotlib`` unless it is already set: a user's explicit choice wins, and a
personal ``matplotlibrc`` no longer changes porreport's charts), and, when the folder is not
the home's, fontconfig's cache (``XDG_CACHE_HOME``, unless set), which matplotlib's first
font scan may write. Set before anything imports matplotlib; the batch's worker processes
inherit it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import MutableMapping
from pathlib import Path

ENVIRONMENT = "PORREPORT_CACHE_DIR"


def configure(environ: MutableMapping[str, str] = os.environ) -> Path | None:
    """Point matplotlib (and fontconfig) at porreport's cache folder in ``environ``.

    Returns the folder when it was made for this run only (for ``remove`` at exit), else
    None. Never raises: without any usable folder, matplotlib keeps its own choice.
    """
    if environ.get("MPLCONFIGDIR"):
        return None
    try:
        folder, in_home = _folder(environ)
        temporary = None
        if folder is None:
            folder, in_home = _made_for_this_run(), False
            temporary = folder
        matplotlib = folder / "matplotlib"
        matplotlib.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    environ["MPLCONFIGDIR"] = str(matplotlib)
    if not in_home and not environ.get("XDG_CACHE_HOME"):
        environ["XDG_CACHE_HOME"] = str(folder)
    return temporary


def remove(temporary: Path | None) -> None:
    """Remove a cache folder made for one run (``configure``'s result)."""
    if temporary is not None:
        import shutil  # only in the rare run that made its own folder

        shutil.rmtree(temporary, ignore_errors=True)


def _folder(environ: MutableMapping[str, str]) -> tuple[Path | None, bool]:
    """The first usable folder, and whether it is the home's default one."""
    chosen = environ.get(ENVIRONMENT)
    if chosen and _usable(Path(chosen), parents=True):
        return Path(chosen), False
    xdg = environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # a relative one is invalid (XDG Base Directory spec)
        if _usable(Path(xdg), parents=False) and _usable(Path(xdg, "porreport"), parents=False):
            return Path(xdg, "porreport"), False
    else:
        home = _home(environ)
        if home is not None and home.is_dir():
            base = home / ".cache"
            if _usable(base, parents=False) and _usable(base / "porreport", parents=False):
                return base / "porreport", True
    return _per_user(), False


def _home(environ: MutableMapping[str, str]) -> Path | None:
    home = environ.get("HOME")
    if home:
        return Path(home)
    try:
        return Path.home()
    except RuntimeError:  # no HOME and no entry in the password database
        return None


def _usable(folder: Path, *, parents: bool) -> bool:
    """Whether ``folder`` exists (created if missing, with its parents when ``parents``)
    and this process can write in it."""
    try:
        folder.mkdir(mode=0o700, parents=parents, exist_ok=True)
    except OSError:
        return False
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def _per_user() -> Path | None:
    """``porreport-cache-<uid>`` in the temporary directory, when it is this user's alone."""
    import tempfile  # only when the home has no usable cache folder

    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(tempfile.gettempdir(), f"porreport-cache-{uid if uid is not None else 'utente'}")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    own = uid is None or info.st_uid == uid
    private = not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if stat.S_ISDIR(info.st_mode) and own and private and os.access(folder, os.W_OK | os.X_OK):
        return folder
    return None  # a link, or someone else's folder: not to be trusted


def _made_for_this_run() -> Path:
    import tempfile  # only when no other folder can be used

    return Path(tempfile.mkdtemp(prefix="porreport-cache-"))
