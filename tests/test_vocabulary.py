"""The report's vocabulary: Italian articles and agreement, the documented defaults, what the
data override, and no content-dependent word written in the document builder's code."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from porreport.content.builder import build_document
from porreport.content.document import Card, Cards, Figures, ItemList, Table
from porreport.inputs.loading import load
from porreport.model.grammar import agree, all_of, article, with_article
from porreport.model.report import Destinatari, NomeAsse, Report
from porreport.model.vocabulary import (
    AXIS_2014_2020,
    AXIS_2021_2027,
    BENEFICIARIES,
    looks_2021_2027,
    programme_short_name,
    roman,
)

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "src" / "porreport" / "content"
RENDERERS = [ROOT / "src" / "porreport" / p for p in ("deck", "bulletin", "charts")]
# Words that depend on what a report is about: they must come from the data or from the
# documented defaults of porreport.model.vocabulary, never from the code that writes text.
CONTENT_WORDS = re.compile(r"\b(POR|Asse|Assi|imprese|impresa|COVID)\b", re.IGNORECASE)


# --- grammar ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "gender", "plural", "preposition", "expected"),
    [
        ("imprese beneficiarie", "f", True, "di", "delle imprese beneficiarie"),
        ("persone destinatarie", "f", True, "su", "sulle persone destinatarie"),
        ("destinatari", "m", True, "di", "dei destinatari"),
        ("enti beneficiari", "m", True, "di", "degli enti beneficiari"),
        ("studenti", "m", True, "di", "degli studenti"),
        ("Comuni beneficiari", "m", True, "su", "sui Comuni beneficiari"),
        ("assi", "m", True, "a", "agli assi"),
        ("priorità", "f", True, "a", "alle priorità"),
        ("Asse", "m", False, "di", "dell’Asse"),
        ("Priorità", "f", False, "di", "della Priorità"),
        ("POR", "m", False, "di", "del POR"),
        ("PR FSE+", "m", False, "di", "del PR FSE+"),
        ("zaino", "m", False, "in", "nello zaino"),
        ("impresa", "f", False, "da", "dall’impresa"),
        ("Assi", "m", True, None, "gli Assi"),
        ("Priorità", "f", True, None, "le Priorità"),
    ],
)
def test_articles_and_prepositions(phrase, gender, plural, preposition, expected) -> None:
    assert with_article(phrase, gender, plural, preposition) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (764, "i"),
        (8, "gli"),
        (11, "gli"),
        (18, "i"),
        (80, "gli"),
        (86, "gli"),
        (800, "gli"),
        (1000, "i"),
        (8000, "gli"),
        (11000, "gli"),
        (1_000_000, "gli"),
        (2_000_000, "i"),
    ],
)
def test_masculine_article_before_a_figure_follows_its_spoken_word(number, expected) -> None:
    from porreport.formatting import count

    assert article(f"{count(number)} enti", "m", True) == expected


def test_agreement_and_totals() -> None:
    assert agree("riportat", "m", True) == "riportati"
    assert agree("riportat", "f", True) == "riportate"
    assert all_of("764 imprese beneficiarie", "f") == "Tutte le 764 imprese beneficiarie"
    assert all_of("86 destinatari", "m") == "Tutti gli 86 destinatari"
    assert all_of("41 enti", "m") == "Tutti i 41 enti"


# --- defaults and what the data override ----------------------------------------------------


def test_defaults_follow_the_programme_period() -> None:
    assert programme_short_name("POR FSE 2014-2020") == "POR"
    assert programme_short_name("PR FSE+ 2021-2027") == "PR"
    assert not looks_2021_2027("POR FSE 2014-2020")
    assert looks_2021_2027("PR FESR Toscana 2021-2027")
    assert looks_2021_2027("Programma Regionale FSE+ 2021–2027")
    assert NomeAsse().naming("POR FSE 2014-2020") == AXIS_2014_2020
    assert NomeAsse().naming("PR FSE+ 2021-2027") == AXIS_2021_2027
    assert AXIS_2014_2020.label(4) == "Asse IV"
    assert AXIS_2021_2027.label(4) == "Priorità 4"
    assert [roman(n) for n in (1, 4, 9, 14, 19, 20)] == ["I", "IV", "IX", "XIV", "XIX", "XX"]


def test_axis_words_and_codes_from_the_data(example: Path) -> None:
    report = load(example).report
    given = report.model_copy(
        update={
            "vocabolario": report.vocabolario.model_copy(
                update={"asse": NomeAsse(numerazione="codice")}
            ),
            "assi": [a.model_copy(update={"codice": f"OS{a.numero}"}) for a in report.assi],
        }
    )
    assert given.axis_label(2) == "Asse OS2"
    words = NomeAsse(singolare="Obiettivo", plurale="Obiettivi", genere="m", numerazione="araba")
    assert words.naming("POR FSE 2014-2020").label(3) == "Obiettivo 3"


def test_beneficiary_defaults() -> None:
    assert BENEFICIARIES.the(preposition="di") == "delle imprese beneficiarie"
    assert BENEFICIARIES.the_short() == "le imprese"
    assert BENEFICIARIES.the_role("di") == "dei beneficiari"
    people = Destinatari(
        singolare="persona destinataria", plurale="persone destinatarie", genere="f"
    )
    resolved = people.resolved()
    assert (resolved.short, resolved.role, resolved.heading) == (
        "persone",
        "destinatari",
        "Persone destinatarie",
    )


def text_of(value: object) -> str:
    """Every string of a document (or of one section), one per line."""
    parts: list[str] = []

    def walk(node: object) -> None:
        if dataclasses.is_dataclass(node):
            for f in dataclasses.fields(node):
                walk(getattr(node, f.name))
        elif isinstance(node, tuple):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            parts.append(node)

    walk(value)
    return "\n".join(parts)


def _strings(report: Report) -> str:
    return text_of(build_document(report))


def test_the_bundled_example_keeps_its_words(example: Path) -> None:
    document = build_document(load(example).report)
    titles = [s.title for s in document.sections]
    assert titles[1] == "Panoramica dell’attuazione del POR al 30.09.2021"
    assert titles[2] == "Panoramica dell’attuazione del POR al 30.09.2021 per Assi"
    assert titles[3] == "Gli Assi a confronto"
    assert titles[7] == "Distribuzione territoriale delle imprese beneficiarie (3/4)"
    figures = next(b for b in document.sections[1].blocks if isinstance(b, Figures))
    assert figures.headline is not None and figures.headline.label == "Dotazione POR"
    cards = next(b for b in document.sections[2].blocks if isinstance(b, Cards)).cards
    assert [c.title for c in cards] == ["Asse I", "Asse II", "Asse III", "Asse IV"]
    call = next(b for b in document.sections[5].blocks if isinstance(b, Cards)).cards
    assert [c.title for c in call] == [
        "Finalità",
        "Interventi finanziati",
        "Dotazione finanziaria",
        "Emergenza COVID-19",
    ]
    monitoring = document.sections[6]
    steps = next(b for b in monitoring.blocks if isinstance(b, Figures))
    assert steps.items[2].label == "Imprese beneficiarie"
    table = next(b for b in monitoring.blocks if isinstance(b, Table))
    assert table.columns[0] == "Dimensione delle imprese"
    assert table.caption == "Dimensione delle imprese beneficiarie*"
    pie = next(c for c in document.charts() if c.id == "covid")
    assert pie.categories == ("Addendum COVID-19", "Avviso originario")
    assert pie.title == "Imprese con dichiarazione COVID-19"
    assert monitoring.footnotes[1] == (
        "Delle 764 imprese beneficiarie del contributo: 379 hanno partecipato seguendo le "
        "disposizioni previste dall’Addendum “Intervento per aziende in occasione "
        "dell’emergenza epidemiologica da COVID-19”; 385 hanno partecipato seguendo le "
        "disposizioni previste dall’Avviso originario."
    )
    initiatives = next(b for b in document.sections[4].blocks if isinstance(b, ItemList))
    assert initiatives.groups[1].heading == "Asse II - Inclusione sociale"


def _with_call(example: Path, **updates: object) -> Report:
    report = load(example).report
    avviso = report.avvisi[0].model_copy(update=updates)
    return report.model_copy(update={"avvisi": [avviso]})


def test_a_call_to_people_says_so_everywhere(example: Path) -> None:
    people = Destinatari(
        singolare="persona destinataria", plurale="persone destinatarie", genere="f"
    )
    m = load(example).report.avvisi[0].monitoraggio
    assert m is not None and m.province is not None
    report = _with_call(  # without the example's own note, which speaks of firms
        example,
        destinatari=people,
        monitoraggio=m.model_copy(
            update={"province": m.province.model_copy(update={"nota": None})}
        ),
    )
    text = _strings(report)
    assert "Distribuzione territoriale delle persone destinatarie (3/4)" in text
    assert "Le analisi sulle persone destinatarie sono effettuate" in text
    assert "Principali settori di attività dei destinatari (4/4)" in text
    assert "Delle 764 persone destinatarie del contributo: 379 hanno partecipato" in text
    assert "Dati illustrativi: la fonte non riporta le persone per provincia." in text
    call_sections = [s for s in build_document(report).sections if s.id.startswith("avviso-1-")]
    for section in call_sections[:3]:  # monitoring, territory, sectors
        words = CONTENT_WORDS.findall(text_of(section))
        assert "imprese" not in [w.lower() for w in words], section.id


def test_masculine_beneficiaries_take_their_articles(example: Path) -> None:
    enti = Destinatari(singolare="ente beneficiario", plurale="enti beneficiari", genere="m")
    report = _with_call(example, destinatari=enti)
    text = _strings(report)
    assert "Distribuzione territoriale degli enti beneficiari (3/4)" in text
    assert "Le analisi sugli enti beneficiari sono effettuate" in text
    assert "La mappa illustra il numero di enti beneficiari del contributo suddivisi per " in text
    assert "Dei 764 enti beneficiari del contributo: 379 hanno partecipato" in text


def test_the_report_default_beneficiaries_apply_to_every_call(example: Path) -> None:
    report = load(example).report
    people = Destinatari(singolare="studente", plurale="studenti", genere="m")
    report = report.model_copy(
        update={"vocabolario": report.vocabolario.model_copy(update={"destinatari": people})}
    )
    assert report.beneficiaries(report.avvisi[0]).the(preposition="di") == "degli studenti"


def test_an_emergency_card_takes_its_title_from_the_data(example: Path) -> None:
    report = load(example).report
    emergenza = report.avvisi[0].emergenza
    assert emergenza is not None
    report = _with_call(
        example, emergenza=emergenza.model_copy(update={"titolo": "Emergenza alluvione 2023"})
    )
    section = next(s for s in build_document(report).sections if s.id == "avviso-1")
    cards = next(b for b in section.blocks if isinstance(b, Cards)).cards
    assert cards[-1] == Card(
        "Emergenza alluvione 2023", "decreto regionale 3516 del 18 marzo 2020", (), emergenza.testo
    )


# --- no content words in the code that writes the document ---------------------------------


def _not_printed(tree: ast.AST) -> set[int]:
    """ids of the string constants nobody reads in a document: docstrings and the
    identifiers given as ``id=`` (a section's or a chart's id)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg == "id":
            found |= {id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant)}
    return found


def content_word_offenders(folder: Path, root: Path = ROOT) -> list[str]:
    """'file:line: word' for every content-dependent word in a string literal of ``folder``
    (docstrings, comments and ids excluded: they are not printed)."""
    offenders = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _not_printed(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
            ):
                for word in CONTENT_WORDS.findall(node.value):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}: {word}")
    return offenders


def test_the_document_builder_writes_no_content_word() -> None:
    assert content_word_offenders(CONTENT) == []


def test_the_word_check_finds_a_planted_word(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(
        '"""Docstrings may say Asse I."""\nTITLE = f"Dotazione POR {1}"\n# Asse\n'
        'X = "assi"\nS = Section(id="assi", title="Impresa")\n',
        encoding="utf-8",
    )
    found = sorted(content_word_offenders(tmp_path, tmp_path))
    assert found == ["x.py:2: POR", "x.py:4: assi", "x.py:5: Impresa"]


def test_renderer_offenders_are_listed() -> None:
    """Not a rule yet (the renderers are being reworked): the list is printed for review."""
    offenders = [o for folder in RENDERERS for o in content_word_offenders(folder)]
    print("\n".join(offenders) or "no content word in the renderers")
