"""The interface speaks French: facet names, language names, dates, counts and error messages."""
from __future__ import annotations

import re
from datetime import date

from search_service.search.match_classes import MatchClass
from search_service.search.params import MAX_FILTER_VALUES, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, ParameterError

FACET_LABELS = {
    "meeting": "Réunion",
    "topic": "Thème",
    "year": "Année",
    "location": "Lieu",
    "person": "Personne",
    "lang": "Langue",
}
LANGUAGES = {
    "fr": "français", "en": "anglais", "de": "allemand", "lb": "luxembourgeois", "nl": "néerlandais",
    "it": "italien", "es": "espagnol", "pt": "portugais", "ru": "russe", "uk": "ukrainien", "zh": "chinois",
    "ja": "japonais", "ko": "coréen", "ar": "arabe", "he": "hébreu", "el": "grec", "hy": "arménien",
    "ka": "géorgien", "th": "thaï", "und": "indéterminée",
}
MATCH_HEADINGS = {       # headings of the hits that are not results proper, listed after them
    MatchClass.PARTIAL: "Correspondances partielles",
    MatchClass.MEANING: "Communiqués proches par le sens",
}
MATCH_LABELS = {         # the label each such hit carries
    MatchClass.PARTIAL: "Correspondance partielle",
    MatchClass.MEANING: "Proche par le sens : ne contient pas ces mots",
}
NO_ALL_MATCH = "Aucun communiqué ne contient tous ces mots"
SORT_LABELS = {"relevance": "Pertinence", "newest": "Plus récents", "oldest": "Plus anciens"}
MODE_LABELS = {"keyword": "mots exacts", "hybrid": "mots et sens"}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
PARAMETER_LABELS = {
    "q": "la recherche", "from": "la date de début", "to": "la date de fin", "sort": "le tri",
    "page": "le numéro de page", "per_page": "le nombre de résultats par page",
}


_SIGNED_INTEGER = re.compile(r"\s*[-+]\s*\d+\s*|\s*\d+\s*")
# The tooltip of a metadata link on the document page (the value itself is the link's text).
FILTER_LINK_TITLES = {
    "meeting": "Tous les communiqués de cette réunion",
    "topic": "Tous les communiqués sur ce thème",
    "location": "Tous les communiqués de ce lieu",
    "person": "Tous les communiqués qui citent cette personne",
    "year": "Tous les communiqués de cette année",
    "lang": "Tous les communiqués dans cette langue",
}


def facet_value_label(facet: str, value: str) -> str:
    if facet == "lang":
        return LANGUAGES.get(value, value)
    return value


def long_date(iso: str | None) -> str:
    """'2023-04-01' -> '1er avril 2023'; unreadable or missing dates say so."""
    if not iso:
        return "date inconnue"
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def short_date(iso: str) -> str:
    """'2023-04-01' -> '01/04/2023', for chips."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def count_label(n: int, singular: str = "communiqué", plural: str = "communiqués") -> str:
    if n == 0:
        return f"Aucun {singular}"
    return f"{n:,}".replace(",", "\u202f") + " " + (singular if n == 1 else plural)


def error_message(exc: ParameterError, value: str | None = None) -> str:
    """A French sentence for a rejected parameter (the query layer's messages are for API clients)."""
    if exc.code == "invalid_integer" and value and _SIGNED_INTEGER.fullmatch(value):
        exc = ParameterError("out_of_range", exc.message, exc.parameter)   # "-1" is a whole number: say which range it missed
    sentence = _error_sentence(exc)
    if value and exc.code != "query_too_long":
        shown = value if len(value) <= 40 else value[:40] + "…"
        sentence += f" Valeur reçue : «\u00a0{shown}\u00a0»."
    return sentence


def _error_sentence(exc: ParameterError) -> str:
    what = PARAMETER_LABELS.get(exc.parameter or "", None)
    if exc.parameter in FACET_LABELS:
        what = f"le filtre «\u00a0{FACET_LABELS[exc.parameter]}\u00a0»"
    what = what or "un paramètre"
    messages = {
        "query_too_long": f"La recherche dépasse {MAX_QUERY_CHARS} caractères : raccourcissez-la.",
        "invalid_range": "La date de fin est antérieure à la date de début.",
        "invalid_date": f"Pour {what}, indiquez une date réelle au format AAAA-MM-JJ.",
        "invalid_sort": "Ce tri n'existe pas : choisissez pertinence, plus récents ou plus anciens.",
        "invalid_mode": "Ce mode de recherche n'existe pas : choisissez « mots exacts » ou « mots et sens ».",
        "invalid_integer": f"Pour {what}, indiquez un nombre entier.",
        "out_of_range": (f"Le numéro de page doit être compris entre 1 et {MAX_PAGE}." if exc.parameter == "page"
                         else f"Le nombre de résultats par page doit être compris entre 1 et {MAX_PER_PAGE}."),
        "invalid_year": "Une année s'écrit avec quatre chiffres.",
        "invalid_value": f"Une valeur choisie pour {what} est trop longue.",
        "too_many_values": f"Au plus {MAX_FILTER_VALUES} valeurs peuvent être choisies pour {what}.",
    }
    return messages.get(exc.code, f"La valeur donnée pour {what} n'est pas valide.")


def entity_id(name: str) -> str:
    """The id of a person's or a place's page (/personnes/<id>, /lieux/<id>): a slug of its canonical name."""
    from search_service.search.entities import entity_slug
    return entity_slug(name)
