"""The query layer's semantics on a small index with known metadata."""
from datetime import date

import pytest

from search_service.search.params import SearchParams
from tests.search_service.conftest import params


def ids(result):
    return [h.id for h in result.hits]


def facet(result, name):
    return {f.value: f.count for f in result.facets[name]}


# --- filters and facets ------------------------------------------------------------------------

def test_values_of_one_facet_are_or_ed(engine):
    result = engine.search(params(filters={"meeting": ["Gymnich", "Assemblée générale des Nations unies"]}))
    assert set(ids(result)) == {"gymnich-2018", "agnu-2019"}


def test_different_facets_are_and_ed(engine):
    result = engine.search(params(filters={"topic": ["Ukraine"], "year": ["2022"]}))
    assert set(ids(result)) == {"cae-2022", "aide-2022"}


def test_facet_counts_are_disjunctive(engine):
    result = engine.search(params(filters={"meeting": ["Gymnich"]}))
    # The selected facet still shows the other meetings' counts, as if it were not filtered...
    assert facet(result, "meeting") == {"Réunion des ministres des Affaires étrangères de l'OTAN": 2,
                                        "Conseil Affaires étrangères (UE)": 2, "Gymnich": 1,
                                        "Assemblée générale des Nations unies": 1}
    # ...while every other facet counts only the Gymnich hits.
    assert facet(result, "year") == {"2018": 1}
    assert facet(result, "topic") == {"Balkans occidentaux": 1, "Élargissement": 1}


def test_multi_valued_topics_count_each_document_once_per_topic(engine):
    counts = facet(engine.search(params(q="")), "topic")
    assert counts["Ukraine"] == 4 and counts["Russie"] == 2 and counts["Sécurité et défense"] == 3


def test_years_are_listed_newest_first_and_other_facets_by_count(engine):
    result = engine.search(params())
    years = [f.value for f in result.facets["year"]]
    assert years == sorted(years, reverse=True)
    counts = [f.count for f in result.facets["person"]]
    assert counts == sorted(counts, reverse=True) and result.facets["person"][0].value == "Jean Asselborn"


def test_date_range_is_inclusive(engine):
    result = engine.search(params(date_from=date(2019, 3, 18), date_to=date(2019, 9, 27)))
    assert set(ids(result)) == {"cae-2019", "agnu-2019"}


def test_unknown_facet_value_matches_nothing(engine):
    assert engine.search(params(filters={"meeting": ["Sommet imaginaire"]})).total == 0


# --- sorting -------------------------------------------------------------------------------------

def test_sort_newest_and_oldest(engine):
    newest = [h.date for h in engine.search(params(q="Ukraine", sort="newest")).hits]
    oldest = [h.date for h in engine.search(params(q="Ukraine", sort="oldest")).hits]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest) and set(newest) == set(oldest)


def test_date_sorted_hits_have_no_score(engine):
    assert all(h.score is None for h in engine.search(params(q="Ukraine", sort="newest")).hits)


# --- matching, synonyms, typos, relaxation ----------------------------------------------------

def test_otan_finds_nato_and_nato_finds_otan(engine):
    assert set(ids(engine.search(params(q="OTAN")))) == {"otan-2017", "nato-2023"}
    assert set(ids(engine.search(params(q="NATO")))) == {"otan-2017", "nato-2023"}


def test_acronym_finds_the_spelled_out_name_and_back(engine):
    assert "agnu-2019" in ids(engine.search(params(q="AGNU")))
    assert "cae-2019" in ids(engine.search(params(q="CAE")))
    assert "cae-2022" in ids(engine.search(params(q="Conseil Affaires étrangères")))
    assert "cae-2022" in ids(engine.search(params(q="Union européenne")))


def test_unknown_word_gets_a_suggestion_and_a_corrected_search(engine):
    result = engine.search(params(q="Stoltenbreg"))
    assert result.corrected and result.suggestion == "Stoltenberg" and ids(result) == ["otan-2017"]


def test_misspelled_name_that_still_matches_gets_a_suggestion_without_correction(engine):
    result = engine.search(params(q="Sécurité Stoltenberg"))
    assert result.suggestion is None and not result.corrected


