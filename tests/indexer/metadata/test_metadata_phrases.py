"""Phrase lookup over normalised words: optional words, longest match first."""
from indexer.metadata.phrases import Lexicon, expand_optional
from indexer.metadata.text import words


def test_bracketed_words_are_optional():
    assert sorted(expand_optional("Conseil [des] affaires étrangères [de l'UE]")) == [
        "Conseil affaires étrangères", "Conseil affaires étrangères de l'UE",
        "Conseil des affaires étrangères", "Conseil des affaires étrangères de l'UE"]


def test_longest_phrase_wins_and_matches_do_not_overlap():
    lexicon = Lexicon([("Conseil de sécurité", "short"), ("Conseil de sécurité des Nations unies", "long"),
                       ("Nations unies", "un")], words)
    found = lexicon.find(words("Le Conseil de sécurité des Nations unies et les Nations unies"))
    assert [m.key for m in found] == ["long", "un"]


def test_matching_ignores_case_accents_elision_and_french_quotes():
    lexicon = Lexicon([("Conseil « Affaires étrangères »", "cae")], words)
    assert [m.key for m in lexicon.find(words("au conseil affaires etrangeres"))] == ["cae"]
    assert [m.key for m in lexicon.find(words("au Conseil « Affaires étrangères »"))] == ["cae"]
