"""The weighted, normalised view of a communiqué that every metadata rule reads."""
from indexer.metadata.text import (BODY_WEIGHT, LEAD_REST_WEIGHT, LEAD_WEIGHT, SECOND_WEIGHT, TITLE_WEIGHT, Text,
                                   strip_dateline, words)


def test_words_are_folded_and_stripped_of_elision_and_quotes():
    assert words("Le Conseil « Affaires étrangères » de l’OTAN à Brüssel") == [
        "le", "conseil", "affaires", "etrangeres", "de", "otan", "a", "brussel"]


def test_clause_punctuation_is_kept_to_bound_context_windows():
    assert words("Bruxelles, le 5 décembre ; puis Vienne") == ["bruxelles", ",", "le", "5", "decembre", ";", "puis", "vienne"]


def test_ministry_dateline_is_dropped_but_the_rest_of_the_paragraph_kept():
    assert strip_dateline("Luxembourg, le 11 juin 2014") == ""
    assert strip_dateline("New York, le 27 septembre 2019 – Le ministre achève sa visite.") == "Le ministre achève sa visite."
    assert strip_dateline("Publié le 12 mars 2024 – Ministère des Affaires étrangères et européennes") == ""
    assert strip_dateline("5 septembre 2014") == ""
    assert strip_dateline("19/09/2014") == ""


def test_a_sentence_that_starts_with_a_place_is_not_a_dateline():
    text = "Bruxelles, où se trouve le siège de l'OTAN, a accueilli les ministres."
    assert strip_dateline(text) == text


def test_title_and_lead_weigh_more_than_later_paragraphs():
    text = Text("Jean Asselborn à Bruxelles", [
        "Luxembourg, le 3 décembre 2014",
        "Le ministre a participé à la réunion. Il a rencontré ses homologues.",
        "Les ministres ont ensuite évoqué l'Ukraine.",
        "Le prochain Conseil se tiendra à Vienne.",
    ])
    assert [s.weight for s in text.sentences] == [TITLE_WEIGHT, LEAD_WEIGHT, LEAD_REST_WEIGHT, SECOND_WEIGHT, BODY_WEIGHT]
    assert [s.paragraph for s in text.sentences] == [-1, 0, 0, 1, 2]


def test_abbreviated_monsieur_does_not_end_a_sentence():
    text = Text("Titre", ["M. Asselborn a reçu son homologue. Ils ont parlé de la Libye."])
    assert [s.text for s in text.sentences[1:]] == ["M. Asselborn a reçu son homologue.", "Ils ont parlé de la Libye."]


def test_context_windows_stay_within_the_sentence_and_clause():
    text = Text("Titre", ["Le ministre, présent à Bruxelles, a participé au sommet qui se tiendra demain."])
    start = text.tokens.index("sommet")
    assert text.before(start, 3) == ["a", "participe", "au"]
    assert text.after(start + 1, 4) == ["qui", "se", "tiendra", "demain"]
    assert "titre" not in text.before(text.tokens.index("ministre"), 10, stop_at_clause=False)


def test_a_caption_left_in_the_text_is_not_the_lead():
    from indexer.metadata.text import LEAD_WEIGHT, Text
    text = Text("Summit", ["Leaders pose for the family photo at the Palais des Congrès",
                           "The heads of state met on Friday in Ouagadougou and adopted a declaration."])
    caption, lead = text.sentences[1], text.sentences[2]
    assert lead.weight == LEAD_WEIGHT and caption.weight < LEAD_WEIGHT


def test_a_caption_ending_in_a_parenthesis_is_not_the_lead():
    from indexer.metadata.text import LEAD_WEIGHT, Text
    text = Text("Summit", ["Deminers at work near the border (file photo)",
                           "The ministers met on Friday and adopted a plan to clear the remaining minefields."])
    assert text.sentences[2].weight == LEAD_WEIGHT and text.sentences[1].weight < LEAD_WEIGHT
