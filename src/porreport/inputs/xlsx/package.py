"""The parts of an XLSX workbook, checked before openpyxl opens it.

In order: the zip's declared sizes (``porreport.inputs.archive``); the start of every XML
part (no DTD: entities could expand a few bytes into gigabytes or read a local file, and
nothing in a workbook needs one); then which parts openpyxl only streams (the sheets, the
shared strings) and which it parses whole (everything else), each part within its limit.
The small parts that say which is which are read here with ElementTree, once they are known
to be small and free of DTDs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from porreport.formatting import megabytes
from porreport.inputs.archive import check_zip
from porreport.inputs.messages import short_value
from porreport.inputs.xlsx.limits import SheetLimits
from porreport.inputs.xlsx.scan import Refused, doctype_message, unreadable_part

_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# The workbook part, as openpyxl looks for it: template or macro workbooks first.
_WORKBOOK_TYPES = tuple(
    f"application/vnd.{kind}.main+xml"
    for kind in (
        "ms-excel.template.macroEnabled",
        "openxmlformats-officedocument.spreadsheetml.template",
        "ms-excel.sheet.macroEnabled",
        "openxmlformats-officedocument.spreadsheetml.sheet",
    )
)
# Parts openpyxl reads whole by their name, whatever refers to them.
_NAMED_PARTS = {
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/styles.xml",
    "xl/theme/theme1.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "docProps/custom.xml",
}
_PROLOG_BYTES = 64 * 1024  # a part's XML declaration and comments before its first element
_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii", "iso-8859-1", "latin-1"}
_DECLARED = re.compile(r"""encoding\s*=\s*["']([^"']*)["']""")


@dataclass(frozen=True)
class Package:
    """What openpyxl will stream of a workbook: its sheets (name and part, in the
    workbook's order) and its shared strings part; the parts that may be large."""

    sheets: tuple[tuple[str, str], ...]
    shared_strings: str | None
    large: frozenset[str]  # streamed, and read whole by nothing


def check_package(target: Path, limits: SheetLimits) -> Package:
    """Refuse ``target`` unless it is an XLSX whose parts keep within ``limits``.

    Raises ``ValueError`` in Italian; the caller names the file.
    """
    check_zip(target, limits.archive)
    with zipfile.ZipFile(target) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        for name in infos:
            with archive.open(name) as part:
                _check_prolog(part, name)
        package = _streamed(archive, infos, limits)
        for name, info in infos.items():
            _check_size(name, info.file_size, package, limits)
    return package


def _check_size(name: str, size: int, package: Package, limits: SheetLimits) -> None:
    if name == package.shared_strings and name in package.large:
        if size > limits.shared_strings_bytes:
            raise Refused(
                f"la tabella dei testi condivisi ({short_value(name)}) decompressa occuperebbe "
                f"{megabytes(size)}; ammessi al massimo {megabytes(limits.shared_strings_bytes)}"
            )
    elif size > limits.whole_part_bytes and name not in package.large:
        raise Refused(
            f"la parte {short_value(name)} decompressa occuperebbe {megabytes(size)}; ammessi "
            f"al massimo {megabytes(limits.whole_part_bytes)} per le parti lette per intero"
        )


def _check_prolog(part: IO[bytes], name: str) -> None:
    """Refuse a part whose XML prolog declares a DTD or an encoding expat does not know."""
    head = part.read(4096)
    while True:
        verdict = _prolog(_as_text(head, name))
        if verdict is not None or len(head) >= _PROLOG_BYTES:
            break
        more = part.read(_PROLOG_BYTES - len(head))
        if not more:
            return
        head += more
    if verdict is None:
        raise Refused(
            f"la parte {short_value(name)} non ha un elemento XML nei primi "
            f"{_PROLOG_BYTES // 1024} KB"
        )
    if verdict == "doctype":
        raise Refused(doctype_message(name))
    if verdict.startswith("encoding:"):
        raise Refused(
            f"la parte {short_value(name)} dichiara la codifica "
            f"{short_value(verdict.partition(':')[2])}; ammesse UTF-8 e UTF-16"
        )


def _as_text(head: bytes, name: str) -> str:
    """The start of a part as text: UTF-16 when it says so, else byte by byte (ASCII)."""
    if head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00") or head[:4] in (
        b"\x00\x00\x00<",
        b"<\x00\x00\x00",
    ):
        raise Refused(f"la parte {short_value(name)} è in UTF-32; ammesse UTF-8 e UTF-16")
    for marks, codec in (
        ((b"\xff\xfe", b"<\x00"), "utf-16-le"),
        ((b"\xfe\xff", b"\x00<"), "utf-16-be"),
    ):
        if head.startswith(marks):
            return head[: len(head) // 2 * 2].decode(codec, "replace").lstrip("\ufeff")
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


def _prolog(text: str) -> str | None:
    """'element' when the first element starts (or the part is not XML), 'doctype', or
    'encoding:NAME' for an encoding not allowed; None when ``text`` ends first."""
    at = 0
    while True:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if at == len(text):
            return None
        if text.startswith("<?", at):
            end = text.find("?>", at)
            if end < 0:
                return None
            declared = _DECLARED.search(text, at, end)
            if at == 0 and declared and declared.group(1).lower() not in _ENCODINGS:
                return f"encoding:{declared.group(1)}"
            at = end + 2
        elif text.startswith("<!--", at):
            end = text.find("-->", at)
            if end < 0:
                return None
            at = end + 3
        elif text.startswith("<!", at):
            return "doctype"
        else:
            return "element"


def _streamed(
    archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], limits: SheetLimits
) -> Package:
    """The sheets and shared strings openpyxl will stream, and which of them nothing makes
    it read whole (a chart sheet, a drawing, an external link... referring to them)."""

    def read(name: str) -> ElementTree.Element | None:
        info = infos.get(name)
        if info is None or info.file_size > limits.whole_part_bytes:
            return None  # absent, or refused by the size check that follows
        try:
            return ElementTree.fromstring(archive.read(name))
        except ElementTree.ParseError as exc:  # damaged, not absent: say which part
            line, offset = exc.position
            raise Refused(unreadable_part(name, exc.code, line, offset)) from None

    types = read("[Content_Types].xml")
    overrides = [
        (item.get("PartName", "").lstrip("/"), item.get("ContentType"))
        for item in (types if types is not None else [])
        if item.tag == f"{_TYPES}Override"
    ]
    shared = next((name for name, kind in overrides if kind == _SHARED_STRINGS), None)
    workbook = next(
        (name for kind in _WORKBOOK_TYPES for name, found in overrides if found == kind),
        "xl/workbook.xml",
    )
    relations = {name: _relations(name, read(name)) for name in infos if name.endswith(".rels")}
    listed = _sheet_ids(read(workbook))
    sheets = _sheets(listed, relations.get(_rels_name(workbook), {}), infos)
    by_sheet = {(_rels_name(workbook), rel_id) for rel_id, _ in listed}
    whole = _NAMED_PARTS | {workbook} | set(relations)
    for name, rels in relations.items():
        for rel_id, (target, kind) in rels.items():
            streams = (name, rel_id) in by_sheet and "chartsheet" not in kind
            if not streams and not kind.endswith("/sharedStrings"):
                whole.add(target)
    large = {part for _, part in sheets} | ({shared} if shared else set())
    return Package(tuple(sheets), shared, frozenset(large - whole))


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _relations(name: str, root: ElementTree.Element | None) -> dict[str, tuple[str, str]]:
    """Id -> (part, type) of a relationships part, targets resolved as openpyxl does."""
    parent = posixpath.split(posixpath.dirname(name))[0]
    found: dict[str, tuple[str, str]] = {}
    for rel in root if root is not None else []:
        target = rel.get("Target", "")
        if rel.tag != f"{_RELS}Relationship" or rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(parent, target))
        found[rel.get("Id", "")] = (target, rel.get("Type", ""))
    return found


def _sheet_ids(workbook: ElementTree.Element | None) -> list[tuple[str, str]]:
    """(relationship id, name) of each sheet the workbook lists, in order."""
    sheets = workbook.find(f"{_MAIN}sheets") if workbook is not None else None
    return [
        (sheet.get(_R_ID, ""), sheet.get("name", ""))
        for sheet in (sheets if sheets is not None else [])
        if sheet.tag == f"{_MAIN}sheet" and sheet.get(_R_ID)
    ]


def _sheets(
    listed: list[tuple[str, str]],
    rels: dict[str, tuple[str, str]],
    infos: dict[str, zipfile.ZipInfo],
) -> list[tuple[str, str]]:
    """(name, part) of each worksheet openpyxl will open, in order (it reads chart sheets
    whole, and leaves out sheets without a part)."""
    found = []
    for rel_id, title in listed:
        target, kind = rels.get(rel_id, ("", ""))
        if target in infos and "chartsheet" not in kind:
            found.append((title, target))
    return found
