"""Names the charts share with the renderers, importable without loading matplotlib.

- the gids of texts a renderer may set apart from the graphic: the chart's or map's title
  (the bulletin tags it as the figure's caption) and a note under a map (its attribution);
- the map's label for a province without data, in its legend and in any list of its values.
"""

from __future__ import annotations

TITLE_GID = "porreport-title"
NOTE_GID = "porreport-note"
NO_DATA_LABEL = "Nessun dato"
