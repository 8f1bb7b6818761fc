"""Horizontal bar charts drawn as SVG by templates/dashboard/_chart.html from the geometry computed here: no
script, no style attribute (the Content Security Policy allows neither inline), colours from portal.css classes.
Each bar is a row's figure for one series (this period, the same period a year before), its label above it and
its value at its end; the chart's figures are also its table, so the drawing itself is hidden from screen
readers."""

from collections.abc import Sequence
from dataclasses import dataclass

from kernel.lib.formatting import vn_int

WIDTH = 360  # user units of the viewBox; the SVG is scaled to its box (at most 24rem wide, portal.css)
LABEL_HEIGHT = 19  # a row's label line
BAR_HEIGHT = 13
BAR_GAP = 3  # between the bars of a row
ROW_GAP = 10  # after a row's last bar
VALUE_ROOM = 58  # right of the longest bar, for its value
LABEL_CHARACTERS = 44  # a longer label is cut with "…" (the table gives it whole)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # 0: this period, 1: the year before (its class in portal.css)
    value_x: float
    value_y: float
    text: str  # the value as shown at the bar's end


@dataclass(frozen=True)
class RowLabel:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    labels: list[RowLabel]
    bars: list[Bar]
    series: list[str]  # the legend, in the bars' order


def bar_chart(
    *,
    rows: Sequence[tuple[str, Sequence[float]]],
    series: list[str],
    texts: Sequence[Sequence[str]] | None = None,
    largest: float | None = None,
) -> BarChart:
    """A chart of `rows` (label, one value per series), scaled to `largest` (by default the largest value). `texts`
    replaces the values printed at the bars' ends (e.g. "58,4%"), row by row."""
    largest = largest or max((value for _, values in rows for value in values), default=0) or 1
    room = WIDTH - VALUE_ROOM
    labels, bars, y = [], [], 0.0
    for index, (label, values) in enumerate(rows):
        labels.append(RowLabel(y + LABEL_HEIGHT - 5, _cut(label)))
        y += LABEL_HEIGHT
        for number, value in enumerate(values):
            width = round(room * value / largest, 1)
            text = texts[index][number] if texts else vn_int(int(value))
            bars.append(Bar(0, y, width, BAR_HEIGHT, number, width + 4, y + BAR_HEIGHT - 2.5, text))
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP - BAR_GAP
    return BarChart(WIDTH, max(y, 1), labels, bars, series)


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"
