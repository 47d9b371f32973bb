"""Highlighted snippets: the best window of a body around the query's terms.

Built from the stored text and the query's terms (stems, exact forms and
prefixes), so it needs no second analysis pass through Whoosh's highlighter.
Every character is HTML-escaped; only the <mark> wrappers are markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from whoosh import query as wq

from indexer.analysis import FRENCH_ANALYSIS

SNIPPET_CHARS = 260
MAX_SCAN_CHARS = 40_000     # only the start of very long bodies is scanned for matches
MAX_PHRASE_GAP = 30         # characters of stop words and punctuation between two words of a phrase


@dataclass
class MatchTerms:
    """What counts as a match in a text: stems, exact folded words and prefixes."""

    stems: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)    # from phrases: marked only side by side

    def __bool__(self):
        return bool(self.stems or self.exact or self.prefixes or self.pairs)

    @property
    def pair_stems(self) -> set[str]:
        return {stem for pair in self.pairs for stem in pair}

    @classmethod
    def from_query(cls, q: wq.Query | None) -> MatchTerms:
        terms = cls()
        if q is None:
            return terms
        for leaf in q.leaves() if not q.is_leaf() else [q]:
            _collect(leaf, terms)
        return terms

    def key_of(self, word: str) -> tuple[str, bool] | None:
        """(match key, stands alone) of a word of the text, or None.

        A word that matches only as part of a phrase does not stand alone: it is
        marked only next to its phrase neighbour.
        """
        folded = FRENCH_ANALYSIS.normalise(word)
        if FRENCH_ANALYSIS.is_stopword(folded):
            return None
        stem = FRENCH_ANALYSIS.stem(folded)
        if stem in self.stems or folded in self.exact:
            return stem, True
        for p in self.prefixes:
            if folded.startswith(p) or stem.startswith(p):
                return p, True
        if stem in self.pair_stems:
            return stem, False
        return None


def _collect(leaf: wq.Query, terms: MatchTerms) -> None:
    if isinstance(leaf, wq.Not):
        return
    if isinstance(leaf, wq.Phrase):
        if leaf.fieldname in ("title", "body"):
            terms.stems.update(leaf.words)
        return
    if isinstance(leaf, (wq.Prefix, wq.Wildcard)):
        terms.prefixes.add(leaf.text.rstrip("*?"))
        return
    if isinstance(leaf, wq.Term):
        text = leaf.text if isinstance(leaf.text, str) else leaf.text.decode("utf-8", "ignore")
        if leaf.fieldname in ("title", "body"):
            terms.stems.add(text)
        elif leaf.fieldname == "pairs":
            first, _, second = text.partition(" ")
            terms.pairs.add((first, second))
        elif leaf.fieldname == "exact":
            terms.exact.add(text)


def _accent_classes() -> dict[str, str]:
    """For each ASCII letter, a regex class of the letters that fold to it ("e" -> "[eéèêë…]")."""
    variants: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        folded = FRENCH_ANALYSIS.fold(ch)
        if len(folded) == 1 and folded.isalpha() and ch.isalpha():
            variants.setdefault(folded, set()).add(ch.lower())
    return {base: "[" + base + "".join(sorted(chars)) + "]" for base, chars in variants.items()}


_CLASSES = _accent_classes()
_LIGATURES = {"oe": "(?:oe|œ)", "ae": "(?:ae|æ)", "ss": "(?:ss|ß)"}


def accent_insensitive(prefix: str) -> str:
    """A regex matching `prefix` (folded, lowercase) in text with its accents and ligatures."""
    out, i = [], 0
    while i < len(prefix):
        pair = prefix[i:i + 2]
        if pair in _LIGATURES:
            out.append(_LIGATURES[pair])
            i += 2
            continue
        ch = prefix[i]
        out.append(_CLASSES.get(ch, re.escape(ch)))
        i += 1
    return "".join(out)


# A word starting with "œ" or "æ" folds to one starting with "o" or "a" (two letters, so not in _CLASSES).
_LIGATURE_STARTS = {"o": "œ", "a": "æ"}


@lru_cache(maxsize=256)
def _candidate_pattern(first_letters: tuple[str, ...]) -> re.Pattern:
    """The words starting with one of these folded letters, in text as it is written.

    One character class is cheap to compile, and a few hundred sets of first letters serve every query;
    a pattern spelling out each term's first four letters with their accents matched fewer words, but
    compiling it cost more than a whole snippet, once per new query.
    """
    letters = "".join(_letter_variants(c) for c in first_letters)
    return re.compile(r"(?<!\w)[%s]\w*" % letters, re.I)


def _letter_variants(letter: str) -> str:
    """The characters that fold to `letter` at the start of a word, for a character class."""
    variants = _CLASSES[letter][1:-1] if letter in _CLASSES else re.escape(letter)
    return variants + _LIGATURE_STARTS.get(letter, "")


@lru_cache(maxsize=65536)
def _folded_head(word: str) -> str:
    """The first four letters of a word, folded as the query's terms are."""
    return FRENCH_ANALYSIS.fold(word[:4])[:4]


