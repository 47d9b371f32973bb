"""Publication dates: declared forms first, then the URL, then the lead text (flagged inferred)."""
from datetime import date

import pytest
from bs4 import BeautifulSoup

from indexer.cleaning import parse_html
from indexer.dates import find_dates, from_dateline, from_meta, from_url, parse_date, publication_date, valid_date
from indexer.document import RawPage
from indexer.extract import extract
from tests.conftest import page


@pytest.mark.parametrize("text, expected", [
    ("07.12.2017", date(2017, 12, 7)),
    ("7.12.2017", date(2017, 12, 7)),
    ("07/12/2017", date(2017, 12, 7)),
    ("07-12-2017", date(2017, 12, 7)),
    ("2017-12-07", date(2017, 12, 7)),
    ("7 décembre 2017", date(2017, 12, 7)),
    ("7 decembre 2017", date(2017, 12, 7)),
    ("1er février 2016", date(2016, 2, 1)),
    ("1er fevrier 2016", date(2016, 2, 1)),
    ("mardi 15 août 2023", date(2023, 8, 15)),
    ("les 5 et 6 décembre 2017", date(2017, 12, 6)),
    ("du 3 au 5 mai 2016", date(2016, 5, 5)),
    ("December 7, 2017", date(2017, 12, 7)),
    ("7 December 2017", date(2017, 12, 7)),
    ("7. Dezember 2017", date(2017, 12, 7)),
    ("12 MARS 2019", date(2019, 3, 12)),
    ("15 de octubre de 2005", date(2005, 10, 15)),
    ("3 maggio 2011", date(2011, 5, 3)),
    ("12 de setembro de 2016", date(2016, 9, 12)),
    ("5 maart 2013", date(2013, 3, 5)),
])
def test_date_forms_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2017", "12/05/1899", "31 juin 2020", "00.00.0000", "le 45 mars 2017",
                                  "07-12/2017", "tél. 352-07-12-2017"])
def test_impossible_or_implausible_dates_are_rejected(text):
    assert parse_date(text) is None


def test_valid_date_rejects_years_before_the_archive():
    assert valid_date(1899, 5, 12) is None and valid_date(2017, 2, 31) is None


def test_dates_are_found_in_order_of_appearance():
    text = "Le 5 mars 2018, après la réunion du 07.12.2017, le ministre s'est rendu à Vienne."
    assert find_dates(text) == [date(2018, 3, 5), date(2017, 12, 7)]


@pytest.mark.parametrize("lines, expected", [
    (["Communiqué – Publié le 07.12.2017"], date(2017, 12, 7)),
    (["Publié le 7 décembre 2017"], date(2017, 12, 7)),
    (["Publié le", "07.12.2017"], date(2017, 12, 7)),        # date in a separate <span>
    (["Luxembourg, le 12 mai 2015"], date(2015, 5, 12)),
    (["Paris, le 1er mars 2016"], date(2016, 3, 1)),
    (["14/03/2016"], date(2016, 3, 14)),
    (["Communiqué – Publié le"], None),
    (["Communiqué du 6 décembre 1996"], date(1996, 12, 6)),
    (["Communiqué de presse - 5 novembre 1998"], date(1998, 11, 5)),
    (["Phuket (Thaïlande), le 23 juillet 2009"], date(2009, 7, 23)),
    (["Comunicado No. 187  Salamanca, España, 15 de octubre de 2005"], date(2005, 10, 15)),
    (["Communiqué de presse N° 0311/MAE/SG/2012 — Bangui, le 14 mars 2012"], date(2012, 3, 14)),
    (["Communiqué N° 112/2004 du 23/09/2004"], date(2004, 9, 23)),
    (["Den Haag, 5 mei 2010"], date(2010, 5, 5)),
    # a dateline opening the first paragraph, before the items of a related list
    (["Charm el-Cheikh, le 29 mars 2015 — Le XXVIe Sommet de la Ligue des États arabes s'est achevé ce dimanche "
      "après deux jours de travaux.", "(15/03/2015)"], date(2015, 3, 29)),
    # a sentence is no dateline, however it starts
    (["Le ministre a rappelé, le 12 mars 2010 – lors de la réunion – que la coopération devait reprendre "
      "sans tarder.", "(15/03/2010)"], date(2010, 3, 15)),
    (["Communiqué relatif aux listes de passagers (10/03/2010)"], None),
])
def test_datelines(lines, expected):
    assert from_dateline(lines) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://maee.gouvernement.lu/fr/actualites/2017/12-decembre/07-otan.html", date(2017, 12, 7)),
    ("https://example.org/news/2019/03/18/cae.html", date(2019, 3, 18)),
    ("https://maee.gouvernement.lu/fr/actualites.gouvernement+fr+actualites+toutes_actualites+communiques+2016+05-mai+12-benelux.html", date(2016, 5, 12)),
    ("https://example.org/2019-03-18-cae.html", date(2019, 3, 18)),
    ("https://example.org/actualites/communique-1325.html", None),
])
def test_dates_in_url_paths(url, expected):
    assert from_url(url) == expected


def _date_of(html: str, url: str | None = None, source_id: str = "x.html"):
    c = extract(RawPage(source_id=source_id, location=source_id, content=html.encode(), url=url))
    return c.date, c.date_inferred


