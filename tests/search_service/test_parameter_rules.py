"""Parameter rules that hostile query strings found loose (issue 21, defect 10): ASCII digits only, the
parameter limit counts pairs, and a repeated single-valued parameter means its first value everywhere."""
from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup


@pytest.mark.parametrize("query, parameter", [
    ({"page": "٣"}, "page"), ({"per_page": "１０"}, "per_page"), ({"year": "٢٠١٧"}, "year"),
    ({"from": "٢٠١٧-01-01"}, "from"), ({"to": "2017-０1-01"}, "to"), ({"page": "߃"}, "page"),
])
def test_digits_of_other_scripts_are_refused_with_a_400(corpus_client, query, parameter):
    response = corpus_client.get("/api/search", query_string=query)
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_the_parameter_limit_counts_pairs_not_distinct_names(corpus_client):
    limit = corpus_client.application.config["MAX_PARAMS"]
    many = "&".join(["q=otan"] * (limit + 1))
    response = corpus_client.get("/api/search?" + many)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "too_many_parameters"
    assert corpus_client.get("/api/search?" + "&".join(["q=otan"] * limit)).status_code == 200


def test_a_repeated_query_means_its_first_value_on_the_api_the_page_and_the_export(corpus_client):
    api = corpus_client.get("/api/search?q=&q=otan").get_json()
    everything = corpus_client.get("/api/search").get_json()["total"]
    assert api["query"]["q"] == "" and api["total"] == everything
    export = corpus_client.get("/search.csv?q=&q=otan")
    assert int(export.headers["X-Total-Count"]) == everything
    assert len(list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))) - 1 == everything
    page = BeautifulSoup(corpus_client.get("/?q=&q=otan").data, "html.parser")
    assert page.find("input", {"name": "q"}).get("value", "") == ""
    assert corpus_client.get("/api/search?q=otan&q=").get_json()["total"] == \
        corpus_client.get("/api/search?q=otan").get_json()["total"]


def test_repeated_facet_values_are_still_or_ed(corpus_client):
    both = corpus_client.get("/api/search?year=2017&year=2019").get_json()["total"]
    one = corpus_client.get("/api/search?year=2017").get_json()["total"]
    other = corpus_client.get("/api/search?year=2019").get_json()["total"]
    assert both == one + other > 0
    page = BeautifulSoup(corpus_client.get("/?year=2017&year=2019").data, "html.parser").get_text(" ", strip=True)
    assert "2017" in page and "2019" in page
