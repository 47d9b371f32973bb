"""Query-time synonyms read from an editable data file (search_service/data/synonyms.txt).

The rewrite works on the query string: a run of words equal to any alternative
of a group (ignoring case, accents and elisions) becomes an OR of all the
alternatives, multi-word ones as phrases. Quoted phrases equal to an
alternative are expanded too; words inside other quotes, after a field prefix
or carrying an operator suffix (* ~) are left alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from indexer.analysis import STOPWORDS, fold, strip_elision

_WORD = re.compile(r"[\w]+(?:['’][\w]+)*")
_TOKEN = re.compile(r'"[^"]*"?|[\w]+(?:[\'’][\w]+)*[*~]?\d*:?|\S', re.U)


def normalise_words(text: str) -> tuple[str, ...]:
    return tuple(fold(strip_elision(w.lower())) for w in _WORD.findall(text))


@dataclass(frozen=True)
class SynonymGroup:
    alternatives: tuple[str, ...]

    def as_query(self) -> str:
        parts = [f'"{a}"' if len(_WORD.findall(a)) > 1 else a for a in self.alternatives]
        return "(" + " OR ".join(parts) + ")"


class Synonyms:
    def __init__(self, groups: list[SynonymGroup]):
        self.groups = groups
        self._index: dict[tuple[str, ...], SynonymGroup] = {}
        for g in groups:
            for alt in g.alternatives:
                key = normalise_words(alt)
                if key:
                    self._index.setdefault(key, g)
        self.max_words = max((len(k) for k in self._index), default=0)

    @classmethod
    def from_text(cls, text: str) -> Synonyms:
        groups = []
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            alts = tuple(a.strip() for a in line.split("|") if a.strip())
            if len(alts) > 1:
                groups.append(SynonymGroup(alts))
        return cls(groups)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Synonyms:
        if path:
            return cls.from_text(Path(path).read_text("utf-8"))
        return cls.from_text(resources.files("search_service").joinpath("data/synonyms.txt").read_text("utf-8"))

    def group_for(self, words: tuple[str, ...]) -> SynonymGroup | None:
        return self._index.get(words)

    def expand(self, q: str) -> str:
        """The query string with synonym groups expanded (unchanged when nothing matches)."""
        tokens = _TOKEN.findall(q)
        out: list[str] = []
        i = 0
        changed = False
        while i < len(tokens):
            tok = tokens[i]
            if tok.startswith('"'):
                inner = tok.strip('"')
                group = self.group_for(normalise_words(inner))
                out.append(group.as_query() if group else tok)
                changed |= group is not None
                i += 1
                continue
            matched = None
            if _plain_word(tok) and not (out and out[-1].endswith(":")) and not (out and out[-1] in ("-", "+")):
                for n in range(min(self.max_words, len(tokens) - i), 0, -1):
                    run = tokens[i:i + n]
                    if all(_plain_word(t) for t in run):
                        group = self.group_for(normalise_words(" ".join(run)))
                        if group and not _ambiguous(run):
                            matched = (group, n)
                            break
            if matched:
                out.append(matched[0].as_query())
                i += matched[1]
                changed = True
            else:
                out.append(tok)
                i += 1
        return " ".join(out) if changed else q


_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _ambiguous(run: list[str]) -> bool:
    """A lone acronym that is also a French stop word ("UN"/"un", "EU"/"eu") must be typed in capitals."""
    return len(run) == 1 and fold(run[0]) in STOPWORDS and not run[0].isupper()


def _plain_word(tok: str) -> bool:
    return bool(_WORD.fullmatch(tok)) and tok not in _OPERATORS
