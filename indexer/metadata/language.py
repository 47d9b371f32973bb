"""The language of a communiqué (fr, en, de), counted from its function words.

`<html lang>` is only a hint: archives copy the site's default onto every page,
English and German communiqués included. Function words ("le", "the", "der")
are frequent in any text and specific to one language, so a plain count decides.
"""
from __future__ import annotations

from collections import Counter

from indexer.metadata.text import words

# Frequent words of each language, none shared with another list ("a", "in", "die" are left out).
FUNCTION_WORDS = {
    "fr": frozenset("""le la les du des et au aux un une est dans pour par sur qui que avec ont ete ses son sa leur
        ce cette ces il elle ils ne pas plus lors entre ainsi aussi tout tous sont sera deux notre nous
        vous""".split()),
    "en": frozenset("""the of and to is that for with as by at were has have from this be it its are which
        their his her will would been who not or after between our we two""".split()),
    "de": frozenset("""der das und den dem zu im mit von ist ein eine einen einer fur auf nicht sich bei am wurde
        wird auch als aus nach sowie uber dass zur zum sind hat haben beiden seinen ihre unsere wir""".split()),
}
DEFAULT = "fr"
MIN_EVIDENCE = 3      # function words needed before the count overrules the page's hint


def detect_language(text: str, hint: str | None = None) -> str:
    counts = Counter()
    for token in words(text):
        for lang, vocabulary in FUNCTION_WORDS.items():
            if token in vocabulary:
                counts[lang] += 1
    if counts:
        lang, n = counts.most_common(1)[0]
        if n >= MIN_EVIDENCE:
            return lang
    return hint if hint in FUNCTION_WORDS else DEFAULT
