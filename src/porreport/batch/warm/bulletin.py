"""Preloaded by the workers' server: the PDF's renderer, warmed (see ``porreport.batch.warm``)."""

from porreport.batch.warm import warm

warm("pdf")