def test_one_unlucky_word_relaxes_to_documents_matching_most_words(engine):
    result = engine.search(params(q="sanctions Russie embargo"))    # no document says "embargo"
    assert result.relaxed and not result.corrected
    assert ids(result) == ["cae-2022"]                   # two words of three: the document still shows


def test_full_matches_rank_before_partial_ones_then_by_words_matched(engine):
    result = engine.search(params(q="Ukraine Russie sanctions"))
    assert result.relaxed
    assert ids(result)[0] == "cae-2022"                  # all three words
    assert ids(result)[1] == "cae-2019"                  # two of them (Ukraine, Russie)
    assert len(ids(result)) == 2                         # one word of three is not "most of the words"



def test_unreadable_query_falls_back_to_plain_words(engine):
    result = engine.search(params(q='Ukraine AND ( OR "'))
    assert result.total > 0


def test_only_stop_words_browses_everything(engine):
    assert engine.search(params(q="le la les de")).total == engine.search(params()).total


def test_prefix_query_is_folded(engine):
    assert {"reunions-exact", "reunion-stem"} <= set(ids(engine.search(params(q="réun*"))))


def test_exact_form_ranks_above_a_stem_only_match(engine):
    for query, first in (("réunions", "reunions-exact"), ("réunion", "reunion-stem")):
        hits = ids(engine.search(params(q=query, filters={"location": ["Genève"]})))
        assert hits[0] == first and len(hits) == 2


def test_title_field_search(engine):
    assert ids(engine.search(params(q="title:Gymnich"))) == ["gymnich-2018"]


def test_not_and_minus_exclude(engine):
    assert "cae-2022" not in ids(engine.search(params(q="Ukraine -sanctions")))
    assert "cae-2022" not in ids(engine.search(params(q="Ukraine NOT sanctions")))


def test_or_widens(engine):
    assert set(ids(engine.search(params(q="Gymnich OR AGNU")))) == {"gymnich-2018", "agnu-2019"}


# --- highlighting and escaping ---------------------------------------------------------------

def test_snippets_and_titles_are_escaped_except_for_marks(engine):
    hit = engine.search(params(q="sécurité piégé")).hits[0]
    assert hit.id == "xss-2016"
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet and "<img" not in hit.snippet
    assert "<mark>sécurité</mark>" in hit.snippet
    assert hit.title_html.startswith("Communiqué &lt;script&gt;") and "<mark>piégé</mark>" in hit.title_html


def test_snippet_is_built_around_the_matches(engine):
    hit = engine.search(params(q="multilatéralisme")).hits[0]
    assert "<mark>multilatéralisme</mark>" in hit.snippet and len(hit.snippet) <= 400


# --- documents --------------------------------------------------------------------------------

def test_document_has_text_metadata_and_related_items(engine):
    doc = engine.document("cae-2022")
    assert doc.title.startswith("CAE") and "sanctions" in doc.body and doc.meeting == "Conseil Affaires étrangères (UE)"
    assert doc.topics == ["Russie", "Ukraine"] and 0 < len(doc.related) <= 5
    assert "cae-2022" not in [h.id for h in doc.related]


def test_related_communiques_of_an_english_page_share_its_subject_not_its_language(engine):
    doc = engine.document("nato-2023")
    assert doc.related and "otan-2017" == doc.related[0].id, "same meeting, same topic: the French NATO communiqué"
    assert all(set(h.topics) & set(doc.topics) or h.meeting == doc.meeting for h in doc.related)


def test_unknown_document_is_none(engine):
    assert engine.document("../../etc/passwd") is None


def test_all_facets_count_the_whole_index(engine):
    facets = engine.all_facets()
    assert sum(f.count for f in facets["lang"]) == 10


def test_search_params_default_sort_depends_on_the_query():
    from search_service.search.params import parse_search_params
    with_q = parse_search_params({"q": "otan"}.get, lambda k: [])
    without = parse_search_params({}.get, lambda k: [])
    assert with_q.sort == "relevance" and without.sort == "newest" and isinstance(without, SearchParams)


def test_suggestion_is_written_with_the_accents_the_communiques_use(engine):
    result = engine.search(params(q="multilateralsme"))
    assert result.suggestion == "multilatéralisme" and result.corrected and ids(result) == ["agnu-2019"]


