"""/reunions/<id>: one sitting of a meeting as a short timeline, linked from its communiqués and the facet."""
from urllib.parse import quote

SEED_OCCURRENCE = "reunion-des-ministres-des-affaires-etrangeres-de-l-otan-2017-12-05"
SEED_DOC = "cms/2017/12-decembre/06-asselborn-otan-bruxelles.html"


def test_the_occurrence_page_lists_its_communiques_as_a_timeline(corpus_client):
    page = corpus_client.get(f"/reunions/{SEED_OCCURRENCE}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Réunion des ministres des Affaires étrangères de l&#39;OTAN, Bruxelles, 5–6 décembre 2017" in html
    assert f'href="/documents/{SEED_DOC}"' in html
    assert '<time datetime="2017-12-06">6 décembre 2017</time> · pendant' in html


def test_a_communique_links_to_its_occurrence(corpus_client):
    html = corpus_client.get("/documents/" + quote(SEED_DOC, safe="")).get_data(as_text=True)
    assert f'href="/reunions/{SEED_OCCURRENCE}"' in html


def test_search_hits_and_the_meeting_facet_link_to_occurrences(corpus_client):
    html = corpus_client.get("/?q=OTAN").get_data(as_text=True)
    assert 'class="meeting" href="/reunions/' in html
    assert 'class="sittings" href="/reunions?meeting=' in html


def test_the_list_of_sittings_filters_by_meeting_and_refuses_a_bad_year(corpus_client):
    html = corpus_client.get("/reunions?meeting=Gymnich").get_data(as_text=True)
    assert html.count('href="/reunions/gymnich-') >= 3
    assert "Sommet de l&#39;OTAN" not in html
    assert corpus_client.get("/reunions?year=deux").status_code == 400


def test_an_unknown_occurrence_is_a_404_page(corpus_client):
    assert corpus_client.get("/reunions/reunion-inconnue-1999-01-01").status_code == 404
