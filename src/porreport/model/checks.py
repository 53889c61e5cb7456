"""Consistency rules across fields, in the words of the people who edit the data.

Each rule returns findings with the path of the field it is about. Errors stop the build;
warnings are printed, and become errors with ``--strict``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from porreport import formatting as fmt
from porreport.model.reference import ateco_node, find_province, province_hint, region_named
from porreport.model.report import FIGURE_FIELDS, Avviso, Monitoraggio, Report
from porreport.model.vocabulary import is_technical_assistance

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """One broken rule: where, what, with which value, and whether it is only a warning."""

    path: Path
    message: str
    value: str | None = None
    warning: bool = False


def check_report(report: Report) -> list[Finding]:
    """Every consistency finding of a report, errors and warnings."""
    findings = list(_vocabulary(report))
    findings += _axes(report)
    findings += _initiatives(report)
    region = region_named(report.rapporto.regione)
    for i, avviso in enumerate(report.avvisi):
        findings += _call(avviso, ("avvisi", i), {a.numero for a in report.assi})
        if avviso.monitoraggio is not None and region is not None:
            findings += _outside_region(avviso.monitoraggio, ("avvisi", i, "monitoraggio"), region)
    return findings


def _vocabulary(report: Report) -> Iterator[Finding]:
    asse = report.vocabolario.asse
    if asse is not None:
        words = {"singolare": asse.singolare, "plurale": asse.plurale, "genere": asse.genere}
        given = [k for k, v in words.items() if v is not None]
        if given and len(given) < len(words):
            missing = [k for k in words if k not in given]
            yield Finding(
                ("vocabolario", "asse", missing[0]),
                "la parola degli assi si indica con singolare, plurale e genere insieme; "
                f"manca: {', '.join(missing)}",
            )
    if report.axis_naming.numbering == "codice":
        for i, a in enumerate(report.assi):
            if not a.codice:
                yield Finding(
                    ("assi", i, "codice"),
                    "codice mancante: con vocabolario.asse.numerazione 'codice' ogni asse "
                    "indica il suo codice, ad esempio 'P1'",
                )


def _axes(report: Report) -> Iterator[Finding]:
    seen: dict[int, int] = {}
    for i, asse in enumerate(report.assi):
        if asse.numero in seen:
            yield Finding(
                ("assi", i, "numero"),
                f"numero di asse ripetuto: è già usato da assi[{seen[asse.numero]}]; "
                "atteso un numero diverso per ogni asse",
                str(asse.numero),
            )
        seen.setdefault(asse.numero, i)
    yield from _axis_totals(report)


def _axis_totals(report: Report) -> Iterator[Finding]:
    """One warning naming, figure by figure, what the axes leave unattributed."""
    settings = report.formato.settings()
    sums: list[tuple[str, Decimal, Decimal]] = []
    for field in FIGURE_FIELDS:
        values = [getattr(a, field) for a in report.assi]
        if any(v is None for v in values):
            continue
        total = sum(values, Decimal(0))
        programme = getattr(report.panorama, field)
        if total != programme:
            sums.append((field, total, programme))
    scale = fmt.amount_scale(
        [v for _, total, programme in sums for v in (total, programme, abs(programme - total))],
        settings,
    )
    gaps = [
        f"{field} {scale.text(total)} su {scale.text(programme)}"
        f" ({'restano' if programme > total else 'eccedono'} {scale.text(abs(programme - total))})"
        for field, total, programme in sums
    ]
    if gaps:
        shown = any(is_technical_assistance(a.titolo) for a in report.assi)
        yield Finding(
            ("assi",),
            "la somma degli assi differisce dai totali del programma: "
            + "; ".join(gaps)
            + ". La differenza non è attribuita ad alcun asse"
            + ("" if shown else " (ad esempio un asse di assistenza tecnica non riportato)"),
            warning=True,
        )


def _initiatives(report: Report) -> Iterator[Finding]:
    numbers = {a.numero for a in report.assi}
    for i, ini in enumerate(report.iniziative):
        if ini.asse not in numbers:
            yield Finding(
                ("iniziative", i, "asse"),
                f"asse inesistente; attesi i numeri degli assi del rapporto: {sorted(numbers)}",
                str(ini.asse),
            )


def _call(avviso: Avviso, base: Path, numbers: set[int]) -> Iterator[Finding]:
    if avviso.asse is not None and avviso.asse not in numbers:
        yield Finding(
            (*base, "asse"),
            f"asse inesistente; attesi i numeri degli assi del rapporto: {sorted(numbers)}",
            str(avviso.asse),
        )
    if (
        avviso.dotazione.iniziale is not None
        and avviso.dotazione.iniziale > avviso.dotazione.attuale
    ):
        yield Finding(
            (*base, "dotazione", "iniziale"),
            "la dotazione iniziale supera quella attuale: atteso un importo non superiore "
            f"a {fmt.euro(avviso.dotazione.attuale)}",
            fmt.euro(avviso.dotazione.iniziale),
            warning=True,
        )
    if avviso.monitoraggio is not None:
        yield from check_monitoring(avviso.monitoraggio, (*base, "monitoraggio"))


def check_monitoring(m: Monitoraggio, base: Path) -> list[Finding]:
    """The rules of a call's application monitoring (also used for computed figures)."""
    return [
        *_funnel(m, base),
        *_sizes(m, base),
        *_covid(m, base),
        *_provinces(m, base),
        *_sectors(m, base),
    ]


