"""Typo suggestions from the index's own vocabulary (the folded, unstemmed `exact` field)."""
from __future__ import annotations

import re

from indexer.analysis import FRENCH_ANALYSIS
from search_service.search.lexicon import Lexicon
from search_service.search.snippets import accent_insensitive

MIN_WORD_CHARS = 4


def is_known(reader, word: str, lexicon: Lexicon | None = None) -> bool:
    """True when the index has this very word (accents and case aside). With the snapshot's `exact` lexicon,
    a lookup in memory instead of one in each segment's terms table."""
    folded = FRENCH_ANALYSIS.normalise(word)
    if FRENCH_ANALYSIS.is_stopword(folded) or len(folded) < MIN_WORD_CHARS or folded.isdigit():
        return True
    if lexicon is not None:
        return lexicon.rank_of(folded) is not None
    return bool(reader.doc_frequency("exact", folded))


def _same_stem(a: str, b: str) -> bool:
    return FRENCH_ANALYSIS.stems(a) == FRENCH_ANALYSIS.stems(b)


def closest_word(reader, word: str, lexicon: Lexicon | None = None) -> str | None:
    """The most frequent indexed word within two edits (one for short words).

    With the snapshot's `exact` lexicon the distances are computed in C; Whoosh's own
    automaton (the fallback) took most of a second per word at 100,000 documents.
    """
    folded = FRENCH_ANALYSIS.normalise(word)
    maxdist = 1 if len(folded) <= 5 else 2
    for dist in range(1, maxdist + 1):
        if lexicon is not None:
            found = {w: df for w, df in lexicon.within(folded, dist, prefixlength=1)}
        else:
            found = {w: reader.doc_frequency("exact", w) for w in reader.terms_within("exact", folded, dist, prefix=1)}
        found.pop(folded, None)
        if found:
            return max(found, key=lambda w: (found[w], w))
    return None


def written_form(snap, folded: str) -> str:
    """The word as the communiqués write it ("securite" -> "sécurité"), read from one document that has it."""
    docnum = snap.first_document("exact", folded)
    if docnum is None:
        return folded
    stored = snap.stored_fields(docnum)
    pattern = re.compile(r"(?<!\w)%s(?!\w)" % accent_insensitive(folded), re.I)
    for text in (stored.get("title", ""), stored.get("body", "")):
        found = pattern.search(text)
        if found:
            return found.group().lower()
    return folded


def corrections(snap, words: list[str], lexicon: Lexicon | None = None) -> dict[str, str]:
    """Unknown query words mapped to their closest indexed word, as written (empty when all are known).

    `snap` is a Snapshot: its reads report a damaged index as IndexUnreadable."""
    fixes: dict[str, str] = {}
    for word in words:
        if not is_known(snap, word, lexicon):
            fixed = closest_word(snap, word, lexicon)
            # "réunions" for "réunion" is an inflection the stemmer already matches, not a typo;
            # a capitalised word is a name, which does not inflect ("Asselborne" -> "Asselborn").
            if fixed and (word[:1].isupper() or not _same_stem(word, fixed)):
                fixes[word] = _match_case(word, written_form(snap, fixed))
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
