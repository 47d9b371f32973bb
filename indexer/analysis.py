"""The French analysis chain, defined once (FrenchAnalysis) and used at index and at query time.

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
    return frozenset(_fold_word(w) for w in words if w)


def _fold_word(word: str) -> str:
    if word.isascii():
        return word.lower()
    return unidecode(word).replace(" ", "").lower()


INDEXING_CACHE_ENTRIES = 500_000     # the whole archive's vocabulary passes through an indexer


class FrenchAnalysis:
    """Every step of the French chain in one object: what a word is, elision, folding, stop words, stemming.

    The indexer (analyze_document and the Whoosh analyzers below), the query parser, synonyms, snippets
    and spelling all go through it, so a step changed here changes everywhere at once. Its memo tables
    are sized by whoever owns the process: an indexer keeps the whole vocabulary; a server keeps a few
    thousand entries (resize_caches, from the WORD_CACHE setting), because there they fill with the
    words of every document a phrase check re-analyses and a worker's memory would grow for hours.
    """

    def __init__(self, stopwords: frozenset[str], cache_entries: int = INDEXING_CACHE_ENTRIES):
        self.word_pattern = re.compile(WORD_PATTERN)
        self.stopwords = stopwords
        self._stemmer = stemmer_for_language("fr")
        self.resize_caches(cache_entries)

    def resize_caches(self, entries: int) -> None:
        """Give the fold, word and stem memo tables room for `entries` entries each (emptying them)."""
        self._fold = lru_cache(maxsize=entries)(_fold_word)
        self._stem = lru_cache(maxsize=entries)(self._stemmer)
        self._index_word = lru_cache(maxsize=entries)(self._index_word_uncached)

    def cache_info(self) -> dict[str, object]:
        """The memo tables' functools cache statistics, by step."""
        return {"fold": self._fold.cache_info(), "stem": self._stem.cache_info(),
                "word": self._index_word.cache_info()}

    # --- one word --------------------------------------------------------------------------------------
    def fold(self, word: str) -> str:
        """Accent- and ligature-free lowercase form: "Œuvre" -> "oeuvre"."""
        return self._fold(word)

    @staticmethod
    def strip_elision(word: str) -> str:
        """Drop a leading elided article or pronoun: "l'otan" -> "otan", "jusqu'à" -> "à"."""
        return _ELISION.sub("", word, count=1)

    def normalise(self, token: str) -> str:
        """A token as the `exact` field keeps it, stop word or not: lowercase, elision dropped, folded."""
        return self._fold(self.strip_elision(token.lower()))

    def is_stopword(self, folded: str) -> bool:
        return folded in self.stopwords

    def stem(self, folded: str) -> str:
        """The Snowball French stem of a folded word (folding first keeps "sécurité" and "securite" together)."""
        return self._stem(folded)

    def index_word(self, token: str) -> str | None:
        """One token through the chain up to stemming: the folded word, None for a stop word."""
        return self._index_word(token)

    def _index_word_uncached(self, token: str) -> str | None:
        word = self._fold(self.strip_elision(token.lower()).replace("’", "'"))
        return None if word in self.stopwords else word

    # --- running text ----------------------------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        """The words of a text as written (NFC, apostrophes kept inside words, hyphens splitting)."""
        return self.word_pattern.findall(unicodedata.normalize("NFC", text))

    def words(self, text: str) -> list[str]:
        """Folded, unstemmed words of a text without stop words: what EXACT yields, much faster."""
        index_word = self._index_word
        return [w for w in map(index_word, self.tokens(text)) if w is not None]

    def stems(self, text: str) -> list[str]:
        """What FRENCH yields for a text, much faster (no Token objects; every step memoised)."""
        return self.stems_of(self.words(text))

    def stems_of(self, words: list[str]) -> list[str]:
        """The stems of words already folded (`words`' output)."""
        stem = self._stem
        return [stem(w) for w in words]


def fold(word: str) -> str:
    """Accent- and ligature-free lowercase form: "Œuvre" -> "oeuvre" (FrenchAnalysis.fold)."""
    return FRENCH_ANALYSIS.fold(word)


def fold_text(text: str) -> str:
    """`fold` for running text: keeps the spaces."""
    return text.lower() if text.isascii() else unidecode(text).lower()


def strip_elision(word: str) -> str:
    """Drop a leading elided article or pronoun (FrenchAnalysis.strip_elision)."""
    return FrenchAnalysis.strip_elision(word)


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
            t.text = FRENCH_ANALYSIS.fold(t.text)
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
FRENCH_ANALYSIS = FrenchAnalysis(STOPWORDS)


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


def words(text: str) -> list[str]:
    """Folded, unstemmed words of a text without stop words (FrenchAnalysis.words)."""
    return FRENCH_ANALYSIS.words(text)


def stems(text: str) -> list[str]:
    """What FRENCH yields for a text, much faster (FrenchAnalysis.stems)."""
    return FRENCH_ANALYSIS.stems(text)


def size_word_caches(entries: int) -> None:
    """Size the shared analysis object's memo tables (a server's WORD_CACHE setting)."""
    FRENCH_ANALYSIS.resize_caches(entries)


def analyze_document(title: str, body: str) -> DocumentTerms:
    title_words = FRENCH_ANALYSIS.words(title)
    body_words = FRENCH_ANALYSIS.words(body)
    title_stems = FRENCH_ANALYSIS.stems_of(title_words)
    body_stems = FRENCH_ANALYSIS.stems_of(body_words)
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