def _funnel(m: Monitoraggio, base: Path) -> Iterator[Finding]:
    if m.ammesse > m.presentate:
        yield Finding(
            (*base, "ammesse"),
            f"le domande ammesse superano le presentate; atteso al massimo {fmt.count(m.presentate)}",
            fmt.count(m.ammesse),
        )
    if m.ammesse - m.rinunce_decadenze != m.beneficiari:
        yield Finding(
            (*base, "beneficiari"),
            "ammesse meno rinunce/decadenze deve dare i beneficiari: atteso "
            f"{fmt.count(m.ammesse)} - {fmt.count(m.rinunce_decadenze)} = "
            f"{fmt.count(m.ammesse - m.rinunce_decadenze)}",
            fmt.count(m.beneficiari),
        )


def _sizes(m: Monitoraggio, base: Path) -> Iterator[Finding]:
    if not m.dimensioni:
        return
    classes = [d.dimensione for d in m.dimensioni]
    for i, cls in enumerate(classes):
        if classes.index(cls) != i:
            yield Finding(
                (*base, "dimensioni", i, "dimensione"),
                "classe dimensionale ripetuta; attesa una riga per ciascuna classe",
                cls,
            )
    firms = sum(d.imprese for d in m.dimensioni)
    if firms != m.beneficiari:
        yield Finding(
            (*base, "dimensioni"),
            "le imprese per classe dimensionale non sommano ai beneficiari: atteso un totale di "
            f"{fmt.count(m.beneficiari)}",
            f"totale {fmt.count(firms)}",
        )
    amount = sum((d.importo for d in m.dimensioni), Decimal(0))
    if amount != m.importo_ammesso:
        yield Finding(
            (*base, "dimensioni"),
            "gli importi per classe dimensionale non sommano all'importo ammesso: atteso un "
            f"totale di {fmt.euro(m.importo_ammesso)}",
            f"totale {fmt.euro(amount)}",
        )


def _covid(m: Monitoraggio, base: Path) -> Iterator[Finding]:
    if m.ripartizione is not None:
        if m.covid is not None:
            yield Finding(
                (*base, "ripartizione"),
                "indicare la ripartizione oppure covid, non entrambe: covid è la ripartizione "
                "tra addendum COVID-19 e avviso originario",
            )
        total = sum(v.valore for v in m.ripartizione.voci)
        if total != m.beneficiari:
            values = " + ".join(fmt.count(v.valore) for v in m.ripartizione.voci)
            yield Finding(
                (*base, "ripartizione", "voci"),
                "le voci della ripartizione devono sommare ai beneficiari: atteso "
                f"{fmt.count(m.beneficiari)}",
                f"{values} = {fmt.count(total)}",
            )
        return
    if m.covid is None:
        return
    total = m.covid.addendum + m.covid.originario
    if total != m.beneficiari:
        yield Finding(
            (*base, "covid"),
            "addendum COVID-19 e avviso originario devono sommare ai beneficiari: atteso "
            f"{fmt.count(m.beneficiari)}",
            f"{fmt.count(m.covid.addendum)} + {fmt.count(m.covid.originario)} = {fmt.count(total)}",
        )


def _provinces(m: Monitoraggio, base: Path) -> Iterator[Finding]:
    if m.province is None:
        return
    seen: set[int] = set()
    for i, v in enumerate(m.province.valori):
        province = find_province(v.provincia)
        if province is None:
            hint = province_hint(v.provincia)
            yield Finding(
                (*base, "province", "valori", i, "provincia"),
                "provincia sconosciuta; attesi un codice ISTAT (15), una sigla (MI) o un nome "
                "(Milano)" + (f"; {hint}" if hint else ""),
                v.provincia,
            )
        elif province.codice_istat in seen:
            yield Finding(
                (*base, "province", "valori", i, "provincia"),
                "provincia ripetuta; attesa una riga per provincia",
                v.provincia,
            )
        else:
            seen.add(province.codice_istat)
    total = sum(v.imprese for v in m.province.valori)
    if total != m.beneficiari:
        yield Finding(
            (*base, "province"),
            f"le imprese per provincia non sommano ai beneficiari: atteso {fmt.count(m.beneficiari)}",
            f"totale {fmt.count(total)}",
        )


def _outside_region(m: Monitoraggio, base: Path, region: str) -> Iterator[Finding]:
    """A warning for each province outside the report's region (``rapporto.regione``)."""
    if m.province is None:
        return
    for i, v in enumerate(m.province.valori):
        province = find_province(v.provincia)
        if province is not None and province.regione != region:
            yield Finding(
                (*base, "province", "valori", i, "provincia"),
                f"provincia fuori dalla regione del rapporto ({region}): è in "
                f"{province.regione}; la mappa mostra solo la regione del rapporto e questa "
                "provincia è riportata in nota",
                v.provincia,
                warning=True,
            )


def _sectors(m: Monitoraggio, base: Path) -> Iterator[Finding]:
    for i, s in enumerate(m.settori):
        if ateco_node(s.ateco) is None:
            yield Finding(
                (*base, "settori", i, "ateco"),
                "codice ATECO 2007 inesistente; atteso ad esempio '46' (divisione) o '62.01'",
                s.ateco,
            )
    total = sum(s.imprese for s in m.settori)
    if m.altri_settori is not None and total + m.altri_settori != m.beneficiari:
        yield Finding(
            (*base, "altri_settori"),
            "i settori elencati più gli altri settori devono sommare ai beneficiari: atteso "
            f"{fmt.count(m.beneficiari - total)}",
            fmt.count(m.altri_settori),
        )
    elif total > m.beneficiari:
        yield Finding(
            (*base, "settori"),
            f"le imprese per settore superano i beneficiari ({fmt.count(m.beneficiari)})",
            f"totale {fmt.count(total)}",
        )
