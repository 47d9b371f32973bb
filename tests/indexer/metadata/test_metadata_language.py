"""Language from function-word counts; the page's lang attribute is only a hint."""
import itertools

from indexer.metadata.language import FUNCTION_WORDS, detect_language

FRENCH = "Le ministre des Affaires étrangères a participé à la réunion qui s'est tenue à Bruxelles avec ses homologues."
ENGLISH = "The Minister of Foreign Affairs took part in the meeting that was held in Brussels with his counterparts."
GERMAN = "Der Minister hat am Treffen der Außenminister in Brüssel teilgenommen und mit seinen Amtskollegen gesprochen."


def test_the_text_decides_over_a_wrong_page_attribute():
    assert detect_language(GERMAN, hint="fr") == "de"
    assert detect_language(ENGLISH, hint="fr") == "en"
    assert detect_language(FRENCH, hint="en") == "fr"


def test_without_a_hint_french_english_and_german_are_told_apart():
    assert [detect_language(t) for t in (FRENCH, ENGLISH, GERMAN)] == ["fr", "en", "de"]


def test_too_short_a_text_falls_back_to_the_hint_then_to_french():
    assert detect_language("Gymnich 2020", hint="de") == "de"
    assert detect_language("Gymnich 2020") == "fr"


def test_no_function_word_belongs_to_two_languages():
    for (a, wa), (b, wb) in itertools.combinations(FUNCTION_WORDS.items(), 2):
        assert not wa & wb, f"{a}/{b} share {sorted(wa & wb)}"
