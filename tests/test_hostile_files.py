"""Hostile catalogue (issue 17), files: PPTX templates given with ``--template`` and decks
given to ``porreport update`` (zip bombs, XML markup bombs, files that are not a zip, cut
short or damaged), logos (decompression bombs, broken or truncated images) and paths (a
loop of symbolic links, a name too long, a NUL byte) given on the command line or written
in a report as file names.

Every input is generated in ``tmp_path``; the CLI runs in a child under resource limits
(``hostile.run_cli``). The limits and their messages are in docs/limits.md.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

import hostile
from hostile import assert_behaves, assert_refused
from porreport.api import build
from porreport.cli.main import main
from porreport.inputs.images import MAX_LOGO_PIXELS, check_logo
from porreport.inputs.presentations import (
    MAX_DECK_MARKUP,
    MAX_TEMPLATE_MARKUP,
    check_presentation,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EXAMPLE = DATA / "por_fse_lombardia_2021.yaml"
BUNDLED_TEMPLATE = ROOT / "layouts" / "porreport.pptx"
MIB = 1024 * 1024
LONG_NAME = "a" * 300  # over the 255 bytes a name may have


def run_cli(args: list[str], *, cwd: Path) -> hostile.Run:
    """``hostile.run_cli`` on this checkout's sources, whatever folder the child runs in (a
    relative PYTHONPATH=src would name nothing there)."""
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return hostile.run_cli(args, cwd=cwd, env={"PYTHONPATH": path})


# --- PPTX packages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's deck, as ``porreport build`` writes it: what people edit and update."""
    out = tmp_path_factory.mktemp("deck")
    return build(EXAMPLE, out, ["pptx"]).outputs[0]


def repack(
    source: Path,
    target: Path,
    *,
    edit: Callable[[str, bytes], bytes] = lambda name, data: data,
    extra: Callable[[zipfile.ZipFile], None] = lambda archive: None,
    start: Path | None = None,
) -> Path:
    """A copy of the package ``source``, each part passed through ``edit``, then ``extra``
    adding parts; after the parts of the zip ``start`` when given."""
    if start is not None:
        shutil.copy(start, target)
    mode = "a" if start is not None else "w"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, mode, zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, edit(info.filename, old.read(info)))
        extra(new)
    return target


