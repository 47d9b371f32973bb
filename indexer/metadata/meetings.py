"""Which meeting a communiqué reports on, as one canonical label, or none.

Every mention of a known meeting form scores the weight of its sentence (the
title and lead count most), raised when the sentence reports the meeting ("a
participé", "s'est tenue"), cut when the words around it announce a later one
("qui se tiendra", "en vue du sommet") or recall an earlier one ("comme convenu
au sommet de Varsovie"), and dropped when it is a job title ("le président du
Conseil européen"). The best-scoring meeting wins if it scores enough.

Meetings missing from the list are read from their names (discovery.py) and
scored the same way, a little lower; a listed form inside a longer name of a
Council formation gives way to it (« Conseil Affaires étrangères – Commerce » is
not the Foreign Affairs Council), a name found by the rule gives way to any
listed form it overlaps.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from indexer.analysis import fold
from indexer.metadata.cues import CueReader, has_perfect
from indexer.metadata.discovery import FormationReader, NameReader, NamedMeeting, bare_name
from indexer.metadata.english_names import EnglishNameReader
from indexer.metadata.phrases import Lexicon
from indexer.metadata.taxonomy import MeetingRules, gazetteer, meeting_rules
from indexer.metadata.text import Text, words

WEAK = "\x00weak"   # suffix of the lexicon key of a bare form
# how the Council of the EU is named after one of its configurations
_EU_COUNCIL = "Conseil de l'Union européenne UE EU European Union Rat der Europäischen Union"
HEAD_LINKS = frozenset(["de", "du", "des", "la", "le", "les"])   # between a head and a listed form, as words() writes them
# words that join a name's parts, as words() writes them
_LINKS = HEAD_LINKS | {"d", "pour", "of", "the", "der", "(", ")"}


@dataclass(frozen=True)
class MeetingMention:
    label: str
    start: int          # token index in the Text
    end: int
    score: float
    why: str            # which rules set the score (to debug a rule)
    discovered: bool = False   # a name read by the rule, not a form of meetings.toml
    announced: bool = False    # upcoming, in a sentence that reports nothing done yet


class MeetingMatcher:
    def __init__(self, rules: MeetingRules, cities: frozenset[str] = frozenset()):
        self.rules = rules
        self.formations = FormationReader(rules.formations)
        cue_words = frozenset(fold(c) for c in (*rules.cues.reporting, *rules.cues.upcoming, *rules.cues.past)
                              if " " not in c and "'" not in c)
        self.names = NameReader(rules.discovery, cities, cue_words) if rules.discovery else None
        self.english_names = (EnglishNameReader(rules.discovery.english, rules.discovery.organisations,
                                                rules.discovery.summit_participants, rules.discovery.summit_head)
                              if rules.discovery and rules.discovery.english else None)
        self.known_labels = frozenset(rules.labels) | frozenset(
            f.label(p) for f in rules.formations for p in (None, *f.parts))
        entries = []
        for kind in rules.kinds:
            entries += [(form, kind.label) for form in rules.forms_with_equivalents(kind.forms)]
            entries += [(form, kind.label + WEAK) for form in rules.forms_with_equivalents(kind.weak_forms)]
        self.forms = Lexicon(entries, words)
        # the words a listed kind is written with: a name that goes on past one of its forms with other words
        # is another body's meeting (_extends_with_another_body)
        self.vocabulary = {kind.label: frozenset(chain.from_iterable(
            words(f) for f in (kind.label, *rules.forms_with_equivalents(kind.forms)))) for kind in rules.kinds}
        for f in rules.formations:     # a configuration of the Council of the EU, in any of its parts
            written = frozenset(chain.from_iterable(words(w) for w in (f.name, *f.aliases, *f.parts, _EU_COUNCIL)))
            self.vocabulary.update({f.label(part): written for part in (None, *f.parts)})
        self.anchors = {k.label: [tuple(words(a)) for a in k.anchors] for k in rules.kinds}
        self.cues = CueReader(rules.cues)

    def implied_topics(self, label: str | None) -> tuple[str, ...]:
        """Topics a meeting implies: a listed kind's, a formation's, or those of the organisation a discovered
        name holds (« Conférence ministérielle de l'OMC » is about trade)."""
        if not label:
            return ()
        for kind in self.rules.kinds:
            if kind.label == label:
                return kind.topics
        for f in self.rules.formations:
            for part in (None, *f.parts):
                if f.label(part) == label:
                    return tuple(dict.fromkeys((*f.topics, *f.part_topics.get(part or "", ()))))
        found: list[str] = []
        if self.rules.discovery:
            for organisation, topics in self.rules.discovery.organisation_topics.items():
                name = bare_name(organisation)
                if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", label):
                    found += topics
        return tuple(dict.fromkeys(found))

    def is_discovered(self, label: str | None) -> bool:
        return bool(label) and label not in self.known_labels

    def mentions(self, text: Text) -> list[MeetingMention]:
        s = self.rules.scoring
        formations = self.formations.find(text)
        named = [self._as_listed(n) for reader in (self.names, self.english_names) if reader
                 for n in reader.find(text)]
        formations = [f for f in formations if not any(self._extends_with_another_body(text, f.label, f, n)
                                                        for n in named)]
        forms = [m for m in self.forms.find(text.tokens) if not any(_overlap(m.start, m.end, f) for f in formations)
                 and (m.key.endswith(WEAK) or not any(self._extends_with_another_body(text, m.key, m, n)
                                                      for n in named))]
        strong = [(m.start, m.end) for m in forms if not m.key.endswith(WEAK)] + [(f.start, f.end) for f in formations]
        # a name read by the rule that is no longer than a bare listed form (« Conseil de sécurité ») is that form
        bare = [(m.start, m.end) for m in forms if m.key.endswith(WEAK)]
        # the French reader sees a name inside an English one (« Dialogue Foreign Ministers »): the longer wins
        named = [n for n in named if not any(o.start <= n.start and n.end <= o.end and o.end - o.start > n.end - n.start
                                             for o in named)]
        named = [n for n in named
                 if (n.label not in self.known_labels or not n.discovered)
                 and not any(_overlap(a, b, n) for a, b in strong)
                 and not any(a <= n.start and n.end <= b for a, b in bare)]
        named = _most_specific(named)
        found = [m for m in (self._scored(text, f.label, f.start, f.end, 1.0, ["formation"]) for f in formations) if m]
        anchored: dict[str, bool] = {}
        for m in forms:
            label, weak = (m.key[:-len(WEAK)], True) if m.key.endswith(WEAK) else (m.key, False)
            factor, why = 1.0, []
            if weak:
                # a bare « sommet » inside « Sommet de la Francophonie » is that summit's name
                if any(_overlap(m.start, m.end, n) for n in named):
                    continue
                if label not in anchored:
                    anchored[label] = any(text.contains(a) for a in self.anchors[label])
                if not anchored[label]:
                    continue
                factor *= s.weak_factor
                why.append("bare form")
            mention = self._scored(text, label, m.start, m.end, factor, why)
            if mention:
                found.append(mention)
        for n in named:
            factor, why = (self.rules.discovery.factor, "discovered") if n.discovered else (1.0, "listed name")
            mention = self._scored(text, n.label, n.start, n.end, factor, [why], discovered=n.discovered)
            if mention:
                found.append(mention)
        return found

    def _extends_with_another_body(self, text: Text, label: str, form, named: NamedMeeting) -> bool:
        """Whether a name read by the rule goes on past a listed form (of the kind `label`) with words that
        kind is never written with: « Conseil des affaires étrangères de l'Union africaine » is the AU's, not
        the EU's Foreign Affairs Council; « … de l'UE » and « … de l'Union européenne » stay the listed one."""
        if not named.discovered or not (named.start <= form.start < form.end < named.end):
            return False
        tail = text.tokens[form.end:named.end]
        if tail[0] not in _LINKS:       # « le Conseil Environnement arrête… »: a word read on, not a body named
            return False
        vocabulary = self.vocabulary.get(label, frozenset())
        return any(t not in vocabulary for t in tail if t not in _LINKS)

    def without_its_place(self, meeting: str | None, location: str | None) -> str | None:
        """A discovered meeting's label without the city it met in, when the name ends with it after an
        adjective: « Sommet ibéro-américain de Salamanque » is the kind « Sommet ibéro-américain », whose sitting
        is in Salamanque (the occurrence keeps the place). A city inside the name stays (« Conférence de Munich
        sur la sécurité »), and so does one after a name (« Sommet du Processus de Berlin ») or after an
        adjective that names nothing by itself (« Conférence internationale de Paris »: [discovery]
        generic_adjectives in meetings.toml)."""
        if not location or not self.is_discovered(meeting):
            return meeting
        for suffix in (f" de {location}", f" d'{location}"):
            if meeting.endswith(suffix):
                before = meeting[:-len(suffix)].split()
                if (len(before) >= 2 and before[-1][:1].islower()
                        and before[-1] not in self.rules.discovery.generic_adjectives):
                    return " ".join(before)
        return meeting

    def _as_listed(self, named: NamedMeeting) -> NamedMeeting:
        """A name read by the rule that is a listed form once its organisations are written one way is that
        listed meeting: « la réunion des chefs de la diplomatie des pays de l'Alliance atlantique » is read as
        « Réunion des chefs de la diplomatie des pays de l'OTAN », a form of the NATO ministerial. The form
        must end the name, and only the head and its link may come before it (« Réunion des » + a form)."""
        toks = [t for t in words(named.label) if t[:1].isalnum()]
        for m in self.forms.find(toks):
            if (not m.key.endswith(WEAK) and m.end == len(toks)
                    and all(t in HEAD_LINKS for t in toks[1:m.start])):
                return NamedMeeting(m.key, named.start, named.end, False)
        return named

    def _scored(self, text: Text, label: str, start: int, end: int, factor: float, why: list[str],
                discovered: bool = False) -> MeetingMention | None:
        """A mention scored by its place and the words around it; None for a job title."""
        s = self.rules.scoring
        if self.cues.is_role(text, start, s.role_window):
            return None
        sentence = text.sentence_at(start)
        why = list(why)
        # A title announces a meeting with a verb before it (« Le ministre se rendra au Conseil... »); the words
        # after a meeting in a title are its subject, not a cue (« Sommet de l'OTAN : préparer l'avenir »).
        if (self.cues.upcoming_near(text, start, end, s.window_before, 0) if sentence.is_title
                else self.cues.upcoming_near(text, start, end, s.window_before, s.window_after)
                or self.cues.future_sentence(text, start)):
            factor *= s.upcoming_factor
            why.append("upcoming")
        elif self.cues.past_near(text, start, end, s.window_before, s.window_after) or self.cues.years_ago(text, start):
            factor *= s.past_factor
            why.append("past")
        elif self.cues.reported(text, start, end, s.window_after):
            factor *= s.reported_factor
            why.append("reported")
        where = "title" if sentence.is_title else f"paragraph {sentence.paragraph + 1}"
        announced = "upcoming" in why and not has_perfect(sentence.text)
        return MeetingMention(label, start, end, sentence.weight * factor, ", ".join([where, *why]), discovered,
                              announced)

    def best(self, text: Text) -> str | None:
        return self.choose(self.mentions(text))

    def choose(self, mentions: list[MeetingMention]) -> str | None:
        """The meeting with the highest summed score, if it reaches min_score (ties: the first mentioned).

        A meeting the body only announces (every mention outside the title is "upcoming") is announced by
        the title too: « Sommet de la Francophonie : le Premier ministre sera à Paris ».
        """
        totals: dict[str, float] = defaultdict(float)
        first: dict[str, int] = {}
        announced = {m.label for m in mentions if "title" not in m.why}
        announced -= {m.label for m in mentions if "title" not in m.why and not m.announced}
        for mention in mentions:
            factor = self.rules.scoring.upcoming_factor if mention.label in announced and "title" in mention.why else 1
            totals[mention.label] += mention.score * factor
            first.setdefault(mention.label, mention.start)
        if not totals:
            return None
        label = max(totals, key=lambda k: (totals[k], -first[k]))
        return label if totals[label] >= self.rules.scoring.min_score else None


def _most_specific(named: list[NamedMeeting]) -> list[NamedMeeting]:
    """Within a communiqué, « Assemblée des États parties » is the longest name it gives that begins so."""
    labels = {n.label for n in named}
    out = []
    for n in named:
        longer = [label for label in labels if label != n.label and label.startswith(n.label + " ")]
        out.append(NamedMeeting(max(longer, key=len), n.start, n.end, n.discovered) if longer else n)
    return out


def _overlap(start: int, end: int, other: NamedMeeting | tuple) -> bool:
    o_start, o_end = (other.start, other.end) if isinstance(other, NamedMeeting) else other
    return start < o_end and o_start < end


@lru_cache(maxsize=1)
def default_matcher() -> MeetingMatcher:
    gaz = gazetteer()
    cities = frozenset(n.casefold() for city, variants in gaz.cities.items() for n in (city, *variants))
    return MeetingMatcher(meeting_rules(), cities)


def find_meeting(text: Text, matcher: MeetingMatcher | None = None) -> str | None:
    return (matcher or default_matcher()).best(text)


class ImpliedTopics:
    """meeting label -> the topics it implies, as the topic scorer looks them up (a mapping's get)."""

    def __init__(self, matcher: MeetingMatcher):
        self.matcher = matcher

    @lru_cache(maxsize=4096)
    def get(self, label: str, default=()) -> tuple[str, ...]:
        return self.matcher.implied_topics(label) or default
