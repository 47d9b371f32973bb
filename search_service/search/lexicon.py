"""A field's terms, most frequent first, in one string: prefix and wildcard words expand with one regex.

Whoosh expands `*tion` by decoding every term of the field in Python (about a
second for 110,000 terms) and `a*` alphabetically, so capping `a*` to a few
dozen terms kept arbitrary ones. Built once per snapshot from the raw terms
table, the list answers any pattern in milliseconds, and its first matches are
the most frequent terms: the ones an expansion cap should keep.

Beside it, the terms' ranks in alphabetical order: a plain prefix (`négoci*`) and the
first letters a fuzzy word must keep are a range of that order, found by bisection,
so those two, the commonest expansions, read the terms that start right instead of
running a regex over all of them (about a millisecond a field at 100,000 documents).
"""
from __future__ import annotations

import re
import zlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator

import numpy as np
from rapidfuzz.distance import Levenshtein

from indexer.whoosh_format import segment_term_statistics


@dataclass
class Lexicon:
    text: str                  # the field's terms joined by newlines, by document frequency (descending)
    starts: np.ndarray         # int64: where each term starts in `text`
    frequencies: np.ndarray    # int64: each term's document frequency
    weights: np.ndarray        # float64: each term's total weight (its occurrences), Whoosh's `frequency`
    alphabetical_text: str     # the same terms in code point order, joined by newlines
    alphabetical_starts: np.ndarray    # int64: where each term starts in `alphabetical_text`
    alphabetical_ranks: np.ndarray     # int64: each of those terms' rank (its place in `text`)

    @property
    def size(self) -> int:
        return len(self.starts)

    @classmethod
    def read(cls, reader, fieldname: str) -> Lexicon:
        frequencies: dict[bytes, int] = {}
        weights: dict[bytes, float] = {}
        for segment, _base in reader.leaf_readers():
            for btext, df, weight in segment_term_statistics(segment, fieldname):
                frequencies[btext] = frequencies.get(btext, 0) + df
                weights[btext] = weights.get(btext, 0.0) + weight
        ordered = sorted(frequencies, key=lambda b: (-frequencies[b], b))
        words = [b.decode("utf-8", "replace").replace("\n", " ") for b in ordered]
        ranks = sorted(range(len(words)), key=words.__getitem__)
        alphabetical = [words[r] for r in ranks]
        return cls("\n".join(words), _starts(words), np.array([frequencies[b] for b in ordered], dtype=np.int64),
                   np.array([weights[b] for b in ordered], dtype=np.float64),
                   "\n".join(alphabetical), _starts(alphabetical), np.array(ranks, dtype=np.int64))

    def rank_of(self, term: str) -> int | None:
        """The rank of a term (see `term`), None when the field does not have it."""
        hashes, ranks = self._by_hash
        h = np.uint32(_term_hash(term))      # of the array's type: searchsorted would convert the array otherwise
        for i in range(int(np.searchsorted(hashes, h)), len(hashes)):
            if hashes[i] != h:
                break
            if self.term(int(ranks[i])) == term:
                return int(ranks[i])
        return None

    def warm(self) -> None:
        """Build now what `rank_of` reads, so a worker does not grow by it while it serves."""
        self._by_hash

    @cached_property
    def _by_hash(self) -> tuple[np.ndarray, np.ndarray]:
        """Each term's hash, sorted, and its rank: a term is found by one binary search over 4-byte numbers,
        where a search of the alphabetical text sliced a term out at each of its ~35 steps (a document page
        looks up about a hundred words). Terms sharing a hash are told apart by their text. Built on first
        use (or `warm`), 8 bytes a term."""
        if not self.size:
            return np.zeros(0, np.uint32), np.zeros(0, np.int32)
        hashes = np.fromiter(map(_term_hash, self.text.split("\n")), dtype=np.uint32, count=self.size)
        order = np.argsort(hashes, kind="stable")
        return hashes[order], order.astype(np.int32)

    def matching(self, pattern: str) -> Iterator[tuple[str, int]]:
        """(term, document frequency) of the terms matching a Whoosh wildcard pattern (* and ?),
        most frequent first."""
        if not self.size:       # an empty index: "" would match the empty pattern, with no term behind it
            return
        prefix = pattern[:-1]
        if pattern.endswith("*") and prefix and not any(c in prefix for c in "*?"):
            low, high = self._starting_with(prefix)
            for rank in np.sort(self.alphabetical_ranks[low:high]):
                yield self.term(rank), int(self.frequencies[rank])
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
        if not prefix:
            for match in shape.finditer(self.text):
                term = match.group()
                if Levenshtein.distance(word, term, score_cutoff=maxdist) <= maxdist:
                    yield term, self._frequency_at(match.start())
            return
        # The terms that keep the prefix are one stretch of the alphabetical text: the regex runs over it only.
        low, high = self._starting_with(prefix)
        if low == high:
            return
        stretch_start = int(self.alphabetical_starts[low])
        stretch_end = _word_end(self.alphabetical_text, self.alphabetical_starts, high - 1)
        stretch = self.alphabetical_text[stretch_start:stretch_end]
        found = []
        for match in shape.finditer(stretch):
            term = match.group()
            if Levenshtein.distance(word, term, score_cutoff=maxdist) <= maxdist:
                at = np.searchsorted(self.alphabetical_starts, stretch_start + match.start(), "right") - 1
                found.append(int(self.alphabetical_ranks[at]))
        for rank in sorted(found):
            yield self.term(rank), int(self.frequencies[rank])

    def term(self, rank: int) -> str:
        """The term of that rank (0: the most frequent)."""
        return self.text[int(self.starts[rank]):_word_end(self.text, self.starts, rank)]

    def _starting_with(self, prefix: str) -> tuple[int, int]:
        """The stretch [low, high) of the alphabetical order whose terms start with `prefix`."""
        text, starts = self.alphabetical_text, self.alphabetical_starts

        def head(i: int) -> str:
            return text[int(starts[i]):_word_end(text, starts, i)][:len(prefix)]

        everything = range(self.size)
        low = bisect_left(everything, prefix, key=head)
        return low, bisect_right(everything, prefix, lo=low, key=head)

    def _frequency_at(self, position: int) -> int:
        return int(self.frequencies[np.searchsorted(self.starts, position, "right") - 1])


def _term_hash(term: str) -> int:
    """The same in every process (Python's own string hash is not), should a lexicon ever travel between them."""
    return zlib.crc32(term.encode("utf-8"))


def _word_end(text: str, starts: np.ndarray, i: int) -> int:
    """Where word i of a newline-joined text ends (its newline, or the end of the text)."""
    return int(starts[i + 1]) - 1 if i + 1 < len(starts) else len(text)


def _starts(words: list[str]) -> np.ndarray:
    """Where each word starts in "\\n".join(words)."""
    if not words:
        return np.zeros(0, np.int64)
    lengths = np.fromiter((len(w) + 1 for w in words), dtype=np.int64, count=len(words))
    return np.concatenate([[0], np.cumsum(lengths)[:-1]])


def _compile(pattern: str) -> re.Pattern:
    body = "".join("[^\n]*" if c == "*" else "[^\n]" if c == "?" else re.escape(c) for c in pattern)
    return re.compile("^" + body + "$", re.MULTILINE)

