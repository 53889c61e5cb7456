"""The ``porreport`` command line: the only place that parses arguments.

May import: everything.
"""

from porreport.cli.main import entry_point, main

__all__ = ["entry_point", "main"]
