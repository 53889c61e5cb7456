"""The colour classes of the map, chosen for the data.

The rule (shared by the deck and the bulletin):

- zero is its own class, "0", whenever a province has zero; a province without data is in
  no class ("Nessun dato", drawn apart);
- the positive values are split into natural groups (Fisher–Jenks: the split that keeps the
  values of each class closest together), so no class is ever empty and equal values never
  fall in two classes;
- how many classes for the positive values: 3 for up to 9 provinces with data, 4 for up to
  24, 5 beyond, never more than there are distinct values, and at most 5 with the zero
  class;
- each break is the roundest number between the largest value of a class and the smallest of
  the next, near the former (27 -> 30, 120 -> 150), so the legend reads "da 1 a 30",
  "da 31 a 60", "oltre 90" and every province stays in the class the data put it in;
- colours come from the sequential palette of ``porreport.theme``, light to dark, keeping only
  tints on which the province's label (sigla and count, drawn on every province) reaches
  4.5:1 in the dark text colour or in white (``label_ink``).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache

from porreport import theme
from porreport.formatting import number

MAX_CLASSES = 5
MIN_CONTRAST = 4.5  # WCAG AA for normal text: the labels drawn on each class colour


@dataclass(frozen=True)
class MapClass:
    """A class of the colour scale: values from ``low`` to ``high`` (None: no upper bound)."""

    low: int
    high: int | None
    color: str  # hex without '#'

    @property
    def label(self) -> str:
        """'0', 'da 1 a 30' or 'oltre 100', Italian separators."""
        if self.high is None:
            return f"oltre {number(self.low - 1)}"
        if self.low == self.high:
            return number(self.low)
        return f"da {number(self.low)} a {number(self.high)}"

    @property
    def ink(self) -> str:
        """The colour of a label drawn on this class (dark or white, the more readable)."""
        return label_ink(self.color)

    def contains(self, value: int) -> bool:
        """Whether a value falls in this class."""
        return value >= self.low and (self.high is None or value <= self.high)


# --- colours and contrast ----------------------------------------------------------------


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG relative luminance of a hex colour (0 black, 1 white)."""
    r, g, b = (_linear(v) for v in theme.hex_to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two hex colours (1 to 21)."""
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def label_ink(fill: str) -> str:
    """The text colour of a label on ``fill``: the theme's dark or white, whichever reads
    better."""
    return max((theme.DARK, theme.WHITE), key=lambda ink: contrast(ink, fill))


@cache
def readable_palette(palette: tuple[str, ...] = theme.SEQUENTIAL) -> tuple[str, ...]:
    """The tints of a sequential palette (light to dark) on which a label reaches
    MIN_CONTRAST (a mid blue that neither dark nor white text reads on is left out)."""
    usable = tuple(c for c in palette if contrast(label_ink(c), c) >= MIN_CONTRAST)
    return usable if len(usable) >= MAX_CLASSES else palette


def _spread(palette: tuple[str, ...], n: int) -> list[str]:
    """n colours spread over a palette, first and last included."""
    if n == 1:
        return [palette[len(palette) // 2]]
    return [palette[math.floor(i * (len(palette) - 1) / (n - 1) + 0.5)] for i in range(n)]


def class_colors(
    positive: int, zero: bool, sequential: tuple[str, ...] = theme.SEQUENTIAL
) -> list[str]:
    """The colours of a zero class (when ``zero``) and ``positive`` classes above it: zero
    takes the lightest readable tint, the positive classes spread over the darker ones."""
    palette = readable_palette(sequential)
    rest = palette[1:] if zero or positive < len(palette) else palette
    return ([palette[0]] if zero else []) + (_spread(rest, positive) if positive else [])


# --- breaks ------------------------------------------------------------------------------


def _step(value: float) -> int:
    """The rounding step for a break near ``value``: 7 -> 1, 12 -> 5, 27 -> 10, 120 -> 50."""
    if value <= 10:
        return 1
    step = 10 ** math.floor(math.log10(value))
    return step // 2 if value / step < 2.5 else step


def round_up(value: float) -> int:
    """The next round number at or above ``value``: 27 -> 30, 51 -> 60, 262 -> 300, 7 -> 7."""
    step = _step(value)
    return int(math.ceil(value / step) * step)


def _finer_steps(step: int) -> list[int]:
    """The round steps from ``step`` down to 1: 50 -> 50, 20, 10, 5, 2, 1."""
    digits = len(str(step))
    steps = {m * 10**p for p in range(digits) for m in (1, 2, 5)}
    return sorted((s for s in steps if s <= step), reverse=True)


def nice_break(top: int, next_low: int) -> int:
    """The roundest number from ``top`` (a class's largest value) up to just below
    ``next_low`` (the next class's smallest): 27, 41 -> 30; 28, 30 -> 28; 120, 1130 -> 150."""
    for step in _finer_steps(_step(top)):
        candidate = math.ceil(top / step) * step
        if candidate < next_low:
            return int(candidate)
    return top


def natural_groups(values: list[int], k: int) -> list[list[int]]:
    """Fisher–Jenks: ``values`` (sorted) split into ``k`` runs of distinct values that
    minimise the squared deviations from each run's mean; equal values stay together."""
    distinct = sorted(set(values))
    weights = [values.count(v) for v in distinct]
    m = len(distinct)
    k = min(k, m)

    @cache  # each run's cost is asked for once per class count
    def cost(i: int, j: int) -> float:  # distinct[i..j] in one class
        w = weights[i : j + 1]
        xs = distinct[i : j + 1]
        total = sum(w)
        mean = sum(x * n for x, n in zip(xs, w, strict=True)) / total
        return sum(n * (x - mean) ** 2 for x, n in zip(xs, w, strict=True))

    inf = float("inf")
    best = [[inf] * m for _ in range(k)]
    cut = [[0] * m for _ in range(k)]
    for j in range(m):
        best[0][j] = cost(0, j)
    for c in range(1, k):
        for j in range(c, m):
            for i in range(c, j + 1):  # the last class is distinct[i..j]
                total = best[c - 1][i - 1] + cost(i, j)
                if total < best[c][j] - 1e-9:
                    best[c][j], cut[c][j] = total, i
    starts, j = [], m - 1
    for c in range(k - 1, 0, -1):
        starts.append(cut[c][j])
        j = cut[c][j] - 1
    bounds = [0, *reversed(starts), m]
    return [
        [v for v in values if distinct[bounds[g]] <= v <= distinct[bounds[g + 1] - 1]]
        for g in range(k)
    ]


def class_count(provinces: int) -> int:
    """How many classes of positive values suit a map of this many provinces with data."""
    return 3 if provinces <= 9 else 4 if provinces <= 24 else MAX_CLASSES


def _bounds(groups: list[list[int]]) -> list[tuple[int, int | None]]:
    """(low, high) of the positive classes: from 1 up to round breaks, the last open
    ("oltre"); a lone class reads as its value or "da 1 a" a round number."""
    if len(groups) == 1:
        top = groups[0][-1]
        return [(top, top)] if groups[0][0] == top else [(1, round_up(top))]
    bounds: list[tuple[int, int | None]] = []
    low = 1
    for group, following in itertools.pairwise(groups):
        high = nice_break(group[-1], following[0])
        bounds.append((low, high))
        low = high + 1
    return [*bounds, (low, None)]


def classify(
    values: list[int], max_classes: int = MAX_CLASSES, palette: tuple[str, ...] = theme.SEQUENTIAL
) -> list[MapClass]:
    """The classes of a map's values (see the module docstring for the rule), coloured along
    ``palette`` (sequential, light to dark)."""
    data = sorted(values)
    if not data:
        return []
    zero = data[0] <= 0
    positive = [v for v in data if v > 0]
    wanted = min(max_classes - zero, class_count(len(data)))
    groups = natural_groups(positive, wanted) if positive else []
    bounds = ([(0, 0)] if zero else []) + (_bounds(groups) if groups else [])
    colors = class_colors(len(groups), zero, palette)
    return [MapClass(lo, hi, c) for (lo, hi), c in zip(bounds, colors, strict=True)]


def class_of(value: int | None, classes: list[MapClass]) -> MapClass | None:
    """The class of a value; None for no data."""
    if value is None:
        return None
    for c in classes:
        if c.contains(value):
            return c
    return classes[-1]
