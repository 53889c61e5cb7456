"""porreport: committee decks (PPTX) and PDF bulletins, in Italian, from the monitoring data
of an EU regional operational programme.

Importing the package loads no output library; renderers are imported when used.
"""

from porreport.api import BuildResult, build, document_of, render
from porreport.errors import InputError, PorreportError, Problem
from porreport.inputs.loading import LoadedReport, load

__version__ = "0.2.0"

__all__ = [
    "BuildResult",
    "InputError",
    "LoadedReport",
    "PorreportError",
    "Problem",
    "__version__",
    "build",
    "document_of",
    "load",
    "render",
]
