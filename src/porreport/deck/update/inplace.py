"""Write new content into an element people formatted, keeping their formatting.

A text is updated paragraph by paragraph: paragraphs whose text did not change are left
alone; a changed paragraph whose runs match the new one's spans (the same runs and line
breaks) gets the new texts in its own runs, so every run keeps its formatting; one whose
structure changed is written anew with the paragraph's own settings (alignment, spacing,
bullets) kept; paragraphs the data add are written as porreport writes them, those it drops
are removed. Paragraphs are paired by their texts (``difflib``), so a row added in the
middle of a card does not shift the formatting of the rows under it. A table keeps its cells'
formatting and gets rows added (copies of its last body row) or removed.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Sequence

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn

from porreport import theme as th
from porreport.deck import text
from porreport.deck.fit import Para
from porreport.deck.slides import TablePlan
from porreport.deck.stored import paragraph_text

_P, _R, _BR, _FLD, _T = (qn(t) for t in ("a:p", "a:r", "a:br", "a:fld", "a:t"))
_PPR, _RPR, _END = qn("a:pPr"), qn("a:rPr"), qn("a:endParaRPr")


def _tokens(para: Para) -> list[str | None]:
    """A planned paragraph as the emitter writes it: each run's text, None for a break."""
    out: list[str | None] = []
    for span in para.spans:
        for j, line in enumerate(span.text.split("\n")):
            if j > 0:
                out.append(None)
            if line:
                out.append(line)
    return out


def _runs(p: etree._Element) -> list[etree._Element]:
    """A paragraph's runs, fields and breaks, in order."""
    return [c for c in p if c.tag in (_R, _BR, _FLD)]


def _same_structure(p: etree._Element, tokens: Sequence[str | None]) -> bool:
    runs = _runs(p)
    return len(runs) == len(tokens) and all(
        (r.tag == _BR) == (t is None) for r, t in zip(runs, tokens, strict=True)
    )


def _set_texts(p: etree._Element, tokens: Sequence[str | None]) -> None:
    for run, token in zip(_runs(p), tokens, strict=True):
        if token is not None:
            t = run.find(_T)
            if t is None:
                t = etree.SubElement(run, _T)
            t.text = token


def _new_paragraph(para: Para, look: text.Look) -> etree._Element:
    body = parse_xml(f"<a:txBody {nsdecls('a')}>{text.paragraph_xml(para, look)}</a:txBody>")
    return body[0]


def _rewrite(p: etree._Element, para: Para, look: text.Look) -> None:
    """Replace a paragraph's runs with the planned ones, keeping its own settings."""
    new = _new_paragraph(para, look)
    old_ppr = p.find(_PPR)
    for child in list(p):
        if child.tag != _PPR:
            p.remove(child)
    for child in list(new):
        if child.tag == _PPR and old_ppr is not None:
            continue
        p.append(child)


def update_paragraphs(body: etree._Element, paras: Sequence[Para], look: text.Look) -> None:
    """Bring a text body's paragraphs to ``paras``, keeping what people formatted."""
    old = body.findall(_P)
    old_texts = [paragraph_text(p) for p in old]
    new_texts = [p.text for p in paras]
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    for op, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            p, para = old[i1 + k], paras[j1 + k]
            tokens = _tokens(para)
            if _same_structure(p, tokens):
                _set_texts(p, tokens)
            else:
                _rewrite(p, para, look)
        for p in old[i1 + pairs : i2]:
            body.remove(p)
        added = [_new_paragraph(para, look) for para in paras[j1 + pairs : j2]]
        _insert(body, old, i1 + pairs, added)
    if not body.findall(_P):
        body.append(parse_xml(f'<a:p {nsdecls("a")}><a:endParaRPr lang="{text.LANG}"/></a:p>'))


def _insert(
    body: etree._Element, old: list[etree._Element], at: int, added: list[etree._Element]
) -> None:
    """Insert paragraphs where old paragraph ``at`` was (after the one before it)."""
    if not added:
        return
    before = next((p for p in old[:at][::-1] if p.getparent() is body), None)
    if before is not None:
        for p in reversed(added):
            before.addnext(p)
        return
    first = body.find(_P)
    for p in added:
        if first is not None:
            first.addprevious(p)
        else:
            body.append(p)


