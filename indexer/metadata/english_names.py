"""Meetings named in English, labelled in French.

Partners' statements and pages republished in English name a meeting in English word order: what
qualifies it comes before the head (« G20 Foreign Ministers' Meeting », « Arctic Council Ministerial
Meeting », « EU-ASEAN Ministerial Meeting ») or after it with « of » (« the 17th Ministerial Session of
the Council of the Baltic Sea States (CBSS) »). French pages name the same meeting the other way round,
so the label is written in French from a small table (meetings.toml, [discovery.english]): the head
(« Meeting » is « Réunion »), the adjectives that agree with it, who meets (« Foreign Ministers' » is
« des ministres des Affaires étrangères »), and the organisation as [organisations] writes it. A
name the tables do not know stays in English, in parentheses: « Session ministérielle (Council of the
Baltic Sea States) », until an editor lists it.

English names are written in title case, which is what tells a name from a sentence: the words read
before and after the head are capitalised ones, acronyms, and the small words inside a name (« of »,
« the », « and », « for »).
"""
from __future__ import annotations

import re

from indexer.analysis import fold
from indexer.metadata.discovery import (NUMBERED, NamedMeeting, bare_name, is_acronym, is_capital, join_link,
                                        tokens_before)
from indexer.metadata.taxonomy import EnglishHead, EnglishNaming
from indexer.metadata.text import Text, is_shouted

_TOKEN = re.compile(r"\w[\w-]*(?:\+\w+)*|[^\s\w]")
ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
# Words that open a sentence or a clause and end the name read leftwards from the head.
DETERMINERS = frozenset(["The", "A", "An", "This", "That", "At", "In", "On", "During", "Today", "Yesterday"])
INSIDE = frozenset(["of", "the", "and", "for", "on"])     # small words inside a title-case name
APOSTROPHES = frozenset(["'", "’"])
MAX_NAME_WORDS = 8


