"""Bar charts laid out on the server and drawn as inline SVG.

The pages' Content-Security-Policy allows no inline script or style, and a chart needs
neither: the shapes are SVG elements with coordinates, their colours come from the page's
stylesheet by class. Each bar carries a `<title>`, read out by screen readers and shown on
hover, so the figures are there in words too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Columns (one per day): a slot for each, the plot's height, room for values and labels.
COLUMN_STEP = 34
COLUMN_GAP = 8
PLOT_HEIGHT = 120
ABOVE = 16
BELOW = 30
# Rows (one per category): the label's room on the left, the longest bar's length.
ROW_STEP = 22
ROW_GAP = 6
LABEL_WIDTH = 120
BAR_LENGTH = 280
AFTER = 48


@dataclass(frozen=True, slots=True)
class Part:
    """One series: its CSS class and what it counts, in words for the legend."""

    css: str
    words: str


@dataclass(frozen=True, slots=True)
class Item:
    """One bar: its label, its title in words, and a value per part (stacked in order)."""

    label: str
    title: str
    values: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Rect:
    css: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Text:
    words: str
    x: float
    y: float
    anchor: str


@dataclass(frozen=True, slots=True)
class Bar:
    title: str
    rects: tuple[Rect, ...]
    value: Text
    label: Text
    # A second line under a column's label (the day of the month under the weekday).
    sublabel: Text | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    parts: tuple[Part, ...]


def _scale(items: Sequence[Item], length: float) -> float:
    """Units of length per count, so the largest total just fits."""
    return length / max([sum(i.values) for i in items] + [1])


def columns(title: str, parts: Sequence[Part], items: Sequence[Item]) -> Chart:
    """Upright stacked bars, one per item, labelled underneath (a label may have two lines)."""
    per = _scale(items, PLOT_HEIGHT)
    base = ABOVE + PLOT_HEIGHT
    bars = []
    for n, item in enumerate(items):
        x = n * COLUMN_STEP + COLUMN_GAP / 2
        middle = x + (COLUMN_STEP - COLUMN_GAP) / 2
        top = float(base)
        rects = []
        for part, value in zip(parts, item.values, strict=True):
            if value:
                height = value * per
                top -= height
                rects.append(Rect(part.css, x, top, COLUMN_STEP - COLUMN_GAP, height))
        first, _, second = item.label.partition("\n")
        bars.append(
            Bar(
                item.title,
                tuple(rects),
                Text(str(sum(item.values)), middle, top - 4, "middle"),
                Text(first, middle, base + 13, "middle"),
                Text(second, middle, base + 26, "middle") if second else None,
            )
        )
    width = len(items) * COLUMN_STEP
    return Chart(title, width, ABOVE + PLOT_HEIGHT + BELOW, tuple(bars), tuple(parts))


def rows(title: str, parts: Sequence[Part], items: Sequence[Item]) -> Chart:
    """Lying stacked bars, one per item, labelled on the left and counted on the right."""
    per = _scale(items, BAR_LENGTH)
    bars = []
    for n, item in enumerate(items):
        y = n * ROW_STEP + ROW_GAP / 2
        middle = y + (ROW_STEP - ROW_GAP) / 2 + 4
        end = float(LABEL_WIDTH)
        rects = []
        for part, value in zip(parts, item.values, strict=True):
            if value:
                length = value * per
                rects.append(Rect(part.css, end, y, length, ROW_STEP - ROW_GAP))
                end += length
        bars.append(
            Bar(
                item.title,
                tuple(rects),
                Text(str(sum(item.values)), end + 4, middle, "start"),
                Text(item.label, LABEL_WIDTH - 6, middle, "end"),
            )
        )
    width = LABEL_WIDTH + BAR_LENGTH + AFTER
    return Chart(title, width, max(len(items), 1) * ROW_STEP, tuple(bars), tuple(parts))
