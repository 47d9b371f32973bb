"""The document page: cleaned text, metadata, original link and related communiqués."""
from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from flask import url_for

from search_service import create_app
from search_service.ui.french import long_date


def test_document_page_shows_title_metadata_text_and_original_link(small_client, get_page):
    soup = get_page(small_client, "/documents/cae-2019")
    assert soup.h1.get_text() == "Conseil Affaires étrangères à Bruxelles"
    meta = {dt.get_text(): " ".join(dd.get_text().split()) for dt, dd in zip(soup.select("dt"), soup.select("dd"))}
    assert meta == {"Date": "18 mars 2019", "Réunion": "Conseil Affaires étrangères (UE)",
                    "Thèmes": "Ukraine, Russie, Affaires européennes", "Lieu": "Bruxelles (fiche)",
                    "Personnes": "Jean Asselborn (fiche), Federica Mogherini (fiche)", "Langue": "français"}
    assert "situation en Ukraine" in soup.select_one(".body").get_text()
    assert soup.select_one("a.original")["href"] == "https://maee.example.lu/cae-2019"


def test_metadata_values_link_to_every_communique_sharing_them(small_client, get_page):
    soup = get_page(small_client, "/documents/cae-2019")
    links = {a.get_text(): a["href"] for a in soup.select(".doc-meta a")}
    assert links["Federica Mogherini"] == "/?person=Federica+Mogherini"
    listing = get_page(small_client, links["Conseil Affaires étrangères (UE)"])
    assert {a["href"].partition("?")[0] for a in listing.select(".hit h3 a")} == {"/documents/cae-2019", "/documents/cae-2022"}


def test_related_communiques_are_the_api_related_items(small_client, get_page):
    soup = get_page(small_client, "/documents/cae-2019")
    related = small_client.get("/api/documents/cae-2019").get_json()["related"]
    assert related, "the small index has similar communiqués about Ukraine and Russia"
    assert [a["href"] for a in soup.select(".related li a")] == [f"/documents/{h['id']}" for h in related]


def test_an_english_communique_is_marked_as_english_inside_the_french_page(small_client, get_page):
    soup = get_page(small_client, "/documents/nato-2023")
    assert soup.html["lang"] == "fr"
    assert soup.h1["lang"] == "en" and soup.select_one(".body")["lang"] == "en"


def test_script_in_a_document_is_shown_as_text(small_client):
    html = small_client.get("/documents/xss-2016").get_data(as_text=True)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "<script>window" not in html and "<img src=x" not in html and "<script>alert" not in html


def test_an_unknown_document_is_a_french_404_page(small_client, get_page):
    soup = get_page(small_client, "/documents/nulle-part", status=404)
    assert soup.h1.get_text() == "Communiqué introuvable"
    assert "nulle-part" in soup.get_text()


def test_document_ids_that_are_urls_round_trip_through_the_page_links(corpus_app, corpus_client, get_page):
    def pages():
        for number in range(1, 100):
            hits = corpus_client.get("/api/search", query_string={"per_page": 100, "page": number}).get_json()["hits"]
            if not hits:
                return
            yield from hits
    url_id = next(h for h in pages() if h["id"].startswith("https://"))
    with corpus_app.test_request_context():
        href = url_for("ui.document_page", doc_id=url_id["id"])
    assert "https://" in href
    soup = get_page(corpus_client, href)
    assert soup.h1.get_text() == url_id["title"]


# --- the search the reader came from ----------------------------------------------------------

def test_a_result_opened_from_a_search_offers_the_way_back_to_that_page_of_results(small_client, get_page):
    results = get_page(small_client, "/?q=ukraine&page=1&lang=fr")
    href = results.select_one(".hit h3 a")["href"]
    soup = get_page(small_client, href)
    back = soup.find("a", string="‹ Retour aux résultats")
    assert back["href"] == "/?q=ukraine&page=1&lang=fr#titre-1", "back to the very result that was opened"
    crumb = soup.select_one(".breadcrumb a")
    assert crumb["href"] == back["href"] and " ".join(crumb.get_text().split()) == "Recherche « ukraine »"


