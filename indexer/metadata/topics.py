"""Topics of a communiqué: 1 to 4 labels from weighted keyword rules (topics.toml).

Terms are matched by stem with the index's own French analyzer, so "réfugiés"
and "refugie" meet. A term found in the title counts more than one in the lead,
which counts more than one further down; the meeting the communiqué reports on
adds the topics it implies (an OTAN ministerial is about security) and those its
name states. A region or country named once in passing is no topic (TopicEvidence). Job titles
("ministre de la Coopération et de l'Action humanitaire") are skipped first:
they are in every communiqué of that minister, whatever its subject.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from indexer.analysis import stems
from indexer.metadata.phrases import Lexicon
from indexer.metadata.meetings import ImpliedTopics, default_matcher
from indexer.metadata.taxonomy import TopicRules, topic_rules
from indexer.metadata.text import CHUNK_CACHE_SIZE, Text, chunk_tokens, chunks


class TopicScorer:
    def __init__(self, rules: TopicRules, meeting_topics: dict[str, tuple[str, ...]]):
        self.rules = rules
        self.meeting_topics = meeting_topics
        # stem phrase -> {topic: weight}; "terrorisme" and "terroriste" share a stem and count once
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        entries = []
        for topic in rules.topics:
            for term, weight in topic.terms:
                key = " ".join(stems(term))
                if key:
                    weights[key][topic.label] = max(weight, weights[key].get(topic.label, 0.0))
                    entries.append((term, key))
        self.weights = {key: list(by_topic.items()) for key, by_topic in weights.items()}
        self.places = frozenset(t.label for t in rules.topics if t.place)
        self.without_places = frozenset(t.label for t in rules.topics if t.without_places)
        self.terms = Lexicon(entries, stems)
        self.ignore = Lexicon(((p, "ignore") for p in rules.ignore), stems)
        self.focus = Lexicon(((p, "focus") for p in rules.focus), stems)
        self._meeting_subjects: dict[str, tuple[str, ...]] = {}

    def position_weight(self, sentence) -> float:
        s = self.rules.scoring
        if sentence.is_title:
            return s.title_weight
        return s.lead_weight if sentence.paragraph == 0 else s.body_weight

    def term_places(self, text: Text) -> dict[str, list[TermHit]]:
        """Stem phrase -> its occurrences: how much each weighs, and whether it sits where a subject is stated."""
        # The stems of all sentences in one list, a "" after each (no phrase holds one, so none crosses
        # it): each lexicon scans the page once, not once per sentence.
        toks: list[str] = []
        sentence_at: list[int] = []     # token index -> sentence index
        for n, sentence in enumerate(text.sentences):
            sentence_stems = list(chain.from_iterable(map(_chunk_stems, chunks(sentence.text))))
            toks += sentence_stems
            toks.append("")
            sentence_at += [n] * (len(sentence_stems) + 1)
        for m in self.ignore.find(toks):
            toks[m.start:m.end] = [""] * (m.end - m.start)
        focus_ends: dict[int, set[int]] = defaultdict(set)
        for f in self.focus.find(toks):
            focus_ends[sentence_at[f.start]].add(f.end)
        scoring = self.rules.scoring
        places: dict[str, list[TermHit]] = defaultdict(list)
        for m in self.terms.find(toks):
            n = sentence_at[m.start]
            sentence = text.sentences[n]
            # "la situation en Libye", "les relations avec la Russie": an agenda item, not a passing mention
            near = any(m.start - scoring.focus_window <= end <= m.start for end in focus_ends[n])
            weight = self.position_weight(sentence) * (scoring.focus_factor if near else 1.0)
            places[m.key].append(TermHit(weight, near or sentence.in_lead))
        return places

    def evidence(self, text: Text, meeting: str | None = None) -> dict[str, TopicEvidence]:
        """Per topic, its score and what shows the communiqué is about it."""
        # Where each term occurs: its best place counts in full, repetitions less
        # (ten "OTAN" in a NATO communiqué do not make security ten times more its subject).
        repeat = self.rules.scoring.repeat_factor
        found: dict[str, TopicEvidence] = defaultdict(TopicEvidence)
        for key, places in self.term_places(text).items():
            weights = sorted((p.weight for p in places), reverse=True)
            score = weights[0] + repeat * sum(weights[1:])
            for label, term_weight in self.weights[key]:
                topic = found[label]
                topic.score += term_weight * score
                topic.mentions += len(places)
                topic.prominent = topic.prominent or any(p.prominent for p in places)
        for label in self.meeting_subjects(meeting):
            found[label].score += self.rules.scoring.meeting_bonus
            found[label].prominent = True
        return dict(found)

    def meeting_subjects(self, meeting: str | None) -> tuple[str, ...]:
        """The topics of the meeting reported on: those it implies (meetings.toml), and those its own
        name states (« Conférence des Nations unies sur les océans », « Conseil Affaires étrangères –
        Commerce »), so a meeting the taxonomy has never seen still says what it is about."""
        if not meeting:
            return ()
        if meeting not in self._meeting_subjects:
            toks = list(chain.from_iterable(map(_chunk_stems, chunks(meeting))))
            for m in self.ignore.find(toks):
                toks[m.start:m.end] = [""] * (m.end - m.start)
            named = [label for m in self.terms.find(toks) for label, weight in self.weights[m.key]
                     if weight >= self.rules.scoring.name_term_weight]
            self._meeting_subjects[meeting] = tuple(dict.fromkeys((*self.meeting_topics.get(meeting, ()), *named)))
        return self._meeting_subjects[meeting]

    def scores(self, text: Text, meeting: str | None = None) -> dict[str, float]:
        return {label: e.score for label, e in self.evidence(text, meeting).items()}

    def choose(self, evidence: dict[str, TopicEvidence]) -> list[str]:
        s = self.rules.scoring
        ranked = sorted(((e.score, label) for label, e in evidence.items()
                         if e.score > 0 and (label not in self.places or e.is_subject(s.place_mentions))),
                        reverse=True)
        if not ranked:
            return []
        best = ranked[0][0]
        if ranked[0][1] in self.without_places:     # appointments: « ambassadeur au Kenya » is a posting
            ranked = [(v, k) for v, k in ranked if k not in self.places]
        kept = [k for v, k in ranked if v >= s.min_score and v >= s.min_share * best][:s.max_topics]
        return kept or [ranked[0][1]]


@dataclass(frozen=True)
class TermHit:
    """One occurrence of a topic term."""

    weight: float        # where it sits (title, lead, body), times the focus factor for an agenda item
    prominent: bool      # in the title or the lead, or introduced as an agenda item


@dataclass
class TopicEvidence:
    """What a communiqué says of one topic.

    A place named once in passing (« l'Asie » in a sentence of a NATO communiqué about Russia) is not
    what the communiqué is about: a place topic must be in the title or the lead, be an agenda item
    (« la situation au Sahel »), be implied by the meeting reported on, or come back.
    """

    score: float = 0.0
    prominent: bool = False     # in the title or the lead, an agenda item, or the meeting's own subject
    mentions: int = 0           # occurrences of its terms

    def is_subject(self, min_mentions: int) -> bool:
        return self.prominent or self.mentions >= min_mentions


@lru_cache(maxsize=200_000)
def _stems_of(token: str) -> tuple[str, ...]:
    """stems() of one token as Text reads it: its stem, or nothing for a stop word or a clause mark."""
    return tuple(stems(token))


@lru_cache(maxsize=CHUNK_CACHE_SIZE)
def _chunk_stems(chunk: str) -> tuple[str, ...]:
    """The stems of one chunk of a sentence (see text.chunks), remembered."""
    return tuple(chain.from_iterable(map(_stems_of, chunk_tokens(chunk))))


@lru_cache(maxsize=1)
def default_scorer() -> TopicScorer:
    return TopicScorer(topic_rules(), ImpliedTopics(default_matcher()))


def find_topics(text: Text, meeting: str | None = None, scorer: TopicScorer | None = None) -> list[str]:
    scorer = scorer or default_scorer()
    return scorer.choose(scorer.evidence(text, meeting))
