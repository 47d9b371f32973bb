"""Discovery's parts on their own: sitemaps, hub links, the communiqué judge, word diffs of versions."""
from __future__ import annotations

import gzip
from datetime import datetime, timezone

from indexer.crawl.judge import judge
from indexer.crawl.listing import read_listing
from indexer.crawl.profiles import load_profile
from indexer.crawl.scope import Scope
from indexer.crawl.sitemaps import parse_lastmod, read_sitemap
from search_service.search.versions import DiffPart, word_diff
from tests.indexer.crawl import press_room_site as ps

SITE = "https://www.diplomatie.example"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


# --- sitemaps ----------------------------------------------------------------------------------

def test_a_sitemap_gives_each_page_with_its_lastmod_gzipped_or_not():
    xml = (f'<?xml version="1.0"?><urlset {NS}><url><loc>{SITE}/presse/a.html</loc>'
           '<lastmod>2024-11-28T09:30:00+01:00</lastmod></url>'
           f'<url><loc> {SITE}/presse/b.html </loc></url></urlset>').encode()
    for raw in (xml, gzip.compress(xml)):
        sitemap = read_sitemap(raw)
        assert [(e.url, e.lastmod) for e in sitemap.pages] == [
            (f"{SITE}/presse/a.html", datetime(2024, 11, 28, 8, 30, tzinfo=timezone.utc)),
            (f"{SITE}/presse/b.html", None)]
        assert sitemap.sitemaps == [] and sitemap.problem is None


def test_a_sitemap_index_names_its_sitemaps():
    xml = f'<sitemapindex {NS}><sitemap><loc>{SITE}/s1.xml</loc></sitemap><sitemap><loc>{SITE}/s2.xml.gz</loc></sitemap></sitemapindex>'
    sitemap = read_sitemap(xml.encode())
    assert [e.url for e in sitemap.sitemaps] == [f"{SITE}/s1.xml", f"{SITE}/s2.xml.gz"] and sitemap.pages == []


def test_an_unreadable_sitemap_says_why_instead_of_failing():
    assert "unreadable sitemap" in read_sitemap(b"<urlset><url>").problem
    assert "not a sitemap" in read_sitemap(b"<html><body>Plan du site</body></html>").problem
    assert "unreadable sitemap" in read_sitemap(b"\x1f\x8b pas du gzip").problem


def test_a_lastmod_without_time_counts_to_the_end_of_its_day():
    assert parse_lastmod("2024-11-28") == datetime(2024, 11, 29, tzinfo=timezone.utc)
    assert parse_lastmod("2024-11-28T10:00:00Z") == datetime(2024, 11, 28, 10, tzinfo=timezone.utc)
    assert parse_lastmod("hier") is None and parse_lastmod("") is None


# --- hub links ---------------------------------------------------------------------------------

HOME_PAGE = """<!DOCTYPE html><html lang="fr"><head><title>Accueil</title>
<link rel="alternate" type="application/atom+xml" href="/presse/fil.atom"></head><body>
<nav><a href="/ministere/">Le ministère</a> <a href="/espace-presse/">Espace presse</a> <a href="/contact/">Contact</a></nav>
<main><h2>À la une</h2><a href="/presse/2024/11/28/visite-du-ministre-a-rome.html">Visite du ministre à Rome</a>
<a href="/presse/actualites/">Voir toutes les actualités</a> <a href="/presse/2023/">Archives de l'année 2023</a>
<a href="/?page=2">Page 2</a> <a href="https://autre.example/presse/">Presse ailleurs</a></main></body></html>"""


def test_a_home_page_leads_to_the_press_room_its_archives_and_its_feed():
    scope = Scope(load_profile("generic"), f"{SITE}/")
    listing = read_listing(HOME_PAGE.encode(), "text/html", f"{SITE}/", scope)
    assert listing.communiques == [f"{SITE}/presse/2024/11/28/visite-du-ministre-a-rome.html", f"{SITE}/presse/2023/"]
    assert listing.hubs == [f"{SITE}/espace-presse/", f"{SITE}/presse/actualites/"]   # not Contact, not another host
    assert listing.feeds == [f"{SITE}/presse/fil.atom"]


# --- the judge ---------------------------------------------------------------------------------

def test_a_communique_is_recognised_by_its_title_date_and_prose():
    verdict = judge(ps.release_page(ps.DECLARATION), "text/html; charset=utf-8", None)
    assert verdict.communique and verdict.reason == ""
    assert verdict.text.title == ps.DECLARATION.title and str(verdict.text.date) == "2024-11-18"
    assert verdict.text.body.startswith("La ministre exprime sa solidarité")


def test_a_communique_dated_only_in_its_lead_is_still_one():
    page = ps.page("Entretien avec le ministre norvégien", (
        "<h1>Entretien avec le ministre norvégien</h1><p>Le 4 mars 2024, le ministre a reçu son homologue norvégien "
        "pour un entretien consacré à la sécurité énergétique de l’Europe.</p><p>Les deux ministres ont évoqué "
        "l’approvisionnement en gaz et le développement de l’éolien en mer du Nord.</p>"))
    assert judge(page, "text/html", None).communique


def test_listings_contact_and_legal_notice_pages_are_not_communiques():
    listing = ps.listing_page("Communiqués de presse", ps.LISTED)
    assert judge(listing, "text/html", None).reason == "liste de liens"
    site = ps.PressRoomSite.__new__(ps.PressRoomSite)       # only its pages are needed, not a server
    site.edited = site.republished = False
    for path in (ps.CONTACT, ps.LEGAL):
        assert judge(site.body(path)[0], "text/html", None).reason == "pas de date de publication"


def test_a_date_in_the_url_alone_does_not_make_a_page_a_communique():
    page = ps.page("Plan du site", "<h1>Plan du site</h1><p>Ce plan présente l’ensemble des rubriques du site, "
                                   "de la présentation du ministère aux démarches consulaires en ligne.</p>")
    assert not judge(page, "text/html", f"{SITE}/2024/11/28/plan.html").communique


# --- word diffs --------------------------------------------------------------------------------

def test_a_word_diff_marks_what_was_deleted_and_inserted():
    old = "La ministre annonce une aide de trois millions d’euros.\n\nElle se rendra à Kiev."
    new = "La ministre annonce une aide de cinq millions d’euros.\n\nElle se rendra à Kiev."
    assert word_diff(old, new) == [
        DiffPart("equal", "La ministre annonce une aide de"), DiffPart("delete", "trois"),
        DiffPart("insert", "cinq"), DiffPart("equal", "millions d’euros.\n\nElle se rendra à Kiev.")]
    assert word_diff(old, old) == [DiffPart("equal", old)]
