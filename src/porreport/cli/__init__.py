"""The ``porreport`` command line: the only place that parses arguments.

Owns ``main`` (the parser, the ``build``, ``validate`` and ``schema`` commands, Italian usage
messages and exit codes) and a module per sub-command whose arguments are defined apart
(``batch``). Importing it first makes Ctrl-C while the commands load end as it does in
``main`` ("Interrotto.", exit 130: ``interrupt``).

May import: everything.
"""

from porreport.cli.interrupt import guard_start_up

guard_start_up()  # before the commands' modules load, so a Ctrl-C meanwhile is told plainly

from porreport.cli.main import entry_point, main  # noqa: E402

__all__ = ["entry_point", "main"]