def zeros(name: str, size: int) -> Callable[[zipfile.ZipFile], None]:
    """A part of ``size`` zero bytes: a few kilobytes in the zip per megabyte inflated."""

    def add(archive: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as part:
            for _ in range(size // MIB):
                part.write(bytes(MIB))
            part.write(bytes(size % MIB))

    return add


def many(count: int, size: int) -> Callable[[zipfile.ZipFile], None]:
    def add(archive: zipfile.ZipFile) -> None:
        for i in range(count):
            archive.writestr(f"ppt/media/extra{i}.bin", bytes(size))

    return add


def shapes(part: str, count: int) -> Callable[[str, bytes], bytes]:
    """``count`` empty shapes added to the shape tree of ``part`` (ten tags and attributes
    each): a tree of lxml elements the size of a few hundred megabytes at the worst."""
    shape = (
        '<p:sp><p:nvSpPr><p:cNvPr id="{}" name="s"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        "<p:spPr/></p:sp>"
    )
    added = "".join(shape.format(100_000 + i) for i in range(count)).encode()

    def edit(name: str, data: bytes) -> bytes:
        return data.replace(b"</p:spTree>", added + b"</p:spTree>", 1) if name == part else data

    return edit


def damage(source: Path, target: Path, part: str, at: float = 0.5) -> Path:
    """``source`` with bytes of one part's compressed data overwritten, ``at`` (a fraction)
    of the way through it."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(part)
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    where = start + int(info.compress_size * at)
    data[where : where + 16] = b"\xff" * 16
    target.write_bytes(bytes(data))
    return target


def _sparse(source: Path, target: Path) -> Path:
    with target.open("wb") as fh:
        fh.truncate(65 * MIB)  # 65 MB of nothing, on disk in no time
    return target


def _written(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


# (what, how the package is made from a valid one, what the message says of it)
Maker = Callable[[Path, Path], Path]
PACKAGE_BOMBS: list[tuple[str, Maker, tuple[str, ...]]] = [
    (
        "one part expanding a thousand times",
        lambda s, t: repack(s, t, extra=zeros("ppt/media/image99.png", 20 * MIB)),
        (
            "la parte 'ppt/media/image99.png' si espande ",
            " volte (ammesso al massimo 200): possibile «zip bomb».",
        ),
    ),
    (
        "small parts inflating past the total",
        lambda s, t: repack(s, t, extra=many(80, 1_000_000)),
        ("l'archivio decompresso occuperebbe ", " MB; ammessi al massimo 64 MB."),
    ),
    (
        "too many parts",
        lambda s, t: repack(s, t, extra=many(5_000, 0)),
        ("l'archivio contiene ", " parti; ammesse al massimo 5.000."),
    ),
    ("a file too large", _sparse, ("il file occupa 65 MB; ammessi al massimo 64 MB.",)),
]
NOT_A_ZIP = ("archivio danneggiato o non in formato zip (Office Open XML).",)
BROKEN_PACKAGES: list[tuple[str, Maker, tuple[str, ...]]] = [
    ("not a zip", lambda s, t: _written(t, b"non sono una presentazione\n"), NOT_A_ZIP),
    ("cut in half", lambda s, t: _written(t, s.read_bytes()[: s.stat().st_size // 2]), NOT_A_ZIP),
    (
        "an XML part damaged",
        lambda s, t: damage(s, t, "ppt/presentation.xml"),
        ("archivio danneggiato: la parte 'ppt/presentation.xml' non si legge per intero.",),
    ),
]


@pytest.fixture(scope="module")
def gigabyte_part(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A zip of one part inflating to 1 GB (1 MB on disk), made once: the start of a bomb."""
    target = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        zeros("ppt/media/image99.png", 1024 * MIB)(archive)
    return target


GIGABYTE = (
    "la parte 'ppt/media/image99.png' decompressa occuperebbe 1.024 MB; ammessi al massimo "
    "50 MB per parte."
)


def _template_run(tmp_path: Path, template: Path) -> tuple[list[str], Path]:
    out = tmp_path / "out"
    args = ["build", str(EXAMPLE), "-o", str(out), "--format", "pptx", "--template"]
    return [*args, str(template)], out / "por_fse_lombardia_2021.pptx"


def _update_run(tmp_path: Path, deck: Path) -> tuple[list[str], Path]:
    out = tmp_path / "aggiornato.pptx"
    return ["update", str(deck), "-o", str(out)], out


@pytest.mark.parametrize(("what", "make", "reason"), PACKAGE_BOMBS + BROKEN_PACKAGES)
def test_a_hostile_template_is_refused(
    tmp_path: Path, what: str, make: Maker, reason: tuple[str, ...]
) -> None:
    template = make(BUNDLED_TEMPLATE, tmp_path / "modello.pptx")
    args, output = _template_run(tmp_path, template)
    run = run_cli(args, cwd=tmp_path)
    assert_refused(run, f"Il modello «{template}» non è utilizzabile: {reason[0]}", *reason[1:])
    assert not output.exists()


@pytest.mark.parametrize(("what", "make", "reason"), PACKAGE_BOMBS + BROKEN_PACKAGES)
def test_a_hostile_deck_to_update_is_refused(
    tmp_path: Path, example_deck: Path, what: str, make: Maker, reason: tuple[str, ...]
) -> None:
    deck = make(example_deck, tmp_path / "deck.pptx")
    args, output = _update_run(tmp_path, deck)
    run = run_cli(args, cwd=tmp_path)
    assert_refused(run, f"Il deck «{deck}» non è utilizzabile: {reason[0]}", *reason[1:])
    assert not output.exists()


def test_a_zip_bomb_of_a_gigabyte(tmp_path: Path, example_deck: Path, gigabyte_part: Path) -> None:
    template = repack(BUNDLED_TEMPLATE, tmp_path / "modello.pptx", start=gigabyte_part)
    args, output = _template_run(tmp_path, template)
    assert_refused(
        run_cli(args, cwd=tmp_path), f"Il modello «{template}» non è utilizzabile: {GIGABYTE}"
    )
    assert not output.exists()
    deck = repack(example_deck, tmp_path / "deck.pptx", start=gigabyte_part)
    args, output = _update_run(tmp_path, deck)
    assert_refused(run_cli(args, cwd=tmp_path), f"Il deck «{deck}» non è utilizzabile: {GIGABYTE}")
    assert not output.exists()


def test_a_template_whose_layouts_hold_too_many_shapes_is_refused(tmp_path: Path) -> None:
    count = MAX_TEMPLATE_MARKUP // 10 + 100
    edit = shapes("ppt/slideLayouts/slideLayout1.xml", count)
    template = repack(BUNDLED_TEMPLATE, tmp_path / "modello.pptx", edit=edit)
    args, output = _template_run(tmp_path, template)
    run = run_cli(args, cwd=tmp_path)
    assert_refused(
        run,
        f"Il modello «{template}» non è utilizzabile: le parti XML contengono più di 200.000 "
        "tag e attributi; ammessi al massimo 200.000.",
    )
    assert not output.exists()


def test_a_deck_whose_slide_holds_too_many_shapes_is_refused(
    tmp_path: Path, example_deck: Path
) -> None:
    edit = shapes("ppt/slides/slide3.xml", MAX_DECK_MARKUP // 10)
    deck = repack(example_deck, tmp_path / "deck.pptx", edit=edit)
    args, output = _update_run(tmp_path, deck)
    run = run_cli(args, cwd=tmp_path)
    assert_refused(
        run,
        f"Il deck «{deck}» non è utilizzabile: le parti XML contengono più di 1.000.000 tag "
        "e attributi; ammessi al massimo 1.000.000.",
    )
    assert not output.exists()


def test_a_zip_that_is_not_a_presentation(tmp_path: Path) -> None:
    other = tmp_path / "altro.pptx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("leggimi.txt", "nessuna presentazione qui")
    args, _ = _template_run(tmp_path, other)
    assert_refused(
        run_cli(args, cwd=tmp_path),
        f"Il file «{other}» non è un modello PPTX leggibile (una parte manca o è danneggiata).",
    )
    args, _ = _update_run(tmp_path, other)
    assert_refused(
        run_cli(args, cwd=tmp_path),
        "Il file altro.pptx non è una presentazione PPTX leggibile (una parte manca o è "
        "danneggiata).",
    )


def test_a_damaged_font_in_a_deck_is_bad_input(tmp_path: Path, example_deck: Path) -> None:
    deck = damage(example_deck, tmp_path / "deck.pptx", "ppt/fonts/font1.fntdata")
    args, output = _update_run(tmp_path, deck)
    assert_refused(
        run_cli(args, cwd=tmp_path),
        f"Il deck «{deck}» non è utilizzabile: archivio danneggiato: la parte "
        "'ppt/fonts/font1.fntdata' non si legge per intero.",
    )
    assert not output.exists()


def test_damage_past_the_first_megabyte_of_a_large_binary_part(
    tmp_path: Path, example_deck: Path
) -> None:
    # the check reads one megabyte of a part that is not XML; python-pptx, reading the
    # rest, meets the damage and says so
    font = os.urandom(3 * MIB)
    whole = repack(
        example_deck,
        tmp_path / "intero.pptx",
        edit=lambda name, data: font if name == "ppt/fonts/font1.fntdata" else data,
    )
    deck = damage(whole, tmp_path / "deck.pptx", "ppt/fonts/font1.fntdata", at=0.9)
    args, output = _update_run(tmp_path, deck)
    assert_refused(
        run_cli(args, cwd=tmp_path),
        "Il file deck.pptx non è una presentazione PPTX leggibile (una parte manca o è "
        "danneggiata).",
    )
    assert not output.exists()


def test_a_template_with_large_pictures_within_the_limits_builds(tmp_path: Path) -> None:
    picture = os.urandom(30 * MIB)  # does not compress: 30 MB on disk, 30 MB inflated
    template = repack(
        BUNDLED_TEMPLATE,
        tmp_path / "modello.pptx",
        extra=lambda archive: archive.writestr("ppt/media/foto.bin", picture),
    )
    args, output = _template_run(tmp_path, template)
    assert_behaves(run_cli(args, cwd=tmp_path), code=0)
    assert output.exists()


def test_the_decks_porreport_builds_are_within_the_deck_limits(example_deck: Path) -> None:
    check_presentation(example_deck, MAX_DECK_MARKUP)
    check_presentation(BUNDLED_TEMPLATE, MAX_TEMPLATE_MARKUP)


def test_xml_in_utf16_or_after_blank_space_is_counted(tmp_path: Path) -> None:
    tags = "<a/>" * (MAX_TEMPLATE_MARKUP + 1)
    for name, data in (
        ("utf16", ("\ufeff<r>" + tags + "</r>").encode("utf-16-le")),
        ("blank", b" " * (2 * MIB) + ("<r>" + tags + "</r>").encode()),
    ):
        package = tmp_path / f"{name}.pptx"
        with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("ppt/slides/slide1.xml", data)
        with pytest.raises(ValueError) as info:
            check_presentation(package, MAX_TEMPLATE_MARKUP)
        assert str(info.value) == (
            "le parti XML contengono più di 200.000 tag e attributi; ammessi al massimo 200.000"
        )


# --- logos --------------------------------------------------------------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header(width: int, height: int, idat: bytes | None = b"", end: bool = True) -> bytes:
    """A PNG that declares ``width`` x ``height`` (8-bit RGB) around the given pixel data."""
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    data = b"\x89PNG\r\n\x1a\n" + ihdr
    if idat is not None:
        data += _chunk(b"IDAT", idat)
    return data + (_chunk(b"IEND", b"") if end else b"")


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a JPEG (SOI, APP0, a baseline frame header) declaring its size."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff\xc0" + frame + b"\xff\xd9"


def _image_bytes(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def _big_png() -> bytes:
    # a real bomb: 12,000 x 12,000 pixels in 1 bit, some 40 KB; decoded as RGB, 432 MB
    return _image_bytes(Image.new("1", (12_000, 12_000), 1), "PNG")


def _small(fmt: str) -> bytes:
    return _image_bytes(Image.new("RGB", (600, 200), (0, 51, 153)), fmt)


TOO_BIG = (
    "immagine troppo grande: 12.000 × 12.000 pixel (144.000.000 pixel); ammessi al massimo "
    "4.000.000 pixel (ad esempio 2.000 × 2.000)"
)
LOGO_BOMBS: list[tuple[str, Callable[[], bytes], str]] = [
    ("logo.png", _big_png, TOO_BIG),
    ("logo.jpg", lambda: jpeg_header(12_000, 12_000), TOO_BIG),
    (
        "logo.png",
        lambda: png_header(100_000, 100_000, zlib.compress(b"\x00" * 1000)),
        "immagine troppo grande: 100.000 × 100.000 pixel (10.000.000.000 pixel)",
    ),
    (
        "logo.png",
        lambda: _image_bytes(Image.new("RGB", (2_001, 2_000)), "PNG"),
        "immagine troppo grande: 2.001 × 2.000 pixel (4.002.000 pixel)",
    ),
]
DAMAGED = "immagine danneggiata o incompleta: il file non si decodifica per intero"
NOT_AN_IMAGE = "il file non è un'immagine PNG o JPEG valida"
BROKEN_LOGOS: list[tuple[str, Callable[[], bytes], str]] = [
    ("logo.png", lambda: _small("PNG")[: len(_small("PNG")) // 2], DAMAGED),
    ("logo.jpg", lambda: _small("JPEG")[: len(_small("JPEG")) // 2], DAMAGED),
    ("logo.png", lambda: png_header(600, 200, idat=None), DAMAGED),
    ("logo.png", lambda: png_header(600, 200, b"\x78\x9c not zlib data at all"), DAMAGED),
    ("logo.png", lambda: png_header(600, 200, zlib.compress(b"\x00" * 601 * 20)), DAMAGED),
    ("logo.png", lambda: png_header(600, 200)[:20], NOT_AN_IMAGE),
    ("logo.jpg", lambda: b"\xff\xd8\xff\xd9", NOT_AN_IMAGE),
    ("logo.jpg", lambda: b"", NOT_AN_IMAGE),
]


def _with_logos(example_copy: Callable[..., Path], *names: str) -> Path:
    logos = ", ".join(names)
    return example_copy(("  fonte: Sistema", f"  loghi: [{logos}]\n  fonte: Sistema"))


@pytest.mark.parametrize(("name", "content", "reason"), LOGO_BOMBS + BROKEN_LOGOS)
def test_a_hostile_logo_is_refused_naming_the_field_and_file(
    example_copy: Callable[..., Path],
    tmp_path: Path,
    name: str,
    content: Callable[[], bytes],
    reason: str,
) -> None:
    report = _with_logos(example_copy, name)
    (tmp_path / name).write_bytes(content())
    # checked as the report loads: ``validate`` meets it as ``build`` would, quicker
    run = run_cli(["validate", str(report)], cwd=tmp_path)
    assert_refused(run, f"rapporto.loghi[0] (riga 13): {reason}", f"(valore trovato: '{name}')")


def test_six_logos_at_the_pixel_limit_build_within_the_promise(
    example_copy: Callable[..., Path], tmp_path: Path
) -> None:
    names = [f"logo{i}.png" for i in range(6)]
    for i, name in enumerate(names):
        Image.new("RGBA", (2_000, 2_000), (40 * i, 51, 153, 255)).save(tmp_path / name)
    report = _with_logos(example_copy, *names)
    run = run_cli(["build", str(report), "-o", str(tmp_path / "out")], cwd=tmp_path)
    assert_behaves(run, code=0)
    assert (tmp_path / "out" / "rapporto.pdf").exists()


@pytest.mark.parametrize(
    ("size", "mode", "fmt"),
    [
        ((2_000, 2_000), "RGBA", "PNG"),
        ((4_000_000, 1), "L", "PNG"),
        ((400, 100), "P", "PNG"),
        ((400, 100), "1", "PNG"),
        ((400, 100), "LA", "PNG"),
        ((400, 100), "CMYK", "JPEG"),
        ((400, 100), "L", "JPEG"),
    ],
)
def test_logos_within_the_limits_pass_the_check(
    tmp_path: Path, size: tuple[int, int], mode: str, fmt: str
) -> None:
    path = tmp_path / f"logo.{fmt.lower()}"
    Image.new(mode, size).save(path, fmt)
    assert size[0] * size[1] <= MAX_LOGO_PIXELS
    check_logo(path, path.name)


def test_a_second_jpeg_frame_header_cannot_enlarge_the_image(tmp_path: Path) -> None:
    small = jpeg_header(100, 100)[:-2]  # without its end marker
    large = struct.pack(">HBHHB", 11, 8, 12_000, 12_000, 1) + b"\x01\x11\x00"
    path = tmp_path / "logo.jpg"
    path.write_bytes(small + b"\xff\xc0" + large + b"\xff\xd9")
    with pytest.raises(ValueError) as info:
        check_logo(path, path.name)
    # the header read first says 100 x 100; Pillow takes the second frame header's size,
    # which is held to the limit before any pixel is decoded
    assert str(info.value) == TOO_BIG


# --- paths --------------------------------------------------------------------------------

LOOP = "collegamenti simbolici circolari (o più di 40 in sequenza): il percorso non porta a nessun file"
NUL = "il nome contiene un carattere nullo (NUL), che nessun nome di file può contenere"
TOO_LONG = "nome di file troppo lungo: 305 byte in un solo nome, ammessi al massimo 255"


def shown(path: str) -> str:
    """A path as messages show it: cut in the middle past 160 characters."""
    return path if len(path) <= 160 else f"{path[:80]}…{path[-80:]}"


@pytest.fixture
def folder(tmp_path: Path, example_deck: Path) -> Iterator[Path]:
    """A folder with the example, its tables, its deck and a loop of symbolic links."""
    for source in (EXAMPLE, *DATA.glob("*.csv")):
        shutil.copy(source, tmp_path / source.name)
    shutil.copy(example_deck, tmp_path / "deck.pptx")
    (tmp_path / "ciclo").symlink_to("ciclo")
    yield tmp_path


# (argument as a message names it, a command line with {} where the path goes)
PATH_ARGUMENTS = [
    ("il rapporto", ["build", "{}", "-o", "out"]),
    ("il rapporto", ["validate", "{}"]),
    ("l'uscita (-o/--output)", ["build", "por_fse_lombardia_2021.yaml", "-o", "{}"]),
    ("il modello (--template)", ["build", "-o", "out", "--template", "{}"]),
    ("il deck da aggiornare", ["update", "{}", "-o", "nuovo.pptx"]),
    ("il rapporto", ["update", "deck.pptx", "{}", "-o", "nuovo.pptx"]),
    ("l'uscita (-o/--output)", ["update", "deck.pptx", "-o", "{}"]),
    ("il modello (--template)", ["update", "deck.pptx", "-o", "nuovo.pptx", "--template", "{}"]),
    ("il file dei registri", ["monitor", "{}"]),
    ("la cartella o l'elenco di rapporti", ["batch", "{}", "-o", "out"]),
    ("l'uscita (-o/--output)", ["batch", ".", "-o", "{}"]),
]


@pytest.mark.parametrize(("label", "args"), PATH_ARGUMENTS)
@pytest.mark.parametrize(
    ("path", "reason"),
    [("ciclo", LOOP), (f"{LONG_NAME}.yaml", TOO_LONG)],
    ids=["symlink-loop", "name-too-long"],
)
def test_a_path_argument_that_names_no_file(
    folder: Path, label: str, args: list[str], path: str, reason: str
) -> None:
    run = run_cli([a.replace("{}", path) for a in args], cwd=folder)
    assert_refused(run, f"Percorso non utilizzabile per {label} «{shown(path)}»: {reason}")
    assert not (folder / "out").exists()
    assert not (folder / "nuovo.pptx").exists()


@pytest.mark.parametrize(("label", "args"), PATH_ARGUMENTS)
@pytest.mark.parametrize(
    ("path", "shown_as", "reason"),
    [
        ("file\x00.yaml", "file\\x00.yaml", NUL),
        ("ciclo/rapporto.yaml", "ciclo/rapporto.yaml", LOOP),
        (
            "/".join(["cartella"] * 500),
            shown("/".join(["cartella"] * 500)),
            "percorso troppo lungo: 4.499 byte, ammessi al massimo 4.095",
        ),
    ],
    ids=["nul-byte", "loop-in-a-folder", "path-too-long"],
)
def test_a_path_argument_that_names_no_file_in_process(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    label: str,
    args: list[str],
    path: str,
    shown_as: str,
    reason: str,
) -> None:
    # a NUL byte cannot reach a child's argv: main() is called as the console script would
    monkeypatch.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    code = main([a.replace("{}", path) for a in args], out, err)
    assert (code, err.getvalue()) == (
        2,
        f"Percorso non utilizzabile per {label} «{shown_as}»: {reason}\n",
    )


def test_an_output_name_whose_temporary_file_is_too_long(folder: Path) -> None:
    name = "a" * 250 + ".pptx"  # fits, but its temporary ".NAME.xxxxxxxx.part" does not
    run = run_cli(["update", "deck.pptx", "-o", name], cwd=folder)
    assert_refused(
        run, "Errore: impossibile leggere o scrivere (", ": nome o percorso troppo lungo"
    )
    assert not (folder / name).exists()


def _report_naming(folder: Path, field: str, name: str) -> Path:
    """The example (or its records version) with one file name replaced by ``name``."""
    quoted = '"' + name.replace("\x00", "\\0") + '"'
    if field == "registri":
        source = DATA / "por_fse_lombardia_2021_registri.yaml"
        text = source.read_text("utf-8").replace(
            "file: domande_smart_working.csv", f"file: {quoted}", 1
        )
    elif field == "tabella":
        text = EXAMPLE.read_text("utf-8").replace(
            "{file: dimensioni_imprese.csv}", f"{{file: {quoted}}}", 1
        )
    else:
        text = EXAMPLE.read_text("utf-8").replace(
            "  fonte: Sistema", f"  loghi: [{quoted}]\n  fonte: Sistema", 1
        )
    report = folder / "rapporto.yaml"
    report.write_text(text, encoding="utf-8")
    return report


FIELDS = {
    "tabella": ("avvisi[0].monitoraggio.dimensioni.file (riga 142)", "ciclo.csv"),
    "registri": ("avvisi[0].monitoraggio.registri.file (riga 140)", "ciclo.csv"),
    "logo": ("rapporto.loghi[0] (riga 13)", "ciclo.png"),
}


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("loop", LOOP),
        ("too-long", "nome di file troppo lungo: 264 byte in un solo nome, ammessi al massimo 255"),
        ("nul", NUL),
    ],
    ids=["symlink-loop", "name-too-long", "nul-byte"],
)
def test_a_file_name_in_a_report_that_names_no_file(
    folder: Path, field: str, kind: str, reason: str
) -> None:
    where, loop_name = FIELDS[field]
    suffix = loop_name[-4:]
    if kind == "nul" and field == "logo":  # every text of a report meets the font check first
        reason = (
            "carattere non disponibile nel font Titillium Web: '\\x00' (U+0000); atteso un "
            "testo senza emoji o simboli speciali"
        )
    name = {"loop": loop_name, "too-long": "a" * 260 + suffix, "nul": f"a\x00b{suffix}"}[kind]
    (folder / loop_name).symlink_to(loop_name)
    report = _report_naming(folder, field, name)
    run = run_cli(["validate", str(report)], cwd=folder)
    # tables and logos cut a long value at 60 characters; the records' hook quotes it whole
    cut = len(name) > 60 and field != "registri"
    value = repr(name[:60] + "…" if cut else name)
    assert_refused(run, f"{where}: {reason} (valore trovato: {value})")
