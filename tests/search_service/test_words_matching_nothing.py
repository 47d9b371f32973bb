"""Words that match no term match nothing; a negation alone negates; synonyms are excluded with their word
(issue 21, defect 6). Over the bundled corpus, through the API."""
from __future__ import annotations

import pytest


def search(client, q: str) -> dict:
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 200, response.data
    return response.get_json()


def ids(client, q: str, per_page: int = 100) -> set[str]:
    data = client.get("/api/search", query_string={"q": q, "per_page": per_page}).get_json()
    return {hit["id"] for hit in data["hits"]}


@pytest.mark.parametrize("q", ["zzzzq*", "xqzw~1", "🇪🇺*", "\u200b*", "zzzzq* OR xqzw~1", "title:zzzzq*"])
def test_a_prefix_wildcard_or_fuzzy_word_with_no_term_matches_nothing(corpus_client, q):
    data = search(corpus_client, q)
    assert data["total"] == 0 and data["hits"] == []
    assert data["capped"] == []


def test_a_known_word_beside_one_that_matches_nothing_is_relaxed_not_alone(corpus_client):
    alone = search(corpus_client, "otan")
    both = search(corpus_client, "otan zzzzq*")
    assert both["relaxed"] is True
    assert both["total"] == 0                          # no document holds both concepts
    assert both["totals"]["partial"] == alone["total"]
    assert not alone["relaxed"]


def test_a_lone_star_still_browses_everything(corpus_client):
    assert search(corpus_client, "*")["total"] == search(corpus_client, "")["total"] == 66


def test_a_negation_alone_negates_like_not(corpus_client):
    everything = ids(corpus_client, "")
    nato = ids(corpus_client, "otan")
    assert 0 < len(nato) < len(everything)
    assert ids(corpus_client, "-otan") == ids(corpus_client, "NOT otan") == everything - nato
    assert ids(corpus_client, "-otan -ukraine") == ids(corpus_client, "NOT otan NOT ukraine")


def test_excluding_a_word_excludes_its_synonyms(corpus_client):
    assert search(corpus_client, "otan -otan")["total"] == 0
    assert search(corpus_client, "NATO -OTAN")["total"] == 0
    assert search(corpus_client, "otan -nato")["total"] == 0
    assert ids(corpus_client, "ukraine -otan") == ids(corpus_client, "ukraine NOT otan")
    assert not ids(corpus_client, "ukraine -otan") & ids(corpus_client, "nato")


def test_a_hyphenated_compound_is_not_a_negation(corpus_client):
    assert search(corpus_client, "OTAN-UE")["total"] > 0
