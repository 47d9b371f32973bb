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

from indexer.metadata.countries import is_country, starts_with_country
from indexer.metadata.cues import CueReader
from indexer.metadata.phrases import Lexicon
from indexer.metadata.taxonomy import Gazetteer, gazetteer, meeting_rules, people_rules
from indexer.metadata.text import Text, normalise_word, words

POSTING_WINDOW = 3      # "ambassadeur à Lisbonne": the posting word sits right before the city
CUE_WINDOW_BEFORE = 6
CUE_WINDOW_AFTER = 6
VENUE = "\x00venue"
# One word of a city's name: « Djerba », « Villers-Cotterêts », « N'Djamena », « Port-d'Espagne », « John's »,
# « Charm el-Cheikh », « Dar es-Salaam » (an elided capital, a lowercase article inside), « Portorož », « Łódź »
# (letters of Latin Extended-A too)
_WORD = (r"[A-ZÀ-ÝĀ-Ž](?:['’][A-ZÀ-Ý])?[a-zà-ÿā-ž]+(?:-(?:[dl]['’])?[A-Za-zÀ-ÿĀ-ž][a-zà-ÿā-ž]*)*(?:['’]s)?"
         r"(?:\s(?:el|al|es|ad|ul)-[A-ZÀ-ÝĀ-Ž][a-zà-ÿā-ž]+)?")
# A city's name: one word, or two, maybe joined by a particle (« Da Nang », « Punta del Este », « Port of
# Spain », « Saint John's », « St. John's »); PlaceFinder._trimmed() keeps the first when the second is no place
_PARTICLES = ("del", "do", "da", "dos", "das", "di", "of", "de las", "de los")
_CITY_ARTICLES = ("La", "Le", "Les")      # the article a town's name may open with (« La Celle-Saint-Cloud »)
_NAME = rf"(?:St\.\s)?{_WORD}(?:\s(?:(?:{'|'.join(_PARTICLES)})\s)?{_WORD})?"
# A château, a palace or a conference centre is named after its town: « au Centre international de conférences
# de Nouakchott » (the town is the last « de X » of the venue's name)
# (« au Sandton Convention Centre de Johannesburg »: a name may come first)
_VENUE = r"au\s+(?:[A-Z][\w-]*\s+){0,2}(?:[Cc]entre|[Cc]enter|[Pp]alais|[Cc]hâteau)\b[^,.;:()]{0,45}\sde"
# « à Djerba », « à La Celle-Saint-Cloud » (with its article when the name has one), « au château de X », or
# a venue's town
_AT_CITY = re.compile(rf"(?<![\w'’])(?:à|au\s+château\s+de|{_VENUE})\s+((?:La |Les )?{_NAME})(?![\w'’])")
# « in Stralsund, Germany », « in Lappeenranta, in south-eastern Finland »: in English, a name after « in »
# that its country follows
_IN_CITY = re.compile(rf"(?<![\w'’])in\s+((?:La |Le |Les )?{_NAME}),\s+(?:(?:in|near)\s+)?(?:[a-z][a-z-]+\s+)?[A-Z][a-z]+")


def _town_after_event(heads: str, prepositions: str) -> re.Pattern:
    """The town named by a preposition within a few words after a meeting's head or the verb that held it."""
    return re.compile(rf"(?i:\b(?:{heads})\b)(?:\s+(?!(?:{prepositions})\b)[\w'’-]+){{0,4}}?\s+(?:{prepositions})\s+"
                      rf"({_NAME})(?![\w'’])")


# In English and German, the town right after the meeting or after the verb that holds it, its country not
# written: « the 42nd IGAD Summit in Entebbe », « held in Nusa Dua, Bali », « Außenministertreffen der
# Zentraleuropäischen Initiative in Portorož »
_IN_AFTER_EVENT = _town_after_event(r"summit|conference|meeting|session|forum|cop\d*|held|hosted|convened|concluded|"
                                    r"opened|gipfel|konferenz|tagung|sitzung|\w*treffen", "in")
