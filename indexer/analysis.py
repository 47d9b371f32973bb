"""The French analysis chain, defined once and used at index and at query time.

Order matters: elision, then accent folding, then stop words, then stemming.
Folding before stemming makes "sécurité" and "securite" reach the same stem;
the other way round the Snowball stemmer's accented suffixes split them.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from unidecode import unidecode
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Tokenizer
from whoosh.lang import stemmer_for_language

# A word is letters/digits, possibly joined by apostrophes (l'OTAN, aujourd'hui).
# Hyphens split words, so "OTAN-UE" yields "OTAN" and "UE".
WORD_PATTERN = r"\w+(?:['’]\w+)*"

ELISION_PREFIXES = ("l", "m", "t", "n", "s", "j", "d", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")
_ELISION = re.compile(r"^(?:%s)['’](?=\w)" % "|".join(ELISION_PREFIXES))


def _load_stopwords() -> frozenset[str]:
    text = resources.files("indexer").joinpath("data/stopwords_fr.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(fold(w) for w in words if w)


def fold(word: str) -> str:
    """Accent- and ligature-free lowercase form: "Œuvre" -> "oeuvre" (memoised, see size_word_caches)."""
    return _fold(word)


def _fold_word(word: str) -> str:
    if word.isascii():
        return word.lower()
    return unidecode(word).replace(" ", "").lower()


_fold = lru_cache(maxsize=200_000)(_fold_word)


def fold_text(text: str) -> str:
    """`fold` for running text: keeps the spaces."""
    return text.lower() if text.isascii() else unidecode(text).lower()


def strip_elision(word: str) -> str:
    """Drop a leading elided article or pronoun: "l'otan" -> "otan", "jusqu'à" -> "à"."""
    return _ELISION.sub("", word, count=1)


class NormalizingTokenizer(Tokenizer):
    """RegexTokenizer on NFC text: a decomposed "é" would otherwise split a word in two.

    Stored texts are NFC already (the cleaner normalises them), so character
    offsets stay valid for highlighting.
    """

    def __init__(self):
        self._inner = RegexTokenizer(WORD_PATTERN)

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, value, **kwargs):
        return self._inner(unicodedata.normalize("NFC", value), **kwargs)


class ElisionFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            if "'" in t.text or "’" in t.text:
                t.text = strip_elision(t.text)
                if "’" in t.text:
                    t.text = t.text.replace("’", "'")
            yield t


class FoldingFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class PairFilter(Filter):
    """Each stem joined to the next ("lutt contr", "contr terror"): phrase search without positions.

    A quoted phrase becomes an AND of its pairs, answered from posting lists (and, for
    pairs rare enough to share a bucket term, a check of a few stored texts: see
    indexer.schema.PairText); Whoosh's positional phrase matching is several times slower.
    """

    def __call__(self, tokens):
        previous = None
        for t in tokens:
            current = t.text
            if previous is not None:
                t.text = f"{previous} {current}"
                yield t
            previous = current


STOPWORDS = _load_stopwords()


def french_analyzer():
    """Stemmed analysis for the searchable text fields (title, body)."""
    return (NormalizingTokenizer() | LowercaseFilter() | ElisionFilter() | FoldingFilter()
            | StopFilter(stoplist=STOPWORDS, minsize=1) | StemFilter(lang="fr", cachesize=100_000))


def exact_analyzer():
    """Folded but unstemmed words: ranks exact forms above stem-only matches and feeds spelling."""
    return (NormalizingTokenizer() | LowercaseFilter() | ElisionFilter() | FoldingFilter()
            | StopFilter(stoplist=STOPWORDS, minsize=1))


def pairs_analyzer():
    """Adjacent stem pairs of the French chain (stop words removed, so "lutte contre le terrorisme" pairs as the phrase does)."""
    return french_analyzer() | PairFilter()


def pairs_of(stems: list[str]) -> list[str]:
    """The pair terms a phrase of stems must all have."""
    return [f"{a} {b}" for a, b in zip(stems, stems[1:])]


def document_pairs(title: str, body: str) -> set[str]:
    """The pair terms a document's title and body yield: what the index holds for it, bucketed or not."""
    return set(pairs_of(stems(title))) | set(pairs_of(stems(body)))


@dataclass
class DocumentTerms:
    """Each text field's terms and counts for one document, from a single pass of the chain.

    Computed in the parser processes, so the index writer only files postings.
    The same analyzers give the same terms at query time (a test checks it).
    """

    title: dict[str, int]
    body: dict[str, int]
    exact: dict[str, int]
    pairs: dict[str, int]


_stem = lru_cache(maxsize=200_000)(stemmer_for_language("fr"))
_WORD_RE = re.compile(WORD_PATTERN)


@lru_cache(maxsize=500_000)
def _index_word(token: str) -> str | None:
    """One token through the chain up to stemming (None for a stop word): the analyzers' steps, memoised."""
    word = fold(strip_elision(token.lower()).replace("’", "'"))
    return None if word in STOPWORDS else word


def words(text: str) -> list[str]:
    """Folded, unstemmed words of a text without stop words: what EXACT yields, much faster."""
    return [w for w in map(_index_word, _WORD_RE.findall(unicodedata.normalize("NFC", text))) if w is not None]


def stems(text: str) -> list[str]:
    """What FRENCH yields for a text, much faster (no Token objects; every step memoised)."""
    return [_stem(w) for w in words(text)]


def size_word_caches(entries: int) -> None:
    """Give the fold, word and stem memo tables room for `entries` entries each (emptying them).

    They are sized for indexing, where the whole archive's vocabulary passes through (500,000
    words). In a server they fill with the words of every document a phrase check re-analyses
    (execution._pairs_of), and the worker's memory then grows for hours: ~25,000 entries each
    and +24 MB after 200 rounds of the benchmark's query mix at 100,000 documents. A server
    keeps a few thousand; the frequent words, most of any text, stay memoised.
    """
    global _fold, _stem, _index_word
    _fold = lru_cache(maxsize=entries)(_fold_word)
    _stem = lru_cache(maxsize=entries)(_stem.__wrapped__)
    _index_word = lru_cache(maxsize=entries)(_index_word.__wrapped__)


def analyze_document(title: str, body: str) -> DocumentTerms:
    title_words = words(title)
    body_words = words(body)
    title_stems = [_stem(w) for w in title_words]
    body_stems = [_stem(w) for w in body_words]
    return DocumentTerms(
        title=Counter(title_stems), body=Counter(body_stems), exact=Counter(title_words + body_words),
        pairs=Counter(pairs_of(title_stems) + pairs_of(body_stems)),
    )


def analyze(text: str, analyzer=None) -> list[str]:
    """The terms a text yields, in order (for tests, snippets and query rewriting)."""
    analyzer = analyzer or FRENCH
    return [t.text for t in analyzer(text)]


FRENCH = french_analyzer()
EXACT = exact_analyzer()
PAIRS = pairs_analyzer()
