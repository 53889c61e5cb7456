"""The ``porreport`` command line: the only place that parses arguments.

Owns ``main`` (the parser, the ``build``, ``validate`` and ``schema`` commands, Italian usage
messages and exit codes) and a module per sub-command whose arguments are defined apart
(``batch``).

May import: everything.
"""

from porreport.cli.main import entry_point, main

__all__ = ["entry_point", "main"]
