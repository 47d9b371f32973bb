"""The generator's bit of French grammar: elision, contraction, agreement."""
from __future__ import annotations

from datetime import date

from benchmarks import french


def test_articles_elide_before_a_vowel_or_a_mute_h():
    assert french.definite("accord", False, False) == "l’accord"
    assert french.definite("hébergement", False, False) == "l’hébergement"
    assert french.definite("sécurité", True, False) == "la sécurité"
    assert french.elide("que", "il") == "qu’il" and french.elide("de", "intensifier") == "d’intensifier"


def test_de_and_a_contract_with_the_article():
    assert french.with_de("le dialogue") == "du dialogue"
    assert french.with_de("les réformes") == "des réformes"
    assert french.with_de("l’Union") == "de l’Union"
    assert french.with_a("le sommet de l’OTAN") == "au sommet de l’OTAN"
    assert french.with_a("les Alliés") == "aux Alliés"
    assert french.with_a("la réunion") == "à la réunion"


def test_plurals_and_adjective_agreement():
    assert french.plural_noun("partenariat") == "partenariats"
    assert french.plural_noun("travail") == "travaux"
    assert french.plural_noun("processus") == "processus"
    assert french.adjective_forms("international/internationale") == ("international", "internationale",
                                                                      "internationaux", "internationales")
    assert french.adjective_forms("politique") == ("politique", "politique", "politiques", "politiques")


def test_verbs_and_dates():
    assert french.verb_forms("souligner") == ("souligner", "souligne", "soulignent", "souligné")
    assert french.verb_forms("prendre:prend:prennent:pris")[3] == "pris"
    assert french.long_date(date(2016, 3, 1)) == "1er mars 2016"
    assert french.long_date(date(2017, 12, 7)) == "7 décembre 2017"
