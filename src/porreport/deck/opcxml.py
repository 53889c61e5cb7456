"""The package's own XML written as text: ``[Content_Types].xml`` and each part's
relationships, byte for byte what python-pptx writes (tests/test_speed_deck.py compares
them), without building an lxml element one attribute at a time through python-pptx's
descriptors for every relationship of every part (about 2 ms of a 70 ms warm deck).

A value XML cannot carry (a control character in an external link) goes python-pptx's own
way, which refuses it as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from pptx.opc.package import Part, _Relationships
from pptx.opc.serialized import _ContentTypesItem

from porreport.deck.tagging import attribute, not_xml

DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
EXTERNAL = ' TargetMode="External"'


def _document(root: str, ns: str, rows: Sequence[str]) -> bytes:
    """The XML file of a root element ``root`` in namespace ``ns`` holding ``rows``."""
    if not rows:
        return f'{DECLARATION}<{root} xmlns="{ns}"/>'.encode()
    return f'{DECLARATION}<{root} xmlns="{ns}">{"".join(rows)}</{root}>'.encode()


def _number(r_id: str) -> tuple[int, str]:
    """python-pptx's order of relationships: by the number of ``rIdN``, others first."""
    return int(r_id[3:]) if r_id.startswith("rId") and r_id[3:].isdigit() else 0, r_id


def rels_xml(rels: _Relationships) -> bytes:
    """What python-pptx's ``_Relationships.xml`` gives for ``rels``."""
    rows = []
    for _, r_id in sorted(_number(r_id) for r_id in rels):
        rel = rels[r_id]
        values = (r_id, rel.reltype, rel.target_ref)
        if any(not_xml(v) for v in values):
            return rels.xml
        mode = EXTERNAL if rel.is_external else ""
        r, t, target = (attribute(v) for v in values)
        rows.append(f'<Relationship Id="{r}" Type="{t}" Target="{target}"{mode}/>')
    return _document("Relationships", RELS_NS, rows)


def content_types_xml(parts: Sequence[Part]) -> bytes:
    """What python-pptx writes as ``[Content_Types].xml`` for ``parts``: a default content
    type by extension (sorted), an override by part name (sorted)."""
    item = _ContentTypesItem(parts)  # python-pptx: no public way to its two tables
    defaults, overrides = item._defaults_and_overrides
    values = [*defaults.items(), *overrides.items()]
    if any(not_xml(k) or not_xml(v) for k, v in values):
        from pptx.opc.oxml import serialize_part_xml  # python-pptx's way, for the refusal

        return serialize_part_xml(item._xml)
    rows = [
        f'<Default Extension="{attribute(ext)}" ContentType="{attribute(kind)}"/>'
        for ext, kind in sorted(defaults.items())
    ]
    rows += [
        f'<Override PartName="{attribute(name)}" ContentType="{attribute(kind)}"/>'
        for name, kind in sorted(overrides.items())
    ]
    return _document("Types", TYPES_NS, rows)
