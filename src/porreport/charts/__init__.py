"""Charts: the document's chart and map specs drawn with matplotlib.

Owns the chart kinds and their theme (``draw``) and the province map: geometry, classes
and drawing (``provinces``). The bulletin turns the drawn figures into vectors; the deck
uses the map.

May import: ``porreport.content.document`` (the specs), the shared base modules and
matplotlib. Never a renderer (``deck``, ``bulletin``).
"""
