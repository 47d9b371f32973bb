"""The French analysis chain, pinned with real French sentences."""
import pytest

from indexer.analysis import EXACT, FRENCH, analyze

# Words of communiqués as journalists type them: with and without accents, in capitals, in the plural.
ACCENT_PAIRS = [
    ("sécurité", "securite"), ("réunion", "reunion"), ("ministère", "ministere"), ("européenne", "europeenne"),
    ("étrangères", "etrangeres"), ("Géorgie", "georgie"), ("coopération", "cooperation"), ("défense", "defense"),
    ("réfugiés", "refugies"), ("développement", "developpement"), ("délégation", "delegation"),
    ("intégrité", "integrite"), ("souveraineté", "souverainete"), ("stabilité", "stabilite"),
    ("député", "depute"), ("président", "president"), ("présidence", "presidence"), ("élargissement", "elargissement"),
    ("économique", "economique"), ("énergie", "energie"), ("Israël", "israel"), ("Égypte", "egypte"),
    ("Moyen-Orient", "moyen-orient"), ("résolution", "resolution"), ("négociations", "negociations"),
    ("accès", "acces"), ("préoccupation", "preoccupation"), ("générale", "generale"), ("humanitaire", "humanitaire"),
    ("Conseil européen", "conseil europeen"), ("œuvre", "oeuvre"), ("cœur", "coeur"), ("Noël", "noel"),
    ("réfugié", "REFUGIE"), ("Sécurités", "SÉCURITÉ"), ("fédération", "federation"), ("entraîner", "entrainer"),
    ("Bâle", "bale"), ("Tchéquie", "tchequie"), ("Séoul", "seoul"),
]


@pytest.mark.parametrize("accented, plain", ACCENT_PAIRS)
def test_words_typed_with_or_without_accents_meet(accented, plain):
    assert analyze(accented) == analyze(plain)


def test_at_least_thirty_common_words_are_checked():
    assert len(ACCENT_PAIRS) >= 30


def test_folding_happens_before_stemming_so_unaccented_stems_match():
    # Stemming first would give "secur" for "sécurité" but "securit" for "securite".
    assert analyze("sécurité") == analyze("securite") == analyze("Sécurités") == analyze("SÉCURITÉ")


def test_plural_finds_singular():
    assert analyze("Les réunions ministérielles") == analyze("la réunion ministérielle")


@pytest.mark.parametrize("sentence, expected", [
    ("l’OTAN", ["otan"]), ("l'OTAN", ["otan"]), ("d’Europe", ["europ"]), ("qu'il", []),
    ("jusqu’à Bruxelles", ["bruxel"]), ("lorsqu’elle", []), ("puisqu'il", []), ("quoiqu’on", []),
    ("s'est", []), ("c'est", []), ("n’a", []), ("j’ai", []), ("m’a", []), ("t'es", []),
])
def test_elisions_with_straight_and_curly_apostrophes_are_removed(sentence, expected):
    assert analyze(sentence) == expected


def test_otan_finds_l_otan_in_a_sentence():
    assert "otan" in analyze("Le ministre a participé à la réunion des ministres des Affaires étrangères de l’OTAN.")


def test_hyphenated_compounds_match_each_part():
    terms = analyze("le renforcement de la coopération OTAN-UE et la Commission OTAN-Géorgie")
    assert {"otan", "ue", "georg"} <= set(terms)


def test_numbers_and_acronyms_are_kept():
    terms = analyze("la résolution 1325 du CSNU adoptée en 2000 par l'ONU")
    assert {"1325", "csnu", "2000", "onu"} <= set(terms)


def test_french_stop_words_are_dropped_but_not_english_ones():
    terms = analyze("le ministre et la ministre de la défense, l'an dernier")
    assert "le" not in terms and "la" not in terms and "de" not in terms and "et" not in terms
    assert "an" in terms     # "l'an" is a word in French; Whoosh's stock French analyzer drops it as English


