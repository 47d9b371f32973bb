"""The citation text and the search context, as plain functions."""
from __future__ import annotations

from datetime import date

from search_service.ui.citation import citation_text, french_quoted
from search_service.ui.context import search_context

SITE = "http://communiques.example/"


def test_a_citation_names_the_ministry_the_quoted_title_the_date_the_url_and_the_day_it_was_read():
    text = citation_text("Ministère des Affaires étrangères", "Gymnich à Vienne", "2018-08-31",
                         "https://maee.example.lu/gymnich-2018", date(2026, 12, 1))
    assert text == ("Ministère des Affaires étrangères, «\u00a0Gymnich à Vienne\u00a0», communiqué de presse, "
                    "31 août 2018, https://maee.example.lu/gymnich-2018, consulté le 1er décembre 2026.")


def test_an_undated_communique_is_cited_without_date():
    assert ", sans date, " in citation_text("Ministère", "Titre", None, "https://x.example/", date(2026, 1, 1))


def test_quotation_marks_inside_a_title_become_second_level_quotes():
    assert french_quoted("Le plan «\u00a0Europe 2030\u00a0» adopté") == "«\u00a0Le plan “Europe 2030” adopté\u00a0»"


def test_the_from_parameter_wins_over_the_referrer_and_keeps_the_page():
    context = search_context("/?q=otan&page=3", SITE + "?q=autre", SITE, "/")
    assert context.href == "/?q=otan&page=3" and context.q == "otan" and context.page == 3


def test_the_way_back_keeps_a_result_anchor_and_nothing_else():
    assert search_context("/?q=otan#titre-12", None, SITE, "/").href == "/?q=otan#titre-12"
    assert search_context("/?q=otan#javascript:alert(1)", None, SITE, "/").href == "/?q=otan"


def test_only_search_pages_of_this_site_are_a_way_back():
    assert search_context(None, "http://ailleurs.example/?q=otan", SITE, "/") is None
    assert search_context("/aide", None, SITE, "/") is None
    assert search_context("/\\evil.example/?q=x", None, SITE, "/") is None
    assert search_context(None, SITE + "?q=otan", SITE, "/").q == "otan"
