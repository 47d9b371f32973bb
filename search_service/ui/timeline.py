"""A bar per year of the matching communiqués, drawn as server-side SVG (no script, no inline style).

Counts come from the year facet, which is disjunctive: a selected year does not
hide the other years, so the chart keeps showing when a subject was in the news
and each bar stays a link to that year.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SLOT = 40            # horizontal space of one year, in SVG units
BAR = 28             # bar width
CHART_HEIGHT = 90    # tallest bar
TOP = 18             # room for the count above a bar
AXIS = 20            # room for the year under the bars
MIN_BAR = 2          # a year with a few communiqués is still visible next to a busy one


@dataclass
class Bar:
    year: str
    count: int
    href: str
    selected: bool
    x: float
    y: float
    height: float
    label_x: float        # centre of the slot, for the year and the count
    show_year: bool       # every year is labelled while they fit, else every other one


@dataclass
class Timeline:
    bars: list[Bar]
    width: int
    height: int
    axis_y: float
    year_y: float
    total: int

    @property
    def first(self) -> str:
        return self.bars[0].year

    @property
    def last(self) -> str:
        return self.bars[-1].year


def build_timeline(year_counts: dict[str, int], selected: set[str], href_for: Callable[[str], str],
                   max_years: int = 40) -> Timeline | None:
    """Bars for every year from the first to the last with results, empty years included (gaps tell too)."""
    years = sorted(int(y) for y, c in year_counts.items() if c > 0 and y.isdigit())
    if not years:
        return None
    first, last = years[0], years[-1]
    first = max(first, last - max_years + 1)
    span = list(range(first, last + 1))
    peak = max(year_counts.get(str(y), 0) for y in span) or 1
    label_every = 1 if len(span) <= 16 else 2
    bars = []
    for i, year in enumerate(span):
        count = year_counts.get(str(year), 0)
        height = 0.0 if count == 0 else max(MIN_BAR, CHART_HEIGHT * count / peak)
        bars.append(Bar(
            year=str(year), count=count, href=href_for(str(year)), selected=str(year) in selected,
            x=i * SLOT + (SLOT - BAR) / 2, y=TOP + CHART_HEIGHT - height, height=round(height, 1),
            label_x=i * SLOT + SLOT / 2, show_year=(last - year) % label_every == 0,
        ))
    return Timeline(bars=bars, width=len(span) * SLOT, height=TOP + CHART_HEIGHT + AXIS,
                    axis_y=TOP + CHART_HEIGHT, year_y=TOP + CHART_HEIGHT + AXIS - 5,
                    total=sum(b.count for b in bars))