# The same in Spanish and Portuguese, whose « en », « em » French uses for countries: « Reunión de cancilleres en
# Lima », « concluye en Cali la VII Cumbre », « Reunião de Chanceleres em Lima »
_EN_AFTER_EVENT = _town_after_event(r"cumbre|reunión|conferencia|asamblea|foro|reunião|cúpula|conferência|assembleia|"
                                    r"fórum|concluye|celebrad[ao]|realizad[ao]", "en|em")
# « held in the Peruvian city of Puerto Maldonado », « dans la ville de Kinshasa »
_CITY_OF = re.compile(rf"(?i:\b(?:city|town|ville|ciudad|cidade)\s+(?:of|de|d['’]))\s*({_NAME})(?![\w'’])")
# A meeting named after its town met there: « la Conférence de Munich sur la sécurité », « le Sommet arabe de Charm
# el-Cheikh », « la troisième Conférence de Bruxelles » (read last: « le Sommet de Ségovie, réuni à Trujillo »)
_NAMED_AFTER = re.compile(
    rf"(?<![\w'’])(?:[Ss]ommet|[Cc]onférence|[Ff]orum|[Rr]éunion|[Rr]encontre)(?:\s+[a-zé][a-zéèêîô-]*){{0,2}}"
    rf"\s+(?:de\s+|d['’])((?:La |Les )?{_NAME})(?![\w'’])")
