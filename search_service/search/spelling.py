"""Typo suggestions from the index's own vocabulary (the folded, unstemmed `exact` field)."""
from __future__ import annotations

import re

from indexer.analysis import FRENCH, STOPWORDS, fold, strip_elision

MIN_WORD_CHARS = 4


def is_known(reader, word: str) -> bool:
    """True when the index has this very word (accents and case aside)."""
    folded = fold(strip_elision(word.lower()))
    if folded in STOPWORDS or len(folded) < MIN_WORD_CHARS or folded.isdigit():
        return True
    return bool(reader.doc_frequency("exact", folded))


def _same_stem(a: str, b: str) -> bool:
    return [t.text for t in FRENCH(a)] == [t.text for t in FRENCH(b)]


def closest_word(reader, word: str) -> str | None:
    """The most frequent indexed word within two edits (one for short words)."""
    folded = fold(strip_elision(word.lower()))
    maxdist = 1 if len(folded) <= 5 else 2
    best = None
    for dist in range(1, maxdist + 1):
        candidates = set(reader.terms_within("exact", folded, dist, prefix=1))
        candidates.discard(folded)
        if candidates:
            best = max(candidates, key=lambda w: (reader.doc_frequency("exact", w), w))
            break
    return best


def corrections(reader, words: list[str]) -> dict[str, str]:
    """Unknown query words mapped to their closest indexed word (empty when all are known)."""
    fixes: dict[str, str] = {}
    for word in words:
        if not is_known(reader, word):
            fixed = closest_word(reader, word)
            # "réunions" for "réunion" is an inflection the stemmer already matches, not a typo;
            # a capitalised word is a name, which does not inflect ("Asselborne" -> "Asselborn").
            if fixed and (word[:1].isupper() or not _same_stem(word, fixed)):
                fixes[word] = _match_case(word, fixed)
    return fixes


def apply(q: str, replacements: dict[str, str]) -> str:
    for wrong, right in replacements.items():
        q = re.sub(r"(?<!\w)%s(?!\w)" % re.escape(wrong), right, q)
    return q


def _match_case(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
