"""Named people in a communiqué, as "First Last".

Two sources: the known people of people.toml (any listed spelling), and a
pattern for the others that only trusts capitalised words where a title
announces a name: "le ministre turc des Affaires étrangères, Mevlüt Çavuşoğlu",
"la haute représentante Federica Mogherini", "a déclaré Xavier Bettel",
"Paul Steichen, ambassadeur à Lisbonne". Capitalised words alone are not
enough: in German every noun is, and in French so is every institution.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from indexer.analysis import fold
from indexer.metadata.countries import MAX_NAME_WORDS as MAX_COUNTRY_WORDS, country_length, is_country
from indexer.metadata.phrases import Lexicon
from indexer.metadata.taxonomy import PeopleRules, gazetteer, people_rules
from indexer.metadata.text import CHUNK_CACHE_SIZE, SHORT_FORMS, chunks, find_tokens, normalise_word, split_sentences

# Hyphens stay inside words here: "Jean-Claude", "al-Maliki", "Ki-moon".
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*\.?|[^\w\s]")
_NAME_WORD = re.compile(r"^(?:(?:al|el|ben|bin|abu|ibn|van|von|de|di|da|du|le|la)-)?[^\W\d_]+(?:[-'’][^\W\d_]+)*$")
_ELIDED_PARTICLE = re.compile(r"^[dD]['’][A-ZÀ-Ý][\w-]+$")     # « d'Estaing », « d’Alema »
_INITIAL = re.compile(r"^[A-Z]\.$")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ben|bin|abu|ibn)-")
_SENTENCE_PUNCT = frozenset(".!?;:")
MAX_NAME_WORDS = 4
MAX_COMPLEMENT_WORDS = 25     # "la haute représentante de l'Union pour les affaires étrangères et la politique ..."
ABBREVIATED_TITLES = SHORT_FORMS
APPOSITION_LEADS = frozenset({"ancien", "ancienne", "jusqu'ici", "actuel", "actuelle", "nouveau", "nouvelle",
                              "desormais", "former", "current", "ehemaliger", "ehemalige"})
CONJUNCTIONS = frozenset({"et", "and", "und"})
QUOTE_ENDS = frozenset({",", "»", "”", '"', "“", "’", "'", "…"})     # what a quotation ends with before « said X »


@dataclass(frozen=True)
class Token:
    raw: str
    norm: str
    capitalised: bool = False     # could start or continue a name: "Jean", "al-Maliki", "Ki-moon"


def is_capitalised(raw: str) -> bool:
    if not raw[:1].isalpha() or not _NAME_WORD.match(raw):
        return False
    core = _ARABIC_ARTICLE.sub("", raw, count=1)
    first = core.split("-", 1)[0]
    if "-" in core and len(first) > 1 and first.isupper():
        return False     # « EU-geführten », « UN-backed », « NATO-led »: an acronym's compound, no name
    return core[:1].isupper() and any(c.islower() for c in core)


def in_capitals(raw: str) -> bool:
    """A word of two letters or more written in capitals, as French administrative pages write surnames."""
    return len(raw) > 1 and raw.isupper() and bool(_NAME_WORD.match(raw))


def _token(raw: str) -> Token:
    return Token(raw, normalise_word(raw) if raw[:1].isalnum() else raw, is_capitalised(raw))


_FULL_STOP = Token(".", ".")


@lru_cache(maxsize=200_000)
def _tokens(raw: str) -> tuple[Token, ...]:
    """The tokens of one match of _TOKEN: "M." and "Mme." are one, but "Asselborn." is a word and a full stop."""
    if raw.endswith(".") and len(raw) > 1:
        if raw[:-1] in ABBREVIATED_TITLES:
            return (Token(raw, normalise_word(raw[:-1])),)
        return _token(raw[:-1]), _FULL_STOP
    return (_token(raw),)


@lru_cache(maxsize=CHUNK_CACHE_SIZE)
def _chunk_tokens(chunk: str) -> tuple[Token, ...]:
    """The tokens of one chunk of a sentence (see text.chunks: _TOKEN matches no blank either), remembered."""
    return tuple(t for raw in find_tokens(_TOKEN, chunk) for t in _tokens(raw))


def tokenize(sentence: str) -> list[Token]:
    return list(chain.from_iterable(map(_chunk_tokens, chunks(sentence))))


def display_name(parts: list[str]) -> str:
    """ "Jean ASSELBORN" -> "Jean Asselborn", "OWUSU-ANSAH" -> "Owusu-Ansah"; other spellings are kept as
    written."""
    return " ".join(_unshouted(p) if p.isupper() and len(p) > 1 else p for p in parts)


def _unshouted(word: str) -> str:
    """A surname written in capitals, each part after a hyphen or an apostrophe capitalised as it is in the
    text a page would write in lower case: « OWUSU-ANSAH », « O'BRIEN »."""
    return "".join(part.capitalize() for part in re.split(r"([-'’])", word))


