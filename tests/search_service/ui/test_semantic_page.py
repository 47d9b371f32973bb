"""The search page's side of the semantic channel: the mode switch, meaning-only hits, versions in other languages."""
from __future__ import annotations

import pytest

from indexer.ingest import ingest
from indexer.store import IndexStore
from search_service import create_app
from tests.conftest import write_pages
from tests.search_service.semantic_pages import PAGES
from tests.search_service.ui.conftest import text


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("semantic-page")
    ingest([str(write_pages(root / "src", PAGES))], IndexStore(root / "ix"), procs=1)
    return create_app({"INDEX": str(root / "ix"), "TESTING": True}).test_client()


def hit_titles(soup) -> list[str]:
    return [text(h) for h in soup.select(".hit h3")]


def test_the_switch_offers_exact_words_and_words_and_meaning_with_the_current_mode_checked(client, get_page):
    soup = get_page(client, "/?q=séisme&mode=keyword")
    labels = {text(soup.select_one(f'label[for="{box["id"]}"]')): box.has_attr("checked")
              for box in soup.select('input[type=radio][name=mode]')}
    assert labels == {"mots exacts": True, "mots et sens": False}
    assert get_page(client, "/?q=séisme").select_one('input[name=mode][value=hybrid]').has_attr("checked")


def test_meaning_only_hits_are_labelled_and_come_after_the_hits_with_every_word(client, get_page):
    soup = get_page(client, "/?q=séisme Turquie Syrie&mode=hybrid")
    hits = soup.select(".hit")
    labelled = [bool(h.select_one(".match-label.match-meaning")) for h in hits]
    assert labelled == sorted(labelled) and any(labelled) and not labelled[0]
    assert "par le sens" in text(soup)


def test_meaning_only_hits_come_under_their_own_heading_after_the_results(client, get_page):
    soup = get_page(client, "/?q=séisme Turquie Syrie&mode=hybrid")
    headings = [text(h) for h in soup.select(".match-heading")]
    assert headings[-1] == "Communiqués proches par le sens"
    meaning_list = soup.select_one("ol.hits-meaning")
    assert meaning_list.find_previous("h2", class_="match-heading") is not None
    assert all(h.select_one(".match-label.match-meaning") for h in meaning_list.select(".hit"))
    assert not soup.select("ol.hits-all .match-label")
    assert "par le sens" in text(soup.select_one("#nombre"))


def test_the_atom_feed_of_a_hybrid_search_lists_only_the_documents_the_words_match(client):
    feed = client.get("/search.atom?q=séisme Turquie Syrie&mode=hybrid").get_data(as_text=True)
    assert "Séisme en Turquie" in feed and "Earthquake" not in feed and "Erdbeben" not in feed


def test_exact_words_mode_shows_no_meaning_hit(client, get_page):
    soup = get_page(client, "/?q=séisme Turquie Syrie&mode=keyword")
    assert not soup.select(".match-label.match-meaning")


def test_a_hit_links_its_english_and_german_versions(client, get_page):
    soup = get_page(client, "/?q=séisme Turquie Syrie")
    french = next(h for h in soup.select(".hit") if "Séisme en Turquie" in text(h.select_one("h3")))
    links = {text(a): a["hreflang"] for a in french.select(".translations a")}
    assert links == {"aussi en anglais": "en", "aussi en allemand": "de"}


def test_the_csv_export_lists_only_the_documents_the_words_match(client):
    csv = client.get("/search.csv?q=séisme Turquie Syrie&mode=hybrid").get_data(as_text=True)
    assert "Séisme en Turquie" in csv and "Earthquake" not in csv and "Erdbeben" not in csv


def test_the_document_page_links_its_versions_in_other_languages(client, get_page):
    soup = get_page(client, "/documents/fr/seisme.html")
    links = {text(a): a["href"] for a in soup.select(".doc-meta .translations a")}
    assert links == {"aussi en anglais": "/documents/en/earthquake.html", "aussi en allemand": "/documents/de/erdbeben.html"}
    assert not get_page(client, "/documents/fr/otan.html").select(".doc-meta .translations a")


def test_an_unknown_mode_is_explained_in_french_and_the_search_is_made_without_it(client, get_page):
    soup = get_page(client, "/?q=séisme&mode=sens", status=400)
    assert "mots exacts" in text(soup.select_one("[role=alert]"))
    assert soup.select(".hit")
