"""Meetings the taxonomy does not list, recognised from how communiqués name them.

An archive spans hundreds of kinds of meeting; meetings.toml cannot list them all.
Communiqués name a meeting the same way whatever it is: a head word (« Sommet »,
« Conférence », « Assemblée », « Réunion ministérielle »...) and what qualifies it:
an organisation (« de l'OCDE », « UE-CELAC »), a body or a treaty (« des États
parties au Statut de Rome »), a subject after an organisation or a city (« de
Munich sur la sécurité »). Two readers find them:

- FormationReader: a configuration of the Council of the EU, and the part it met
  in (« Conseil Affaires étrangères – Commerce », « Conseil JAI »), from the list in
  meetings.toml ([[formation]]). Its labels are canonical, not discovered.
- NameReader: any other head + qualifier, written with capitals the way names are.
  The label is rebuilt from the words so that the same meeting written several ways
  gets one label: ordinals fall before the head, « annuel » is dropped, organisations
  are written one way ([organisations]: « l'Organisation internationale de la
  Francophonie » and « l'OIF » are « la Francophonie »), a capital inside a name
  (« États Parties », « Nations Unies ») is lowered, a trailing acronym in
  parentheses is left out. Such labels are "discovered": `python -m indexer meetings`
  lists them so an editor can promote them into meetings.toml.

Whether a name found this way is the meeting the communiqué reports on is decided as
for listed meetings (meetings.py): where it sits, the reporting, announcing and
recalling words around it, job titles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.analysis import fold
from indexer.metadata.phrases import Lexicon
from indexer.metadata.taxonomy import Discovery, Formation
from indexer.metadata.text import CLAUSE_MARKS, Text, is_shouted, sentence_words, words


@dataclass(frozen=True)
class NamedMeeting:
    label: str
    start: int           # token index in the Text
    end: int
    discovered: bool     # made up from the text, not from meetings.toml


# --- Council formations --------------------------------------------------------------

# Words that may sit between « Conseil » and the formation's name, and between the name and its part.
BEFORE_NAME = frozenset("des de la ue union europeenne dans sa en formation configuration".split())
BEFORE_PART = frozenset("dans sa en formation configuration volet".split())
MAX_FILLER = 6


class FormationReader:
    def __init__(self, formations: tuple[Formation, ...]):
        self.formations = formations
        self.names = Lexicon(((alias, str(i)) for i, f in enumerate(formations) for alias in f.aliases), _plain_words)
        self.parts = [Lexicon(((p, p) for p in f.parts), _plain_words) for f in formations]

    def find(self, text: Text) -> list[NamedMeeting]:
        if not self.formations or "conseil" not in text.vocabulary:
            return []
        # Clause marks (« – », « ( ») separate a formation from its part as often as not: read without them.
        where = [i for i, t in enumerate(text.tokens) if t not in CLAUSE_MARKS]
        toks = [text.tokens[i] for i in where]
        found = []
        free = 0
        for i, t in enumerate(toks):
            if t != "conseil" or i < free:
                continue
            j, name = self._skip_to(toks, i + 1, BEFORE_NAME, self.names)
            if name is None:
                continue
            formation = self.formations[int(name.key)]
            end = name.end
            end = self._skip_alias(toks, end, formation)
            k, part = self._skip_to(toks, end, BEFORE_PART, self.parts[int(name.key)])
            if part is not None:
                end = self._skip_alias(toks, part.end, formation)
            found.append(NamedMeeting(formation.label(part.key if part else None), where[i], where[end - 1] + 1, False))
            free = end
        return found

    @staticmethod
    def _skip_to(toks, start, filler, lexicon):
        j = start
        while j < len(toks) and j - start <= MAX_FILLER:
            match = lexicon.find(toks, j, min(len(toks), j + 8))
            if match and match[0].start == j:
                return j, match[0]
            if toks[j] not in filler:
                break
            j += 1
        return j, None

    def _skip_alias(self, toks, end, formation):
        """ "Conseil Justice et affaires intérieures (JAI)": the acronym after the name is part of the name."""
        match = self.names.find(toks, end, min(len(toks), end + 8))
        if match and match[0].start == end and self.formations[int(match[0].key)] is formation:
            return match[0].end
        return end


def _plain_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in CLAUSE_MARKS]


# --- Other meetings, from their names --------------------------------------------------

_JOINING_DASH = re.compile(r"(?<=\w)–(?=[A-ZÀ-Ý])")
NUMBERED = re.compile(r"^\d+(?:\+\d+)+$")    # « Dialogue 5+5 », « 5+5 Dialogue »: a number that is part of a name
# « 5+5 » is one token
_TOKEN = re.compile(r"(?:[dlDL]|[qQ]u)['’](?=\w)|\w[\w-]*(?:\+\w+)*|[^\s\w]")
FUNCTION = frozenset("""de du des d' la le les l' à au aux sur contre pour un une et ou en qui que dont a est ont sont
    sera seront se s' par avec dans entre lors ce cette ces son sa ses leur leurs notre nos votre il elle ils elles
    y ne pas plus très tout tous toute toutes où afin après avant depuis pendant vers chez sans sous hier demain
    aujourd matin soir lundi mardi mercredi jeudi vendredi samedi dimanche également aussi notamment ainsi""".split())
PEOPLE = frozenset("chefs chef ministres ministre dirigeants représentants responsables délégations".split())
CONTRACTED = {"du": "le", "des": "les", "au": "le", "aux": "les"}
LINK_OF = frozenset(["de", "du", "des", "d'"])
LINK_TO = frozenset(["à", "au", "aux"])
LINK_ABOUT = frozenset(["sur", "contre", "pour"])
ARTICLES = frozenset(["la", "le", "les", "l'"])
MAX_MODIFIERS = 2
MAX_NP_WORDS = 4
# « une réunion du format dit du « Triangle de Weimar » »: words that introduce a name, not part of it.
NAMING = frozenset(["format", "dit", "dite", "dits", "dites", "appelé", "appelée", "baptisé", "baptisée"])
OPEN_QUOTES = frozenset(["«", '"', "“"])
CLOSE_QUOTES = frozenset(["»", '"', "”"])
ORDINAL = re.compile(r"^(?:\d+(?:e|er|ère|ème)|[IVXLC]+e|[a-zé]+ième|premier|première)$", re.I)


def is_capital(word: str) -> bool:
    return word[:1].isalpha() and word[:1].isupper()


def is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or (is_capital(word) and any(c.isdigit() for c in word))


def _is_modifier(word: str) -> bool:
    """ « ministérielle », « régional », « européennes »: a lowercase adjective after the head."""
    return (word[:1].isalpha() and word[:1].islower() and len(word) > 2 and word not in FUNCTION
            and not word.endswith(("ant", "ent", "ait", "é", "ée", "és", "ées")) or word in ("européennes", "européen"))


@dataclass
class _Part:
    link: tuple[str, ...]        # « de », « de la », « sur les », or () for a name right after the head
    words: tuple[str, ...]
    capital: bool                # holds a name (a capital or an acronym), or is an organisation
    organisation: bool = False
    confirmed: bool = False
    skipped: int = 0             # words between the link and the name that the label leaves out (NAMING, a quote)


class NameReader:
    def __init__(self, discovery: Discovery, cities: frozenset[str], cue_words: frozenset[str] = frozenset()):
        self.rules = discovery
        self.heads = {fold(h): h for h in discovery.heads}
        self.wrappers = frozenset(fold(w) for w in discovery.wrappers)
        self.cue_words = cue_words     # « réunie », « tenu », « prochain »: say what happened, never part of a name
        self.dropped = frozenset(fold(w) for w in discovery.dropped_words)
        self.not_meetings = frozenset(_key(n) for n in discovery.not_meetings)
        self.cities = cities
        entries = []
        for canonical, others in discovery.organisations.items():
            entries += [(name, canonical) for name in (canonical, *others)]
        self.organisations = Lexicon(entries, _org_words)
        self.summit_participants = sorted((tuple(_org_words(p)) for p in discovery.summit_participants),
                                          key=len, reverse=True)

    def find(self, text: Text) -> list[NamedMeeting]:
        found = []
        if self.heads.keys().isdisjoint(text.vocabulary):
            return found
        for sentence in text.sentences:
            if self.heads.keys().isdisjoint(text.sentence_tokens(sentence)) or is_shouted(sentence.text):
                continue
            # « l’Organisation » is « l'Organisation »: one apostrophe for the rules (same length, same offsets)
            # « Sommet Afrique–Amérique du Sud »: an en dash between two names joins them as a hyphen does (same
            # length, same offsets)
            plain = _JOINING_DASH.sub("-", sentence.text.replace("’", "'"))
            spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(plain)]
            toks = [s[2] for s in spans]
            folded = [_fold_token(t) for t in toks]
            i = 0
            while i < len(spans):
                named = self._read(toks, folded, i) if folded[i] in self.heads else None
                if named is None:
                    named = self._named_before(toks, folded, i, found)
                if named is None:
                    i += 1
                    continue
                label, last = named
                start_char, end_char = spans[i][0], spans[last][1]
                found.append(NamedMeeting(label, sentence.start + tokens_before(sentence.text, start_char),
                                          sentence.start + tokens_before(sentence.text, end_char), True))
                i = last + 1
        return found

    def _read(self, toks: list[str], folded: list[str], h: int) -> tuple[str, int] | None:
        """(label, index of its last token) of the meeting named from the head at toks[h], or None."""
        head = self.heads[folded[h]]
        p = h + 1
        modifiers = []
        if self._wraps(toks, p):
            return None         # « session du Conseil des droits de l'homme »: read from the inner head
        proper = is_capital(toks[h]) and h > 0 and toks[h - 1] not in ".!?«\"" and toks[h - 1][:1].islower()
        while p < len(toks) and len(modifiers) < MAX_MODIFIERS and self._modifier(toks[p]):
            modifiers.append(toks[p])
            p += 1
        summit = self._summit_participants(folded, p)
        if summit:
            head, p = self.rules.summit_head, p + summit
        parts: list[_Part] = []
        last = p - 1
        acronym = False
        about = False            # inside « sur la sécurité », « contre Daech »...
        while p < len(toks) and sum(len(x.words) + len(x.link) for x in parts) < self.rules.max_words:
            w = toks[p]
            if (not parts and is_capital(w) and fold(w) not in self.heads
                    and (is_acronym(w) or w.casefold() not in self.cities)):
                q, np = self._noun_phrase(toks, p)
                parts.append(_Part((), np, True, confirmed=True))
                last, p = q - 1, q
                continue
            lw = w.lower()
            if lw == "et" and about:
                # « sur le commerce et le développement »: what it is about goes on after « et »
                q = p + 1 + (p + 1 < len(toks) and toks[p + 1] in ARTICLES)
                if q < len(toks) and toks[q][:1].isalpha() and toks[q][:1].islower() and toks[q] not in FUNCTION:
                    r, np = self._lower_phrase(toks, q)
                    parts.append(_Part(tuple(toks[p:q]), np, False, confirmed=parts[-1].confirmed))
                    last, p = r - 1, r
                    continue
                break
            if lw == "en" and about and p + 1 < len(toks) and is_capital(toks[p + 1]):
                # « sur la sécurité et la coopération en Europe »: where the subject lies, still its name
                r, np = self._noun_phrase(toks, p + 1)
                parts.append(_Part((lw,), np, True))
                last, p = r - 1, r
                continue
            if lw in LINK_OF or lw in LINK_TO or lw in LINK_ABOUT:
                organisation = self._organisation(folded, p + 1, CONTRACTED.get(lw))
                if organisation is not None and self._name_goes_on(toks, p + 1, organisation[1]):
                    organisation = None
                if organisation is not None and lw not in LINK_ABOUT:
                    canonical, q = organisation
                    parts.append(_Part((lw,), (canonical,), True, organisation=True))
                    last, p = q - 1, q
                    about = False
                    continue
                q = p + 1
                link = [lw]
                if q < len(toks) and toks[q] in ARTICLES:
                    link.append(toks[q])
                    q += 1
                q, skipped = _skip_naming(toks, q)
                if skipped:
                    link = [lw] if len(link) == 1 else link
                if q >= len(toks):
                    break
                if lw == "à" and len(link) == 1 and not (about and toks[q][:1].islower()):
                    break            # « à Marrakech »: where it met, not part of the name
                nxt = toks[q]
                if is_capital(nxt):
                    r, np = self._noun_phrase(toks, q)
                    # « des chefs d'État », « des ministres de l'Intérieur »: who met, not which meeting
                    describes = bool(parts) and parts[-1].words[0].lower() in PEOPLE
                    parts.append(_Part(tuple(link), np, not describes, skipped=skipped))
                    last, p = r - 1, r
                    about = lw in LINK_ABOUT
                    continue
                if nxt[:1].isalpha() and nxt not in FUNCTION and (lw not in LINK_TO or about):
                    r, np = self._lower_phrase(toks, q)
                    named = any(is_capital(w) for w in np)      # « du fleuve Mano »
                    confirmed = (lw in LINK_ABOUT or about or named) and any(x.capital for x in parts)
                    parts.append(_Part(tuple(link), np, named, confirmed=confirmed))
                    # what it is about goes on after « et » whether or not a name has confirmed it yet: a name
                    # further on (« … en Europe ») or a capitalised head confirms the whole of it
                    about = about or lw in LINK_ABOUT
                    last, p = r - 1, r
                    continue
                break
            if w in CLOSE_QUOTES and any(x.skipped for x in parts):
                last, p = p, p + 1          # the end of a quoted name
                continue
            if w == "(" and p + 2 < len(toks) and is_acronym(toks[p + 1]) and toks[p + 2] == ")":
                acronym = True
                last = p + 2
            break
        # A part holding a name confirms the lowercase parts before it (« des droits de l'homme des Nations unies »);
        # a head written with a capital inside a sentence is a name already (« l'Assemblée mondiale de la santé »).
        if proper:
            for part in parts[:2]:
                part.confirmed = True
            if parts[:1] and not parts[0].capital:
                parts[0].capital = True
        for n, part in enumerate(parts):
            if part.capital:
                for earlier in parts[:n + 1]:
                    earlier.confirmed = True
        if acronym:
            for part in parts:
                part.confirmed = True
        kept = []
        for part in parts:
            if not part.confirmed:
                break
            kept.append(part)
        if not any(p.capital for p in kept) and not (acronym and kept):
            return None
        if len(kept) == 1 and not kept[0].organisation and " ".join(kept[0].words).casefold() in self.cities:
            return None      # « Sommet de Vilnius »: a place, not what the meeting is
        # the tokens the kept parts end at (the acronym in parentheses is kept in the span)
        end = h + len(modifiers) + summit
        for part in kept:
            end = self._span_end(toks, folded, end + 1, part)
        if acronym and len(kept) == len(parts):
            end = last
            kept = _named_by_acronym(kept, toks[last - 1])
        # « Conférence sur la sécurité de Munich » is « Conférence de Munich sur la sécurité »
        cities = [p for n, p in enumerate(kept) if p.link == ("de",) and " ".join(p.words).casefold() in self.cities
                  and any(x.link[:1] and x.link[0] in LINK_ABOUT for x in kept[:n])]
        kept_in_order = cities[:1] + [p for p in kept if p is not (cities[0] if cities else None)]
        label = self._label(head, modifiers, kept_in_order)
        if _key(label) in self.not_meetings:
            return None
        return label, end

    def _named_before(self, toks: list[str], folded: list[str], h: int, found: list[NamedMeeting]):
        """ « la réunion ministérielle du Conseil, qui s'est tenue à Rovaniemi » after « le Conseil de
        l'Arctique »: a capitalised head alone, after its article, is the name the communiqué gave that head
        last (label, index of the head), or None."""
        if folded[h] not in self.heads or not is_capital(toks[h]) or h == 0:
            return None
        if toks[h - 1].lower() not in ARTICLES and toks[h - 1].lower() not in ("du", "au"):
            return None
        if h + 1 < len(toks) and (is_capital(toks[h + 1]) or toks[h + 1].lower() in LINK_OF):
            return None      # a name follows, which _read did not take: not the short form of an earlier one
        head = self.heads[folded[h]]
        for earlier in reversed(found):
            if earlier.label.startswith(head + " "):
                return earlier.label, h
        return None

    def _name_goes_on(self, toks: list[str], start: int, end: int) -> bool:
        """Whether an organisation named by one word after its article (« l'Union », listed as « l'UE ») is
        only the start of a longer name: « l'Union interparlementaire », « l'Union économique et monétaire
        ouest-africaine »."""
        named = [t for t in toks[start:end] if t.lower() not in ARTICLES and t.lower() not in LINK_OF]
        if len(named) != 1 or end >= len(toks):
            return False
        if self._modifier(toks[end]) or (is_capital(toks[end]) and toks[end][1:2].islower()):
            return True     # « l'Union interparlementaire », « l'Union Economique et Monétaire Ouest Africaine »
        # « l'Union du Maghreb arabe », « l'Union pour la Méditerranée », « l'Union du fleuve Mano »: a link, then
        # a capitalised name (after a common noun or two); « l'Alliance pour le multilatéralisme »: « pour » names
        # what an alliance or a union is for (« sur » says what a meeting is about: « l'Union sur la migration »)
        q = end + 1 if toks[end].lower() in LINK_OF or toks[end].lower() in LINK_ABOUT else end
        q += q < len(toks) and q > end and toks[q].lower() in ARTICLES
        if toks[end].lower() == "pour" and q < len(toks) and toks[q][:1].islower() and toks[q] not in FUNCTION:
            return True
        nouns = 0
        while end < q < len(toks) and nouns < 2 and toks[q][:1].islower() and toks[q] not in FUNCTION:
            q, nouns = q + 1, nouns + 1
        return end < q < len(toks) and is_capital(toks[q])

    def _summit_participants(self, folded: list[str], p: int) -> int:
        """How many tokens at p say that heads of state or government meet (« des chefs d'État et de
        gouvernement »), 0 when they do not."""
        for phrase in self.summit_participants:
            if tuple(folded[p:p + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def _modifier(self, word: str) -> bool:
        return _is_modifier(word) and fold(word) not in self.cue_words

    def _wraps(self, toks, p: int) -> bool:
        """ « session du Conseil... », « réunion de la Conférence... »: a wrapper word, then another head."""
        if fold(toks[p - 1]) not in self.wrappers:
            return False
        q = p
        while q < len(toks) and q - p < 3 and (toks[q].lower() in LINK_OF or toks[q].lower() in ARTICLES
                                               or self._modifier(toks[q])):
            q += 1
        return q > p and q < len(toks) and fold(toks[q]) in self.heads

    def _span_end(self, toks, folded, p: int, part: _Part) -> int:
        """Index of the last token of `part`, which starts at p (its link) in toks."""
        if part.organisation:
            organisation = self._organisation(folded, p + 1, CONTRACTED.get(toks[p].lower()))
            return organisation[1] - 1 if organisation else p
        return p + len(part.link) + len(part.words) - 1

    def _organisation(self, folded: list[str], q: int, article: str | None = None):
        """(canonical name, index after it) when an organisation's name, with its article, starts at q.

        After « du », « des », « au », « aux » the article is in the link: `article` puts it back."""
        folded = folded[q:q + 12]
        if article:
            match = self.organisations.find([article, *folded], 0, len(folded) + 1)
            if match and match[0].start == 0:
                return match[0].key, q + match[0].end - 1
        match = self.organisations.find(folded, 0, len(folded))
        if match and match[0].start == 0:
            return match[0].key, q + match[0].end
        return None

    def _noun_phrase(self, toks, q: int) -> tuple[int, tuple[str, ...]]:
        """Capitalised words and the adjectives after them: « Nations unies », « Communauté politique européenne »."""
        np = [toks[q]]
        r = q + 1
        while r < len(toks) and len(np) < MAX_NP_WORDS:
            w = toks[r]
            if (is_capital(w) and fold(w) not in self.heads) or self._modifier(w) or NUMBERED.match(w):
                np.append(w)
                r += 1
            else:
                break
        return r, tuple(np)

    def _lower_phrase(self, toks, q: int) -> tuple[int, tuple[str, ...]]:
        np = [toks[q]]
        r = q + 1
        while r < len(toks) and len(np) < 3 and self._modifier(toks[r]):
            np.append(toks[r])
            r += 1
        # « les pays les moins avancés », « les pays les plus touchés »
        if (r + 2 < len(toks) and toks[r] == "les" and toks[r + 1] in ("moins", "plus")
                and toks[r + 2][:1].isalpha() and toks[r + 2][:1].islower()):
            np += toks[r:r + 3]
            r += 3
        # « du fleuve Mano », « du lac Tchad »: a common noun whose name follows
        while r < len(toks) and len(np) < MAX_NP_WORDS and is_capital(toks[r]) and fold(toks[r]) not in self.heads:
            np.append(toks[r])
            r += 1
        return r, tuple(np)

    def _label(self, head: str, modifiers: list[str], parts: list[_Part]) -> str:
        out = [head] + [m.lower() for m in modifiers if fold(m) not in self.dropped]
        for part in parts:
            if part.organisation:
                out.append(join_link(part.link[0], part.words[0]))
                continue
            link = " ".join(part.link).replace("' ", "'")
            link = _contract(link)
            # « Conseil des Ministres de l'UEMOA » is « Conseil des ministres de l'UEMOA »: who meets is no name
            text = " ".join(w.lower() if w.casefold() in PEOPLE else w for w in _case(part.words))
            out.append(f"{link}{'' if link.endswith(chr(39)) or not link else ' '}{text}")
        return " ".join(out).replace("' ", "'")


def _named_by_acronym(parts: list[_Part], acronym: str) -> list[_Part]:
    """The parts with the organisation an acronym in parentheses spells written as that acronym: « Sommet
    de la Communauté économique des États de l'Afrique centrale (CEEAC) » is « Sommet de la CEEAC », as
    other communiqués name it. The acronym must spell the initials of the words it stands for (« des États »,
    « de l'Afrique centrale » included, small words left out); an English one (« (SADC) » after « Communauté
    de développement de l'Afrique australe ») leaves the name as written."""
    wanted = fold(acronym)
    for n, first in enumerate(parts):
        if not first.link or first.organisation or not first.capital:
            continue
        words_ = [w for part in parts[n:] for word in part.words for w in re.split(r"[-'’]", word)]
        initials = "".join(w[0] for w in words_ if w and w.lower() not in FUNCTION)
        if fold(initials) == wanted:
            return parts[:n] + [_Part(first.link, (acronym,), True, confirmed=True)]
    return parts


def _skip_naming(toks: list[str], q: int) -> tuple[int, int]:
    """(where the name starts, words skipped) past « format dit du », « dit de », an opening quote:
    « la réunion du format dit du « Triangle de Weimar » » names the Triangle de Weimar's meeting."""
    start = q
    if q < len(toks) and toks[q].lower() in NAMING:
        while q < len(toks) and toks[q].lower() in NAMING:
            q += 1
        if q < len(toks) and toks[q].lower() in LINK_OF:
            q += 1
            if q < len(toks) and toks[q] in ARTICLES:
                q += 1
        else:
            return start, 0
    if q + 1 < len(toks) and toks[q] in OPEN_QUOTES and is_capital(toks[q + 1]):
        q += 1
    return q, q - start


def _contract(link: str) -> str:
    return {"de le": "du", "de les": "des", "à le": "au", "à les": "aux", "d'": "d'", "de l'": "de l'"}.get(link, link)


def bare_name(canonical: str) -> str:
    """An organisation's canonical name without its article: « l'UE » -> « UE », « la CELAC » -> « CELAC »."""
    return canonical.split("'", 1)[1] if canonical.startswith("l'") else canonical.split(" ", 1)[-1]


def join_link(link: str, canonical: str) -> str:
    """ « de » + « les Nations unies » -> « des Nations unies »; « de » + « l'OCDE » -> « de l'OCDE »."""
    article, _, rest = canonical.partition(" ")
    if canonical.startswith(("l'", "l’")):
        return f"{'de' if link in LINK_OF else link} {canonical}"
    joined = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux",
              ("au", "le"): "au", ("aux", "les"): "aux", ("du", "le"): "du", ("des", "les"): "des"}
    base = "de" if link in LINK_OF else link
    if (base, article) in joined:
        return f"{joined[(base, article)]} {rest}"
    return f"{base} {canonical}"


def _case(words_: tuple[str, ...]) -> list[str]:
    """A capital after a capitalised word of the same name is lowered: « États Parties » -> « États parties »;
    not after an acronym or a number, where it is a name of its own: « G5 Sahel »."""
    out = []
    for n, w in enumerate(words_):
        if n and is_capital(words_[n - 1]) and not is_acronym(words_[n - 1]) and is_capital(w) and not is_acronym(w):
            w = w[:1].lower() + w[1:]
        out.append(w)
    return out


def _fold_token(token: str) -> str:
    """ « l’ » -> « l », « Organisation » -> « organisation »: how organisation names are compared."""
    return fold(token).rstrip("'’") if token.endswith(("'", "’")) else fold(token)


def _org_words(text: str) -> list[str]:
    return [_fold_token(t) for t in _TOKEN.findall(text) if t not in ",()"]


def _key(label: str) -> str:
    return " ".join(words(label))


def tokens_before(sentence: str, char: int) -> int:
    """How many Text tokens the sentence holds before `char` (an elided « l' » joins the next word)."""
    n = len(sentence_words(sentence[:char]))
    if char and sentence[char - 1] in "'’":
        n -= 1
    return n
