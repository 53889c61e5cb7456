"""LibreOffice conversion of a deck to PDF under a controlled set of fonts.

Three font setups show the deck as different readers see it:

- ``bundled``: the repository's Titillium Web (``fonts/``) and Liberation Sans, as laid out;
- ``liberation``: Titillium Web absent, Liberation Sans (Arial's metrics) standing in for it,
  as PowerPoint on an office PC substitutes Arial;
- ``dejavu``: only DejaVu Sans, LibreOffice's fallback on a Linux desktop.

Each setup gets a private fontconfig configuration (a generated ``fonts.conf`` listing one
directory of links to the chosen font files, its own cache) and a private LibreOffice profile,
both kept between calls under a work root so that later conversions start warm. The it-IT
locale is pinned so native charts show Italian number formats.

Also a command line, used by ``scripts/render_deck_png.sh``::

    python tests/office.py DECK.pptx OUTDIR [--fonts bundled|liberation|dejavu]

prints the path of the PDF it wrote.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args
from xml.sax.saxutils import escape

FontSetup = Literal["bundled", "liberation", "dejavu"]
FONT_SETUPS: tuple[FontSetup, ...] = get_args(FontSetup)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_FONTS = ROOT / "fonts"
LIBERATION_DIR = Path("/usr/share/fonts/truetype/liberation2")
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
LIBERATION_SANS = tuple(
    LIBERATION_DIR / f"LiberationSans-{style}.ttf"
    for style in ("Regular", "Bold", "Italic", "BoldItalic")
)
DEJAVU_SANS = tuple(
    DEJAVU_DIR / f"DejaVuSans{style}.ttf" for style in ("", "-Bold", "-Oblique", "-BoldOblique")
)
# The deck's typeface and the family names its extra weights register under.
DECK_FAMILIES = ("Titillium Web", "Titillium Web SemiBold", "Titillium Web Light")
IT_LOCALE = {"LC_ALL": "it_IT.UTF-8", "LANG": "it_IT.UTF-8"}
DEFAULT_TIMEOUT = 180.0


class OfficeError(RuntimeError):
    """LibreOffice is missing, failed, or did not finish in time."""


@dataclass(frozen=True)
class FontPlan:
    """Which font files a setup makes visible, which family every request falls back to,
    which families are aliased to it, and the PDF font names (``pdffonts``, subset tag
    removed) a deck converted under it may use."""

    files: tuple[Path, ...]
    fallback: str
    aliased: tuple[str, ...]
    pdf_font_prefixes: tuple[str, ...]


def font_plan(setup: FontSetup) -> FontPlan:
    """The fonts of one setup."""
    if setup == "bundled":
        titillium = tuple(sorted(BUNDLED_FONTS.glob("*.ttf")))
        return FontPlan(
            titillium + LIBERATION_SANS, "Liberation Sans", (), ("TitilliumWeb", "LiberationSans")
        )
    if setup == "liberation":
        return FontPlan(LIBERATION_SANS, "Liberation Sans", DECK_FAMILIES, ("LiberationSans",))
    if setup == "dejavu":
        return FontPlan(DEJAVU_SANS, "DejaVu Sans", (), ("DejaVuSans",))
    raise ValueError(f"impostazione di caratteri sconosciuta: {setup!r}; ammesse: {FONT_SETUPS}")


def fontconfig_xml(font_dir: Path, cache_dir: Path, plan: FontPlan) -> str:
    """A fontconfig configuration that sees only ``font_dir``: the system configuration is
    not included, so no other installed font can stand in."""
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(family)}</family>'
        f"<prefer><family>{escape(plan.fallback)}</family></prefer></alias>\n"
        for family in plan.aliased
    )
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{escape(str(font_dir))}</dir>\n"
        f"  <cachedir>{escape(str(cache_dir))}</cachedir>\n"
        f"{aliases}"
        # Every request ends with the fallback family, as a desktop's "sans-serif" rules do.
        '  <match target="pattern"><edit name="family" mode="append_last">'
        f"<string>{escape(plan.fallback)}</string></edit></match>\n"
        "</fontconfig>\n"
    )


def default_work_root() -> Path:
    """Where profiles and font configurations are kept between runs (per user)."""
    configured = os.environ.get("PORREPORT_OFFICE_DIR")
    if configured:
        return Path(configured)
    return Path(tempfile.gettempdir()) / f"porreport-office-{os.getuid()}"


@dataclass(frozen=True)
class SetupDirs:
    """The private directories of one font setup."""

    root: Path

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def fonts_conf(self) -> Path:
        return self.root / "fonts.conf"

    @property
    def cache(self) -> Path:
        return self.root / "fc-cache"

    @property
    def profile(self) -> Path:
        return self.root / "profile"

    @property
    def lock(self) -> Path:
        return self.root / "lock"


def _link_fonts(font_dir: Path, files: Sequence[Path]) -> None:
    """Make ``font_dir`` hold exactly one link per chosen file (left alone when it does
    already, so fontconfig's cache stays valid)."""
    missing = [f for f in files if not f.is_file()]
    if missing:
        names = ", ".join(str(f) for f in missing)
        raise OfficeError(
            f"caratteri non trovati: {names} (Debian: fonts-liberation2, fonts-dejavu)"
        )
    wanted = {f.name: f.resolve() for f in files}
    font_dir.mkdir(parents=True, exist_ok=True)
    present = {p.name: p.resolve() for p in font_dir.iterdir()}
    if present == wanted:
        return
    for path in font_dir.iterdir():
        path.unlink()
    for name, target in wanted.items():
        (font_dir / name).symlink_to(target)


def prepare_setup(setup: FontSetup, work_root: Path | None = None) -> SetupDirs:
    """Create (or refresh) the font directory and fonts.conf of a setup; return its dirs."""
    dirs = SetupDirs((work_root or default_work_root()) / setup)
    plan = font_plan(setup)
    _link_fonts(dirs.fonts, plan.files)
    dirs.cache.mkdir(parents=True, exist_ok=True)
    text = fontconfig_xml(dirs.fonts, dirs.cache, plan)
    if not dirs.fonts_conf.is_file() or dirs.fonts_conf.read_text(encoding="utf-8") != text:
        dirs.fonts_conf.write_text(text, encoding="utf-8")
    return dirs


def office_env(dirs: SetupDirs) -> dict[str, str]:
    """The environment of a conversion: this setup's fontconfig file and the it-IT locale."""
    env = {k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_PATH", "LANGUAGE")}
    env.update(IT_LOCALE)
    env["FONTCONFIG_FILE"] = str(dirs.fonts_conf)
    return env


@contextlib.contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock: two soffice processes on one profile hand work to each other
    and race, so conversions under one setup run one at a time."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _kill_group(pgid: int) -> None:
    """Kill whatever is left of a process group (soffice starts soffice.bin under it)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def soffice_command() -> str:
    """The path of soffice, or an OfficeError saying how to install it."""
    found = shutil.which("soffice")
    if found is None:
        raise OfficeError(
            "LibreOffice (soffice) non trovato: installare libreoffice-impress-nogui "
            "(Debian) o aggiungere soffice al PATH"
        )
    return found


def _run_soffice(args: list[str], env: dict[str, str], timeout: float) -> str:
    """Run soffice in its own process group; never leave a process behind. Returns stderr."""
    with subprocess.Popen(
        args,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            proc.communicate()
            seconds = f"{timeout:g}".replace(".", ",")
            raise OfficeError(f"LibreOffice non ha finito entro {seconds} s") from None
        finally:
            _kill_group(proc.pid)
    if proc.returncode != 0:
        raise OfficeError(f"LibreOffice è uscito con codice {proc.returncode}: {err.strip()}")
    return err


def convert_to_pdf(
    pptx: Path,
    out_dir: Path,
    fonts: FontSetup = "bundled",
    *,
    timeout: float = DEFAULT_TIMEOUT,
    work_root: Path | None = None,
) -> Path:
    """Convert ``pptx`` to ``out_dir/<stem>.pdf`` with LibreOffice under the font setup
    ``fonts``; return the PDF's path. Raises OfficeError when soffice is missing, fails,
    times out, or writes no PDF."""
    soffice = soffice_command()
    if not pptx.is_file():
        raise OfficeError(f"file non trovato: {pptx}")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{pptx.stem}.pdf"
    target.unlink(missing_ok=True)
    dirs = prepare_setup(fonts, work_root)
    args = [
        soffice,
        f"-env:UserInstallation={dirs.profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir.resolve()),
        str(pptx.resolve()),
    ]
    with _exclusive(dirs.lock):
        err = _run_soffice(args, office_env(dirs), timeout)
    if not target.is_file():
        raise OfficeError(f"LibreOffice non ha scritto {target}: {err.strip()}")
    return target


def pdf_fonts(pdf: Path) -> list[str]:
    """The fonts a PDF uses, as ``pdffonts`` names them, without the subset tag."""
    result = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    )
    rows = result.stdout.splitlines()[2:]  # a header line and a rule
    names = [row.split()[0] for row in rows if row.strip()]
    return [name.split("+", 1)[-1] for name in names]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: convert one deck, print the PDF's path."""
    parser = argparse.ArgumentParser(
        description="Converte una presentazione in PDF con LibreOffice (it-IT) e caratteri scelti."
    )
    parser.add_argument("deck", type=Path, help="file .pptx")
    parser.add_argument("out_dir", type=Path, help="cartella del PDF")
    parser.add_argument("--fonts", choices=FONT_SETUPS, default="bundled")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    options = parser.parse_args(argv)
    try:
        pdf = convert_to_pdf(options.deck, options.out_dir, options.fonts, timeout=options.timeout)
    except OfficeError as error:
        print(f"errore: {error}", file=sys.stderr)
        return 1
    print(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