def test_ligatures_fold_so_oeuvre_finds_oeuvre_with_ligature():
    assert analyze("la mise en œuvre") == analyze("la mise en oeuvre")


def test_decomposed_accents_are_normalised_before_tokenizing():
    decomposed = "se\u0301curite\u0301"     # "sécurité" typed with combining accents
    assert analyze(decomposed) == analyze("sécurité")


def test_exact_analyzer_folds_without_stemming():
    assert analyze("Les réunions de l’OTAN", EXACT) == ["reunions", "otan"]


def test_character_offsets_point_into_the_original_text():
    text = "Réunion de l’OTAN à Bruxelles"
    tokens = [(t.text, text[t.startchar:t.endchar]) for t in FRENCH(text, chars=True)]
    assert ("otan", "l’OTAN") in tokens or ("otan", "OTAN") in tokens
    assert ("bruxel", "Bruxelles") in tokens


def test_one_pass_document_analysis_gives_the_terms_of_each_field_analyzer():
    from collections import Counter

    from indexer.analysis import PAIRS, analyze_document
    title = "Réunion des ministres des Affaires étrangères de l’OTAN à Bruxelles"
    body = ("Le ministre a participé à la réunion des ministres de l'OTAN, qui s’est tenue les 5 et 6 décembre 2017. "
            "La mise en œuvre de la déclaration OTAN-UE et la lutte contre le terrorisme ont été évoquées.")
    terms = analyze_document(title, body)
    assert terms.title == Counter(analyze(title)) and terms.body == Counter(analyze(body))
    assert terms.exact == Counter(analyze(title, EXACT) + analyze(body, EXACT))
    assert terms.pairs == Counter(analyze(title, PAIRS) + analyze(body, PAIRS))


SENTENCES = [
    "Le ministre des Affaires étrangères et européennes, Jean Asselborn, a participé à la réunion de l’OTAN.",
    "Jusqu’à présent, l'Union européenne n’a pas réagi ; c’est pourquoi qu’il faut œuvrer à la paix.",
    "Les réfugiés ukrainiens reçoivent une aide humanitaire d'urgence depuis le 24 février 2022.",
    "Aujourd’hui, OTAN-UE : coopération renforcée, Jean-Claude Juncker et Ban Ki-moon s'expriment.",
    "se\u0301curite\u0301 des Alliés et l’an dernier, l'ÉTÉ 2019",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_fast_word_and_stem_paths_equal_the_analyzers(sentence):
    from indexer.analysis import stems, words
    assert words(sentence) == analyze(sentence, EXACT)
    assert stems(sentence) == analyze(sentence)


def test_a_server_sized_word_cache_stays_within_its_size_and_analyses_the_same():
    from indexer import analysis
    title, body = SENTENCES[0], " ".join(SENTENCES[1:])
    before = analysis.analyze_document(title, body)
    try:
        analysis.size_word_caches(50)
        analysis.stems(" ".join(f"Négociation{i} sécurisée{i}" for i in range(300)))
        assert [info.currsize for info in analysis.FRENCH_ANALYSIS.cache_info().values()] == [50] * 3
        assert analysis.analyze_document(title, body) == before
        assert analysis.fold("Œuvre") == "oeuvre"
    finally:
        analysis.size_word_caches(analysis.INDEXING_CACHE_ENTRIES)


def test_an_analysis_object_sizes_its_own_caches_without_touching_the_shared_one():
    from indexer.analysis import FRENCH_ANALYSIS, STOPWORDS, FrenchAnalysis
    shared = {step: info.maxsize for step, info in FRENCH_ANALYSIS.cache_info().items()}
    small = FrenchAnalysis(STOPWORDS, cache_entries=10)
    assert small.stems("Les ministres de l’Union européenne ont adopté des sanctions") == \
        FRENCH_ANALYSIS.stems("Les ministres de l’Union européenne ont adopté des sanctions")
    assert {info.maxsize for info in small.cache_info().values()} == {10}
    assert {step: info.maxsize for step, info in FRENCH_ANALYSIS.cache_info().items()} == shared