class EnglishNameReader:
    def __init__(self, naming: EnglishNaming, organisations: dict[str, tuple[str, ...]],
                 summit_participants: tuple[str, ...] = (), summit_head: str = "Sommet"):
        # « Commonwealth Heads of Government Meeting » is a summit, as in French (meetings.toml)
        self.summit_participants = frozenset(summit_participants)
        self.summit_head = summit_head
        self.heads = {word.casefold(): head for word, head in naming.heads.items()}
        self.folded_heads = frozenset(fold(h) for h in self.heads)      # as Text.vocabulary writes them
        self.adjectives = {word.casefold(): forms for word, forms in naming.adjectives.items()}
        self.participants = {tuple(p.casefold().split()): fr for p, fr in naming.participants.items()}
        self.longest_participants = max((len(k) for k in self.participants), default=0)
        # English and French names of an organisation -> its canonical French name (« NATO » -> « l'OTAN »)
        self.organisations: dict[str, str] = {}
        for canonical, others in organisations.items():
            for name in (canonical, *others):
                self.organisations[_org_key(name)] = canonical
            self.organisations.setdefault(_org_key(bare_name(canonical)), canonical)

    def find(self, text: Text) -> list[NamedMeeting]:
        found: list[NamedMeeting] = []
        if self.folded_heads.isdisjoint(text.vocabulary):
            return found
        for sentence in text.sentences:
            if is_shouted(sentence.text):
                continue
            spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence.text)]
            toks = [s[2] for s in spans]
            free = 0
            for h, tok in enumerate(toks):
                if h < free or tok.casefold() not in self.heads:
                    continue
                if self._head_later(toks, h):
                    continue       # « Ministerial Meeting », « 5+5 Dialogue Foreign Ministers' Meeting »: the last head
                read = self._read(toks, h)
                if read is None:
                    continue
                label, first, last = read
                found.append(NamedMeeting(label, sentence.start + tokens_before(sentence.text, spans[first][0]),
                                          sentence.start + tokens_before(sentence.text, spans[last][1]), True))
                free = last + 1
        return found

    def _head_later(self, toks: list[str], h: int) -> bool:
        """Whether another head ends the title-case name that toks[h] is part of."""
        for w in toks[h + 1:h + 1 + MAX_NAME_WORDS]:
            if w.casefold() in self.heads:
                return True
            if not (is_capital(w) or is_acronym(w) or w in APOSTROPHES or w in INSIDE):
                return False
        return False

    def _read(self, toks: list[str], h: int) -> tuple[str, int, int] | None:
        """(French label, first token, last token) of the meeting whose head is toks[h], or None."""
        i = h - 1
        adjectives, i = self._adjectives_before(toks, i)
        who, i = self._participants_before(toks, i)
        more, i = self._adjectives_before(toks, i)         # before who meets: « Informal Foreign Ministers' Meeting »
        adjectives = more + adjectives
        name, first = self._title_words_before(toks, i)
        lead_adjectives, name = self._leading_adjectives(name)     # « Extraordinary IGAD Summit »
        adjectives = lead_adjectives + adjectives
        of_name, last = self._of_name(toks, h)
        if who is None and of_name:
            who, of_name = self._participants_first(of_name)
        if not name and not of_name:
            return None            # « the Ministerial Meeting », « a summit »: no name, no meeting
        if not is_capital(toks[h]) and not who and not (adjectives and name):
            return None            # a lowercase « meeting » is a name only with who meets, or a name and an
                                   # adjective before it (« Arctic Council ministerial meeting »)
        head = self.heads[toks[h].casefold()]
        if who in self.summit_participants:
            head, who = EnglishHead(self.summit_head, False), None
        out = [head.label]
        for adjective in adjectives:
            form = self.adjectives[adjective][1 if head.feminine else 0]
            if form and form not in head.label:      # « Ministerial Meeting » is « Réunion ministérielle » already
                out.append(form)
        if who:
            out.append(who)
        out += [self._organisation(part) for part in (of_name, name) if part]
        return " ".join(out), first, last

    def _leading_adjectives(self, name: str) -> tuple[list[str], str]:
        """The adjectives a title-case name starts with, and the name without them."""
        words = name.split()
        n = 0
        while n < len(words) - 1 and words[n].casefold() in self.adjectives:
            n += 1
        return [w.casefold() for w in words[:n]], " ".join(words[n:])

    def _adjectives_before(self, toks: list[str], i: int) -> tuple[list[str], int]:
        found: list[str] = []
        while i >= 0 and toks[i].casefold() in self.adjectives:
            found.insert(0, toks[i].casefold())
            i -= 1
        return found, i

    def _participants_before(self, toks: list[str], i: int) -> tuple[str | None, int]:
        """ « Foreign Ministers' », « foreign ministers’ »: who meets, ending at toks[i]."""
        if i >= 0 and toks[i] in APOSTROPHES:
            i -= 1
        for n in range(min(self.longest_participants, i + 1), 0, -1):
            key = tuple(t.casefold() for t in toks[i - n + 1:i + 1])
            if key in self.participants:
                return self.participants[key], i - n
        return None, i

    @staticmethod
    def _title_words_before(toks: list[str], i: int) -> tuple[str, int]:
        """The title-case name ending at toks[i] (« G20 », « Arctic Council », « EU-ASEAN ») and where it starts."""
        words: list[str] = []
        while i >= 0 and len(words) < MAX_NAME_WORDS:
            w = toks[i]
            if w in DETERMINERS and (i == 0 or not is_capital(toks[i - 1]) or toks[i - 1] in DETERMINERS):
                break
            if (is_capital(w) or is_acronym(w) or NUMBERED.match(w)) and not ORDINAL.match(w):
                words.insert(0, w)
            elif w in INSIDE and words and i > 0 and is_capital(toks[i - 1]) and toks[i - 1] not in DETERMINERS:
                words.insert(0, w)
            else:
                break
            i -= 1
        while words and words[0] in INSIDE:
            words.pop(0)
        return " ".join(words), i + 1

    @staticmethod
    def _of_name(toks: list[str], h: int) -> tuple[str, int]:
        """The name after « of [the] » (« of the Council of the Baltic Sea States (CBSS) ») and its last token."""
        p = h + 1
        if p >= len(toks) or toks[p] != "of":
            return "", h
        p += 1
        if p < len(toks) and toks[p] == "the":
            p += 1
        words: list[str] = []
        last = h
        while p < len(toks) and len(words) < MAX_NAME_WORDS:
            w = toks[p]
            if is_capital(w) or is_acronym(w):
                words.append(w)
                last = p
            elif w in INSIDE and p + 1 < len(toks) and (is_capital(toks[p + 1]) or toks[p + 1] == "the"):
                words.append(w)
            else:
                break
            p += 1
        while words and words[-1] in INSIDE:
            words.pop()
        if p + 2 < len(toks) and toks[p] == "(" and is_acronym(toks[p + 1]) and toks[p + 2] == ")":
            last = p + 2
        return " ".join(words), last

    def _participants_first(self, name: str) -> tuple[str | None, str]:
        """ « Meeting of Foreign Ministers of the G7 »: who meets, then the name after « of [the] »."""
        words = name.split()
        for n in range(min(len(words), self.longest_participants), 0, -1):
            if tuple(w.casefold() for w in words[:n]) in self.participants:
                rest = words[n:]
                while rest and rest[0] in INSIDE:
                    rest = rest[1:]
                return self.participants[tuple(w.casefold() for w in words[:n])], " ".join(rest)
        return None, name

    def _organisation(self, name: str) -> str:
        """ « de l'OTAN » for a known organisation, « UE-ASEAN » for a pair of them, else the English name in
        parentheses."""
        canonical = self.organisations.get(_org_key(name))
        if canonical:
            return join_link("de", canonical)
        if "-" in name and " " not in name:
            parts = [self.organisations.get(_org_key(p)) for p in name.split("-")]
            if all(parts):
                return "-".join(bare_name(p) for p in parts)
        if _ACRONYM.fullmatch(name):
            # « CARICOM Summit » is written as French pages write it, « Sommet de la CARICOM »: « l' » before a
            # vowel, else « la », since most organisations are a Communauté, an Organisation or an Union
            return join_link("de", f"l'{name}" if name[0] in "AEIOUY" else f"la {name}")
        return f"({name})"


_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,7}")


def _org_key(name: str) -> str:
    words = fold(name).replace("'", " ").replace("’", " ").split()
    while words and words[0] in ("the", "l", "la", "le", "les"):
        words = words[1:]
    return " ".join(words)

