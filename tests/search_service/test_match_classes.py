"""Match classes: every hit says how it matched; totals, facets, pages and ordering follow the classes.

Only documents containing every concept of the query are results: `total`, the facets (and so the
timeline) count them alone; documents containing most concepts are listed after them as `partial`.
"""
from datetime import date

import pytest

from search_service.search.match_classes import ALL_ONLY, MatchClass, MatchTotals
from tests.search_service.conftest import params


def classes(result):
    return [(h.id, h.match) for h in result.hits]


def facet(result, name):
    return {f.value: f.count for f in result.facets[name]}


# --- the small index ------------------------------------------------------------------------------

def test_every_hit_of_a_plain_search_matches_all_concepts(engine):
    result = engine.search(params(q="Ukraine"))
    assert result.hits and all(h.match is MatchClass.ALL for h in result.hits)
    assert result.totals == MatchTotals(all=result.total, partial=0, meaning=0)


def test_partial_matches_are_listed_after_all_matches_labelled_and_not_counted_in_total(engine):
    result = engine.search(params(q="Ukraine Russie sanctions"))
    assert classes(result) == [("cae-2022", MatchClass.ALL), ("cae-2019", MatchClass.PARTIAL)]
    assert result.total == 1 and result.totals == MatchTotals(all=1, partial=1, meaning=0)
    assert result.pages == 1 and result.relaxed


def test_a_search_with_no_all_match_reports_a_zero_total_and_its_partial_matches(engine):
    result = engine.search(params(q="sanctions Russie embargo"))      # no document says "embargo"
    assert classes(result) == [("cae-2022", MatchClass.PARTIAL)]
    assert result.total == 0 and result.totals.partial == 1


def test_facets_count_all_matches_only(engine):
    result = engine.search(params(q="Ukraine Russie sanctions"))
    assert facet(result, "year") == {"2022": 1}                     # cae-2019, a partial match, is not counted
    assert facet(result, "meeting") == {"Conseil Affaires étrangères (UE)": 1}
    nothing = engine.search(params(q="sanctions Russie embargo"))
    assert all(not counts for counts in nothing.facets.values())


def test_a_partial_match_never_outranks_an_all_match_whatever_the_sort(engine):
    # cae-2019 (partial) is older than cae-2022 (all): sorted oldest first, it still comes second.
    for sort in ("relevance", "newest", "oldest"):
        result = engine.search(params(q="Ukraine Russie sanctions", sort=sort))
        assert [h.match for h in result.hits] == [MatchClass.ALL, MatchClass.PARTIAL], sort


def test_pages_walk_through_all_and_partial_matches(engine):
    first = engine.search(params(q="Ukraine Russie sanctions", per_page=1))
    second = engine.search(params(q="Ukraine Russie sanctions", per_page=1, page=2))
    assert first.pages == second.pages == 2 and first.total == second.total == 1
    assert classes(first) + classes(second) == [("cae-2022", MatchClass.ALL), ("cae-2019", MatchClass.PARTIAL)]


def test_listing_all_matches_only_keeps_the_counts_of_every_class(engine):
    result = engine.search(params(q="Ukraine Russie sanctions", listed=ALL_ONLY))
    assert classes(result) == [("cae-2022", MatchClass.ALL)]
    assert result.totals == MatchTotals(all=1, partial=1, meaning=0) and result.pages == 1


def test_filters_apply_to_partial_matches_too(engine):
    result = engine.search(params(q="Ukraine Russie sanctions", date_to=date(2020, 1, 1)))
    assert classes(result) == [("cae-2019", MatchClass.PARTIAL)] and result.total == 0


def test_a_spelling_corrected_word_counts_as_its_concept(engine):
    result = engine.search(params(q="Stoltenbreg sécurité"))
    assert result.corrected and result.total == 1 and classes(result)[0] == ("otan-2017", MatchClass.ALL)


def test_a_synonym_group_counts_as_one_concept(engine):
    # "NATO" is OTAN | NATO | Alliance atlantique: the French page matches it without saying NATO.
    result = engine.search(params(q="NATO ministres"))
    assert ("otan-2017", MatchClass.ALL) in classes(result)


def test_a_partial_hit_says_which_concepts_it_lacks_in_the_words_typed(engine):
    result = engine.search(params(q="Ukraine Russie sanctions"))
    assert [(h.match, h.missing) for h in result.hits] == [(MatchClass.ALL, []), (MatchClass.PARTIAL, ["sanctions"])]
    lacking = engine.search(params(q="sanctions Russie embargo")).hits[0]
    assert lacking.missing == ["embargo"]


def test_a_partial_hit_lacking_a_synonym_group_names_the_form_typed(engine):
    result = engine.search(params(q="NATO Ukraine Russie"))       # no document has all three
    assert result.total == 0
    missing = {h.id: h.missing for h in result.hits}
    assert missing["nato-2023"] == ["Russie"] and missing["cae-2019"] == missing["cae-2022"] == ["NATO"]


def test_the_json_of_a_hit_and_a_result_carries_the_classes(engine):
    data = engine.search(params(q="Ukraine Russie sanctions")).to_json()
    assert [h["match"] for h in data["hits"]] == ["all", "partial"]
    assert data["total"] == 1 and data["totals"] == {"all": 1, "partial": 1, "meaning": 0}


# --- the bundled corpus, through the API ----------------------------------------------------------

def search(client, **query):
    response = client.get("/api/search", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_asselborn_maroc_counts_the_one_page_with_both_words_and_labels_the_rest(corpus_client):
    data = search(corpus_client, q="asselborn maroc", per_page=100)
    assert data["total"] == 1 == data["totals"]["all"]
    assert data["hits"][0]["id"] == "legacy/2023/visite-de-travail-rabat.htm" and data["hits"][0]["match"] == "all"
    assert {h["match"] for h in data["hits"][1:]} == {"partial"}
    assert len(data["hits"]) == 1 + data["totals"]["partial"]
    for name in ("year", "lang", "location"):
        assert sum(f["count"] for f in data["facets"][name]) == 1, name


@pytest.mark.parametrize("q", ["Coupe du monde de football au Qatar", "asselborn Groenland pêche"])
def test_a_question_the_archive_cannot_answer_has_a_zero_total(corpus_client, q):
    data = search(corpus_client, q=q)
    assert data["total"] == 0 and all(h["match"] != "all" for h in data["hits"])
    assert all(not values for values in data["facets"].values())