def update_lines(body: etree._Element, lines: Sequence[str]) -> None:
    """Bring a text body of one-run paragraphs (a map's label) to ``lines``; a paragraph
    added copies the last one."""
    old = body.findall(_P)
    for k, line in enumerate(lines):
        if k < len(old):
            p = old[k]
        else:
            p = copy.deepcopy(old[-1]) if old else etree.SubElement(body, _P)
            body.append(p)
        runs = [r for r in p if r.tag == _R]
        if not runs:
            run = etree.SubElement(p, _R)
            etree.SubElement(run, _T)
            end = p.find(_END)
            if end is not None:
                end.addprevious(run)
            runs = [run]
        for extra in runs[1:]:
            p.remove(extra)
        t = runs[0].find(_T)
        if t is None:
            t = etree.SubElement(runs[0], _T)
        t.text = line
    for p in old[len(lines) :]:
        body.remove(p)


def shape_look(body: etree._Element, inherited: text.Look) -> text.Look:
    """What a text body's runs inherit: its own list style's first level (a drawn shape's)
    where it says it, else ``inherited`` (a placeholder's layout)."""
    def_rpr = body.find(f"{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    if def_rpr is None:
        return inherited
    size = def_rpr.get("sz")
    bold = def_rpr.get("b")
    fill = def_rpr.find(f"{qn('a:solidFill')}")
    colour = text.colour_key(fill[0]) if fill is not None and len(fill) else inherited.colour
    return text.Look(
        int(size) / 100 if size else inherited.size,
        bold in ("1", "true") if bold is not None else inherited.bold,
        colour,
    )


# --- tables ------------------------------------------------------------------------------


def _cell_text(tc: etree._Element, para: Para) -> None:
    body = tc.find(qn("a:txBody"))
    if body is None:
        return
    update_paragraphs(body, [para], text.NO_LOOK)


def update_table(frame: etree._Element, plan: TablePlan) -> bool:
    """Bring a table's rows and cell texts to the plan's, keeping the cells' formatting:
    a row added copies the last body row (above a total row), rows the data drop go from
    the bottom of the body. False (nothing changed) when the columns differ."""
    table = frame.find(f".//{qn('a:tbl')}")
    if table is None:
        return False
    columns = table.findall(f"{qn('a:tblGrid')}/{qn('a:gridCol')}")
    if len(columns) != len(plan.widths):
        return False
    rows = table.findall(qn("a:tr"))
    has_total = len(plan.cells) > 2 and plan.cells[-1][0].fill == th.SEQUENTIAL[0]
    last_body = len(rows) - (2 if has_total and len(rows) > 2 else 1)
    while len(rows) < len(plan.cells) and last_body >= 1:
        clone = copy.deepcopy(rows[last_body])
        rows[last_body].addnext(clone)
        rows.insert(last_body + 1, clone)
        last_body += 1
    while len(rows) > len(plan.cells) and last_body >= 1:
        table.remove(rows.pop(last_body))
        last_body -= 1
    for tr, cells in zip(rows, plan.cells, strict=False):
        for tc, cell in zip(tr.findall(qn("a:tc")), cells, strict=False):
            _cell_text(tc, cell.para)
    _fit_frame(frame, rows)
    return True


def _fit_frame(frame: etree._Element, rows: list[etree._Element]) -> None:
    """The frame's height: its rows'."""
    ext = frame.find(f"{qn('p:xfrm')}/{qn('a:ext')}")
    if ext is not None:
        ext.set("cy", str(sum(int(tr.get("h", "0")) for tr in rows)))


# --- shapes ------------------------------------------------------------------------------


def set_description(element: etree._Element, description: str) -> None:
    """A shape's alt text."""
    c_nv_pr = element[0].find(qn("p:cNvPr"))
    if c_nv_pr is not None:
        c_nv_pr.set("descr", description)


def set_fill(element: etree._Element, colour: str, scheme: dict[str, str]) -> None:
    """A shape's solid fill: ``colour`` (RGB) as the theme colour that holds it when the
    theme has one (``scheme``: RGB -> scheme name), else as RGB."""
    sp_pr = element.find(qn("p:spPr"))
    solid = sp_pr.find(qn("a:solidFill")) if sp_pr is not None else None
    if solid is None:
        return
    for child in list(solid):
        solid.remove(child)
    slot = scheme.get(colour.upper())
    if slot is not None:
        etree.SubElement(solid, qn("a:schemeClr"), val=slot)
    else:
        etree.SubElement(solid, qn("a:srgbClr"), val=colour.upper())
