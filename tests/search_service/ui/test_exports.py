"""The Atom feed and the CSV export of a search: real parsers read them."""
from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

import feedparser
import pytest

from search_service import create_app
from search_service.search.results import Hit
from search_service.ui.export import CSV_COLUMNS, atom_xml, csv_text, FeedInfo

ATOM = "{http://www.w3.org/2005/Atom}"


def csv_rows(response) -> list[dict]:
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode("utf-8"))
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def api(client, **params):
    return client.get("/api/search", query_string=params).get_json()


# --- CSV ----------------------------------------------------------------------

def test_csv_has_the_documented_columns_and_one_row_per_match(small_client):
    response = small_client.get("/search.csv?q=ukraine")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert tuple(rows[0]) == CSV_COLUMNS == ("id", "url", "title", "date", "meeting", "topics", "location", "people", "lang",
                                             "match")
    data = api(small_client, q="ukraine", per_page=100)
    assert [r["id"] for r in rows] == [h["id"] for h in data["hits"]]
    assert response.headers["X-Total-Count"] == str(data["total"]) == str(len(rows))


def test_csv_lists_only_documents_matching_every_word_and_says_so_in_its_match_column(small_client):
    data = api(small_client, q="Ukraine Russie sanctions")
    assert [(h["id"], h["match"]) for h in data["hits"]] == [("cae-2022", "all"), ("cae-2019", "partial")]
    response = small_client.get("/search.csv?q=Ukraine Russie sanctions")
    assert [(r["id"], r["match"]) for r in csv_rows(response)] == [("cae-2022", "all")]
    assert response.headers["X-Total-Count"] == "1" == response.headers["X-Export-Rows"]


def test_csv_of_a_search_with_only_partial_matches_has_no_row(small_client):
    assert [h["match"] for h in api(small_client, q="sanctions Russie embargo")["hits"]] == ["partial"]
    response = small_client.get("/search.csv?q=sanctions Russie embargo")
    assert csv_rows(response) == [] and response.headers["X-Total-Count"] == "0"


def test_csv_keeps_accents_and_joins_lists(small_client):
    rows = {r["id"]: r for r in csv_rows(small_client.get("/search.csv?meeting=Conseil Affaires étrangères (UE)"))}
    row = rows["cae-2019"]
    assert row["title"] == "Conseil Affaires étrangères à Bruxelles"
    assert row["meeting"] == "Conseil Affaires étrangères (UE)"
    assert row["topics"] == "Ukraine; Russie; Affaires européennes"
    assert row["people"] == "Jean Asselborn; Federica Mogherini"
    assert row["date"] == "2019-03-18" and row["lang"] == "fr" and row["url"] == "https://maee.example.lu/cae-2019"


def test_csv_follows_the_filters_and_sort_of_the_page(small_client):
    rows = csv_rows(small_client.get("/search.csv?topic=Ukraine&sort=oldest&page=2"))
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates) and len(rows) == api(small_client, topic="Ukraine")["total"]


def test_csv_rows_are_capped_by_config_and_the_headers_say_so(small_index):
    client = create_app({"INDEX": str(small_index), "TESTING": True, "CSV_MAX_ROWS": 3}).test_client()
    response = client.get("/search.csv")
    assert len(csv_rows(response)) == 3
    assert response.headers["X-Export-Rows"] == "3"
    assert int(response.headers["X-Total-Count"]) == api(client)["total"] > 3


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused():
    hit = Hit(id="=HYPERLINK(\"http://evil\")", url=None, title="+33 appel", title_html="", date=None, date_inferred=False,
              year=None, meeting="@SUM(A1)", topics=["-1"], location=None, people=[], lang="fr", snippet="", score=None)
    row = next(csv.reader(io.StringIO(csv_text([hit]).lstrip("\ufeff").splitlines()[1])))
    assert row[0] == "'=HYPERLINK(\"http://evil\")" and row[2] == "'+33 appel" and row[4] == "'@SUM(A1)" and row[5] == "'-1"


def test_a_bad_export_parameter_is_a_plain_french_400(small_client):
    response = small_client.get("/search.csv?from=2019-02-31")
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert "date de début" in response.get_data(as_text=True)


# --- Atom -----------------------------------------------------------------------

def test_feed_is_valid_atom_newest_first(small_client):
    response = small_client.get("/search.atom?q=ukraine&sort=oldest")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Communiqués — « ukraine »"
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True) and len(dates) == api(small_client, q="ukraine")["total"]
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "http://localhost/search.atom?q=ukraine"
    assert links["alternate"] == "http://localhost/?q=ukraine"


def test_feed_entries_link_to_document_pages_and_originals(small_client):
    feed = feedparser.parse(small_client.get("/search.atom?meeting=Gymnich").get_data())
    (entry,) = feed.entries
    assert entry.title == "Gymnich à Vienne"
    assert entry.link == "http://localhost/documents/gymnich-2018" == entry.id
    assert {link.rel: link.href for link in entry.links}["related"] == "https://maee.example.lu/gymnich-2018"
    assert [t.term for t in entry.tags] == ["Gymnich", "Balkans occidentaux", "Élargissement"]
    assert entry.updated == "2018-08-31T00:00:00Z"