def test_capped_prefix_expansions_are_reported(tmp_path):
    from datetime import date as d
    from search_service.search.engine import SearchEngine
    from search_service.search.index_handle import IndexHandle
    from search_service.search.querying import MAX_EXPANSIONS
    from tests.search_service.conftest import communique, write_index
    words = " ".join(f"mot{i:03d}" for i in range(MAX_EXPANSIONS + 30))
    write_index(tmp_path, [communique("a", "Liste de mots", words, d(2020, 1, 1))])
    result = SearchEngine(IndexHandle(str(tmp_path))).search(params(q="mot*"))
    assert result.capped == ["mot"] and result.total == 1


def test_correct_false_searches_the_words_as_typed_but_still_suggests(engine):
    result = engine.search(params(q="Stoltenbreg", correct=False))
    assert result.total == 0 and not result.corrected and result.suggestion == "Stoltenberg"


def test_a_phrase_is_one_concept_and_is_never_relaxed_into_its_halves(engine):
    result = engine.search(params(q='"lutte contre le terrorisme"'))
    assert ids(result) == ["otan-2017"] and not result.relaxed


def test_words_of_a_phrase_are_marked_only_side_by_side():
    from search_service.search.snippets import MatchTerms, snippet
    from search_service.search.querying import parse
    from whoosh.filedb.filestore import RamStorage
    from indexer.schema import SCHEMA
    reader = RamStorage().create_index(SCHEMA).reader()
    terms = MatchTerms.from_query(parse('"Atlantique Nord"', reader).query)
    text = "La Corée du Nord inquiète. Le traité de l’Atlantique Nord a été signé à Washington."
    out = snippet(text, terms)
    assert "<mark>Atlantique Nord</mark>" in out and "du <mark>Nord</mark>" not in out


def test_a_phrase_is_marked_whole_with_its_stop_words(engine):
    hit = engine.search(params(q='"lutte contre le terrorisme"')).hits[0]
    assert "<mark>lutte contre le terrorisme</mark>" in hit.snippet


def test_words_apart_from_their_phrase_neighbour_are_not_joined_into_one_mark():
    from search_service.search.snippets import MatchTerms, highlight
    from search_service.search.querying import parse
    from whoosh.filedb.filestore import RamStorage
    from indexer.schema import SCHEMA
    reader = RamStorage().create_index(SCHEMA).reader()
    terms = MatchTerms.from_query(parse('"aide humanitaire"', reader).query)
    out = highlight("Une aide vraiment humanitaire, puis une aide humanitaire d'urgence.", terms)
    assert out.count("<mark>") == 1 and "<mark>aide humanitaire</mark> d'urgence" in out


# --- French operators ------------------------------------------------------------------------

@pytest.mark.parametrize("french, english", [
    ("titre:Gymnich", "title:Gymnich"),
    ("Gymnich OU AGNU", "Gymnich OR AGNU"),
    ("Ukraine ET sanctions", "Ukraine AND sanctions"),
    ("Russie SAUF sanctions", "Russie NOT sanctions"),
    ("texte:multilatéralisme", "body:multilatéralisme"),
])
def test_french_operators_find_what_their_english_twins_find(engine, french, english):
    found = ids(engine.search(params(q=french)))
    assert found and found == ids(engine.search(params(q=english)))


def test_titre_searches_titles_only(engine):
    assert ids(engine.search(params(q="titre:Gymnich"))) == ["gymnich-2018"]
    assert ids(engine.search(params(q="titre:Balkans"))) == [], "Balkans is in the Gymnich text, not its title"


def test_sauf_excludes_and_lower_case_et_ou_stay_words():
    from search_service.search.operators import to_english_syntax
    assert to_english_syntax("la France et l'Europe ou rien") == "la France et l'Europe ou rien"
    assert to_english_syntax("« Affaires ET étrangères » SAUF OTAN") == '"Affaires ET étrangères" NOT OTAN'
    assert to_english_syntax("OUEST ETAT SAUFS") == "OUEST ETAT SAUFS"


def test_match_terms_mark_a_query_in_any_text_as_snippets_do(engine):
    from search_service.search.snippets import highlight
    terms = engine.match_terms("réunion ministres")
    assert highlight("Les Ministres se sont réunis ; la réunion a duré.", terms) == (
        "Les <mark>Ministres</mark> se sont réunis ; la <mark>réunion</mark> a duré.")