# Capitalised words after « à » that are not places: titles, months, days, pronouns, bodies
NOT_PLACES = ("M Mme Mlle MM Me Dr Monsieur Madame Son Sa Ses Leurs Notre Nos Ce Cette Lui Elle Eux "
              "Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre "
              "January February March April May June July August September October November December "
              "Januar Februar März Juni Juli Oktober Dezember "
              "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
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
            if not venue and (not before or before[-1] not in self.prepositions) and not _heads_the_title(text, m):
                continue
            if self.postings.any_in(before[-POSTING_WINDOW - 1:]):
                continue
            sentence = text.sentence_at(m.start)
            factor, why = 1.0, []
            upcoming = (self.cues.upcoming_near(text, m.start, m.end, CUE_WINDOW_BEFORE, CUE_WINDOW_AFTER)
                        or self.cues.future_sentence(text, m.start))
            # a title announces too when its verb is in the future (« X réunira ses homologues à Gand »)
            if upcoming and (not sentence.is_title or self.cues.future_sentence(text, m.start)):
                factor *= s.upcoming_factor
                why.append("upcoming")
            elif self.cues.past_near(text, m.start, m.end, CUE_WINDOW_BEFORE, 0) or self.cues.years_ago(text, m.start):
                # "in New York since May" is no recall: the past cues after a place are not read
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
        return self.unlisted_city(text, meeting_spans) or self.named_after(text, reports_a_meeting=bool(meeting_spans))

    def unlisted_city(self, text: Text, meeting_spans: list[tuple[int, int]] = ()) -> str | None:
        """A city the gazetteer lacks (as written), or one it lists that no preposition of [scoring] introduced
        (« held in Port of Spain »): « à Djerba » in a lead sentence that reports the meeting,
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
        found = [(sentence, m) for sentence in with_meeting + with_event
                 for m in sorted([*_AT_CITY.finditer(sentence.text), *_IN_CITY.finditer(sentence.text),
                                  *_CITY_OF.finditer(sentence.text), *_IN_AFTER_EVENT.finditer(sentence.text),
                                  *_EN_AFTER_EVENT.finditer(sentence.text)], key=lambda m: m.start(1))]
        # the patterns that name the event themselves need no other event word (« Außenministertreffen … in X »)
        found += [(sentence, m) for sentence in lead if sentence not in with_meeting + with_event
                  for m in [*_IN_AFTER_EVENT.finditer(sentence.text), *_EN_AFTER_EVENT.finditer(sentence.text)]]
        towns = [m.group(1) for _, m in found]
        lead = " ".join(s.text for s in lead)
        for sentence, m in found:
            # « Bali » in « held in Nusa Dua, Bali »: a name written after another one and a comma is its region
            if any(f"{town}, {m.group(1)}" in lead for town in towns):
                continue
            if town := self._town(text, sentence, m):
                return town
        return None

    def named_after(self, text: Text, reports_a_meeting: bool = False) -> str | None:
        """The town a meeting is named after (« la Conférence de Munich sur la sécurité », « le Sommet de
        N'Djamena »), in the title or the lead, when the text says nowhere else where it met.

        Further down too when the page reports a meeting (« Le Sommet de N'Djamena a en outre adopté… »
        after a lead that said « dans la capitale tchadienne »), unless the sentence recalls an earlier one
        (« comme convenu au Sommet de Vilnius »): a page that reports none may name a summit by its town
        only to comment on it."""
        lead = [s for s in text.sentences if s.in_lead]
        further = [s for s in text.sentences if not s.in_lead] if reports_a_meeting else []
        for sentence in lead + further:
            for m in _NAMED_AFTER.finditer(sentence.text):
                if sentence in further and self._recalled(text, sentence, m):
                    continue
                if town := self._town(text, sentence, m):
                    return town
        return None

    def _recalled(self, text: Text, sentence, m: re.Match) -> bool:
        """Whether the sentence dates the meeting a pattern found in it to the past (« comme convenu au… »,
        « il y a dix ans »)."""
        start = _token_at(sentence, m.start())
        return bool(self.cues.past_near(text, start, start + 1, CUE_WINDOW_BEFORE, 0) or self.cues.years_ago(text, start))

    def _town(self, text: Text, sentence, m: re.Match) -> str | None:
        """The town a pattern found in a sentence, if it is where the event took place: in its French name
        when the gazetteer lists it, else as written. Not a title, a month or a body, not a country (« held
        in Indonesia », « in Antigua and Barbuda »), not a posting, not announced."""
        name = self._trimmed(m.group(1))
        start = _token_at(sentence, m.start(1))
        if not name or start >= sentence.end:
            return None
        listed = [n.key for n in self.names.find(words(name)) if not n.key.endswith(VENUE)]
        if not listed and (is_country(name) or starts_with_country(sentence.text[m.start(1):])):
            return None
        if self.postings.any_in(text.before(start, POSTING_WINDOW + 1)):
            return None
        if (self.cues.upcoming_near(text, start, start + 1, CUE_WINDOW_BEFORE, CUE_WINDOW_AFTER)
                or self.cues.future_sentence(text, start)):
            return None
        return listed[0] if listed else name

    def _trimmed(self, name: str) -> str | None:
        """A name read by the patterns without what is no place: « Da Nang » stays, « Bruxelles Monday » is
        « Bruxelles », « Son Excellence » nothing. A word counts by its first part (« Celle » in « La
        Celle-Saint-Cloud »)."""
        kept: list[str] = []
        for word in name.split(" "):
            if word[:1].isupper() and word not in _CITY_ARTICLES and (
                    normalise_word(word.split("-")[0]) in self.not_places):
                break
            kept.append(word)
        while kept and kept[-1] in _PARTICLES:      # a particle left at the end (« Port of »)
            kept.pop()
        return " ".join(kept) if any(w[:1].isupper() and w not in _CITY_ARTICLES for w in kept) else None


def _token_at(sentence, char: int) -> int:
    """The text's token index where a pattern's match, `char` characters into the sentence, begins."""
    return sentence.start + len(words(sentence.text[:char]))


def _heads_the_title(text: Text, m) -> bool:
    """« Istanbul : le Niger à la quatrième Conférence… »: a listed city, then a colon, opens the title."""
    sentence = text.sentence_at(m.start)
    return sentence.is_title and m.start == sentence.start and m.end < sentence.end and text.tokens[m.end] == ":"


@lru_cache(maxsize=1)
def default_finder() -> PlaceFinder:
    return PlaceFinder(gazetteer(), CueReader(meeting_rules().cues))


def find_location(text: Text, meeting_spans: list[tuple[int, int]] = (),
                  finder: PlaceFinder | None = None) -> str | None:
    return (finder or default_finder()).best(text, meeting_spans)