def name_key(name: str) -> str:
    return " ".join(fold(w) for w in name.replace("’", "'").split())


def normalised_words(text: str) -> list[str]:
    return [t.norm for t in tokenize(text) if t.raw[0].isalnum()]


class PeopleFinder:
    def __init__(self, rules: PeopleRules, place_names: set[str]):
        norm = normalised_words
        self.titles = Lexicon(((t, "title") for t in rules.titles), norm)
        self.speech = Lexicon(((v, "speech") for v in rules.speech_verbs), norm)
        self.known = Lexicon(((v, name) for name, variants in rules.known.items() for v in (name, *variants)), norm)
        self.canonical = {name_key(v): name for name, variants in rules.known.items() for v in (name, *variants)}
        surnames: dict[str, set[str]] = {}
        for name in rules.known:
            surnames.setdefault(fold(name.split()[-1]), set()).add(name)
        self.by_surname = {s: next(iter(n)) for s, n in surnames.items() if len(n) == 1}
        self.particles = frozenset(fold(p) for p in rules.particles)
        self.connectors = frozenset(normalise_word(c) for c in rules.connectors)
        # compared unfolded: the verb "a" must not stop at the preposition "à"
        self.stops = frozenset(unicodedata.normalize("NFC", c).lower() for c in rules.complement_stops)
        self.not_names = frozenset(fold(w) for w in rules.not_names)
        self.address = frozenset(name_key(w.rstrip(".")) for w in chain(rules.forms_of_address, rules.titles)
                                 if len(w.split()) == 1)
        self.forms_of_address = frozenset(name_key(w.rstrip(".")) for w in rules.forms_of_address)
        # forms of more than one word, as the tokenizer reads them: « Tan Sri », « Dato’ Sri », « His Excellency »
        runs: dict[str, list[tuple[str, ...]]] = {}
        for run in sorted({r for w in rules.forms_of_address if len(r := _token_keys(w)) > 1}, key=len, reverse=True):
            runs.setdefault(run[0], []).append(run)
        self.address_runs = runs      # first word -> the runs it starts, longest first
        self.places = place_names
        self.portfolio = frozenset(fold(w) for w in rules.portfolio_words)
        self.one_word_titles = frozenset(normalise_word(t) for t in rules.titles if " " not in t)

    # --- names --------------------------------------------------------------------
    def name_at(self, toks: list[Token], i: int) -> tuple[list[str], int] | None:
        """The capitalised name starting at toks[i] (particles allowed inside), and the index after it."""
        parts: list[str] = []
        j = i
        j = self.after_address(toks, j)
        while j < len(toks) and len(parts) < MAX_NAME_WORDS + 2:
            t = toks[j]
            if parts and t.raw.endswith(("'s", "’s")) and t.raw[:-2].istitle():
                parts.append(t.raw[:-2])  # « Lee Hsien Loong's Attendance »: a possessive ends the name
                j += 1
                break
            if (t.capitalised or parts and in_capitals(t.raw)) and fold(t.raw) not in self.not_names:
                parts.append(t.raw)       # a surname in capitals after the first name: « M. Mamadou Lamine SECK »
            elif parts and _ELIDED_PARTICLE.match(t.raw):
                parts.append(t.raw)       # « Valéry Giscard d'Estaing », « Massimo d'Alema »: it ends the name
                j += 1
                break
            elif parts and _INITIAL.match(t.raw) and j + 1 < len(toks) and toks[j + 1].capitalised:
                parts.append(t.raw)       # a middle initial: « Marty M. Natalegawa », « Voltaire T. Gazmin »
            elif parts and self.particles_then_name(toks, j):
                parts.append(t.raw)       # « de », and « de la » in « Enrique Ybarra de la Peña »
            else:
                break
            j += 1
        while parts and fold(parts[-1]) in self.particles:
            parts.pop()
            j -= 1
        words = self.name_words(parts)
        if not words or len(words) > MAX_NAME_WORDS or all(fold(w) in self.places for w in words):
            return None
        if is_country(" ".join(parts)):
            return None                   # « Côte d'Ivoire »
        return parts, j

    def after_address(self, toks: list[Token], j: int) -> int:
        """The index after the forms of address that start at toks[j] (« Dato’ Sri Haji Kamarulzaman »: 4)."""
        while j < len(toks):
            key = name_key(toks[j].raw.rstrip("."))
            if key in self.address:
                j += 1
                continue
            runs = self.address_runs.get(key)
            if not runs:
                return j
            keys = tuple(name_key(t.raw.rstrip(".")) for t in toks[j:j + len(runs[0])])
            run = next((r for r in runs if keys[:len(r)] == r), None)
            if run is None:
                return j
            j += len(run)
        return j

    def particles_then_name(self, toks: list[Token], j: int) -> bool:
        """Whether toks[j] starts a run of particles (« de », « van den », « de la ») that a name word ends."""
        k = j
        while k < len(toks) and k - j < 3 and fold(toks[k].raw) in self.particles:
            k += 1
        return (j < k < len(toks) and (toks[k].capitalised or in_capitals(toks[k].raw))
                and fold(toks[k].raw) not in self.not_names)     # « Agbeko de la Télévision togolaise »

    def name_words(self, parts: list[str]) -> list[str]:
        """The words of a name that are not particles: « Hamadi Ould Baba Ould Hamadi » has three."""
        return [p for p in parts if fold(p) not in self.particles]

    def person(self, parts: list[str]) -> str | None:
        """A full name, or a known person's surname alone; None for anything else."""
        key = name_key(" ".join(parts))
        if key in self.canonical:
            return self.canonical[key]
        if len(self.name_words(parts)) == 1:
            return self.by_surname.get(fold(parts[-1]))     # « Othmani », « El Othmani »: a surname alone
        return display_name(parts)

    def names_at(self, toks: list[Token], i: int) -> tuple[list[str], int]:
        """The person named at toks[i], and a second one joined by "et" ("Didier Reynders et Frans Timmermans")."""
        hit = self.name_at(toks, i)
        person = self.person(hit[0]) if hit else None
        if not person:
            return [], i
        names, i = [person], hit[1]
        if i + 1 < len(toks) and toks[i].norm in CONJUNCTIONS and toks[i + 1].capitalised:
            more = self.name_at(toks, i + 1)
            if more and (second := self.person(more[0])):
                names.append(second)
                i = more[1]
        return names, i

    # --- patterns -----------------------------------------------------------------
    def kind(self, t: Token) -> str:
        """How a word after a title reads: stop, comma, connector, capital, word or other."""
        if t.raw in _SENTENCE_PUNCT or t.raw.lower() in self.stops:
            return "stop"
        if t.raw == ",":
            return "comma"
        if t.norm in self.connectors or t.raw.endswith(("'", "’")):
            return "connector"
        if t.capitalised or t.raw.isupper():
            return "capital"
        return "word" if t.raw[:1].isalpha() else "other"

    def title_at(self, toks: list[Token], i: int) -> bool:
        found = self.titles.find([t.norm for t in toks[i:i + 3]])
        return bool(found) and found[0].start == 0

    def after_title(self, toks: list[Token], i: int) -> list[str]:
        """Names announced by the title that ends before toks[i].

        Adjectives ("le ministre turc"), a complement ("des Affaires étrangères", "de la
        République de Moldavie") and a comma may sit between title and name. A name is trusted
        right after the title, a lowercase word or a comma; a capital right after "de" is an
        institution, and after ", réunis" the complement is over.
        """
        previous = "title"
        end = min(len(toks), i + MAX_COMPLEMENT_WORDS)
        while i < end:
            t = toks[i]
            kind = self.kind(t)
            if kind == "stop":
                break
            if t.capitalised and previous in ("title", "word", "comma"):
                names, i = self.names_at(toks, i)
                if names:
                    return names
                if previous == "comma":
                    break
                kind = "capital"
            elif kind == "word" and previous == "comma" and not self.title_at(toks, i):
                break
            previous = kind
            i += 1
        return []

    def find(self, text: str) -> list[str]:
        return self.read(text)[0]

    def read(self, text: str) -> tuple[list[str], set[str]]:
        """The people a text names, and the surnames a title introduces alone that no rule could name
        (« Minister Prévot »): find_people looks for their full names elsewhere in the page."""
        found: list[str] = []
        surnames: set[str] = set()
        for sentence in split_sentences(text):
            toks = tokenize(sentence)
            norms = [t.norm for t in toks]
            found += [m.key for m in self.known.find(norms)]
            titles = self.titles.find([self.title_word(n) for n in norms])
            for m in titles:
                names = self.after_title(toks, m.end) or self.after_portfolio(toks, m.end)
                found += names
                if not names and (surname := self.lone_surname(toks, m.end)):
                    surnames.add(surname)
            for m in self.speech.find(norms):     # "« ... », a déclaré Xavier Bettel"
                # only the inversion after a quote: in « Mr Peters said New Zealand had worked... » a clause follows
                if (m.end < len(toks) and toks[m.end].capitalised and m.start > 0
                        and toks[m.start - 1].raw in QUOTE_ENDS):
                    found += self.names_at(toks, m.end)[0]
            if titles:     # an apposition ends in a title, and a sentence without one has none
                found += self.appositions(toks)
        return unique(found), surnames

    def title_word(self, norm: str) -> str:
        """ « ASEAN-Generalsekretär », « UN-Sondergesandter », « ex-ministre »: a compound ending in a one-word
        title reads as that title."""
        if "-" in norm and norm not in self.one_word_titles:
            last = norm.rsplit("-", 1)[1]
            if last in self.one_word_titles:
                return last
        return norm

    def after_portfolio(self, toks: list[Token], i: int) -> list[str]:
        """ « Minister of International Relations and Cooperation Ronald Lamola », « Minister for Foreign
        Affairs Erkki Tuomioja », « Prime Minister of Thailand Prayut Chan-o-cha »: in English the portfolio
        or the country is written in capitals too, and the name is what follows its last word
        (portfolio_words in people.toml, countries.py)."""
        if i >= len(toks) or toks[i].norm not in ("of", "for") or not self.portfolio:
            return []
        j, last_portfolio = i + 1, None
        while j < len(toks) and j - i <= MAX_COMPLEMENT_WORDS:
            t = toks[j]
            # « President of the Republic of Kazakhstan Nursultan Nazarbayev »
            if country := country_length([t.norm for t in toks[j:j + MAX_COUNTRY_WORDS]]):
                last_portfolio = j + country - 1
                j += country
                continue
            if fold(t.raw) in self.portfolio:
                last_portfolio = j
            elif not (t.capitalised or t.norm in self.connectors):
                break
            elif t.capitalised and last_portfolio is not None:
                break
            j += 1
        if last_portfolio is None or last_portfolio + 1 >= len(toks) or not toks[last_portfolio + 1].capitalised:
            return []
        hit = self.name_at(toks, last_portfolio + 1)
        if not hit or len(self.name_words(hit[0])) < 2:
            return []
        person = self.person(hit[0])
        return [person] if person else []

    def lone_surname(self, toks: list[Token], i: int) -> str | None:
        """The one capitalised word right after a title (« Minister Prévot »), when it names nobody known."""
        if i >= len(toks) or not toks[i].capitalised or fold(toks[i].raw) in self.not_names:
            return None
        hit = self.name_at(toks, i)
        if not hit or len(self.name_words(hit[0])) != 1:
            return None
        word = hit[0][-1]
        if fold(word) in self.places or name_key(word) in self.address or self.person(hit[0]):
            return None
        return " ".join(hit[0])

    def full_names(self, text: str, surnames: set[str]) -> list[str]:
        """ « Maxime Prévot » where a title introduced « Prévot » alone: a first name written before a
        surname the page uses for a person."""
        keys = [tuple(fold(w) for w in s.split()) for s in surnames]
        found = []
        for sentence in split_sentences(text):
            toks = tokenize(sentence)
            folded = [fold(t.raw) for t in toks]
            for key in keys:
                for j in range(1, len(toks) - len(key) + 1):
                    if tuple(folded[j:j + len(key)]) != key:
                        continue
                    first = toks[j - 1]
                    if (first.capitalised and folded[j - 1] not in self.not_names
                            and name_key(first.raw) not in self.address and folded[j - 1] not in self.portfolio
                            and folded[j - 1] not in self.places and folded[j - 1] not in self.particles):
                        found.append(display_name([first.raw, *(t.raw for t in toks[j:j + len(key)])]))
        return found

    def appositions(self, toks: list[Token]) -> list[str]:
        """ "Paul Steichen, ambassadeur à Lisbonne": a name, a comma, then a title."""
        found = []
        capitalised = [t.capitalised for t in toks]
        after = 0     # the end of the last name read: a name is looked for where a capitalised run starts
        for i in [i for i, cap in enumerate(capitalised) if cap and (i == 0 or not capitalised[i - 1])]:
            if i < after:
                continue
            hit = self.name_at(toks, i)
            if hit and self.completes_a_title(toks, i):
                hit = None      # « le ministre des Relations Extérieures, M. X »: the title's complement
            if hit and len(hit[0]) >= 2 and hit[1] + 1 < len(toks) and toks[hit[1]].raw == ",":
                j = hit[1] + 1
                if fold(toks[j].raw) in APPOSITION_LEADS:
                    j += 1
                # « …Security Policy, Dr Javier Solana »: a form of address after the comma starts the next name
                if (self.title_at(toks, j) and name_key(toks[j].raw.rstrip(".")) not in self.forms_of_address
                        and (p := self.person(hit[0]))):
                    found.append(p)
            if hit:
                after = hit[1]
        return found

    def completes_a_title(self, toks: list[Token], i: int) -> bool:
        """Whether the capitals at toks[i] follow a title and its connector (« ministre des Relations
        Extérieures »): the title's complement, written with capitals in some countries, not a name."""
        if i == 0 or toks[i - 1].norm not in self.connectors:
            return False
        return any(self.title_at(toks, k) for k in range(max(0, i - 4), i - 1))


