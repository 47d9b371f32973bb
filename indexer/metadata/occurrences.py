"""Which sitting of a meeting a communiqué reports on: kind, place and dates, read from the text.

A meeting kind happens many times; journalists ask about one sitting (the NATO
foreign ministers of 5–6 December 2017 in Brussels), reported by communiqués
published the day before, the day itself and the day after. The dates are read
from the text, not taken from the publication date: the first date the title or
the first paragraphs give (« les 5 et 6 décembre 2017 », « du 27 novembre au
1er décembre », « ce lundi 20 novembre »; in English and German too: « on 5 and 6
December 2017 », « December 5-6, 2017 », « am 5. und 6. Dezember 2017 »), else a
relative word (« hier », « ce lundi ») counted back from the publication date, else
the publication date.

The id is the kind and the first day (« conseil-affaires-etrangeres-ue-2017-12-05 »):
stable across re-indexing and the same for every communiqué that gives the same
first day, whichever site published it.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from indexer.analysis import fold_text
from indexer.dates import MONTHS
from indexer.document import Occurrence

LEAD_PARAGRAPHS = 2          # where a communiqué says when the meeting took place
MAX_DISTANCE = timedelta(days=45)   # a date further from publication is another event's
MONTH_NAMES = ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre").split()
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

_MONTH = "|".join(sorted((m for m in MONTHS if len(m) >= 3), key=len, reverse=True))
# « les 5 et 6 décembre 2017 », « du 27 novembre au 1er décembre 2023 », « le 12 mars », « 5-6 décembre »
_RANGE = re.compile(
    r"(?<![\d/.])(?=\d)(?:(?P<d1>[0-3]?\d)(?:er|re)?(?:\s+(?P<m1>" + _MONTH + r"))?\.?(?:\s+(?P<y1>(?:19|20)\d\d))?"
    r"\s*(?:et|au|-|–|à|and|to|und|bis)\s*)?(?P<d2>[0-3]?\d)(?:er|re|st|nd|rd|th|\.)?\s+(?P<m2>" + _MONTH + r")\.?"
    r"(?:\s+(?P<y2>(?:19|20)\d\d))?(?!\d)")
# « December 5-6, 2017 », « December 5, 2017 »
_ENGLISH = re.compile(r"\b(?P<m2>" + _MONTH + r")\.?\s+(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*)?"
                      r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*(?P<y2>(?:19|20)\d\d))?(?!\d)")
_RELATIVE = re.compile(r"\b(hier|aujourd'hui|aujourd’hui|avant-hier|" + "|".join(WEEKDAYS) + r")\b")
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", fold_text(text)).strip("-")


def occurrence_id(meeting: str, start: date) -> str:
    return f"{slug(meeting)}-{start.isoformat()}"


def human_dates(start: date, end: date) -> str:
    """ « 5–6 décembre 2017 », « 27 novembre – 1er décembre 2023 », « 12 mars 2024 »."""
    def day(d: date) -> str:
        return "1er" if d.day == 1 else str(d.day)
    month = MONTH_NAMES[end.month - 1]
    if start == end:
        return f"{day(start)} {month} {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{day(start)}–{day(end)} {month} {end.year}"
    first = f"{day(start)} {MONTH_NAMES[start.month - 1]}" + (f" {start.year}" if start.year != end.year else "")
    return f"{first} – {day(end)} {month} {end.year}"


def occurrence_label(meeting: str, place: str | None, start: date, end: date) -> str:
    return ", ".join([meeting, *([place] if place else []), human_dates(start, end)])


def meeting_dates(title: str, paragraphs: list[str], published: date | None) -> tuple[date, date] | None:
    """(first day, last day) of the meeting as the text gives them; None when neither the text nor the
    publication date says."""
    for sentence in [title, *paragraphs[:LEAD_PARAGRAPHS]]:
        folded = fold_text(sentence)
        for pattern in (_RANGE, _ENGLISH):
            for m in pattern.finditer(folded):
                found = _range(m, published)
                if found:
                    return found
        if published:
            relative = _RELATIVE.search(folded.replace("’", "'"))
            if relative:
                return (_relative_day(relative.group(1), published),) * 2
    return (published, published) if published else None


def _range(m: re.Match, published: date | None) -> tuple[date, date] | None:
    end_month = MONTHS[m.group("m2")]
    year = int(m.group("y2")) if m.group("y2") else _nearest_year(end_month, published)
    if year is None:
        return None
    try:
        end = date(year, end_month, int(m.group("d2")))
        start = end
        if m.group("d1"):
            start_month = MONTHS[m.group("m1")] if m.re is _RANGE and m.group("m1") else end_month
            start_year = int(m.group("y1")) if m.re is _RANGE and m.group("y1") else year - (start_month > end_month)
            start = date(start_year, start_month, int(m.group("d1")))
    except ValueError:
        return None
    if start > end or (end - start).days > 31:
        start = end
    if published and (abs(start - published) > MAX_DISTANCE):
        return None
    return start, end


def _nearest_year(month: int, published: date | None) -> int | None:
    if published is None:
        return None
    # « le 12 décembre » in a communiqué of 3 January is last year's December
    candidates = [published.year - 1, published.year, published.year + 1]
    return min(candidates, key=lambda y: abs((date(y, month, 15) - published).days))


def _relative_day(word: str, published: date) -> date:
    if word == "hier":
        return published - timedelta(days=1)
    if word == "avant-hier":
        return published - timedelta(days=2)
    if word in WEEKDAYS:
        back = (published.weekday() - WEEKDAYS.index(word)) % 7
        return published - timedelta(days=back)
    return published


def find_occurrence(meeting: str | None, place: str | None, title: str, paragraphs: list[str],
                    published: date | None) -> Occurrence | None:
    """The sitting a communiqué reports on; None when it reports no meeting or gives no date at all."""
    if not meeting:
        return None
    dates = meeting_dates(title, paragraphs, published)
    if dates is None:
        return None
    start, end = dates
    return Occurrence(occurrence_id(meeting, start), occurrence_label(meeting, place, start, end), start, end, place)
