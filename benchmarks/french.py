"""Just enough French grammar to make generated sentences read like a communiqué.

Articles agree with the noun and elide before a vowel (l’accord, d’une, qu’il),
"de le" and "à le" contract (du, au), adjectives agree in gender and number.
"""
from __future__ import annotations

APOSTROPHE = "’"
_VOWEL_START = set("aeiouyàâäéèêëîïôöûüœæhAEIOUYÀÂÉÈÊÎÔÛŒÆH")
_INVARIABLE_PLURAL = ("s", "x", "z")
_IRREGULAR_PLURALS = {"travail": "travaux", "festival": "festivals", "cessez-le-feu": "cessez-le-feu",
                      "savoir-faire": "savoir-faire"}
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def starts_with_vowel(word: str) -> bool:
    return bool(word) and word[0] in _VOWEL_START


def elide(short: str, following: str) -> str:
    """"le" + "accord" -> "l’accord"; "que" + "il" -> "qu’il"; otherwise a plain space."""
    if starts_with_vowel(following) and short in ("le", "la", "de", "que", "ne", "se", "Le", "La", "De", "Que"):
        return short[:-1] + APOSTROPHE + following
    return f"{short} {following}"


def plural_noun(noun: str) -> str:
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if noun.endswith(_INVARIABLE_PLURAL) or "-" in noun:
        return noun
    if noun.endswith("al"):
        return noun[:-2] + "aux"
    if noun.endswith(("eau", "eu")):
        return noun + "x"
    return noun + "s"


def adjective_forms(spec: str) -> tuple[str, str, str, str]:
    """(masc. sing., fem. sing., masc. plur., fem. plur.) from "politique" or "nouveau/nouvelle"."""
    masc, _, fem = spec.partition("/")
    fem = fem or masc
    if masc.endswith(_INVARIABLE_PLURAL):
        masc_pl = masc
    elif masc.endswith("al"):
        masc_pl = masc[:-2] + "aux"
    elif masc.endswith("eau"):
        masc_pl = masc + "x"
    else:
        masc_pl = masc + "s"
    fem_pl = fem if fem.endswith("s") else fem + "s"
    return masc, fem, masc_pl, fem_pl


def verb_forms(spec: str) -> tuple[str, str, str, str]:
    """(infinitive, 3rd sing., 3rd plur., past participle) of "souligner" or "prendre:prend:prennent:pris"."""
    parts = spec.split(":")
    if len(parts) == 4:
        return parts[0], parts[1], parts[2], parts[3]
    inf = parts[0]
    stem = inf[:-2]      # the lists hold regular -er verbs only when no forms are given
    return inf, stem + "e", stem + "ent", stem + "é"


def definite(noun: str, feminine: bool, plural: bool) -> str:
    if plural:
        return "les " + noun
    return elide("la" if feminine else "le", noun)


def indefinite(noun: str, feminine: bool, plural: bool) -> str:
    if plural:
        return "des " + noun
    return ("une " if feminine else "un ") + noun


def with_de(phrase: str) -> str:
    """"de" before a phrase that starts with an article: du, des, de la, de l’, d’une."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return elide("de", phrase)


def with_a(phrase: str) -> str:
    """"à" before a phrase that starts with an article: au, aux, à la, à l’."""
    if phrase.startswith("le "):
        return "au " + phrase[3:]
    if phrase.startswith("les "):
        return "aux " + phrase[4:]
    return "à " + phrase


def day_text(day: int) -> str:
    return "1er" if day == 1 else str(day)


def long_date(d) -> str:
    """"7 décembre 2017", "1er mars 2016"."""
    return f"{day_text(d.day)} {MONTHS[d.month - 1]} {d.year}"


def capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
