"""The colour classes of the map: round Italian breaks near the quantiles ("da 1 a 30",
"da 31 a 60", "oltre 100"), each class holding at least one value, coloured along the
sequential palette of ``porreport.theme``."""

from __future__ import annotations

import math
from dataclasses import dataclass

from porreport import theme
from porreport.formatting import number

MAX_CLASSES = 5


@dataclass(frozen=True)
class MapClass:
    """A class of the colour scale: values from ``low`` to ``high`` (None: no upper bound)."""

    low: int
    high: int | None
    color: str  # hex without '#'

    @property
    def label(self) -> str:
        """'da 1 a 30' or 'oltre 100', Italian separators."""
        if self.high is None:
            return f"oltre {number(self.low - 1)}"
        if self.low == self.high:
            return number(self.low)
        return f"da {number(self.low)} a {number(self.high)}"

    def contains(self, value: int) -> bool:
        """Whether a value falls in this class."""
        return value >= self.low and (self.high is None or value <= self.high)


def round_up(value: float) -> int:
    """The next round number at or above ``value``: 27 -> 30, 51 -> 60, 262 -> 300, 7 -> 7."""
    if value <= 10:
        return math.ceil(value)
    step = 10 ** math.floor(math.log10(value))
    if value / step < 2.5 and step >= 10:
        step //= 2  # 120 -> 150, not 200
    return int(math.ceil(value / step) * step)


def _quantile(values: list[int], q: float) -> float:
    position = q * (len(values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def classify(
    values: list[int], max_classes: int = MAX_CLASSES, palette: tuple[str, ...] = theme.SEQUENTIAL
) -> list[MapClass]:
    """Classes with round breaks near the quantiles; each class holds at least one value.
    Coloured along ``palette`` (a sequential palette, light to dark)."""
    data = sorted(values)
    if not data:
        return []
    # about 2-3 provinces per class, at least 3 classes when the data allow, at most 5
    k = max(1, min(max_classes, len(set(data)), max(3, math.ceil(len(data) / 2.5))))
    breaks: list[int] = []
    for i in range(1, k):
        b = round_up(_quantile(data, i / k))
        if b < data[-1] and (not breaks or b > breaks[-1]):
            breaks.append(b)
    low = 0 if data[0] <= 0 else 1
    bounds: list[tuple[int, int | None]] = []
    for b in breaks:
        if any(low <= v <= b for v in data):
            bounds.append((low, b))
            low = b + 1
    last_high = round_up(data[-1])
    bounds.append((low, None if bounds else last_high))
    colors = _class_colors(len(bounds), palette)
    return [MapClass(lo, hi, c) for (lo, hi), c in zip(bounds, colors, strict=True)]


def _class_colors(n: int, sequential: tuple[str, ...]) -> list[str]:
    """n colours spread over the sequential palette, skipping its lightest tint (too close
    to the grey of 'Nessun dato')."""
    palette = sequential[1:]
    if n == 1:
        return [palette[len(palette) // 2]]
    return [palette[round(i * (len(palette) - 1) / (n - 1))] for i in range(n)]


def class_of(value: int | None, classes: list[MapClass]) -> MapClass | None:
    """The class of a value; None for no data."""
    if value is None:
        return None
    for c in classes:
        if c.contains(value):
            return c
    return classes[-1]