LEAD = "Le ministre a participé à la réunion qui s’est tenue les 5 et 6 décembre 2017 à Bruxelles."
OTHER = "Le ministre a reçu son homologue pour un entretien sur les relations bilatérales et la situation régionale."


def test_time_element_wins_over_everything_else():
    html = page("Titre du communiqué", LEAD, date_line='<time datetime="2017-12-08">8 décembre</time>')
    assert _date_of(html, url="https://x.lu/2016/01-janvier/02-a.html") == (date(2017, 12, 8), False)


def test_meta_published_time_is_used():
    html = page("Titre du communiqué", LEAD, head='<meta property="article:published_time" content="2017-12-09T10:00:00+01:00">')
    assert _date_of(html) == (date(2017, 12, 9), False)


def test_publie_le_line_is_used():
    assert _date_of(page("Titre du communiqué", LEAD, date_line="Communiqué – Publié le 07.12.2017")) == (date(2017, 12, 7), False)


def test_date_in_the_canonical_url_is_used_when_the_page_has_no_date_line():
    html = page("Titre du communiqué", OTHER,
                head='<link rel="canonical" href="https://maee.gouvernement.lu/fr/actualites/2016/05-mai/12-benelux.html">')
    assert _date_of(html) == (date(2016, 5, 12), False)


def test_empty_publie_le_line_falls_back_to_the_lead_and_is_flagged_inferred():
    # The seed communiqué: "Communiqué – Publié le" with no date, the meeting dates in the first paragraph.
    html = page("Jean Asselborn à la réunion des ministres de l’OTAN", LEAD, date_line="Communiqué – Publié le")
    assert _date_of(html) == (date(2017, 12, 6), True)


def test_a_date_in_a_file_path_is_only_a_hint_flagged_inferred():
    html = page("Titre du communiqué", OTHER)
    assert _date_of(html, source_id="2016/05-mai/12-benelux.html") == (date(2016, 5, 12), True)


def test_a_page_without_any_date_has_none():
    assert _date_of(page("Titre du communiqué", OTHER)) == (None, False)


def test_dates_in_a_sidebar_far_from_the_title_are_not_taken_for_the_dateline():
    sidebar = "".join(f"<li>0{i}.01.2015</li><li>Autre nouvelle {i}</li>" for i in range(1, 9))
    html = ("<html><body><main><h1>Titre du communiqué</h1>" + "".join(f"<p>{LEAD} Paragraphe {i}.</p>" for i in range(40))
            + f"</main><div class='col'><ul>{sidebar}</ul></div></body></html>")
    soup = parse_html(html)
    found = publication_date(soup, ["Titre du communiqué", LEAD], None, [LEAD])
    assert found.value == date(2017, 12, 6) and found.inferred


@pytest.mark.parametrize("head, expected", [
    # the keys' order decides, not the tags' order in the page
    ('<meta name="date" content="2015-01-02"><meta property="og:published_time" content="2016-03-04">', date(2016, 3, 4)),
    # for one key, the first tag with that key is the one read: an unreadable one moves on to the next key
    ('<meta name="pubdate" content="pas de date"><meta name="pubdate" content="2014-05-06">'
     '<meta name="date" content="2013-07-08">', date(2013, 7, 8)),
    # property, then name, then itemprop, for the same key
    ('<meta itemprop="datePublished" content="2012-01-01"><meta name="datePublished" content="2011-02-02">', date(2011, 2, 2)),
    ('<meta name="description" content="2010-01-01">', None),
])
def test_published_time_metas_are_read_in_the_keys_order(head, expected):
    for parser in ("lxml", "html.parser"):
        soup = BeautifulSoup(f"<html><head>{head}</head><body><p>texte</p></body></html>", parser)
        assert from_meta(soup) == expected


def _extracted_date(html: str) -> date | None:
    return extract(RawPage(source_id="p.html", location="p.html", content=html.encode("utf-8"))).date


def test_a_related_item_s_time_does_not_date_the_page():
    # Wagtail: the page's date is a « Published … » line; the related items below carry <time> elements
    html = ("<html><body><main><article><h1>Minister attends the regional summit</h1>"
            "<p class='meta'>Published 1 December 2018</p>"
            "<p>The Minister attended the regional summit, which adopted a declaration on maritime cooperation "
            "and on the protection of fisheries in the region's waters.</p>"
            "<p>He met his counterparts on the margins of the meeting and discussed trade and investment.</p>"
            "</article></main><aside class='related'><ul><li><a href='/a'>Consular notice</a> "
            "<time class='related__date'>29 November 2018</time></li></ul></aside></body></html>")
    assert _extracted_date(html) == date(2018, 12, 1)


def test_the_article_s_own_aside_and_a_sidebar_layout_still_date_it():
    html = ("<html><body class='single right-sidebar'><main><article><aside class='meta'>"
            "<time datetime='2020-02-19'>19 février 2020</time></aside><h1>Trottinettes : la ville consulte</h1>"
            "<p>La ville a lancé une consultation sur les trottinettes électriques en libre-service, qui "
            "encombrent les trottoirs du centre depuis plusieurs mois.</p></article></main></body></html>")
    assert _extracted_date(html) == date(2020, 2, 19)
