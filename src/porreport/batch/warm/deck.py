"""Preloaded by the workers' server: the deck's renderer, warmed (see ``porreport.batch.warm``)."""

from porreport.batch.warm import warm

warm("pptx")
