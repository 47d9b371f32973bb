"""Topics of a communiqué: 1 to 4 labels from weighted keyword rules (topics.toml).

Terms are matched by stem with the index's own French analyzer, so "réfugiés"
and "refugie" meet. A term found in the title counts more than one in the lead,
which counts more than one further down; the meeting the communiqué reports on
adds the topics it implies (an OTAN ministerial is about security). Job titles
("ministre de la Coopération et de l'Action humanitaire") are skipped first:
they are in every communiqué of that minister, whatever its subject.
"""
from __future__ import annotations

from collections import defaultdict
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
        self.terms = Lexicon(entries, stems)
        self.ignore = Lexicon(((p, "ignore") for p in rules.ignore), stems)
        self.focus = Lexicon(((p, "focus") for p in rules.focus), stems)

    def position_weight(self, sentence) -> float:
        s = self.rules.scoring
        if sentence.is_title:
            return s.title_weight
        return s.lead_weight if sentence.paragraph == 0 else s.body_weight

    def term_places(self, text: Text) -> dict[str, list[float]]:
        """Stem phrase -> the position weights of its occurrences."""
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
        places: dict[str, list[float]] = defaultdict(list)
        for m in self.terms.find(toks):
            n = sentence_at[m.start]
            # "la situation en Libye", "les relations avec la Russie": an agenda item, not a passing mention
            near = any(m.start - scoring.focus_window <= end <= m.start for end in focus_ends[n])
            places[m.key].append(self.position_weight(text.sentences[n]) * (scoring.focus_factor if near else 1.0))
        return places

    def scores(self, text: Text, meeting: str | None = None) -> dict[str, float]:
        # Where each term occurs: its best place counts in full, repetitions less
        # (ten "OTAN" in a NATO communiqué do not make security ten times more its subject).
        places = self.term_places(text)
        repeat = self.rules.scoring.repeat_factor
        totals: dict[str, float] = defaultdict(float)
        for key, weights in places.items():
            weights.sort(reverse=True)
            found = weights[0] + repeat * sum(weights[1:])
            for label, term_weight in self.weights[key]:
                totals[label] += term_weight * found
        for label in self.meeting_topics.get(meeting or "", ()):
            totals[label] += self.rules.scoring.meeting_bonus
        return dict(totals)

    def choose(self, scores: dict[str, float]) -> list[str]:
        s = self.rules.scoring
        ranked = sorted(((v, k) for k, v in scores.items() if v > 0), reverse=True)
        if not ranked:
            return []
        best = ranked[0][0]
        kept = [k for v, k in ranked if v >= s.min_score and v >= s.min_share * best][:s.max_topics]
        return kept or [ranked[0][1]]


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
    return scorer.choose(scorer.scores(text, meeting))
