"""The realistic query mix: requests as the search page makes them, drawn from the indexed documents.

Words, phrases and typos come from the text of real (generated, then extracted)
documents, facet values from the values the extractor found, with document
frequencies from the FTS5 vocabulary, so every class means what its name says
("rare" is in a handful of documents, "word" in a tenth or more).
Every request asks for facets and 20 hits with snippets, as the UI does. A request
is never repeated, except in the cached classes (CACHED_CLASSES), so response caches
help only where a real user would let them.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from indexer.analysis import STOPWORDS, fold

PER_PAGE = 20
FACETS = ("meeting", "topic", "year", "location", "person", "lang")
SEARCH_CLASSES = ("word", "word+filters", "rare", "two words", "two words+filters", "three words", "phrase",
                  "phrase+filters", "prefix", "prefix+filters", "typo")
BROWSE_CLASSES = ("browse", "browse+filters")
# Issue 17: each class that sends a query also sent in the semantic channel's hybrid mode, as requests of its
# own (drawn afresh, never a keyword request with the mode changed). Every other search request says
# mode=keyword, the service's default being hybrid. Only the service has a hybrid mode: these classes go to
# it alone (measure.cases_for), and the throughput pools leave them out (the service against the baselines
# on the same work).
HYBRID = " (hybrid)"
HYBRID_CLASSES = tuple(c + HYBRID for c in SEARCH_CLASSES)
SERVICE_ONLY_CLASSES = HYBRID_CLASSES
KEYWORD_CLASSES = SEARCH_CLASSES + BROWSE_CLASSES + ("repeated", "document")
CLASSES = KEYWORD_CLASSES + HYBRID_CLASSES
# The classes whose requests repeat (a response cache may answer them): "repeated" by design, and "browse",
# the first pages of the whole archive, newest first, which every visitor asks for: there are about eleven
# such requests (pages 1-3, then up to 11 when the mix runs out), and a run sends hundreds. Every other
# request is sent once to each system; the run counts any that was not (runner, measure).
CACHED_CLASSES = ("repeated", "browse")
UNCACHED_CLASSES = tuple(c for c in KEYWORD_CLASSES if c not in CACHED_CLASSES)
GROUPS = {"search with a query": SEARCH_CLASSES, "browse": BROWSE_CLASSES, "repeated": ("repeated",),
          "document page": ("document",), "cached classes": CACHED_CLASSES,
          "uncached classes": UNCACHED_CLASSES, "hybrid search": HYBRID_CLASSES}
COMMON_SHARE = 0.10        # a "word" is in at least this share of documents
PREFIX_SHARE = 0.03
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_ELIDED = re.compile(r"^(?:[lmtnsjdc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\w)", re.I)
_CLAUSE_BREAK = re.compile(r"[.,;:!?«»()\[\]\n–—]")


@dataclass
class CorpusProfile:
    """What the mix needs to know about the indexed documents."""

    size: int
    doc_ids: list[str]
    texts: list[str]                          # bodies of a sample of documents
    doc_freq: dict[str, int]                  # folded word -> number of documents (FTS5 vocabulary)
    facet_values: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryCase:
    cls: str
    path: str              # path and query string, as the browser requests it

    @property
    def is_document(self) -> bool:
        return self.path.startswith("/api/documents/")


def already_sent(batches: list[list[QueryCase]]) -> dict[str, int]:
    """Per uncached class, the cases whose request came earlier in these batches (in the order sent)."""
    seen: set[str] = set()
    out: dict[str, int] = {}
    for case in (c for batch in batches for c in batch):
        if case.cls not in CACHED_CLASSES and case.path in seen:
            out[case.cls] = out.get(case.cls, 0) + 1
        seen.add(case.path)
    return out


def search_path(q: str = "", filters: list[tuple[str, str]] = (), page: int = 1, mode: str | None = None) -> str:
    """`mode` (keyword or hybrid) only with a query: a request without one just browses."""
    params = ([("q", q)] if q else []) + list(filters) + [("page", str(page))] * (page > 1) + [("per_page", str(PER_PAGE))]
    if q and mode:
        params.append(("mode", mode))
    return "/api/search?" + urlencode(params)


def document_path(doc_id: str) -> str:
    return "/api/documents/" + quote(doc_id, safe="/:@")


def content_words(text: str) -> list[str]:
    """Lowercase words of a text a user might type: no stop words, no numbers, no short words."""
    out = []
    for m in _WORD.finditer(text):
        word = _ELIDED.sub("", m.group()).lower()
        if len(word) >= 4 and word.isalpha() and fold(word) not in STOPWORDS:
            out.append(word)
    return out


class QueryMix:
    def __init__(self, profile: CorpusProfile, seed: int = 8):
        self.profile = profile
        self.rng = random.Random(f"mix:{seed}:{profile.size}")
        self._seen: set[str] = set()
        words = {w for text in profile.texts for w in content_words(text)}
        df = lambda w: profile.doc_freq.get(fold(w), 0)   # noqa: E731
        size = max(profile.size, 1)
        self.common = sorted(w for w in words if df(w) >= COMMON_SHARE * size)
        self.rare = sorted(w for w in words if 0 < df(w) <= max(2, size // 1000) and len(w) >= 5)
        self.prefixable = sorted(w for w in words if df(w) >= PREFIX_SHARE * size and len(fold(w)) >= 7)
        self.typo_sources = sorted(w for w in words if df(w) >= max(2, size // 200) and len(fold(w)) >= 7)
        self.facets = {name: values for name, values in profile.facet_values.items() if values}
        self.repeated = [QueryCase("repeated", self._fresh(cls).path) for cls in ("word+filters", "phrase", "browse")]
        self._round = 0

    # --- rounds -----------------------------------------------------------------------------------
    def rounds(self, count: int) -> list[list[QueryCase]]:
        """`count` rounds; each has one request of every class, in a shuffled order."""
        out = []
        for _ in range(count):
            cases = [self._fresh(cls) if cls != "repeated" else self.repeated[self._round % len(self.repeated)]
                     for cls in CLASSES]
            self._round += 1
            self.rng.shuffle(cases)
            out.append(cases)
        return out

    def _fresh(self, cls: str) -> QueryCase:
        """A request of this class not made before (the next pages when the words run out)."""
        case = self.make(cls)
        for attempt in range(1, 80):
            if case.path not in self._seen:
                break
            case = self.make(cls, page=1 if attempt < 30 else 2 + (attempt - 30) // 5)
        self._seen.add(case.path)
        return case

    # --- classes ----------------------------------------------------------------------------------
    def make(self, cls: str, page: int = 1) -> QueryCase:
        rng = self.rng
        mode = "hybrid" if cls.endswith(HYBRID) else "keyword"
        base, _, with_filters = cls.removesuffix(HYBRID).partition("+")
        filters = self.filters(rng.randint(1, 3)) if with_filters else []
        if base == "word":
            q = rng.choice(self.common or self._any_words())
        elif base == "rare":
            q = rng.choice(self.rare or self._any_words())
        elif base in ("two words", "three words"):
            q = " ".join(self.words_of_a_document(2 if base == "two words" else 3))
        elif base == "phrase":
            q = f'"{self.phrase()}"'
        elif base == "prefix":
            q = fold(rng.choice(self.prefixable or self.common or self._any_words()))[:5] + "*"
        elif base == "typo":
            q = self.typo()
        elif base == "browse":
            return QueryCase(cls, search_path("", filters, page=max(page, rng.choice((1, 1, 1, 2, 3)) if not filters else 1)))
        elif base == "document":
            return QueryCase(cls, document_path(rng.choice(self.profile.doc_ids)))
        else:
            raise ValueError(f"unknown query class {cls!r}")
        return QueryCase(cls, search_path(q, filters, page, mode))

    def filters(self, count: int) -> list[tuple[str, str]]:
        """`count` filter parameters: distinct facets first, values drawn by how often they occur."""
        names = list(self.facets)
        if not names:
            return []
        self.rng.shuffle(names)
        chosen = []
        for i in range(count):
            name = names[i % len(names)]
            values = self.facets[name]
            value = self.rng.choices([v for v, _ in values], weights=[c for _, c in values])[0]
            if (name, value) not in chosen:
                chosen.append((name, value))
        return chosen

    def _any_words(self) -> list[str]:
        return [w for text in self.profile.texts[:50] for w in content_words(text)] or ["communiqué"]

    def words_of_a_document(self, count: int) -> list[str]:
        """Distinct content words of one document, as someone remembering it would type them."""
        for _ in range(20):
            words = sorted(set(content_words(self.rng.choice(self.profile.texts))))
            if len(words) >= count:
                return self.rng.sample(words, count)
        return self._any_words()[:count]

    def phrase(self) -> str:
        """Two to four consecutive words of a document, starting and ending with a content word."""
        for _ in range(50):
            text = self.rng.choice(self.profile.texts)
            clauses = [c for c in _CLAUSE_BREAK.split(text) if len(c) > 20]
            if not clauses:
                continue
            clause = self.rng.choice(clauses)
            tokens = list(_WORD.finditer(clause))
            length = self.rng.choice((2, 2, 3, 3, 4))
            if len(tokens) < length:
                continue
            start = self.rng.randrange(len(tokens) - length + 1)
            window = tokens[start:start + length]
            first, last = window[0].group(), window[-1].group()
            if all(len(w) >= 3 and w.isalpha() and fold(w) not in STOPWORDS for w in (_ELIDED.sub("", first), last)):
                return clause[window[0].start():window[-1].end()].lower()
        return " ".join(self.words_of_a_document(2))

    def typo(self) -> str:
        """A known word with one slip of the finger that makes it unknown to the index."""
        sources = self.typo_sources or self.common or self._any_words()
        for _ in range(50):
            word = self.rng.choice(sources)
            i = self.rng.randrange(2, len(word) - 1)
            kind = self.rng.choice(("swap", "drop", "replace"))
            if kind == "swap":
                typo = word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]
            elif kind == "drop":
                typo = word[:i] + word[i + 1:]
            else:
                typo = word[:i] + self.rng.choice("aeioustrnl") + word[i + 1:]
            if typo != word and not self.profile.doc_freq.get(fold(typo)):
                return typo
        return sources[0] + "x"
