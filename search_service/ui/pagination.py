"""Which page numbers to show: the first, the last, and a few around the current one."""
from __future__ import annotations

AROUND = 2


def page_numbers(current: int, pages: int, around: int = AROUND) -> list[int | None]:
    """[1, None, 4, 5, 6, 7, 8, None, 20]: None marks a gap shown as an ellipsis."""
    if pages <= 1:
        return []
    wanted = {1, pages, *range(max(1, current - around), min(pages, current + around) + 1)}
    out: list[int | None] = []
    previous = 0
    for n in sorted(wanted):
        if n - previous == 2:
            out.append(n - 1)          # a gap of one page: show the page rather than an ellipsis
        elif n - previous > 2:
            out.append(None)
        out.append(n)
        previous = n
    return out
