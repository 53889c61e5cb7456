"""The keys and fingerprints a generated deck carries for ``porreport update``: every element
porreport writes has its key (in its tags, or its slide's for a placeholder), what it shows
read back from the XML is what the plan wrote, and the copy in the document properties
(which LibreOffice keeps) holds the same."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

import update_helpers as H
from porreport.api import document_of
from porreport.deck import manifest as M
from porreport.deck import plan_keys as K
from porreport.deck import stored
from porreport.deck.render import render_deck
from porreport.deck.tagging import CT_TAGS, RT_TAGS
from porreport.inputs.loading import load
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [example_report(), *sorted((ROOT / "data" / "examples").glob("*.yaml"))]


@pytest.fixture(scope="module")
def deck() -> bytes:
    return render_deck(document_of(load(example_report())))


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_every_element_is_found_again_as_planned(report: Path) -> None:
    plan = H.plan_of(report)
    prs = Presentation(io.BytesIO(render_deck(document_of(load(report)))))
    found, slides = H.elements_by_key(prs)
    planned = H.contents(plan)
    assert set(found) == set(planned)
    assert {k: H.shows(*found[k]) for k in found} == planned
    assert [(s.section, s.page, s.pages) for s in slides] == [
        (s.section, s.title.page, s.title.pages) for s in plan.slides
    ]
    for s in slides:
        for f in s.top.values():
            assert f.record.look == stored.look(f.element, s.slide.part)
            assert f.record.fingerprint == K.fingerprint(f.record.content)


def test_keys_name_section_page_and_block(deck: bytes) -> None:
    found, _ = H.elements_by_key(Presentation(io.BytesIO(deck)))
    assert {
        "panorama/titolo",
        "panorama/cifre/principale",
        "panorama/cifre/2",
        "panorama/grafico/panorama",
        "assi/schede/1",
        "assi/schede/1/testo",
        "assi/schede/1/filetto",
        "avviso-1-monitoraggio/tabella",
        "avviso-1-monitoraggio/grafico/dimensioni",
        "avviso-1-monitoraggio/passaggi/3",
        "avviso-1-territorio/mappa",
        "avviso-1-territorio/mappa/MI",
        "avviso-1-territorio/mappa/MI/etichetta",
        "iniziative/elenco",
        "iniziative/elenco-destra",
    } <= set(found)
    _, milano = found["avviso-1-territorio/mappa/MI"]
    assert milano.record.name == "Milano (MI)"
    assert milano.record.content == ("Milano (MI): 262",)
    assert re.fullmatch(r"[0-9A-F]{6}", milano.record.fill)
    _, figure = found["panorama/cifre/2"]
    assert figure.record.content == ("Risorse impegnate", "853,9\xa0M€", "88,0% della dotazione")
    assert re.fullmatch(r"[0-9a-f]{16}", figure.record.fingerprint)


def test_a_paginated_section_keys_its_pages() -> None:
    plan = H.plan_of(ROOT / "data" / "examples" / "por_fesr_sardegna_2022.yaml")
    paged = [s for s in plan.slides if s.title.pages > 1]
    assert paged
    for slide in paged:
        prefix = f"{slide.section}/p{slide.title.page}/"
        assert all(e.key.startswith(prefix) for e in K.elements(slide))


def test_tags_are_parts_powerpoint_keeps(deck: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(deck))
    names = archive.namelist()
    tags = [n for n in names if n.startswith("ppt/tags/")]
    assert tags and all(re.fullmatch(r"ppt/tags/tag\d+\.xml", n) for n in tags)
    types = archive.read("[Content_Types].xml").decode()
    assert types.count(CT_TAGS) == len(tags)
    presentation = archive.read("ppt/presentation.xml").decode()
    assert re.search(r'<p:custDataLst><p:tags r:id="rId\d+"/></p:custDataLst>', presentation)
    slide = archive.read("ppt/slides/slide2.xml").decode()
    assert "<p:cSld><p:spTree>" in slide and "</p:spTree><p:custDataLst><p:tags" in slide
    assert RT_TAGS in archive.read("ppt/slides/_rels/slide2.xml.rels").decode()
    first = archive.read(tags[0]).decode()
    assert first.startswith('<p:tagLst xmlns:p="http://schemas.openxmlformats.org/')


def test_the_copy_in_the_document_properties(deck: bytes) -> None:
    prs = Presentation(io.BytesIO(deck))
    copy = M.read(prs)
    assert copy is not None
    found, slides = H.elements_by_key(prs)
    assert [s.section for s in copy.slides] == [s.section for s in slides]
    entries = {e.record.key: e for s in copy.slides for e in s.entries}
    assert set(entries) == set(found)
    assert all(entries[k].record.fingerprint == found[k][1].record.fingerprint for k in found)
    assert entries["panorama/cifre/2"].where == M.DRAWN
    assert entries["panorama/titolo"].where == M.PLACEHOLDER
    assert entries["avviso-1-territorio/mappa/MI"].where == M.MEMBER
    custom = zipfile.ZipFile(io.BytesIO(deck)).read("docProps/custom.xml").decode()
    values = re.findall(r'name="porreport\.\d+"><vt:lpwstr>([^<]*)<', custom)
    assert values and all(len(v) <= M.CHUNK for v in values)
    assert 'name="porreport"><vt:lpwstr>1<' in custom