def unique(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        key = name_key(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


@lru_cache(maxsize=1)
def default_finder() -> PeopleFinder:
    gaz = gazetteer()
    places = {fold(n) for city, variants in gaz.cities.items() for n in (city, *variants) if " " not in n}
    return PeopleFinder(people_rules(), places)


def find_people(title: str, paragraphs: list[str], finder: PeopleFinder | None = None) -> list[str]:
    """The people of a page. A surname a title introduces alone (« Minister Prévot ») names the person
    whose full name the page gives elsewhere, with or without a title (« Maxime Prévot »)."""
    finder = finder or default_finder()
    found: list[str] = []
    surnames: set[str] = set()
    for part in (title, *paragraphs):
        names, alone = finder.read(part)
        found += names
        surnames |= alone
    known = {fold(name.split()[-1]) for name in found}
    surnames = {s for s in surnames if fold(s.split()[-1]) not in known}
    if surnames:
        found += [p for part in (title, *paragraphs) for p in finder.full_names(part, surnames)]
    return without_shortened(unique(found))


def without_shortened(names: list[str]) -> list[str]:
    """The names without those that end another one found on the page: « Mme Undurraga Pino » after « Javiera
    Undurraga Pino », « M. Gonçalves Leitão » after « João Gonçalves Leitão » name the same person (a double
    surname, or a surname with its particle, repeated without the first name)."""
    keys = [name_key(n).split() for n in names]
    return [name for name, words in zip(names, keys)
            if not any(len(other) > len(words) and other[-len(words):] == words for other in keys)]


def _token_keys(form: str) -> tuple[str, ...]:
    """A form of address as name_at compares it, token by token (« Dato’ Sri » is « dato », « ' », « sri »)."""
    return tuple(name_key(t.raw.rstrip(".")) for t in _chunk_tokens(form))