def _matches(text: str, terms: MatchTerms) -> list[tuple[int, int, str]]:
    """Spans of the words that match: a regex finds the words starting like a query term, a folded look at
    their first letters keeps the candidates, then each is checked."""
    if not terms:
        return []
    words = terms.stems | terms.exact | terms.prefixes | terms.pair_stems
    heads = {p[:4] for p in words if p}
    if not heads:
        return []
    lengths = sorted({len(h) for h in heads})
    pattern = _candidate_pattern(tuple(sorted({h[0] for h in heads})))
    found = []
    memo: dict[str, tuple[str, bool] | None] = {}
    for m in pattern.finditer(text, 0, min(len(text), MAX_SCAN_CHARS)):
        word = m.group()
        if word in memo:
            key = memo[word]
        else:
            head = _folded_head(word)
            key = memo[word] = terms.key_of(word) if any(head[:k] in heads for k in lengths) else None
        if key:
            found.append((m.start(), m.end(), key[0], key[1]))
    kept = [(s, e, k) for i, (s, e, k, alone) in enumerate(found) if alone or _in_pair(text, found, i, terms.pairs)]
    return _join_phrases(text, kept, terms.pairs) if terms.pairs else kept


def _join_phrases(text: str, spans: list[tuple[int, int, str]], pairs: set[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Two neighbours of a phrase become one mark with the stop words between them:
    « <mark>lutte contre le terrorisme</mark> », as the reader typed it, not « lutte » … « terrorisme »."""
    out: list[tuple[int, int, str]] = []
    for s, e, k in spans:
        if out:
            ps, pe, pk = out[-1]
            last_key = pk.rsplit(" ", 1)[-1]
            if (last_key, k) in pairs and _close(text[pe:s]):
                out[-1] = (ps, e, f"{pk} {k}")
                continue
        out.append((s, e, k))
    return out


def _only_stop_words(gap: str) -> bool:
    return all(FRENCH_ANALYSIS.index_word(w) is None for w in FRENCH_ANALYSIS.tokens(gap))


def _in_pair(text: str, found: list, i: int, pairs: set[tuple[str, str]]) -> bool:
    """Whether the i-th candidate sits right next to its phrase neighbour (only stop words between)."""
    s, e, key, _ = found[i]
    if i > 0:
        ps, pe, pkey, _ = found[i - 1]
        if (pkey, key) in pairs and _close(text[pe:s]):
            return True
    if i + 1 < len(found):
        ns, ne, nkey, _ = found[i + 1]
        if (key, nkey) in pairs and _close(text[e:ns]):
            return True
    return False


def _close(gap: str) -> bool:
    """Neighbours in a phrase as the index saw it: within one sentence, with only stop words between."""
    return len(gap) <= MAX_PHRASE_GAP and not any(c in gap for c in ".!?\n") and _only_stop_words(gap)


def highlight(text: str, terms: MatchTerms) -> str:
    """The whole text escaped, its matches wrapped in <mark> (used for titles)."""
    return _render(text, 0, len(text), _matches(text, terms))


def snippet(text: str, terms: MatchTerms, size: int = SNIPPET_CHARS) -> str:
    matches = _matches(text, terms)
    if not matches:
        return _render(text, 0, _cut_end(text, 0, size), [])
    anchor = _best_anchor(matches, size)
    start, end = _window_around(text, anchor, size)
    seen = {k for s, e, k in matches if start <= s < end}
    missing = [m for m in matches if m[2] not in seen]
    if missing and size > 160:
        # two shorter fragments: the best one, and one for the terms it missed
        start, end = _window_around(text, anchor, size - size // 2)
        s2, e2 = _window_around(text, missing[0][0], size // 2)
        if s2 >= end or e2 <= start:
            first, second = _render(text, start, end, matches), _render(text, s2, e2, matches)
            return _join(first, second) if start < s2 else _join(second, first)
        start, end = _window_around(text, anchor, size)
    return _render(text, start, end, matches)


def _join(first: str, second: str) -> str:
    """Two fragments with one ellipsis between them, not one from each."""
    return first.removesuffix(" …") + " … " + second.removeprefix("… ")


def _best_anchor(matches, size: int) -> int:
    """Where the window with the most distinct terms (then the most matches) starts."""
    best, best_score = 0, (-1, -1)
    for i, (s, _, _) in enumerate(matches):
        keys, count = set(), 0
        for s2, e2, k in matches[i:]:
            if e2 - s > size:
                break
            keys.add(k)
            count += 1
        score = (len(keys), count)
        if score > best_score:
            best, best_score = i, score
    return matches[best][0]


def _window_around(text: str, pos: int, size: int) -> tuple[int, int]:
    start = _sentence_start(text, pos, size // 3)
    return start, _cut_end(text, start, size)


def _sentence_start(text: str, pos: int, max_back: int) -> int:
    """Start at the sentence holding `pos` when it is close, else a few words before it."""
    lo = max(0, pos - max_back)
    cut = max(text.rfind(". ", lo, pos), text.rfind("\n", lo, pos))
    if cut >= 0:
        return cut + 1 + (text[cut + 1:cut + 2] == " ")
    if lo == 0:
        return 0
    space = text.find(" ", lo, pos)
    return space + 1 if space >= 0 else pos


def _cut_end(text: str, start: int, size: int) -> int:
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start + size // 2, end)
        end = space if space > 0 else end
    return end


def _render(text: str, start: int, end: int, matches) -> str:
    out = ["… " if start > 0 else ""]
    pos = start
    for s, e, _ in matches:
        if s < start or e > end:
            continue
        out.append(escape(text[pos:s], quote=False))
        out.append("<mark>" + escape(text[s:e], quote=False) + "</mark>")
        pos = e
    out.append(escape(text[pos:end], quote=False))
    if end < len(text):
        out.append(" …")
    return "".join(out).replace("\n", " ")
