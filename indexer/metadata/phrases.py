"""Find known phrases in a token stream: surface forms of meetings, place names, cue words.

Phrases are written in the data files as ordinary text ("Conseil « Affaires
étrangères »", "siège de l'OTAN"); words in square brackets are optional
("Conseil [des] affaires étrangères [de l'UE]"). Each phrase is normalised
with the same function as the text, then matched word by word, longest first,
so "Conseil de sécurité des Nations unies" is one mention and not two.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_OPTIONAL = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    key: str
    phrase: tuple[str, ...]


def expand_optional(phrase: str) -> list[str]:
    """ "Conseil [des] affaires étrangères" -> the phrase with and without "des"."""
    parts = _OPTIONAL.split(phrase)
    fixed, optional = parts[0::2], parts[1::2]
    variants = []
    for choice in itertools.product((True, False), repeat=len(optional)):
        text = fixed[0]
        for keep, opt, rest in zip(choice, optional, fixed[1:]):
            text += (opt if keep else " ") + rest
        variants.append(" ".join(text.split()))
    return variants


class Lexicon:
    """Phrase -> key lookup over normalised tokens, longest match first."""

    def __init__(self, entries: Iterable[tuple[str, str]], tokenize: Callable[[str], list[str]]):
        self._phrases: dict[tuple[str, ...], str] = {}
        self._lengths: dict[str, list[int]] = {}
        for phrase, key in entries:
            for variant in expand_optional(phrase):
                toks = tuple(t for t in tokenize(variant) if t[:1].isalnum())   # no punctuation
                if toks:
                    self._phrases.setdefault(toks, key)
        for toks in self._phrases:
            self._lengths.setdefault(toks[0], []).append(len(toks))
        for first, lengths in self._lengths.items():
            self._lengths[first] = sorted(set(lengths), reverse=True)     # "a déclaré", "a dit"...: try 2 once

    def __bool__(self) -> bool:
        return bool(self._phrases)

    def find(self, tokens: list[str], start: int = 0, end: int | None = None) -> list[Match]:
        """Non-overlapping matches, left to right, the longest phrase at each position."""
        end = len(tokens) if end is None else end
        lengths_of, phrases = self._lengths, self._phrases
        # Most sentences hold no phrase of a given lexicon: one set test, in C, answers for them.
        if lengths_of.keys().isdisjoint(tokens if start == 0 and end == len(tokens) else tokens[start:end]):
            return []
        found: list[Match] = []
        free = start     # where the last match ends: no match starts before
        # Only a position holding the first word of a phrase can start a match: one quick pass finds them.
        for i in [i for i in range(start, end) if tokens[i] in lengths_of]:
            if i < free:
                continue
            for n in lengths_of[tokens[i]]:
                if i + n <= end:
                    phrase = tuple(tokens[i:i + n])
                    key = phrases.get(phrase)
                    if key is not None:
                        found.append(Match(i, i + n, key, phrase))
                        free = i + n
                        break
        return found

    def any_in(self, tokens: list[str]) -> bool:
        return bool(self.find(tokens))
