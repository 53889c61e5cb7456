"""Make a saved .pptx deterministic and valid.

python-pptx's output differs between runs only in the zip timestamps and in the embedded
chart workbooks (XlsxWriter stamps the current time in their docProps); it also writes
negative ``c:axId`` values, which the Open XML SDK validator rejects (not a UInt32). This
module rewrites the package: fixed timestamps, a stable entry order, positive axis ids and
workbooks with fixed dates.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

_AXIS_ID = re.compile(rb'(<c:(?:axId|crossAx) val=")(-\d+)(")')
_XLSX_DATES = re.compile(
    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)
FIRST = "[Content_Types].xml"


def _positive_axis_ids(xml: bytes) -> bytes:
    """'-2068027336' -> '2068027336' (the same on every axis that refers to it)."""
    return _AXIS_ID.sub(lambda m: m.group(1) + m.group(2)[1:] + m.group(3), xml)


def _fixed_workbook(data: bytes, when: dt.datetime) -> bytes:
    """An embedded workbook with fixed core-property dates and zip timestamps."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def fix(name: str, content: bytes) -> bytes:
        if name == "docProps/core.xml":
            return _XLSX_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
        return content

    return rezip(data, when, fix)


def rezip(data: bytes, when: dt.datetime, transform=None) -> bytes:
    """Re-write a zip with ``[Content_Types].xml`` first, the rest sorted, fixed times."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = [n for n in names if n == FIRST] + sorted(n for n in names if n != FIRST)
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            content = src.read(name)
            if transform is not None:
                content = transform(name, content)
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, content)
    return out.getvalue()


def normalise(data: bytes, date: dt.date) -> bytes:
    """The deterministic, validator-clean version of a saved deck."""
    when = dt.datetime(date.year, date.month, date.day)

    def fix(name: str, content: bytes) -> bytes:
        if name.startswith("ppt/charts/") and name.endswith(".xml"):
            return _positive_axis_ids(content)
        if name.startswith("ppt/embeddings/") and name.endswith(".xlsx"):
            return _fixed_workbook(content, when)
        return content

    return rezip(data, when, fix)
