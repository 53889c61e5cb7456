"""porreport: committee decks (PPTX) and PDF bulletins, in Italian, from the monitoring data
of an EU-funded regional programme.

The stages, each a subpackage (see docs/architecture.md)::

    inputs/   YAML, CSV/XLSX tables and application records -> a validated report
    model/    the report (pydantic), Italian figures, consistency rules, reference tables
    content/  report -> a renderer-neutral document, every figure formatted once
    charts/   chart and map specs drawn with matplotlib
    deck/     document -> editable PPTX (python-pptx)
    bulletin/ document -> PDF (ReportLab)
    batch/    many reports, unattended
    cli/      the ``porreport`` command

The names exported here (``__all__``) are the public API, with ``porreport.formatting``
for figures formatted the way the documents format them; everything else is internal and
may change. Importing the package loads nothing else: each name is imported the first time
it is used (module ``__getattr__``), so a command loads only what it uses. See docs/api.md
for a report built from Python objects, a section of one's own and both formats rendered.
"""

# Not ``typing.TYPE_CHECKING``: typing loads re and collections, a few milliseconds before the
# command line's Ctrl-C guard is in place (``porreport.cli.interrupt``); type checkers read
# any ``TYPE_CHECKING`` as true.
TYPE_CHECKING = False
if TYPE_CHECKING:  # the names below, for type checkers and editors
    from porreport import formatting
    from porreport.api import (
        OUTPUT_FORMATS,
        BuildResult,
        build,
        build_document,
        check,
        document_of,
        render,
        render_all,
    )
    from porreport.content.document import (
        Card,
        Cards,
        Chart,
        ChartSpec,
        Document,
        Figure,
        Figures,
        Item,
        ItemGroup,
        ItemList,
        Map,
        MapSpec,
        Meta,
        ProvinceValue,
        Section,
        Series,
        Table,
        TextBlock,
        TwoColumns,
    )
    from porreport.errors import InputError, PorreportError, Problem, RenderError, TemplateError
    from porreport.inputs.loading import LoadedReport, load
    from porreport.model.report import (
        Asse,
        Avviso,
        ClasseDimensionale,
        Covid,
        DistribuzioneProvince,
        DotazioneAvviso,
        Emergenza,
        Formato,
        Iniziativa,
        Intervento,
        Monitoraggio,
        Panorama,
        Rapporto,
        Report,
        Richiamo,
        Settore,
        ValoreProvincia,
        Valutazione,
    )
    from porreport.resources import example_report

__version__ = "0.2.0"

# Where each public name lives: imported on first use (pydantic, Babel and the document
# model cost a fifth of a second; a command that needs none of them should not pay it).
_MODULES = {
    "porreport.api": (
        "OUTPUT_FORMATS",
        "BuildResult",
        "build",
        "build_document",
        "check",
        "document_of",
        "render",
        "render_all",
    ),
    "porreport.content.document": (
        "Card",
        "Cards",
        "Chart",
        "ChartSpec",
        "Document",
        "Figure",
        "Figures",
        "Item",
        "ItemGroup",
        "ItemList",
        "Map",
        "MapSpec",
        "Meta",
        "ProvinceValue",
        "Section",
        "Series",
        "Table",
        "TextBlock",
        "TwoColumns",
    ),
    "porreport.errors": ("InputError", "PorreportError", "Problem", "RenderError", "TemplateError"),
    "porreport.inputs.loading": ("LoadedReport", "load"),
    "porreport.model.report": (
        "Asse",
        "Avviso",
        "ClasseDimensionale",
        "Covid",
        "DistribuzioneProvince",
        "DotazioneAvviso",
        "Emergenza",
        "Formato",
        "Iniziativa",
        "Intervento",
        "Monitoraggio",
        "Panorama",
        "Rapporto",
        "Report",
        "Richiamo",
        "Settore",
        "ValoreProvincia",
        "Valutazione",
    ),
    "porreport.resources": ("example_report",),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> object:
    """Import a public name the first time it is used, and keep it."""
    import importlib  # here: importing the package loads nothing

    if name == "formatting":
        value: object = importlib.import_module("porreport.formatting")
    elif name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
    else:
        raise AttributeError(f"module 'porreport' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "OUTPUT_FORMATS",
    "Asse",
    "Avviso",
    "BuildResult",
    "Card",
    "Cards",
    "Chart",
    "ChartSpec",
    "ClasseDimensionale",
    "Covid",
    "DistribuzioneProvince",
    "Document",
    "DotazioneAvviso",
    "Emergenza",
    "Figure",
    "Figures",
    "Formato",
    "Iniziativa",
    "InputError",
    "Intervento",
    "Item",
    "ItemGroup",
    "ItemList",
    "LoadedReport",
    "Map",
    "MapSpec",
    "Meta",
    "Monitoraggio",
    "Panorama",
    "PorreportError",
    "Problem",
    "ProvinceValue",
    "Rapporto",
    "RenderError",
    "Report",
    "Richiamo",
    "Section",
    "Series",
    "Settore",
    "Table",
    "TemplateError",
    "TextBlock",
    "TwoColumns",
    "ValoreProvincia",
    "Valutazione",
    "__version__",
    "build",
    "build_document",
    "check",
    "document_of",
    "example_report",
    "formatting",
    "load",
    "render",
    "render_all",
]
