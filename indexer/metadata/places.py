"""The city where the reported meeting or visit took place, in its French name, or none.

A city counts when the text puts the event there: "à Bruxelles", "in Brussels",
"réunis à Luxembourg", or a venue that stands for its city ("au siège de
l'OTAN"). Datelines ("Luxembourg, le 12 mai 2015") are dropped before reading
(see text.py): they say where the ministry published, not where ministers met.
Phone calls and videoconferences have no place; nor do appointments ("ambassadrice
à Vienne") or events only announced ("la conférence qui se tiendra à Genève").
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from indexer.metadata.cues import CueReader
from indexer.metadata.phrases import Lexicon
from indexer.metadata.taxonomy import Gazetteer, gazetteer, meeting_rules, people_rules
from indexer.metadata.text import Text, normalise_word, words

POSTING_WINDOW = 3      # "ambassadeur à Lisbonne": the posting word sits right before the city
CUE_WINDOW_BEFORE = 6
CUE_WINDOW_AFTER = 6
VENUE = "\x00venue"
# A city's name: « Djerba », « Villers-Cotterêts », « N'Djamena », « Charm el-Cheikh », « Dar es-Salaam » (an
# elided capital, a lowercase article inside)
_NAME = r"[A-ZÀ-Ý](?:['’][A-ZÀ-Ý])?[a-zà-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zà-ÿ]*)*(?:\s(?:el|al|es|ad|ul)-[A-ZÀ-Ý][a-zà-ÿ]+)?"
# A château, a palace or a conference centre is named after its town: « au Centre international de conférences
# de Nouakchott » (the town is the last « de X » of the venue's name)
_VENUE = r"au\s+(?:[Cc]entre|[Pp]alais|[Cc]hâteau)\b[^,.;:()]{0,45}\sde"
# « à Djerba », « à La Celle-Saint-Cloud » (with its article when the name has one), « au château de X », or
# a venue's town
_AT_CITY = re.compile(rf"(?<![\w'’])(?:à|au\s+château\s+de|{_VENUE})\s+((?:La |Les )?{_NAME})(?![\w'’])")
# « in Stralsund, Germany », « in Lappeenranta, in south-eastern Finland »: in English, a name after « in »
# that its country follows
_IN_CITY = re.compile(rf"(?<![\w'’])in\s+((?:La |Le |Les )?{_NAME}),\s+(?:(?:in|near)\s+)?(?:[a-z][a-z-]+\s+)?[A-Z][a-z]+")
# Capitalised words after « à » that are not places: titles, months, days, pronouns, bodies
NOT_PLACES = ("M Mme Mlle MM Me Dr Monsieur Madame Son Sa Ses Leurs Notre Nos Ce Cette Lui Elle Eux "
              "Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre "
              "Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Minuit Midi Bord Travers Propos Partir "
              "Union Europe Conseil Commission Parlement Nations Assemblée État États Sommet Conférence").split()


@dataclass(frozen=True)
class PlaceMention:
    city: str
    start: int
    score: float
    why: str


class PlaceFinder:
    def __init__(self, gaz: Gazetteer, cues: CueReader):
        self.gaz = gaz
        self.cues = cues
        entries = []
        for city, variants in gaz.cities.items():
            entries += [(name, city) for name in (city, *variants)]
        for city, venues in gaz.venues.items():
            entries += [(venue, city + VENUE) for venue in venues]
        self.names = Lexicon(entries, words)
        self.prepositions = frozenset(normalise_word(p) for p in gaz.prepositions)
        self.remote = Lexicon(((p, "remote") for p in gaz.remote), words)
        self.events = Lexicon(((p, "event") for p in gaz.events), words)
        self.postings = Lexicon(((p, "posting") for p in gaz.postings), words)
        known_people = {normalise_word(w) for name in people_rules().known for w in name.split()}
        self.not_places = frozenset(normalise_word(w) for w in NOT_PLACES) | known_people

    def is_remote(self, text: Text) -> bool:
        """A phone call or a videoconference, said in the title or the lead."""
        return any(self.remote.any_in(text.sentence_tokens(s)) for s in text.sentences if s.in_lead)

    def mentions(self, text: Text, meeting_spans: list[tuple[int, int]] = ()) -> list[PlaceMention]:
        s = self.gaz.scoring
        found = []
        for m in self.names.find(text.tokens):
            venue = m.key.endswith(VENUE)
            city = m.key[:-len(VENUE)] if venue else m.key
            before = text.before(m.start, CUE_WINDOW_BEFORE, stop_at_clause=False)
            if not venue and (not before or before[-1] not in self.prepositions):
                continue
            if self.postings.any_in(before[-POSTING_WINDOW - 1:]):
                continue
            sentence = text.sentence_at(m.start)
            factor, why = 1.0, []
            upcoming = (self.cues.upcoming_near(text, m.start, m.end, CUE_WINDOW_BEFORE, CUE_WINDOW_AFTER)
                        or self.cues.future_sentence(text, m.start))
            if upcoming and not sentence.is_title:
                factor *= s.upcoming_factor
                why.append("upcoming")
            elif self.cues.past_near(text, m.start, m.end, CUE_WINDOW_BEFORE, 0):   # "in New York since May": no recall
                factor *= s.past_factor
                why.append("past")
            tokens = text.sentence_tokens(sentence)
            if any(sentence.start <= a < sentence.end for a, _ in meeting_spans):
                factor *= s.meeting_factor
                why.append("with the meeting")
            elif not self.events.any_in(tokens):
                factor *= s.no_event_factor
                why.append("no event")
            where = "title" if sentence.is_title else f"paragraph {sentence.paragraph + 1}"
            found.append(PlaceMention(city, m.start, sentence.weight * factor, ", ".join([where, *why])))
        return found

    def best(self, text: Text, meeting_spans: list[tuple[int, int]] = ()) -> str | None:
        if self.is_remote(text):
            return None
        totals: dict[str, float] = defaultdict(float)
        first: dict[str, int] = {}
        for mention in self.mentions(text, meeting_spans):
            totals[mention.city] += mention.score
            first.setdefault(mention.city, mention.start)
        if totals:
            city = max(totals, key=lambda c: (totals[c], -first[c]))
            if totals[city] >= self.gaz.scoring.min_score:
                return city
        return self.unlisted_city(text, meeting_spans)

    def unlisted_city(self, text: Text, meeting_spans: list[tuple[int, int]] = ()) -> str | None:
        """A city the gazetteer lacks, as written: « à Djerba » in a lead sentence that reports the meeting,
        else in one that says what happened there (« a reçu ce vendredi à Dakhla son homologue », « au XVe
        Sommet ibéro-américain, réuni à Salamanque » when the meeting was recognised under another name).

        Only where the evidence is strongest (a sentence of the title or the lead holding the reported
        meeting or an event word, no announcing word), so a city named in passing is not taken for the
        event's place.
        """
        lead = [s for s in text.sentences if s.in_lead]
        with_meeting = [s for s in lead if any(s.start <= a < s.end for a, _ in meeting_spans)]
        # a visit's place needs its event word (« a reçu à Dakhla »); so does a meeting's, in a lead sentence
        # that names it in other words (« au XVe Sommet ibéro-américain, réuni à Salamanque »)
        with_event = [s for s in lead if s not in with_meeting and self.events.any_in(text.sentence_tokens(s))]
        for sentence in with_meeting + with_event:
            for m in [*_AT_CITY.finditer(sentence.text), *_IN_CITY.finditer(sentence.text)]:
                name = m.group(1)
                start = sentence.start + len(words(sentence.text[:m.start(1)]))
                first_word = name.split(" ")[-1].split("-")[0]
                if normalise_word(first_word) in self.not_places or start >= sentence.end:
                    continue
                if self.postings.any_in(text.before(start, POSTING_WINDOW + 1)):
                    continue
                if (self.cues.upcoming_near(text, start, start + 1, CUE_WINDOW_BEFORE, CUE_WINDOW_AFTER)
                        or self.cues.future_sentence(text, start)):
                    continue
                return name
        return None


@lru_cache(maxsize=1)
def default_finder() -> PlaceFinder:
    return PlaceFinder(gazetteer(), CueReader(meeting_rules().cues))


def find_location(text: Text, meeting_spans: list[tuple[int, int]] = (),
                  finder: PlaceFinder | None = None) -> str | None:
    return (finder or default_finder()).best(text, meeting_spans)
