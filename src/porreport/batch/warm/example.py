"""Preloaded by the workers' server after the renderers when more workers than cores will
start: the example rendered once in the server (see ``porreport.batch.warm``)."""

from porreport.batch.warm import render_example

render_example()