def test_feed_follows_the_filters_of_the_search(small_client):
    feed = feedparser.parse(small_client.get("/search.atom?topic=Ukraine&year=2022").get_data())
    assert {e.link.rsplit("/", 1)[1] for e in feed.entries} == {"cae-2022", "aide-2022"}
    assert feed.feed.title == "Communiqués — Thème : Ukraine · Année : 2022"


def test_feed_has_an_entry_per_document_matching_every_word_and_none_for_partial_matches(small_client):
    feed = feedparser.parse(small_client.get("/search.atom?q=Ukraine Russie sanctions").get_data())
    assert [e.link.rsplit("/", 1)[1] for e in feed.entries] == ["cae-2022"]
    assert feedparser.parse(small_client.get("/search.atom?q=sanctions Russie embargo").get_data()).entries == []


def test_feed_summaries_carry_highlights_but_never_live_markup_from_the_text(small_client):
    raw = small_client.get("/search.atom?q=sécurité").get_data()
    summaries = [s.text for s in ET.fromstring(raw).iter(f"{ATOM}summary")]
    xss = next(s for s in summaries if "pwned" in s)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in xss and "<script" not in xss
    assert any("<mark>sécurité</mark>" in s for s in summaries)


def test_feed_length_is_capped_by_config(small_index):
    client = create_app({"INDEX": str(small_index), "TESTING": True, "FEED_ENTRIES": 2}).test_client()
    assert len(feedparser.parse(client.get("/search.atom").get_data()).entries) == 2


def test_undated_hits_are_left_out_of_the_feed_and_control_characters_are_dropped():
    def hit(doc_id, day):
        return Hit(id=doc_id, url=None, title="Titre\x0b" + doc_id, title_html="", date=day, date_inferred=False,
                   year=None, meeting=None, topics=[], location=None, people=[], lang="fr", snippet="", score=None)
    info = FeedInfo(title="t", self_href="http://x/search.atom", page_href="http://x/", feed_id="http://x/search.atom")
    xml = atom_xml(info, [hit("a", "2020-01-02"), hit("b", None)], lambda i: f"http://x/documents/{i}")
    feed = feedparser.parse(xml)
    assert not feed.bozo and [e.title for e in feed.entries] == ["Titrea"]
    assert feed.feed.updated == "2020-01-02T00:00:00Z"


@pytest.mark.parametrize("url", ["/search.atom?page=abc", "/search.atom?sort=nope&q=otan"])
def test_feed_ignores_paging_and_sort_parameters(small_client, url):
    assert small_client.get(url).status_code == 200


# --- names and the readable subscription page ---------------------------------------------------

@pytest.mark.parametrize("query, name", [
    ("q=OTAN&year=2022", "communiques-otan-2022"),
    ("", "communiques"),
    ("q=sécurité+européenne&lang=fr", "communiques-securite-europeenne-fr"),
    ("topic=Droits+de+l'homme&from=2019-01-01", "communiques-droits-de-l-homme-du-2019-01-01"),
])
def test_export_file_names_say_what_they_hold(small_client, query, name):
    csv_reply = small_client.get("/search.csv?" + query)
    assert csv_reply.headers["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    feed = small_client.get("/search.atom?" + query)
    assert feed.headers["Content-Disposition"] == f'inline; filename="{name}.atom"'


def test_a_very_long_search_gives_a_bounded_file_name():
    from search_service.search.params import SearchParams
    from search_service.ui.export import MAX_NAME_CHARS, export_name
    name = export_name(SearchParams(q="ministre " * 40))
    assert len(name) <= len("communiques-") + MAX_NAME_CHARS and not name.endswith("-")


def test_the_atom_link_opens_a_readable_page_that_explains_how_to_subscribe(small_client):
    from bs4 import BeautifulSoup
    page = BeautifulSoup(small_client.get("/?q=ukraine&year=2022").get_data(as_text=True), "lxml")
    link = page.find("a", string="S'abonner (Atom)")
    reply = small_client.get(link["href"])
    assert reply.status_code == 200 and reply.mimetype == "text/html"
    soup = BeautifulSoup(reply.get_data(as_text=True), "lxml")
    assert soup.h1.get_text() == "S'abonner à cette recherche"
    feed_href = soup.select_one("input#adresse-fil")["value"]
    assert feed_href.startswith("http://localhost/search.atom?") and "q=ukraine" in feed_href and "year=2022" in feed_href
    feed = feedparser.parse(small_client.get(feed_href.removeprefix("http://localhost")).get_data())
    assert [e.title for e in feed.entries] == [a.get_text() for a in soup.select(".feed-preview a")]
    assert soup.select_one('link[rel=alternate][type="application/atom+xml"]')["href"] == feed_href


def test_the_subscription_page_drops_a_bad_parameter_from_the_feed_it_offers(small_client):
    from bs4 import BeautifulSoup
    reply = small_client.get("/abonnement?q=ukraine&from=2020-02-30")
    soup = BeautifulSoup(reply.get_data(as_text=True), "lxml")
    feed_href = soup.select_one("input#adresse-fil")["value"]
    assert reply.status_code == 200 and "from=" not in feed_href and "q=ukraine" in feed_href
    assert small_client.get(feed_href.removeprefix("http://localhost")).status_code == 200
