"""A communiqué as the metadata rules read it: weighted sentences of normalised words.

Where a word sits matters more than how often it occurs: the title and the
lead paragraph say what the communiqué reports on, later paragraphs add
context and mention other events in passing. Each sentence therefore carries
a weight, and its words are reduced to the accent-folded, elision-stripped
form the search index uses, so that "l’OTAN", "l'Otan" and "OTAN" are one word.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain

from indexer.analysis import WORD_PATTERN, fold, strip_elision

TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0          # first sentence of the lead paragraph
LEAD_REST_WEIGHT = 1.5     # other sentences of the lead paragraph
SECOND_WEIGHT = 1.0        # the paragraph after the lead
BODY_WEIGHT = 0.5          # everything further down

# Words, and the punctuation that ends a clause (kept so context windows stop there).
_TOKEN = re.compile(WORD_PATTERN + r"|[,;:()–—]")
CLAUSE_MARKS = frozenset(",;:()–—")
SENTENCE_BREAK = "."
# Forms of address written short, with a full stop that ends no sentence: « M. Asselborn », « Mr. Mulimba-Okello ».
# people.py reads these as one token with their full stop; the others only keep a sentence whole (« Hon. Dr.
# Otieno Kamau », « Mgr. », « St. »).
SHORT_TITLES = frozenset({"M", "Mme", "Mmes", "MM", "Dr", "Mr", "Mrs", "Ms", "Pr"})
SHORT_FORMS = SHORT_TITLES | {"Hon", "Prof", "Mgr", "Sen", "Gen", "St", "Me"}
# A sentence ends at . ! ? (or a closing quote after them) followed by a capital, but not after a single capital
# (an initial) or a short form.
_SENTENCE_END = re.compile(r"(?<=[.!?»\"”])(?<!\b[A-Z]\.)"
                           + "".join(rf"(?<!\b{a}\.)" for a in sorted(SHORT_FORMS) if len(a) > 1)
                           + r"\s+(?=[«\"“A-ZÀ-ÝŒ])")
_DATE = r"(?:\d{1,2}(?:er|\.)?\s+[^\W\d_]+\.?\s+\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{4}|[^\W\d_]+\s+\d{1,2},\s*\d{4})"
# "Luxembourg, le 11 juin 2014 –": where the ministry published, not where the event took place.
_DATELINE = re.compile(r"^\s*[A-ZÀ-Ý][^\W\d_]*(?:[ '’-][^\W\d_]+){0,3},\s*(?:(?:le|den|am|on)\s+)?(?:[^\W\d_]+\s+)?"
                       + _DATE + r"\s*[–—:-]?\s*")
_DATE_ONLY = re.compile(r"^\s*(?:(?:[^\W\d_]+\s+)?" + _DATE + r"|\d{1,2}[./]\d{1,2}[./]\d{4})\s*\.?\s*$")
_META_LINE = re.compile(r"^\s*(?:publi[ée]|mis en ligne|published|ver[öo]ffentlicht|press release|pressemitteilung|"
                        r"communiqu[ée] de presse|communiqu[ée] par)\b", re.I)
MIN_LEAD_CHARS = 40
# The lead is a paragraph that ends like a sentence: a photo's caption left in the text (« Deminers at work near
# Maputo (file photo) », « Les Chefs d'Etat posent pour la photo de famille ») does not
_ENDS_A_SENTENCE = re.compile(r"[.!?…»\"”]\s*$")
MIN_SHOUTED_LETTERS = 12     # a sentence in capitals (is_shouted) has at least this many letters...
SHOUTED_SHARE = 0.8          # ...and this share of them are capitals
_NOT_UPPER = re.compile(r"[^A-ZÀ-ÖØ-ÞĀ-Ž]+")
_NOT_LOWER = re.compile(r"[^a-zß-öø-ÿā-ž]+")


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """The comparison form of one word: "l’Alliance" -> "alliance", "Brüssel" -> "brussel"."""
    return strip_elision(fold(word))


def words(text: str) -> list[str]:
    """Normalised words and clause marks of a text, in order."""
    return _normalised(_TOKEN.findall(unicodedata.normalize("NFC", text)))


def _normalised(tokens) -> list[str]:
    return [t if t in CLAUSE_MARKS else normalise_word(t) for t in tokens]


# Sentences are read chunk by chunk, each chunk's tokens remembered: a chunk (a blank-separated part:
# "l’OTAN", "Bruxelles,") was most likely seen before, and one lookup replaces a regex and a lookup per word.
# _TOKEN matches no blank, so a sentence's tokens are its chunks' tokens in order.
CHUNK_CACHE_SIZE = 50_000


def chunks(sentence: str) -> list[str]:
    """The blank-separated parts of a sentence, in NFC."""
    return unicodedata.normalize("NFC", sentence).split()


def chunk_tokens(chunk: str) -> list[str]:
    """The words and clause marks of one chunk as written."""
    return find_tokens(_TOKEN, chunk)


@lru_cache(maxsize=CHUNK_CACHE_SIZE)
def _chunk_words(chunk: str) -> tuple[str, ...]:
    return tuple(_normalised(chunk_tokens(chunk)))


@lru_cache(maxsize=1024)
def sentence_words(sentence: str) -> tuple[str, ...]:
    """words(sentence), remembered a while: Text and the language detector read the same sentences."""
    return tuple(chain.from_iterable(map(_chunk_words, chunks(sentence))))


def find_tokens(pattern: re.Pattern, text: str) -> list[str]:
    """pattern.findall(text) for a pattern whose tokens are runs of \\w or single characters, none a space:
    a blank-separated chunk of letters and digits is then one token, and only the other chunks need the
    regex, which is slow to scan the whole text character by character."""
    tokens: list[str] = []
    for chunk in text.split():
        if chunk.isalnum():     # str.isalnum and str.split test characters as \w and \s do
            tokens.append(chunk)
        else:
            tokens += pattern.findall(chunk)
    return tokens


def is_shouted(sentence: str) -> bool:
    """A sentence written in capitals (« NEPAL PARTICIPATES IN THE XVI MINISTERIAL CONFERENCE »): its capitals
    say nothing of where a name starts and ends, so the readers that go by them leave it alone. (Letters are
    counted by the regex engine: a Python loop over every character cost 0.4 ms a page.)"""
    upper = len(_NOT_UPPER.sub("", sentence))
    lower = len(_NOT_LOWER.sub("", sentence))
    return upper + lower >= MIN_SHOUTED_LETTERS and upper >= SHOUTED_SHARE * (upper + lower)


@lru_cache(maxsize=1024)
def split_sentences(paragraph: str) -> tuple[str, ...]:
    """The sentences of a paragraph, remembered a while: the people finder, Text and the language detector
    each split the same paragraphs."""
    return tuple(s for s in _SENTENCE_END.split(paragraph) if s.strip())


def strip_dateline(paragraph: str) -> str:
    """The paragraph without a leading "Place, le <date>" or "Publié le …" line."""
    if _META_LINE.match(paragraph) and len(paragraph) <= 120:
        return ""
    if _DATE_ONLY.match(paragraph):
        return ""
    return _DATELINE.sub("", paragraph, count=1)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int          # index of its first token in Text.tokens
    end: int            # one past its last token
    weight: float
    paragraph: int      # -1 for the title, else the index among kept paragraphs
    is_title: bool = False

    @property
    def in_lead(self) -> bool:
        return self.is_title or self.paragraph == 0


class Text:
    """Title and paragraphs as one stream of normalised tokens, sentence by sentence.

    Sentences are separated by a "." token, so no phrase can match across two of them.
    """

    def __init__(self, title: str, paragraphs: list[str]):
        self.title = title
        self.paragraphs = [p for p in (strip_dateline(p) for p in paragraphs) if p.strip()]
        self.tokens: list[str] = []
        self.sentences: list[Sentence] = []
        self._token_sentence: list[int] = []
        if title.strip():
            self._add(title, TITLE_WEIGHT, -1, is_title=True)
        lead = next((i for i, p in enumerate(self.paragraphs) if len(p) >= MIN_LEAD_CHARS and _ENDS_A_SENTENCE.search(p)),
                    next((i for i, p in enumerate(self.paragraphs) if len(p) >= MIN_LEAD_CHARS), 0))
        for i, paragraph in enumerate(self.paragraphs):
            for j, sentence in enumerate(split_sentences(paragraph)):
                rank = i - lead
                if rank < 0:
                    weight = SECOND_WEIGHT
                elif rank == 0:
                    weight = LEAD_WEIGHT if j == 0 else LEAD_REST_WEIGHT
                elif rank == 1:
                    weight = SECOND_WEIGHT
                else:
                    weight = BODY_WEIGHT
                self._add(sentence, weight, max(rank, 0))

    def _add(self, text: str, weight: float, paragraph: int, is_title: bool = False) -> None:
        toks = sentence_words(text)
        if not toks:
            return
        if self.tokens:
            self.tokens.append(SENTENCE_BREAK)
            self._token_sentence.append(-1)
        start = len(self.tokens)
        self.tokens.extend(toks)
        self._token_sentence.extend([len(self.sentences)] * len(toks))
        self.sentences.append(Sentence(text, start, len(self.tokens), weight, paragraph, is_title))

    def sentence_at(self, token_index: int) -> Sentence:
        return self.sentences[self._token_sentence[token_index]]

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self.tokens)

    def contains(self, phrase: tuple[str, ...]) -> bool:
        """Whether the normalised phrase occurs anywhere in the text."""
        if not phrase or phrase[0] not in self.vocabulary:
            return False
        n = len(phrase)
        return any(tuple(self.tokens[i:i + n]) == phrase for i, t in enumerate(self.tokens) if t == phrase[0])

    def before(self, index: int, size: int, stop_at_clause: bool = True) -> list[str]:
        """Up to `size` tokens before `index`, within the sentence and (optionally) the clause."""
        sentence = self.sentence_at(index)
        out: list[str] = []
        i = index - 1
        while i >= sentence.start and len(out) < size:
            t = self.tokens[i]
            if t in CLAUSE_MARKS:
                if stop_at_clause:
                    break
            else:
                out.append(t)
            i -= 1
        return out[::-1]

    def after(self, index: int, size: int, max_clause_marks: int = 1) -> list[str]:
        """Up to `size` tokens from `index` on, within the sentence, crossing at most one clause mark."""
        sentence = self.sentence_at(index - 1) if index > 0 else self.sentences[0]
        out: list[str] = []
        marks = 0
        i = index
        while i < sentence.end and len(out) < size:
            t = self.tokens[i]
            if t in CLAUSE_MARKS:
                marks += 1
                if marks > max_clause_marks or t in ";:":
                    break
            else:
                out.append(t)
            i += 1
        return out

    def sentence_tokens(self, sentence: Sentence) -> list[str]:
        return [t for t in self.tokens[sentence.start:sentence.end] if t not in CLAUSE_MARKS]
