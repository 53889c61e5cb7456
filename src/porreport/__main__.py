"""``python -m porreport`` runs the CLI."""

from porreport.cli import entry_point

entry_point()