def test_marks_find_words_whatever_their_accents_ligatures_and_capitals(engine):
    from search_service.search.snippets import highlight
    terms = engine.match_terms("oeuvre emirats etats")
    assert highlight("Les Émirats et les États, une œuvre commune ; ŒUVRE d'art.", terms) == (
        "Les <mark>Émirats</mark> et les <mark>États</mark>, une <mark>œuvre</mark> commune ; "
        "<mark>ŒUVRE</mark> d'art.")


def test_a_short_prefix_marks_the_words_it_starts_and_no_other():
    from search_service.search.snippets import MatchTerms, highlight
    out = highlight("L'Europe et les Européens, neutres, ont réussi.", MatchTerms(prefixes={"eu"}))
    assert out == "L'<mark>Europe</mark> et les <mark>Européens</mark>, neutres, ont réussi."


def test_two_fragments_are_joined_by_one_ellipsis():
    from search_service.search.snippets import MatchTerms, snippet
    text = "Jens Stoltenberg a ouvert la réunion. " + "Les ministres ont débattu longuement. " * 12 + "La Géorgie était présente."
    out = snippet(text, MatchTerms(stems={"stoltenberg", "georg"}))
    assert "<mark>Stoltenberg</mark>" in out and "<mark>Géorgie</mark>" in out
    assert "… …" not in out


def test_search_facets_list_at_most_fifty_values_but_keep_the_selected_ones(tmp_path):
    from datetime import date as d
    from search_service.search.engine import FACET_LIMIT, SearchEngine
    from search_service.search.index_handle import IndexHandle
    from tests.search_service.conftest import communique, write_index
    people = [f"Personne Numéro{i:03d}" for i in range(FACET_LIMIT + 20)]
    docs = [communique(f"d{i}", "Entretien", "Un entretien du ministre avec ses homologues.", d(2020, 1, 1),
                       people=people[: i + 1]) for i in range(len(people))]
    write_index(tmp_path, docs)
    engine = SearchEngine(IndexHandle(str(tmp_path)))
    rarest = people[-1]                       # in one document only: last by count
    plain = engine.search(params())
    chosen = engine.search(params(filters={"person": [rarest]}))
    assert len(plain.facets["person"]) == FACET_LIMIT and rarest not in facet(plain, "person")
    assert facet(chosen, "person")[rarest] == 1 and len(chosen.facets["person"]) == FACET_LIMIT + 1
    assert len(engine.all_facets()["person"]) == len(people)


def test_undated_documents_are_searchable_and_sort_last(tmp_path):
    from datetime import date as d
    from search_service.search.engine import SearchEngine
    from search_service.search.index_handle import IndexHandle
    from tests.search_service.conftest import communique, write_index
    write_index(tmp_path, [communique("sans-date", "Entretien", "Un entretien du ministre.", None),
                           communique("dated", "Entretien", "Un entretien du ministre.", d(2019, 5, 2))])
    engine = SearchEngine(IndexHandle(str(tmp_path)))
    for sort in ("newest", "oldest"):
        result = engine.search(params(q="entretien", sort=sort))
        assert ids(result) == ["dated", "sans-date"] and result.hits[1].date is None


def test_typo_suggestions_agree_with_and_without_the_lexicon(engine):
    from search_service.search.spelling import closest_word
    snap = engine.handle.snapshot()
    for typo in ("Stoltenbreg", "multilateralsme", "securte", "Asselborne", "Bruxeles"):
        assert closest_word(snap.reader, typo, snap.lexicon("exact")) == closest_word(snap.reader, typo), typo


def test_a_word_is_known_with_and_without_the_lexicon_alike(engine):
    from search_service.search.spelling import is_known
    snap = engine.handle.snapshot()
    for word in ("Ukraine", "Ukriane", "sécurité", "securte", "Genève", "Geneve", "zzzyxw"):
        assert is_known(snap.reader, word, snap.lexicon("exact")) == is_known(snap.reader, word), word
    assert is_known(snap.reader, "Sécurité", snap.lexicon("exact"))
    assert not is_known(snap.reader, "Ukriane", snap.lexicon("exact"))
