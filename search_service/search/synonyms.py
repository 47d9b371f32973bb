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

from indexer.analysis import FRENCH_ANALYSIS

_WORD = FRENCH_ANALYSIS.word_pattern
_TOKEN = re.compile(r'"[^"]*"?|[\w]+(?:[\'’][\w]+)*[*~]?\d*:?|\S', re.U)


def normalise_words(text: str) -> tuple[str, ...]:
    return tuple(FRENCH_ANALYSIS.normalise(w) for w in _WORD.findall(text))


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
        """The query string with synonym groups expanded; everything else is kept as typed."""
        tokens = list(_TOKEN.finditer(q))
        out: list[str] = []
        pos = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            text = tok.group()
            replacement, consumed = None, 1
            if text.startswith('"'):
                group = self.group_for(normalise_words(text.strip('"')))
                replacement = group.as_query() if group else None
            elif _plain_word(text):
                for n in range(min(self.max_words, len(tokens) - i), 0, -1):
                    run = tokens[i:i + n]
                    if not _standalone_run(q, run):
                        continue
                    group = self.group_for(normalise_words(" ".join(t.group() for t in run)))
                    if group and not _ambiguous([t.group() for t in run]):
                        replacement, consumed = group.as_query(), n
                        break
            if replacement is not None:
                out.append(q[pos:tok.start()])
                out.append(replacement)
                pos = tokens[i + consumed - 1].end()
            i += consumed
        out.append(q[pos:])
        return "".join(out)


def _standalone_run(q: str, run: list[re.Match]) -> bool:
    """Plain words separated by spaces only, not glued to a field prefix, hyphen or operator ("OTAN-UE", "-UE", "otan*")."""
    if not all(_plain_word(t.group()) for t in run):
        return False
    if not all(q[a.end():b.start()].isspace() for a, b in zip(run, run[1:])):
        return False
    start, end = run[0].start(), run[-1].end()
    if start > 0 and q[start - 1] in "-+" and (start == 1 or q[start - 2] in " (\t"):
        start -= 1      # "-OTAN" excludes NATO too: an operator applies to the whole group
    before = q[start - 1] if start > 0 else " "
    after = q[end] if end < len(q) else " "
    return before in " (\t" and after in " )\t"


_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _ambiguous(run: list[str]) -> bool:
    """A lone acronym that is also a French stop word ("UN"/"un", "EU"/"eu") must be typed in capitals."""
    return len(run) == 1 and FRENCH_ANALYSIS.is_stopword(FRENCH_ANALYSIS.fold(run[0])) and not run[0].isupper()


def _plain_word(tok: str) -> bool:
    return bool(_WORD.fullmatch(tok)) and tok not in _OPERATORS
