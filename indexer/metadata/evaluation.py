"""Score extracted metadata against a LABELS.tsv (the format is in docs/taxonomy-labels.md).

Accuracy for the single-valued fields (an empty label must be matched by no
value), micro-averaged precision and recall for the multi-valued ones, and the
list of disagreements so staff can see where the rules miss.

Meetings are also scored as a grouping, because a meeting the taxonomy has never
seen gets a label the rules make up, which no labeller can guess letter for
letter: what matters is that the pages of one meeting share a label and pages
of different meetings do not. Pair-F1 compares the pairs of pages put together
by the labels and by the rules; each page with a meeting is also paired with
itself, so a meeting missed (or invented) on a page of its own still counts.
The optional `occurrence` column is scored the same way.
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from indexer.metadata.people import default_finder, name_key


def person_key(name: str) -> str:
    """A person's key for scoring: spellings people.toml lists for one person (Kouleba, Kuleba) are one."""
    canonical = default_finder().canonical
    return name_key(canonical.get(name_key(name), name))

COLUMNS = ("file", "date", "meeting", "topics", "location", "lang", "people")
OPTIONAL_COLUMNS = ("occurrence",)     # after the required ones; older label files stop before it


class LabelsError(ValueError):
    """A LABELS.tsv that cannot be read; the message says where."""


@dataclass(frozen=True)
class Labelled:
    """One row of LABELS.tsv, or what the extractor produced for the same page."""

    file: str
    date: str = ""                    # YYYY-MM-DD, or empty
    meeting: str = ""
    topics: tuple[str, ...] = ()
    location: str = ""
    lang: str = ""
    people: tuple[str, ...] = ()
    occurrence: str = ""              # id shared by the pages reporting the same sitting of a meeting


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in (_nfc(x) for x in value.split("|")) if v)


def read_labels(path: Path) -> list[Labelled]:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise LabelsError(f"{path}: {exc.strerror or exc}") from None
    header = tuple(c.strip() for c in rows[0]) if rows else ()
    if header[:len(COLUMNS)] != COLUMNS or header[len(COLUMNS):] != OPTIONAL_COLUMNS[:len(header) - len(COLUMNS)]:
        raise LabelsError(f"{path}: the header must be: {' '.join(COLUMNS)} [{' '.join(OPTIONAL_COLUMNS)}]")
    labels = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise LabelsError(f"{path}, line {n}: {len(row)} columns, expected {len(header)}")
        file, date, meeting, topics, location, lang, people, *optional = row
        labels.append(Labelled(_nfc(file), _nfc(date), _nfc(meeting), _split(topics), _nfc(location), _nfc(lang),
                               _split(people), _nfc(optional[0]) if optional else ""))
    return labels


def pair_f1(expected: list[str], got: list[str]) -> "PairScore":
    """How well `got` groups items as `expected` does ("" = in no group); see the module docstring."""
    def pairs(groups: list[str]) -> set[tuple[int, int]]:
        members: dict[str, list[int]] = {}
        for i, g in enumerate(groups):
            if g:
                members.setdefault(g, []).append(i)
        return {(a, b) for ids in members.values() for x, a in enumerate(ids) for b in ids[x:]}
    want, have = pairs(expected), pairs(got)
    return PairScore(Ratio(len(want & have), len(have)), Ratio(len(want & have), len(want)))


@dataclass(frozen=True)
class Disagreement:
    file: str
    field: str
    expected: str
    got: str


