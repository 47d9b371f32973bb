"""Names of countries, in English, French and German, so a country is never taken for a city.

In English and German a meeting is « in » a city or a country alike (« held in Entebbe », « held in
Indonesia »), and in French an island state takes « à » like a town (« à Madagascar », « à Chypre »): read
from the preposition alone, every country would be a candidate city. The names come from pycountry's
ISO 3166-1 list and the French and German translations it ships, so no list of ours has to keep up with them.
"""
from __future__ import annotations

import gettext
from collections.abc import Sequence
from functools import lru_cache

from indexer.metadata.text import words

LANGUAGES = ("fr", "de")
ARTICLES = ("la", "le", "les", "the")
MAX_NAME_WORDS = 8      # « Royaume-Uni de Grande-Bretagne et d'Irlande du Nord »


@lru_cache(maxsize=1)
def country_names() -> frozenset[tuple[str, ...]]:
    """Every name of every country (short, common and official; English, French, German), as normalised words."""
    import pycountry

    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                    for lang in LANGUAGES]
    names: set[tuple[str, ...]] = set()
    for country in pycountry.countries:
        english = {getattr(country, key, None) for key in ("name", "common_name", "official_name")} - {None}
        for name in english:
            for written in (name, *(t.gettext(name) for t in translations)):
                names.add(tuple(words(written)))
    return frozenset(names)


def is_country(name: str) -> bool:
    """« Indonesia », « l'Indonésie », « Madagaskar »: the whole name is a country's (case, accents and article aside)."""
    toks = tuple(words(name))
    names = country_names()
    return bool(toks) and (toks in names or toks[0] in ARTICLES and toks[1:] in names)


def country_length(toks: Sequence[str]) -> int:
    """How many of the first normalised words write a country's whole name (« republic of kazakhstan »: 3), or 0."""
    head = tuple(toks[:MAX_NAME_WORDS])
    names = country_names()
    return next((n for n in range(len(head), 0, -1) if head[:n] in names), 0)


def starts_with_country(text: str) -> bool:
    """« Antigua and Barbuda, 1–4 July »: the text opens with a country's whole name (so « Antigua » is none)."""
    return country_length(words(text)) > 0
