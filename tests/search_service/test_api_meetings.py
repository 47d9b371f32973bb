"""GET /api/meetings and /api/meetings/<id>: the sittings of meetings and their communiqués."""
from urllib.parse import quote

SEED_OCCURRENCE = "reunion-des-ministres-des-affaires-etrangeres-de-l-otan-2017-12-05"
SEED_LABEL = "Réunion des ministres des Affaires étrangères de l'OTAN, Bruxelles, 5–6 décembre 2017"
SEED_DOC = "cms/2017/12-decembre/06-asselborn-otan-bruxelles.html"


def test_the_seed_communique_belongs_to_the_nato_ministerial_of_december_2017(corpus_client):
    doc = corpus_client.get("/api/documents/" + quote(SEED_DOC, safe="")).get_json()
    assert doc["occurrence"] == {"id": SEED_OCCURRENCE, "label": SEED_LABEL, "start": "2017-12-05",
                                 "end": "2017-12-06", "place": "Bruxelles"}
    occurrence = corpus_client.get(f"/api/meetings/{SEED_OCCURRENCE}").get_json()
    assert occurrence["label"] == SEED_LABEL
    assert occurrence["meeting"] == "Réunion des ministres des Affaires étrangères de l'OTAN"
    assert SEED_DOC in [d["id"] for d in occurrence["documents"]]


def test_occurrences_are_listed_newest_first_and_filtered(corpus_client):
    everything = corpus_client.get("/api/meetings").get_json()
    starts = [o["start"] for o in everything["occurrences"]]
    assert everything["total"] == len(starts) > 10 and starts == sorted(starts, reverse=True)
    nato = corpus_client.get("/api/meetings", query_string={
        "meeting": "Réunion des ministres des Affaires étrangères de l'OTAN", "year": "2017"}).get_json()
    assert [o["id"] for o in nato["occurrences"]] == [SEED_OCCURRENCE]
    assert nato["occurrences"][0]["documents"] >= 1
    words = corpus_client.get("/api/meetings", query_string={"q": "otan bruxelles"}).get_json()
    assert words["total"] >= 2 and all("Bruxelles" in o["label"] and "OTAN" in o["label"] for o in words["occurrences"])


def test_every_hit_carries_its_occurrence_or_null(corpus_client):
    hits = corpus_client.get("/api/search", query_string={"per_page": 100}).get_json()["hits"]
    assert {h["occurrence"] is None for h in hits} == {True, False}
    for hit in hits:
        assert (hit["occurrence"] is None) == (hit["meeting"] is None)


def test_bad_meeting_parameters_are_400s_and_unknown_ids_404s(corpus_client):
    bad = corpus_client.get("/api/meetings?year=deux-mille")
    assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "year"
    assert corpus_client.get("/api/meetings?q=" + "x" * 300).status_code == 400
    missing = corpus_client.get("/api/meetings/reunion-inconnue-1999-01-01")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
