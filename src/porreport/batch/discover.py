"""Which reports a batch builds: a folder, a manifest (text or YAML list) or one report, and
the output name of each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from porreport.errors import InputError
from porreport.inputs.yaml_safe import MAX_REPORT_BYTES, YAML_LOADER  # not loading: no model
from porreport.output import safe_stem

REPORT_SUFFIXES = (".yaml", ".yml")
MAX_MANIFEST_BYTES = 1024 * 1024


def discover(target: Path) -> list[Path]:
    """The reports named by ``target``: a folder, a manifest, or one report file.

    A folder gives its ``*.yaml``/``*.yml`` files (not recursive, hidden files left out,
    sorted by name). A manifest is a text file with one path per line (``#`` starts a
    comment line) or a YAML list of paths; paths are relative to the manifest's folder.
    A YAML file that is not a list is taken as a single report. Raises ``InputError``.
    """
    if target.is_dir():
        found = sorted(
            p
            for p in target.iterdir()
            if p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )
    elif target.is_file():
        found = read_manifest(target)
    else:
        raise InputError(f"cartella o elenco di rapporti non trovato: {target}")
    if not found:
        raise InputError(
            f"nessun rapporto trovato in {target}: attesi file .yaml o .yml "
            "(una cartella) o un elenco con un percorso per riga"
        )
    return found


def read_manifest(path: Path) -> list[Path]:
    """Report paths listed in a manifest (text or YAML list), relative to its folder.

    A ``.yaml``/``.yml`` file whose root is not a list is one report: it is returned as is,
    unread beyond what telling the two apart needs, so the loader reports its problems (and
    applies its own size limit, larger than a manifest's).
    """
    if path.suffix.lower() in REPORT_SUFFIXES:
        entries = _yaml_manifest(path)
        if entries is None:
            return [path]  # a report file, not a list of them
    else:
        lines = (line.strip() for line in _manifest_text(path).splitlines())
        entries = [s for s in lines if s and s[0] != "#"]
    return [path.parent / entry for entry in entries]


def _manifest_text(path: Path) -> str:
    """A manifest's text (UTF-8, BOM allowed); ``InputError`` when too large or not UTF-8."""
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise InputError(f"elenco di rapporti troppo grande: {path}")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"l'elenco di rapporti non è in codifica UTF-8: {path}") from None


def _yaml_manifest(path: Path) -> list[str] | None:
    """The entries of a YAML list of paths, or None when the file is not one (a report).

    The file is only composed into nodes (no value is constructed: dates, numbers and the
    like are left to the loader); it is a manifest when its root is a sequence.
    """
    if path.stat().st_size > MAX_REPORT_BYTES:
        return None  # larger than any report or manifest: the loader says so
    try:
        root = yaml.compose(path.read_bytes().decode("utf-8-sig"), Loader=YAML_LOADER)
    except (UnicodeDecodeError, yaml.YAMLError):
        return None  # a broken report: its build will say why
    if not isinstance(root, yaml.SequenceNode):
        return None
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise InputError(f"elenco di rapporti troppo grande: {path}")
    items = root.value
    if not all(_is_text(item) and item.value.strip() for item in items):
        raise InputError("l'elenco YAML di rapporti deve contenere solo percorsi di file (testi)")
    return [item.value.strip() for item in items]


def _is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def output_stems(sources: Sequence[Path]) -> list[str]:
    """The output stem of each report; two reports with the same stem are an ``InputError``."""
    stems = [safe_stem(p.stem) for p in sources]
    owners: dict[str, list[Path]] = {}
    for stem, source in zip(stems, sources, strict=True):
        owners.setdefault(stem, []).append(source)
    clashes = [f"'{s}': {', '.join(map(str, ps))}" for s, ps in owners.items() if len(ps) > 1]
    if clashes:
        raise InputError(
            "più rapporti scriverebbero gli stessi file di uscita (nome ripetuto); "
            "rinominare i file: " + "; ".join(clashes)
        )
    return stems