@dataclass(frozen=True)
class Ratio:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass(frozen=True)
class PairScore:
    precision: Ratio
    recall: Ratio

    @property
    def value(self) -> float:
        p, r = self.precision.value, self.recall.value
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    documents: int = 0
    meeting: Ratio = Ratio(0, 0)
    topics_precision: Ratio = Ratio(0, 0)
    topics_recall: Ratio = Ratio(0, 0)
    location: Ratio = Ratio(0, 0)
    lang: Ratio = Ratio(0, 0)
    people_precision: Ratio = Ratio(0, 0)
    people_recall: Ratio = Ratio(0, 0)
    date: Ratio = Ratio(0, 0)
    meeting_grouping: PairScore = PairScore(Ratio(0, 0), Ratio(0, 0))
    no_meeting: Ratio = Ratio(0, 0)        # pages labelled with no meeting that got none
    places_precision: Ratio = Ratio(0, 0)  # the location, counted as a place found or missed
    places_recall: Ratio = Ratio(0, 0)
    occurrence_grouping: PairScore | None = None   # only when the labels have occurrences
    disagreements: list[Disagreement] = field(default_factory=list)


def evaluate(pairs: list[tuple[Labelled, Labelled | None, str]]) -> Evaluation:
    """pairs: (expected, extracted or None when extraction failed, the failure reason).

    A page that could not be extracted counts as wrong on every field, even an empty one.
    """
    hits = dict.fromkeys(("meeting", "location", "lang", "date"), 0)
    topic_tp = topic_got = topic_expected = people_tp = people_got = people_expected = 0
    wrong: list[Disagreement] = []
    place_tp = place_got = place_expected = 0
    for expected, got, failure in pairs:
        place_expected += bool(expected.location)
        if got is not None and got.location:
            place_got += 1
            place_tp += got.location == expected.location
        if got is None:   # not in the index at all: every field is missed
            wrong.append(Disagreement(expected.file, "extraction", "a communiqué", failure))
            topic_expected += len(set(expected.topics))
            people_expected += len({person_key(p) for p in expected.people})
            continue
        for name in ("meeting", "location", "lang", "date"):
            want, have = getattr(expected, name), getattr(got, name)
            if want == have:
                hits[name] += 1
            else:
                wrong.append(Disagreement(expected.file, name, want, have))
        want_topics, got_topics = set(expected.topics), set(got.topics)
        topic_tp += len(want_topics & got_topics)
        topic_got += len(got_topics)
        topic_expected += len(want_topics)
        if want_topics != got_topics:
            wrong.append(Disagreement(expected.file, "topics", "|".join(expected.topics), "|".join(got.topics)))
        want_people = {person_key(p) for p in expected.people}
        got_people = {person_key(p) for p in got.people}
        people_tp += len(want_people & got_people)
        people_got += len(got_people)
        people_expected += len(want_people)
        if want_people != got_people:
            missing = [p for p in expected.people if person_key(p) not in got_people]
            extra = [p for p in got.people if person_key(p) not in want_people]
            wrong.append(Disagreement(expected.file, "people", "missing: " + "|".join(missing),
                                      "extra: " + "|".join(extra)))
    n = len(pairs)
    found = [got for _, got, _ in pairs]
    meetings_got = [g.meeting if g else "" for g in found]
    empty = [(e, g) for (e, _, _), g in zip(pairs, meetings_got) if not e.meeting]
    labelled_occurrences = any(e.occurrence for e, _, _ in pairs)
    return Evaluation(
        documents=n, meeting=Ratio(hits["meeting"], n), location=Ratio(hits["location"], n),
        lang=Ratio(hits["lang"], n), date=Ratio(hits["date"], n),
        topics_precision=Ratio(topic_tp, topic_got), topics_recall=Ratio(topic_tp, topic_expected),
        people_precision=Ratio(people_tp, people_got), people_recall=Ratio(people_tp, people_expected),
        meeting_grouping=pair_f1([e.meeting for e, _, _ in pairs], meetings_got),
        no_meeting=Ratio(sum(not g for _, g in empty), len(empty)),
        places_precision=Ratio(place_tp, place_got), places_recall=Ratio(place_tp, place_expected),
        occurrence_grouping=pair_f1([e.occurrence for e, _, _ in pairs], [g.occurrence if g else "" for g in found])
        if labelled_occurrences else None,
        disagreements=wrong,
    )
