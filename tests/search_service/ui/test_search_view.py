"""The HTML search page over real indexes: results, facets, chips, dates, sorting, messages, errors."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from search_service import create_app
from tests.search_service.ui.conftest import checked_values, facet_counts, status_text, text


def api(client, **params):
    return client.get("/api/search", query_string=params).get_json()


def query_of(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


# --- results -------------------------------------------------------------------

def test_query_stays_in_the_box_and_each_result_links_to_its_document_page(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine")
    assert soup.select_one("input#q")["value"] == "ukraine"
    data = api(small_client, q="ukraine")
    links = [urlsplit(a["href"]) for a in soup.select(".hit h3 a")]
    assert [link.path for link in links] == [f"/documents/{h['id']}" for h in data["hits"]]
    assert [parse_qsl(link.query) for link in links] == [[("from", f"/?q=ukraine#titre-{rank}")]
                                                         for rank in range(1, len(links) + 1)], "the document keeps the search"
    assert status_text(soup) == f"{data['total']} communiqués pour « ukraine »"


def test_the_page_has_one_h1_and_the_search_box_links_to_the_search_help(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine")
    assert [h.get_text() for h in soup.select("h1")] == ["Recherche dans les communiqués"]
    help_link = soup.select_one("#q-aide").find("a", string="Aide à la recherche")
    help_page = get_page(small_client, help_link["href"])
    assert help_page.h1.get_text() == "Aide à la recherche"
    assert {"OU", "ET", "SAUF", "titre:"} <= {code.get_text() for code in help_page.select("code")}


def test_topic_tags_of_a_result_link_to_every_communique_on_that_topic(small_client, get_page):
    soup = get_page(small_client, "/?q=Stoltenberg")
    tags = {a.get_text(): a["href"] for a in soup.select(".hit a.tag")}
    assert query_of(tags["Terrorisme"]) == [("topic", "Terrorisme")]
    listing = get_page(small_client, tags["Terrorisme"])
    assert [a["href"].partition("?")[0] for a in listing.select(".hit h3 a")] == ["/documents/otan-2017"]


def test_one_remaining_facet_value_is_shown_rather_than_hidden_behind_voir_1_autre():
    from search_service.search.results import FacetCount
    from search_service.ui.search_page import VISIBLE_FACET_VALUES, _facet_group
    one_more = [FacetCount(f"Lieu {i}", 20 - i) for i in range(VISIBLE_FACET_VALUES + 1)]
    group = _facet_group("location", one_more, ())
    assert len(group.options) == VISIBLE_FACET_VALUES + 1 and group.more == []
    two_more = one_more + [FacetCount("Lieu X", 1)]
    assert len(_facet_group("location", two_more, ()).more) == 2


def test_results_show_date_meeting_topics_snippet_and_original_link(small_client, get_page):
    soup = get_page(small_client, "/?q=Stoltenberg")
    hit = soup.select_one(".hit")
    assert hit.select_one("time")["datetime"] == "2017-12-06"
    assert hit.select_one("time").get_text() == "6 décembre 2017"
    assert hit.select_one(".meeting").get_text() == "Réunion des ministres des Affaires étrangères de l'OTAN"
    assert [t.get_text() for t in hit.select(".tag")] == ["Sécurité et défense", "Terrorisme"]
    assert hit.select_one(".snippet mark").get_text() == "Stoltenberg"
    assert hit.select_one("a.original")["href"] == "https://maee.example.lu/otan-2017"


def test_title_and_snippet_marks_are_the_only_markup_taken_from_the_index(small_client):
    html = small_client.get("/?q=sécurité").get_data(as_text=True)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert" not in html and "<script>window" not in html and "<img src=x" not in html
    assert "<mark>sécurité</mark>" in html


def test_a_script_typed_in_the_query_is_escaped_everywhere(small_client):
    q = '"><script>alert(1)</script><svg onload=alert(2)>'
    html = small_client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_empty_query_browses_every_communique_newest_first(corpus_client, get_page):
    soup = get_page(corpus_client, "/")
    data = api(corpus_client)
    dates = [t["datetime"] for t in soup.select(".hit time")]
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
    assert status_text(soup).startswith(f"{data['total']} communiqués")
    assert [a.get_text() for a in soup.select(".sort a")] == ["Plus récents", "Plus anciens"]


def test_sort_links_reorder_by_date(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine")
    sorts = {a.get_text(): a for a in soup.select(".sort a")}
    assert sorts["Pertinence"].get("aria-current") == "true"
    oldest = get_page(small_client, sorts["Plus anciens"]["href"])
    dates = [t["datetime"] for t in oldest.select(".hit time")]
    assert dates == sorted(dates) and len(dates) > 2


def test_pagination_links_carry_the_whole_state(corpus_client, get_page):
    soup = get_page(corpus_client, "/?q=ministre&lang=fr&page=2")
    current = soup.select_one(".pagination a[aria-current=page]")
    assert current.get_text() == "2"
    prev, nxt = soup.select_one("a[rel=prev]")["href"], soup.select_one("a[rel=next]")["href"]
    assert dict(query_of(prev)) == {"q": "ministre", "lang": "fr", "page": "1"}
    assert dict(query_of(nxt)) == {"q": "ministre", "lang": "fr", "page": "3"}
    assert soup.select_one("ol.hits")["start"] == "21"


def test_an_empty_result_says_so_and_offers_to_remove_filters(small_client, get_page):
    soup = get_page(small_client, "/?q=sanctions&meeting=Gymnich")
    assert status_text(soup) == "Aucun communiqué pour « sanctions »"
    empty = soup.select_one(".empty")
    assert "Aucun communiqué ne correspond" in empty.get_text()
    clear = empty.find("a", string=re.compile("effacez tous les filtres"))
    assert query_of(clear["href"]) == [("q", "sanctions")]


def test_no_all_match_is_said_plainly_and_partial_matches_come_under_their_heading_labelled(small_client, get_page):
    soup = get_page(small_client, "/?q=sanctions Russie embargo")
    assert status_text(soup) == "Aucun communiqué ne contient tous ces mots : « sanctions Russie embargo » · " \
                                "1 correspondance partielle"
    assert "Aucun communiqué ne contient tous ces mots." in text(soup.select_one(".notice.no-all-match"))
    assert [text(h) for h in soup.select("h2.match-heading")] == ["Correspondances partielles"]
    assert soup.select("ol.hits-all") == []
    (partial,) = soup.select("ol.hits-partial .hit")
    assert partial.select_one("h3 a")["href"].partition("?")[0] == "/documents/cae-2022"
    assert text(partial.select_one(".match-label")) == "Correspondance partielle : sans « embargo »"
    assert soup.select_one(".timeline") is None and soup.find("a", string=re.compile("Exporter en CSV")) is None


def test_partial_matches_follow_the_results_under_their_own_heading(small_client, get_page):
    soup = get_page(small_client, "/?q=Ukraine Russie sanctions")
    assert status_text(soup) == "1 communiqué pour « Ukraine Russie sanctions » · 1 correspondance partielle"
    results, heading, partial = soup.select("ol.hits-all, h2.match-heading, ol.hits-partial")
    assert [a["href"].partition("?")[0] for a in results.select(".hit h3 a")] == ["/documents/cae-2022"]
    assert results.select(".match-label") == []
    assert text(heading) == "Correspondances partielles"
    assert partial["start"] == "2" and [a["href"].partition("?")[0] for a in partial.select(".hit h3 a")] == ["/documents/cae-2019"]
    assert facet_counts(soup, "year") == {"2022": 1}


# --- facets, chips, dates -------------------------------------------------------------

def test_every_facet_value_has_a_checkbox_and_the_api_count(small_client, get_page):
    soup = get_page(small_client, "/?q=ministres")
    data = api(small_client, q="ministres")
    for facet in ("meeting", "topic", "year", "location", "person", "lang"):
        assert facet_counts(soup, facet) == {f["value"]: f["count"] for f in data["facets"][facet]}, facet


def test_facet_counts_follow_the_disjunctive_rule_of_the_api(small_client, get_page):
    meeting = "Conseil Affaires étrangères (UE)"
    soup = get_page(small_client, "/", query_string={"meeting": meeting, "topic": "Ukraine"})
    data = api(small_client, meeting=meeting, topic="Ukraine")
    meetings = facet_counts(soup, "meeting")
    assert meetings == {f["value"]: f["count"] for f in data["facets"]["meeting"]}
    assert len(meetings) > 1            # the other meetings keep their counts while one is picked
    assert checked_values(soup, "meeting") == [meeting] and checked_values(soup, "topic") == ["Ukraine"]
    assert facet_counts(soup, "topic") != {f["value"]: f["count"] for f in api(small_client)["facets"]["topic"]}


def test_several_values_of_one_facet_are_or_ed(small_client, get_page):
    soup = get_page(small_client, "/?year=2019&year=2022")
    years = {t["datetime"][:4] for t in soup.select(".hit time")}
    assert years == {"2019", "2022"}
    assert checked_values(soup, "year") == ["2022", "2019"]


def test_selected_values_become_chips_that_remove_only_themselves(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine&year=2019&year=2022&lang=fr&from=2019-01-01")
    chips = {a.get_text(" ", strip=True).rstrip(" ×"): a["href"] for a in soup.select("a.chip")}
    assert set(chips) == {"Année : 2019", "Année : 2022", "Langue : français", "Depuis le 01/01/2019"}
    assert query_of(chips["Année : 2019"]) == [("q", "ukraine"), ("year", "2022"), ("lang", "fr"), ("from", "2019-01-01")]
    assert query_of(chips["Depuis le 01/01/2019"]) == [("q", "ukraine"), ("year", "2019"), ("year", "2022"), ("lang", "fr")]
    assert query_of(soup.select_one("a.clear")["href"]) == [("q", "ukraine")]


def test_a_selected_value_without_hits_stays_visible_so_it_can_be_unticked(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine&location=Atlantis")
    assert facet_counts(soup, "location")["Atlantis"] == 0
    assert checked_values(soup, "location") == ["Atlantis"]


def test_long_facets_hide_the_rest_behind_a_disclosure(corpus_client, get_page):
    soup = get_page(corpus_client, "/")
    years = soup.select_one('fieldset[data-facet="year"]')
    visible = years.select(":scope > ul input")
    hidden = years.select("details input")
    assert len(visible) == 8 and len(hidden) == len(api(corpus_client)["facets"]["year"]) - 8


def test_date_range_filters_and_fills_the_date_boxes(small_client, get_page):
    soup = get_page(small_client, "/?from=2019-01-01&to=2019-12-31")
    assert soup.select_one("input#from")["value"] == "2019-01-01"
    assert soup.select_one("input#to")["value"] == "2019-12-31"
    assert {t["datetime"][:4] for t in soup.select(".hit time")} == {"2019"}


def test_quick_year_links_set_a_whole_calendar_year_and_only_for_years_with_results(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine&page=2")
    links = {a.get_text(): a["href"] for a in soup.select(".quick-years a")}
    assert list(links) == ["2023", "2022", "2019"], "2018 and 2017 have communiqués, but none about Ukraine"
    assert query_of(links["2022"]) == [("q", "ukraine"), ("from", "2022-01-01"), ("to", "2022-12-31")]


def test_the_timeline_has_a_bar_link_per_year_that_filters_to_that_year(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine&year=2022")
    data = api(small_client, q="ukraine", year="2022")
    bars = soup.select(".timeline a.bar")
    assert len(bars) == len(data["facets"]["year"])       # years without results are gaps, not links
    by_year = {re.match(r"\d{4}", b["aria-label"]).group(): b for b in bars}
    assert query_of(by_year["2019"]["href"]) == [("q", "ukraine"), ("year", "2019")]
    assert "selected" in by_year["2022"]["class"]


# --- messages ---------------------------------------------------------------

def test_a_corrected_search_says_results_for_and_links_to_the_words_as_typed(corpus_client, get_page):
    soup = get_page(corpus_client, "/?q=Asselbron")
    notice = soup.select_one(".notice")
    assert text(notice).startswith("Résultats pour « Asselborn », car « Asselbron » ne donne aucun résultat.")
    original = notice.find("a", string=re.compile("Rechercher quand même"))
    as_typed = get_page(corpus_client, original["href"])
    assert as_typed.select_one("input#q")["value"] == "Asselbron"
    assert status_text(as_typed) == "Aucun communiqué pour « Asselbron »"
    suggestion = as_typed.select_one(".notice a")
    assert text(suggestion) == "« Asselborn »" and query_of(suggestion["href"]) == [("q", "Asselborn")]


def test_a_suggestion_is_offered_when_the_words_as_typed_still_find_something(corpus_client, get_page):
    soup = get_page(corpus_client, "/?q=Asselbron OR otan")
    notice = soup.select_one(".notice")
    assert text(notice) == "Vouliez-vous dire « Asselborn OR otan » ?"
    assert query_of(notice.a["href"]) == [("q", "Asselborn OR otan")]


# --- errors -----------------------------------------------------------------

@pytest.mark.parametrize("url, words", [
    ("/?q=otan&page=0", "numéro de page"),
    ("/?q=otan&from=2020-02-30", "date de début"),
    ("/?q=otan&from=2020-01-01&to=2019-01-01", "antérieure"),
    ("/?q=otan&sort=popular", "tri"),
    ("/?q=otan&year=19", "quatre chiffres"),
    ("/?q=otan&per_page=1000", "résultats par page"),
    ("/?q=otan&page=-1", "compris entre 1 et"),
])
def test_a_bad_parameter_gets_a_400_with_a_french_message_and_a_usable_page(corpus_client, get_page, url, words):
    soup = get_page(corpus_client, url, status=400)
    assert words in soup.select_one("[role=alert]").get_text()
    assert soup.select_one("input#q")["value"] == "otan"
    assert soup.select(".hit"), "the search still ran without the bad parameter"


def test_a_page_beyond_the_last_offers_the_first_page_of_the_same_search(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine&year=2022&page=99")
    back = soup.select_one("div.empty").find("a", string="Revenir à la première page")
    assert query_of(back["href"]) == [("q", "ukraine"), ("year", "2022")]


def test_a_too_long_query_gets_a_400_not_a_500(small_client, get_page):
    soup = get_page(small_client, "/?q=" + "mot " * 200, status=400)
    assert "500 caractères" in soup.select_one("[role=alert]").get_text()


# --- accessibility and content security ---------------------------------------------

def test_page_is_french_with_landmarks_and_a_status_region(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine")
    assert soup.html["lang"] == "fr"
    assert soup.select_one("header.site") and soup.select_one("main") and soup.select_one("footer.site")
    assert soup.select_one("form[role=search]") and soup.select_one("aside#filtres")
    status = soup.select_one("#nombre")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    assert soup.select_one("nav[aria-label]")


def test_every_visible_control_has_a_label(small_client, get_page):
    soup = get_page(small_client, "/?q=ukraine&year=2022")
    controls = soup.select("input:not([type=hidden]), select, textarea")
    assert len(controls) > 10
    for control in controls:
        assert soup.select_one(f'label[for="{control["id"]}"]'), control


def test_the_page_has_no_inline_script_style_or_event_handler(small_client, get_page):
    """The CSP forbids them: they would be blocked in the browser, so none may be relied on."""
    soup = get_page(small_client, "/?q=sécurité&year=2016")
    for tag in soup.find_all(True):
        assert "style" not in tag.attrs, tag
        assert not [a for a in tag.attrs if a.startswith("on")], tag
    assert all(script.get("src") and not script.string for script in soup.find_all("script"))
    assert not soup.find("style")


def test_before_the_first_index_build_the_page_says_so_in_french(tmp_path, get_page):
    client = create_app({"INDEX": str(tmp_path / "not-built-yet"), "TESTING": True}).test_client()
    soup = get_page(client, "/?q=otan", status=503)
    assert soup.h1.get_text() == "Recherche momentanément indisponible"
