"""Typo suggestions from the index's own vocabulary (the folded, unstemmed `exact` field)."""
from __future__ import annotations

import re

from indexer.analysis import FRENCH, STOPWORDS, fold, strip_elision

MIN_WORD_CHARS = 4


def is_known(reader, word: str) -> bool:
    folded = fold(strip_elision(word.lower()))
    if folded in STOPWORDS or len(folded) < MIN_WORD_CHARS or folded.isdigit():
        return True
    if reader.doc_frequency("exact", folded):
        return True
    stems = [t.text for t in FRENCH(word)]
    return any(reader.doc_frequency("body", s) or reader.doc_frequency("title", s) for s in stems)


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
            if fixed:
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
