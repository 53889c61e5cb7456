"""What every worker of a batch loads, imported once by the server process the workers are
forked from (``pool``): python-pptx, ReportLab, matplotlib, NumPy, pydantic and porreport's
renderers. A worker forked from it starts with all of them in memory; a spawned worker would
import them again, about 0.8 s of CPU each.

Imported for that effect only: nothing here is called.
"""

import porreport.batch.worker
import porreport.bulletin.render
import porreport.charts.draw
import porreport.deck.render  # noqa: F401
