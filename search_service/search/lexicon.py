"""A field's terms, most frequent first, in one string: prefix and wildcard words expand with one regex.

Whoosh expands `*tion` by decoding every term of the field in Python (about a
second for 110,000 terms) and `a*` alphabetically, so capping `a*` to a few
dozen terms kept arbitrary ones. Built once per snapshot from the raw terms
table, the list answers any pattern in milliseconds, and its first matches are
the most frequent terms: the ones an expansion cap should keep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import numpy as np
from rapidfuzz.distance import Levenshtein

from indexer.whoosh_format import segment_doc_frequencies


@dataclass
class Lexicon:
    text: str                  # the field's terms joined by newlines, by document frequency (descending)
    starts: np.ndarray         # int64: where each term starts in `text`
    frequencies: np.ndarray    # int64: each term's document frequency

    @property
    def size(self) -> int:
        return len(self.starts)

    @classmethod
    def read(cls, reader, fieldname: str) -> Lexicon:
        frequencies: dict[bytes, int] = {}
        for segment, _base in reader.leaf_readers():
            for btext, df in segment_doc_frequencies(segment, fieldname):
                frequencies[btext] = frequencies.get(btext, 0) + df
        ordered = sorted(frequencies, key=lambda b: (-frequencies[b], b))
        words = [b.decode("utf-8", "replace").replace("\n", " ") for b in ordered]
        lengths = np.fromiter((len(w) + 1 for w in words), dtype=np.int64, count=len(words))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(words) else np.zeros(0, np.int64)
        return cls("\n".join(words), starts, np.array([frequencies[b] for b in ordered], dtype=np.int64))

    def matching(self, pattern: str) -> Iterator[tuple[str, int]]:
        """(term, document frequency) of the terms matching a Whoosh wildcard pattern (* and ?),
        most frequent first."""
        if not self.size:       # an empty index: "" would match the empty pattern, with no term behind it
            return
        for match in _compile(pattern).finditer(self.text):
            yield match.group(), self._frequency_at(match.start())

    def within(self, word: str, maxdist: int, prefixlength: int = 1) -> Iterator[tuple[str, int]]:
        """(term, document frequency) of the terms at most `maxdist` edits from `word` that start with
        its first `prefixlength` characters, most frequent first (Whoosh's fuzzy term, without the
        seconds its automaton took over 100,000 terms)."""
        if not self.size:
            return
        prefix, rest = word[:prefixlength], len(word) - min(prefixlength, len(word))
        shape = re.compile("^%s[^\n]{%d,%d}$" % (re.escape(prefix), max(0, rest - maxdist), rest + maxdist), re.MULTILINE)
        for match in shape.finditer(self.text):
            term = match.group()
            if Levenshtein.distance(word, term, score_cutoff=maxdist) <= maxdist:
                yield term, self._frequency_at(match.start())

    def _frequency_at(self, position: int) -> int:
        return int(self.frequencies[np.searchsorted(self.starts, position, "right") - 1])


def _compile(pattern: str) -> re.Pattern:
    body = "".join("[^\n]*" if c == "*" else "[^\n]" if c == "?" else re.escape(c) for c in pattern)
    return re.compile("^" + body + "$", re.MULTILINE)

