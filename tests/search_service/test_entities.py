"""People and places as pages: /api/people/<id>, /api/places/<id>, /personnes/<id>, /lieux/<id>."""
from urllib.parse import quote

SEED_DOC = "cms/2017/12-decembre/06-asselborn-otan-bruxelles.html"


def test_a_person_has_a_timeline_meetings_and_companions(corpus_client):
    person = corpus_client.get("/api/people/jens-stoltenberg").get_json()
    assert (person["kind"], person["name"]) == ("person", "Jens Stoltenberg")
    everything = corpus_client.get("/api/search", query_string={"person": "Jens Stoltenberg"}).get_json()
    assert person["total"] == everything["total"] == len(person["documents"])
    dates = [d["date"] for d in person["documents"]]
    assert dates == sorted(dates)
    assert SEED_DOC in [d["id"] for d in person["documents"]]
    assert any(m["label"].startswith("Réunion des ministres des Affaires étrangères de l'OTAN, Bruxelles, 5–6 décembre 2017")
               for m in person["meetings"])
    companions = [p["name"] for p in person["people"]]
    assert companions[0] == "Jean Asselborn" and "Jens Stoltenberg" not in companions
    counts = [p["count"] for p in person["people"]]
    assert counts == sorted(counts, reverse=True)


def test_a_place_lists_the_communiques_that_happened_there(corpus_client):
    place = corpus_client.get("/api/places/bruxelles").get_json()
    assert place["name"] == "Bruxelles" and place["total"] >= 5
    assert all(d["location"] == "Bruxelles" for d in place["documents"])
    assert all(m["place"] in ("Bruxelles", None) for m in place["meetings"])


def test_unknown_entities_are_404s(corpus_client):
    assert corpus_client.get("/api/people/personne-inconnue").status_code == 404
    assert corpus_client.get("/api/places/atlantide").status_code == 404
    assert corpus_client.get("/personnes/personne-inconnue").status_code == 404


def test_entity_pages_render_and_the_document_page_links_to_them(corpus_client):
    html = corpus_client.get("/personnes/jens-stoltenberg").get_data(as_text=True)
    assert "<h1 id=\"entite-titre\">Jens Stoltenberg</h1>" in html
    assert 'href="/personnes/jean-asselborn"' in html and 'href="/reunions/' in html
    assert corpus_client.get("/lieux/bruxelles").status_code == 200
    doc = corpus_client.get("/documents/" + quote(SEED_DOC, safe="")).get_data(as_text=True)
    assert 'href="/personnes/jens-stoltenberg"' in doc and 'href="/lieux/bruxelles"' in doc
