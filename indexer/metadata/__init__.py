"""Metadata of a communiqué: meeting, topics, location, people, language.

Rules, not models: each field comes from a small extractor whose vocabulary
lives in editable data files (indexer/data/meetings.toml, topics.toml,
places.toml, people.toml). After an edit, `python -m indexer retag` re-tags the
whole index from the stored texts, and `python -m indexer report` measures the
rules against a labelled set.
"""
from __future__ import annotations

from datetime import date

from indexer.document import Metadata
from indexer.metadata import meetings, ner, people, places, taxonomy, topics
from indexer.metadata.occurrences import find_occurrence
from indexer.metadata.language import detect_language
from indexer.metadata.text import Text

MEETING_SPAN_MIN_SCORE = 0.3   # mentions of the reported meeting that count as "here" for the location


def extract_metadata(title: str, paragraphs: list[str], lang_hint: str | None = None,
                     published: date | None = None) -> Metadata:
    """The metadata of a communiqué; `published` dates the meeting's occurrence when the text does not."""
    text = Text(title, paragraphs)
    matcher = meetings.default_matcher()
    mentions = matcher.mentions(text)
    meeting = matcher.choose(mentions)
    spans = [(m.start, m.end) for m in mentions if m.label == meeting and m.score >= MEETING_SPAN_MIN_SCORE]
    location = places.find_location(text, spans)
    meeting = matcher.without_its_place(meeting, location)
    lang = detect_language("\n".join([title, *paragraphs]), lang_hint)
    found_people = people.find_people(title, paragraphs)
    if ner.enabled():
        found_people = people.unique(found_people + ner.ner_people(title, text.paragraphs, lang))
    return Metadata(
        meeting=meeting,
        topics=topics.find_topics(text, meeting),
        location=location,
        people=found_people,
        lang=lang,
        occurrence=find_occurrence(meeting, location, title, text.paragraphs, published),
    )


def reload_rules() -> None:
    """Re-read the data files: the next extraction uses the edited rules."""
    taxonomy.reload()
    for cached in (meetings.default_matcher, places.default_finder, people.default_finder, topics.default_scorer):
        cached.cache_clear()