def test_the_search_words_are_highlighted_in_the_whole_text_with_the_snippet_rules(small_client, get_page):
    soup = get_page(small_client, "/documents/otan-2017?from=" + "/%3Fq%3Dsecurite%2Botan%2Bministre")
    marks = [m.get_text() for m in soup.select(".document .body mark")]
    assert marks == ["ministres", "OTAN", "sécurité"], "stem, elision (l’OTAN) and accents, as in snippets"
    assert [m.get_text() for m in soup.select("h1 mark")] == ["ministres", "OTAN"]


def test_a_synonym_of_the_search_is_highlighted_in_the_text(small_client, get_page):
    soup = get_page(small_client, "/documents/nato-2023?from=/%3Fq%3DOTAN")
    assert "NATO" in [m.get_text() for m in soup.select(".document .body mark")]


def test_a_same_site_referrer_stands_in_for_a_missing_from(small_client, get_page):
    soup = get_page(small_client, "/documents/cae-2019", headers={"Referer": "http://localhost/?q=russie&page=1"})
    assert soup.find("a", string="‹ Retour aux résultats")["href"] == "/?q=russie&page=1"
    assert [m.get_text() for m in soup.select(".document .body mark")] == ["Russie"]


@pytest.mark.parametrize("from_value, referrer", [
    ("https://evil.example/?q=x", None), ("//evil.example/?q=x", None), ("/documents/x?q=y", None),
    ("javascript:alert(1)", None), (None, "https://evil.example/?q=russie"),
])
def test_a_way_back_that_would_leave_the_search_is_ignored(small_client, get_page, from_value, referrer):
    url = "/documents/cae-2019" + (f"?from={quote(from_value, safe='')}" if from_value else "")
    soup = get_page(small_client, url, headers={"Referer": referrer} if referrer else {})
    assert soup.find("a", string="‹ Retour aux résultats") is None
    assert soup.select_one(".breadcrumb a")["href"] == "/" and not soup.select(".body mark")


def test_without_a_search_nothing_is_highlighted(small_client, get_page):
    soup = get_page(small_client, "/documents/cae-2019")
    assert not soup.select("mark") and soup.find("a", string="‹ Retour aux résultats") is None


# --- citing -----------------------------------------------------------------------------------

def test_citer_gives_a_french_citation_as_visible_text_in_a_disclosure(small_client, get_page):
    soup = get_page(small_client, "/documents/otan-2017")
    details = soup.select_one("details.cite")
    assert details.summary.get_text() == "Citer"
    citation = details.select_one("#citation").get_text()
    assert citation == ("Ministère des Affaires étrangères et européennes, «\u00a0Réunion des ministres des Affaires "
                        "étrangères de l’OTAN\u00a0», communiqué de presse, 6 décembre 2017, "
                        f"https://maee.example.lu/otan-2017, consulté le {long_date(date.today().isoformat())}.")
    assert details.select_one("button[data-copy=citation]").has_attr("hidden"), "the copy button needs the script"


def test_every_paragraph_has_an_anchor_and_a_link_to_it(tmp_path, get_page):
    from tests.search_service.conftest import communique, write_index
    index = str(tmp_path)
    write_index(index, [communique("long", "Trois paragraphes", "Premier.\n\nDeuxième.\n\nTroisième.", date(2020, 1, 2))])
    soup = get_page(create_app({"INDEX": index}).test_client(), "/documents/long")
    paragraphs = soup.select(".document .body p")
    assert [p["id"] for p in paragraphs] == ["p1", "p2", "p3"]
    assert paragraphs[2].select_one("a.anchor")["href"] == "#p3"
    assert paragraphs[2].select_one("a.anchor")["aria-label"] == "Lien vers le paragraphe 3"


def test_metadata_link_tooltips_do_not_repeat_the_facet_name(small_client, get_page):
    soup = get_page(small_client, "/documents/otan-2017")
    meeting = soup.select_one(".doc-meta a[href^='/?meeting']")
    assert meeting["title"] == "Tous les communiqués de cette réunion"
