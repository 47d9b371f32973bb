"""Read the words around a mention: is the event reported, announced, recalled, or a job title?

"la réunion qui s'est tenue à Bruxelles" reports a meeting; "le sommet qui se
tiendra en juillet" announces one; "comme convenu au sommet de Varsovie"
recalls one; "le président du Conseil européen" is a title. The cue words live
in meetings.toml ([cues]) and serve both the meeting and the place rules.
"""
from __future__ import annotations

import re

from indexer.metadata.phrases import Lexicon
from indexer.metadata.taxonomy import Cues
from indexer.metadata.text import Text, normalise_word, words

SENTENCE_WINDOW = 10_000      # as many words as the sentence has
MIN_FUTURE_VERB_CHARS = 6
# A verb between a role word and the body it is joined to: « le président a participé au sommet », « the
# President attended the summit » is a president who took part, not the president of the summit. A reporting
# cue or one of these auxiliaries (as words() writes them) is such a verb.
# « a » is not one of them: words() folds « à » to « a » too (« représentant à l'OTAN auprès du Conseil »).
AUXILIARIES = frozenset(["ont", "est", "sont", "avait", "avaient", "etait", "etaient", "sera", "seront",
                         "has", "have", "had", "is", "was", "were", "will", "hat", "haben", "ist", "sind", "war"])
# « ont adopté », « se sont retrouvés », « a été »: read on the words as written (folded, « à » would be « a »)
_PERFECT = re.compile(r"\b(?:a|ont|est|sont|avait|avaient|était|étaient)\s+(?:\w+\s+)?"
                      r"\w+(?:é|ée|és|ées|i|is|ie|ies|u|us|ue|ues|it|ite|ert|erte)\b")

# The future written with an auxiliary, too short to end like « tiendra » (« will host the summit in X »)
FUTURE_AUXILIARIES = frozenset(["will", "shall", "sera", "seront", "aura", "auront", "wird", "werden"])
# « Il y a quarante ans », « twenty years ago », « vor 30 Jahren », « hace diez años » (as words() writes them; None
# stands for the number, in figures or in words): what the sentence tells is that far back.
_YEARS_AGO = (("il", "y", "a", None, "ans"), ("voici", None, "ans"), (None, "years", "ago"), ("vor", None, "jahren"),
              ("hace", None, "anos"), ("ha", None, "anos"))
# A word written with a capital and then lower case: a name, whatever its ending (not a title in capitals)
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+")


def has_perfect(sentence: str) -> bool:
    """Whether a sentence holds a compound past tense: it reports something done."""
    return bool(_PERFECT.search(sentence))    # "tiendra", "abordera": shorter words ending alike are rarely verbs


class CueReader:
    def __init__(self, cues: Cues):
        self.reporting = Lexicon(((c, "reporting") for c in cues.reporting), words)
        self.upcoming = Lexicon(((c, "upcoming") for c in cues.upcoming), words)
        self.past = Lexicon(((c, "past") for c in cues.past), words)
        self.role = Lexicon(((c, "role") for c in cues.role), words)
        self.role_links = frozenset(normalise_word(w) for w in cues.role_links)
        self.future_endings = tuple(normalise_word(e) for e in cues.future_endings)

    def is_future_verb(self, token: str) -> bool:
        return len(token) >= MIN_FUTURE_VERB_CHARS and token.isalpha() and token.endswith(self.future_endings)

    def has_future_verb(self, text: Text, tokens: list[str], at: int) -> bool:
        """A word of `tokens` that ends like a French future (« tiendra », « participeront »), unless the
        sentence at `at` writes it as a name: « Upendra », « Sandra », « Laura » end alike."""
        verbs = [t for t in tokens if self.is_future_verb(t)]
        if not verbs:
            return False
        names = {normalise_word(w) for w in _CAPITALISED.findall(text.sentence_at(at).text)}
        return any(t not in names for t in verbs)

    def upcoming_near(self, text: Text, start: int, end: int, before: int, after: int) -> bool:
        window = text.before(start, before) + text.after(end, after)
        return self.upcoming.any_in(window) or self.has_future_verb(text, window, start)

    def future_sentence(self, text: Text, start: int) -> bool:
        """A future verb or auxiliary earlier in the sentence and no compound past tense in it (« participera
        lundi, à Luxembourg, au Conseil... », « will host the summit in Luganville »): the whole sentence
        announces."""
        earlier = text.before(start, SENTENCE_WINDOW, stop_at_clause=False)
        return ((self.has_future_verb(text, earlier, start) or not FUTURE_AUXILIARIES.isdisjoint(earlier))
                and not has_perfect(text.sentence_at(start).text))

    @staticmethod
    def years_ago(text: Text, start: int) -> bool:
        """The sentence dates what it tells years back before the mention (« Il y a quarante ans, trente-cinq chefs
        d'État signaient l'Acte final de la Conférence… »): it recalls that meeting, whatever the distance."""
        earlier = text.before(start, SENTENCE_WINDOW, stop_at_clause=False)
        return any(_matches_at(earlier, i, form) for form in _YEARS_AGO for i in range(len(earlier) - len(form) + 1))

    def past_near(self, text: Text, start: int, end: int, before: int, after: int) -> bool:
        return self.past.any_in(text.before(start, before)) or self.past.any_in(text.after(end, after))

    def reported(self, text: Text, start: int, end: int, after: int) -> bool:
        """A reporting cue earlier in the same sentence, or just after the mention."""
        earlier = text.before(start, SENTENCE_WINDOW, stop_at_clause=False)
        return self.reporting.any_in(earlier) or self.reporting.any_in(text.after(end, after))

    def is_role(self, text: Text, start: int, window: int) -> bool:
        """ "président du Conseil européen": a role word joined to the mention by "du", "of the"..."""
        before = text.before(start, window, stop_at_clause=False)
        if not before or before[-1] not in self.role_links:
            return False
        roles = self.role.find(before[:-1])
        if not roles:
            return False
        between = before[roles[-1].end:-1]
        return AUXILIARIES.isdisjoint(between) and not self.reporting.any_in(between)


def _matches_at(tokens: list[str], i: int, form: tuple[str | None, ...]) -> bool:
    return all(want is None or tokens[i + k] == want for k, want in enumerate(form))
