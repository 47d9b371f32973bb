"""Which meeting a communiqué reports on, as one canonical label, or none.

Every mention of a known meeting form scores the weight of its sentence (the
title and lead count most), raised when the sentence reports the meeting ("a
participé", "s'est tenue"), cut when the words around it announce a later one
("qui se tiendra", "en vue du sommet") or recall an earlier one ("comme convenu
au sommet de Varsovie"), and dropped when it is a job title ("le président du
Conseil européen"). The best-scoring meeting wins if it scores enough.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from indexer.metadata.cues import CueReader
from indexer.metadata.phrases import Lexicon
from indexer.metadata.taxonomy import MeetingRules, meeting_rules
from indexer.metadata.text import Text, words

WEAK = "\x00weak"   # suffix of the lexicon key of a bare form


@dataclass(frozen=True)
class MeetingMention:
    label: str
    start: int          # token index in the Text
    end: int
    score: float
    why: str            # which rules set the score (to debug a rule)


class MeetingMatcher:
    def __init__(self, rules: MeetingRules):
        self.rules = rules
        entries = []
        for kind in rules.kinds:
            entries += [(form, kind.label) for form in kind.forms]
            entries += [(form, kind.label + WEAK) for form in kind.weak_forms]
        self.forms = Lexicon(entries, words)
        self.anchors = {k.label: [tuple(words(a)) for a in k.anchors] for k in rules.kinds}
        self.cues = CueReader(rules.cues)

    def mentions(self, text: Text) -> list[MeetingMention]:
        s = self.rules.scoring
        found = []
        anchored: dict[str, bool] = {}
        for m in self.forms.find(text.tokens):
            label, weak = (m.key[:-len(WEAK)], True) if m.key.endswith(WEAK) else (m.key, False)
            sentence = text.sentence_at(m.start)
            factor, why = 1.0, []
            if weak:
                if label not in anchored:
                    anchored[label] = any(text.contains(a) for a in self.anchors[label])
                if not anchored[label]:
                    continue
                factor *= s.weak_factor
                why.append("bare form")
            if self.cues.is_role(text, m.start, s.role_window):
                continue
            if not sentence.is_title and self.cues.upcoming_near(text, m.start, m.end, s.window_before, s.window_after):
                factor *= s.upcoming_factor
                why.append("upcoming")
            elif self.cues.past_near(text, m.start, m.end, s.window_before, s.window_after):
                factor *= s.past_factor
                why.append("past")
            elif self.cues.reported(text, m.start, m.end, s.window_after):
                factor *= s.reported_factor
                why.append("reported")
            where = "title" if sentence.is_title else f"paragraph {sentence.paragraph + 1}"
            found.append(MeetingMention(label, m.start, m.end, sentence.weight * factor, ", ".join([where, *why])))
        return found

    def best(self, text: Text) -> str | None:
        return self.choose(self.mentions(text))

    def choose(self, mentions: list[MeetingMention]) -> str | None:
        """The meeting with the highest summed score, if it reaches min_score (ties: the first mentioned)."""
        totals: dict[str, float] = defaultdict(float)
        first: dict[str, int] = {}
        for mention in mentions:
            totals[mention.label] += mention.score
            first.setdefault(mention.label, mention.start)
        if not totals:
            return None
        label = max(totals, key=lambda k: (totals[k], -first[k]))
        return label if totals[label] >= self.rules.scoring.min_score else None


@lru_cache(maxsize=1)
def default_matcher() -> MeetingMatcher:
    return MeetingMatcher(meeting_rules())


def find_meeting(text: Text, matcher: MeetingMatcher | None = None) -> str | None:
    return (matcher or default_matcher()).best(text)
