"""The deck's emitting shortcuts change no byte.

The deck is zipped once, straight from its parts (``package.save``), not saved by
python-pptx and re-zipped, by a zip writer that keeps compressed contents it has seen;
partnames are allocated without walking the package; the template is parsed once per
process and copied; new slides, notes slides and cloned placeholders are copies of blanks
made once; placeholders, shape ids, text frames, notes text, tag lists and the reading
order are handled on the XML directly. Each test compares a shortcut with the plain way
(python-pptx's, lxml's, zipfile's) of doing the same thing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import random
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.package import Part
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation as PresentationObj
from pptx.text.text import TextFrame

from porreport import api
from porreport.deck import emit, package, stamp, stored, tagging, template_file, text
from porreport.deck import template as L
from porreport.deck.stamp import SHAPE_TAGS
from porreport.deck.template_file import default_template, find_layout, open_template, read_frames
from porreport.errors import TemplateError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "por_fse_lombardia_2021.yaml"
OTHER = ROOT / "data" / "examples" / "pr_fesr_toscana_2025.yaml"
DATE = dt.date(2021, 9, 30)
RT_LINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _plain_save(prs: object, date: dt.date) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)  # type: ignore[attr-defined]
    return package.normalise(buf.getvalue(), date)


def test_the_one_pass_save_writes_what_python_pptx_and_normalise_write() -> None:
    prs, _ = open_template(None)
    package.clean_parts(prs)
    assert package.save(prs, DATE) == _plain_save(prs, DATE)
    # a whole deck: slides, notes, charts and their workbooks, fonts, tags
    deck = Presentation(io.BytesIO(api.render(api.document_of(api.load(EXAMPLE)), "pptx")))
    assert package.save(deck, DATE) == _plain_save(deck, DATE)


def test_part_names_are_the_ones_python_pptx_gives() -> None:
    deck = Presentation(io.BytesIO(api.render(api.document_of(api.load(EXAMPLE)), "pptx")))
    pkg = deck.part.package
    names = package.PartNames(pkg)
    for template in (
        "/ppt/notesSlides/notesSlide%d.xml",
        "/ppt/charts/chart%d.xml",
        "/ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx",
        "/ppt/theme/theme%d.xml",
        "/ppt/media/image%d.png",
    ):
        for _ in range(3):
            plain = pkg.next_partname(template)
            assert names.next(template) == plain
            # the plain way sees the name taken once a part has it
            deck.part.relate_to(Part(plain, "application/octet-stream", pkg, b""), "x")


def test_notes_slides_copied_from_the_first_equal_python_pptx_s() -> None:
    prs, source = open_template(None)
    layout = find_layout(prs, "list", source)
    notes = package.NotesSlides()
    for words in ("Prima", "Seconda", "Terza"):
        fast, plain = prs.slides.add_slide(layout), prs.slides.add_slide(layout)
        made = notes.notes_slide(fast)
        assert notes.notes_slide(fast) is made  # an existing one is not replaced
        assert made.notes_text_frame is not None and plain.notes_slide.notes_text_frame
        made.notes_text_frame.text = plain.notes_slide.notes_text_frame.text = words
        assert etree.tostring(made.element) == etree.tostring(plain.notes_slide.element)
        fast_rels = [(r.reltype, r.target_part) for r in made.part.rels.values()]
        plain_rels = [(r.reltype, r.target_part) for r in plain.notes_slide.part.rels.values()]
        assert [t for t, _ in fast_rels] == [t for t, _ in plain_rels]
        assert fast_rels[1][1] is fast.part and plain_rels[1][1] is plain.part


def test_copies_of_a_template_make_their_first_notes_slide_from_the_one_kept_with_it() -> None:
    api.render(api.document_of(api.load(EXAMPLE)), "pptx")  # a deck with speaker notes
    prs, source = open_template(None)
    kept = template_file.notes_blank(prs)
    assert kept is not None and emit.Emitter(prs, source).notes.blank is kept
    plain = _plain_template()
    fast = prs.slides.add_slide(find_layout(prs, "list", source))
    made = package.NotesSlides(kept).notes_slide(fast)
    wanted = plain.slides.add_slide(find_layout(plain, "list", source)).notes_slide  # its first
    assert etree.tostring(made.element) == etree.tostring(wanted.element)
    assert made.part.partname == wanted.part.partname
    made_rels = [(r.reltype, str(r.target_part.partname)) for r in made.part.rels.values()]
    wanted_rels = [(r.reltype, str(r.target_part.partname)) for r in wanted.part.rels.values()]
    assert made_rels == wanted_rels


def test_the_placeholders_read_from_a_layout_are_kept_with_the_template() -> None:
    first, source = open_template(None)
    second, _ = open_template(None)
    plain = _plain_template()
    for layout_id in L.LAYOUTS:
        kept = template_file.layout_slots(first, find_layout(first, layout_id, source))
        again = template_file.layout_slots(second, find_layout(second, layout_id, source))
        read = template_file.layout_slots(plain, find_layout(plain, layout_id, source))
        assert again is kept and read is not kept  # a plain presentation reads its own
        assert [dataclasses.replace(s, _blank=None) for s in read.values()] == [
            dataclasses.replace(s, _blank=None) for s in kept.values()
        ]


def _plain_template() -> PresentationObj:
    prs = Presentation(str(default_template()))
    template_file._drop_slides(prs)
    return prs


def test_a_cached_template_gives_what_a_parsed_one_gives() -> None:
    cached, source = open_template(None)
    again, _ = open_template(None)
    plain = _plain_template()
    layouts = set(L.LAYOUTS)
    assert read_frames(cached, source, layouts) == read_frames(plain, source, layouts)
    # the second time from the cache, the same as read from the file
    assert read_frames(again, source, layouts) == read_frames(plain, source, layouts)
    for layout_id in L.LAYOUTS:
        fast = find_layout(again, layout_id, source)
        slow = find_layout(plain, layout_id, source)
        assert template_file.placeholder_infos(again, fast) == (
            template_file.placeholder_infos(plain, slow)
        )
    # a copy is its own: slides added to one are not in the next
    cached.slides.add_slide(find_layout(cached, "list", source))
    fresh, _ = open_template(None)
    assert package.save(fresh, DATE) == package.save(plain, DATE)
    assert len(cached.slides) == 1 and len(fresh.slides) == 0


def test_layout_placeholders_are_python_pptx_s() -> None:
    # every layout of the template, one of them with a placeholder that lost its p:ph
    prs = Presentation(str(default_template()))
    layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    stripped = layouts[0].placeholders[0].element
    stripped[0].find(qn("p:nvPr")).remove(stripped[0].find(f"{qn('p:nvPr')}/{qn('p:ph')}"))
    found = 0
    for layout in layouts:
        fast = template_file.layout_placeholders(layout)
        plain = list(layout.placeholders)
        assert [(type(p), p.element) for p in fast] == [(type(p), p.element) for p in plain]
        found += len(fast)
    assert found > 2 * len(layouts)


def test_layouts_found_by_their_kept_place_are_python_pptx_s(tmp_path: Path) -> None:
    path = tmp_path / "doppio.pptx"
    shutil.copy(default_template(), path)
    twice = Presentation(str(path))
    names = [layout.name for layout in twice.slide_layouts]
    twice.slide_layouts[len(names) - 1].name = "Elenco"  # a second layout of that name, last
    twice.save(str(path))
    for template in (None, path):
        for _ in range(2):  # the second copy from the places kept with the template
            prs, source = open_template(template)
            for layout_id in L.LAYOUTS:
                name = L.layout_name(layout_id)
                wanted = prs.slide_layouts.get_by_name(name)
                if wanted is None:  # the last layout of the copy lost its name
                    with pytest.raises(TemplateError):
                        find_layout(prs, layout_id, source)
                else:
                    assert find_layout(prs, layout_id, source) is wanted


def test_a_changed_template_file_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "modello.pptx"
    shutil.copy(default_template(), path)
    first, _ = open_template(path)
    changed = Presentation(str(path))
    changed.slide_layouts.get_by_name("Elenco").name = "Elenco puntato"  # type: ignore[union-attr]
    changed.save(str(path))
    os.utime(path, ns=(1, 1))  # even with an older time: size and time differ
    second, source = open_template(path)
    assert find_layout(first, "list", source).name == "Elenco"
    with pytest.raises(TemplateError, match="Elenco"):
        find_layout(second, "list", source)


def test_decks_rendered_one_after_another_do_not_share_state() -> None:
    example, other = (api.document_of(api.load(p)) for p in (EXAMPLE, OTHER))
    first = [api.render(example, "pptx"), api.render(other, "pptx")]
    second = [api.render(other, "pptx"), api.render(example, "pptx")]
    assert first == second[::-1]


def test_slides_copied_from_the_first_of_their_layout_equal_python_pptx_s() -> None:
    fast, source = open_template(None)
    plain = _plain_template()
    blanks = template_file.blank_slides(fast)
    assert template_file.blank_slides(plain) == {}  # not a template's copy: nothing kept
    for layout_id in ("list", "cards", "list", "title", "cards", "list"):
        made = package.add_slide(fast, find_layout(fast, layout_id, source), blanks)
        wanted = plain.slides.add_slide(find_layout(plain, layout_id, source))
        assert etree.tostring(made.element) == etree.tostring(wanted.element)
        assert made.part.partname == wanted.part.partname
        assert made.slide_layout.name == wanted.slide_layout.name
    assert {"Elenco", "Schede", "Titolo"} <= set(blanks)  # with those of earlier tests
    assert package.save(fast, DATE) == package.save(plain, DATE)


def _plain_canonical(element: etree._Element) -> bytes:
    clone = stored._canonical(element)  # the attributes of the relationships namespace
    prefix = f"{{{stored.R_NS}}}"
    assert not [n for node in clone.iter() for n in node.attrib if str(n).startswith(prefix)]
    return etree.tostring(clone, method="c14n", exclusive=True)


def test_the_look_drops_every_relationship_attribute() -> None:
    deck = Presentation(io.BytesIO(api.render(api.document_of(api.load(EXAMPLE)), "pptx")))
    found = 0
    for slide in deck.slides:
        for element in slide.shapes._spTree.iter(*SHAPE_TAGS):
            before = etree.tostring(element)
            found += any(
                str(n).startswith(f"{{{stored.R_NS}}}") for e in element.iter() for n in e.attrib
            )
            _plain_canonical(element)
            assert etree.tostring(element) == before  # the element itself is left as it is
    assert found  # charts and tags refer to their parts


def test_the_zip_is_the_one_zipfile_writes() -> None:
    when = dt.datetime(2021, 9, 30)
    deck = api.render(api.document_of(api.load(EXAMPLE)), "pptx")
    entries = {
        i.filename: zipfile.ZipFile(io.BytesIO(deck)).read(i)
        for i in zipfile.ZipFile(io.BytesIO(deck)).infolist()
    }
    entries["ppt/media/è vuoto.bin"] = b""  # a name beyond ASCII, an empty content
    entries["ppt/media/casuale.bin"] = os.urandom(5000)  # deflate cannot shrink it
    order = [package.FIRST, *sorted(n for n in entries if n != package.FIRST)]
    plain = package.plain_zip([(n, entries[n]) for n in order], when)
    assert package.write_zip(entries, when) == plain
    assert package.write_zip(entries, when) == plain  # compressed contents from the cache
    assert package.write_zip(dict(reversed(entries.items())), when) == plain
    assert zipfile.ZipFile(io.BytesIO(plain)).testzip() is None


def test_the_deflate_cache_keeps_to_its_budget() -> None:
    cache = package._DeflateCache(100)
    cache.put(b"a" * 40, (1, b"x" * 10))
    cache.put(b"b" * 40, (2, b"y" * 10))
    assert cache.get(b"a" * 40) == (1, b"x" * 10)  # now the most recently used
    cache.put(b"c" * 40, (3, b"z" * 10))
    assert cache.get(b"b" * 40) is None and cache.get(b"a" * 40) is not None
    assert cache.size == 100


def test_placeholders_cloned_from_a_kept_blank_equal_python_pptx_s() -> None:
    prs, source = open_template(None)
    emitter = emit.Emitter(prs, source)
    for layout_id in L.LAYOUTS:
        layout, info = emitter.layout(layout_id)
        shapes = {ph.name: ph for ph in template_file.layout_placeholders(layout)}
        assert list(shapes) == list(info)
        fast, plain = prs.slides.add_slide(layout), prs.slides.add_slide(layout)
        for name, layout_ph in info.items():
            for _ in range(2):  # the second from the kept blank, with the next id
                made = emit._clone(fast, layout_ph, name)
                plain.shapes.clone_placeholder(shapes[name])
                wanted = plain.shapes[-1]
                wanted.name = name
                assert etree.tostring(made.element) == etree.tostring(wanted.element)
                assert type(made) is type(wanted)
        assert etree.tostring(fast.element) == etree.tostring(plain.element)


def test_placeholders_found_in_the_xml_are_python_pptx_s() -> None:
    prs, source = open_template(None)
    emitter = emit.Emitter(prs, source)
    for layout_id in L.LAYOUTS:
        layout, info = emitter.layout(layout_id)
        slide = prs.slides.add_slide(layout)
        wanted = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        found = emit._placeholders(slide, info, set())
        assert found  # every layout has a title
        for name, shape in found.items():
            plain = wanted[info[name].idx]
            assert shape.element is plain.element and type(shape) is type(plain)
            assert plain.name == name


def _body(inner: str) -> TextFrame:
    xml = f"<p:txBody {nsdecls('a', 'p')}><a:bodyPr{inner}<a:lstStyle/><a:p/></p:txBody>"
    return TextFrame(parse_xml(xml), None)  # type: ignore[arg-type]


BODIES = (
    "/>",
    ' wrap="none" lIns="0"/>',
    "><a:spAutoFit/></a:bodyPr>",
    '><a:prstTxWarp prst="textNoShape"/><a:noAutofit/><a:scene3d/><a:extLst/></a:bodyPr>',
    '><a:normAutofit fontScale="50000"/><a:flatTx/></a:bodyPr>',
    "><a:extLst/></a:bodyPr>",
)


@pytest.mark.parametrize("inner", BODIES)
@pytest.mark.parametrize("scale", [None, 1.0, 0.85])
def test_text_frames_are_set_up_as_python_pptx_sets_them(inner: str, scale: float | None) -> None:
    fast, plain = _body(inner), _body(inner)
    text.write(fast, (), font_scale=scale)
    plain.word_wrap = True
    if scale is not None:
        plain.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        if scale < 1.0:
            fit = plain._txBody.bodyPr.find(qn("a:normAutofit"))
            assert fit is not None
            fit.set("fontScale", str(round(scale * 100000)))
    text.write(plain, ())  # the paragraphs, without setting up the frame again
    assert etree.tostring(fast._txBody) == etree.tostring(plain._txBody)


def test_the_next_shape_id_is_python_pptx_s() -> None:
    deck = Presentation(io.BytesIO(api.render(api.document_of(api.load(EXAMPLE)), "pptx")))
    ids = set()
    for slide in deck.slides:
        ids.add(slide.shapes._next_shape_id)
        assert emit.next_shape_id(slide.shapes._spTree) == slide.shapes._next_shape_id
    assert len(ids) > 3  # slides with few shapes and with many


def _tree(children: str) -> etree._Element:
    shapes = {"s": "<p:sp/>", "g": "<p:grpSp/>", "f": "<p:graphicFrame/>", "x": "<p:extLst/>"}
    body = "".join(shapes[c] for c in children)
    return parse_xml(f"<p:spTree {nsdecls('p')}><p:nvGrpSpPr/><p:grpSpPr/>{body}</p:spTree>")


def _plain_arrange(tree: etree._Element, order: list[etree._Element]) -> None:
    anchor = tree.find(qn("p:extLst"))
    for element in order:
        tree.remove(element)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            tree.append(element)


@pytest.mark.parametrize("children", ["sgfs", "sgfsx", "s", "", "sxgf", "gsfsgsfs"])
def test_shapes_are_arranged_as_when_all_move(children: str) -> None:
    for seed in range(12):
        fast, plain = _tree(children), _tree(children)
        shapes = [list(t.iterchildren(*emit._SHAPE_TAGS)) for t in (fast, plain)]
        for k, element in enumerate(shapes[0]):
            element.set("n", str(k))
            shapes[1][k].set("n", str(k))
        order = list(range(len(shapes[0])))
        random.Random(seed).shuffle(order)
        emit._arrange(fast, [shapes[0][k] for k in order])
        _plain_arrange(plain, [shapes[1][k] for k in order])
        assert etree.tostring(fast) == etree.tostring(plain)


ALPHABET = "aZ09 &<>\"'\n\r\t;=/\\]]>èà€\u00a0\u2028\U0001f600{}[]:,"


def test_tag_lists_written_as_text_are_lxml_s() -> None:
    rng = random.Random(16)
    for _ in range(300):
        tags = {
            "".join(rng.choices(ALPHABET, k=rng.randint(1, 8))): "".join(
                rng.choices(ALPHABET, k=rng.randint(0, 60))
            )
            for _ in range(rng.randint(0, 4))
        }
        assert tagging.tag_list_xml(tags) == tagging.lxml_tag_list_xml(tags)
    assert tagging.tag_list_xml({}) == tagging.lxml_tag_list_xml({})
    with pytest.raises(ValueError):  # what XML cannot hold is refused as before
        tagging.tag_list_xml({"A": "campanello \x07"})


def test_the_package_xml_written_as_text_is_python_pptx_s() -> None:
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.serialized import _ContentTypesItem

    from porreport.deck import opcxml

    sources = [EXAMPLE, *sorted((ROOT / "data" / "examples").glob("*.yaml"))]
    decks = [Presentation(io.BytesIO(api.render(api.document_of(api.load(p)), "pptx"))) for p in sources]  # fmt: skip
    rng = random.Random(17)
    extra = decks[0].slides[0].part  # links to the outside, with what needs escaping
    for _ in range(40):
        url = "https://esempio.it/" + "".join(rng.choices(ALPHABET, k=rng.randint(0, 30)))
        extra.relate_to(url, RT_LINK, is_external=True)
    compared = 0
    for deck in decks:
        package = deck.part.package
        parts = tuple(package.iter_parts())
        wanted = serialize_part_xml(_ContentTypesItem.xml_for(parts))
        assert opcxml.content_types_xml(parts) == wanted
        assert opcxml.rels_xml(package._rels) == package._rels.xml
        for part in parts:
            assert opcxml.rels_xml(part.rels) == part.rels.xml, part.partname
            compared += len(part.rels)
    assert compared > 500
    assert opcxml.rels_xml(extra.rels) == extra.rels.xml
    extra.relate_to("https://esempio.it/\x07", RT_LINK, is_external=True)
    with pytest.raises(ValueError):  # what XML cannot hold is refused as before
        opcxml.rels_xml(extra.rels)


def test_records_name_their_fields_in_field_order() -> None:
    assert list(stamp._FIELDS) == [f.name for f in dataclasses.fields(stamp.Record)]
    record = stamp.Record("k", "testo", "Nome", ("a", "b"), "f", title=("T",), plan="p")
    plain = {
        stamp._FIELDS[k]: (list(v) if isinstance(v, tuple) else v)
        for k, v in dataclasses.asdict(record).items()
        if k != "fingerprint" and v
    }
    assert record.as_json() == json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


NOTES = (
    "",
    "Una riga",
    "Prima\nSeconda\n\nQuarta",
    "a\vb\v\vc\v",
    "€ 1.000\xa0M; <b> & \"x\" 'y' ]]> \t tab",
    "campanello \x07 e ritorno \r",  # set by python-pptx itself
    "\n\v\n",
)


@pytest.mark.parametrize("notes", NOTES)
def test_notes_text_is_set_as_python_pptx_sets_it(notes: str) -> None:
    fast, plain = _body("/>"), _body("/>")
    text.set_text(fast, notes)
    plain.text = notes
    assert etree.tostring(fast._txBody) == etree.tostring(plain._txBody)
