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
may change. Importing the package loads no output library: renderers are imported when
used. See docs/api.md for a report built from Python objects, a section of one's own and
both formats rendered.
"""

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
