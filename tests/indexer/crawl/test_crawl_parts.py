"""The crawler's parts on their own: site profiles, URL scope, reading listings and feeds, archive names."""
from __future__ import annotations

import pytest

from indexer.crawl.archive import Archive
from indexer.crawl.profiles import ProfileError, available_profiles, load_profile, parse_profile, profile_for
from indexer.crawl.scope import Scope, normalise
from indexer.crawl.listing import is_feed, read_feed, read_listing

MAEE = "https://maee.gouvernement.lu"


# --- profiles ----------------------------------------------------------------------------------

def test_built_in_profiles_load_and_are_chosen_by_host():
    assert {"generic", "gouvernement-lu"} <= set(available_profiles())
    assert profile_for(f"{MAEE}/fr/actualites.html").name == "gouvernement-lu"
    assert profile_for("https://gouvernement.lu/fr/actualites.html").name == "gouvernement-lu"
    assert profile_for("https://www.diplomatie.example/actualites/").name == "generic"
    assert profile_for("https://notgouvernement.lu/fr/").name == "generic"
    assert profile_for(f"{MAEE}/fr/", "generic").name == "generic"


@pytest.mark.parametrize("data, message", [
    ({"name": "x", "listing": {"next_pages": []}}, "unknown key(s) next_pages"),
    ({"name": "x", "listing": {"communique_links": ["(communiques"]}}, "bad regular expression"),
    ({"name": "x", "listing": {"link_area": ["main >> a"]}}, "bad CSS selector"),
    ({"name": "x", "start_urls": "http://a", "scope": []}, "[scope] must be a table"),
    ({"name": "x", "content": {"selector": ["article", "main"]}}, "must be one CSS selector"),
])
def test_a_profile_with_a_mistake_is_refused_with_the_reason(data, message):
    with pytest.raises(ProfileError) as caught:
        parse_profile(data, origin="site.toml")
    assert message in str(caught.value) and "site.toml" in str(caught.value)


def test_an_unknown_profile_name_lists_the_built_in_ones():
    with pytest.raises(ProfileError, match="gouvernement-lu"):
        load_profile("ministere-inconnu")


@pytest.mark.parametrize("path, expected", [
    ("/fr/actualites/toutes_actualites/communiques/2024/03-mars/12-bettel-chisinau.html", True),
    ("/fr/actualites.gouvernement%2Bfr%2Bactualites%2Btoutes_actualites%2Bcommuniques%2B2024%2B03-mars%2B12-bettel.html", True),
    ("/fr/actualites/toutes_actualites/discours/2023/11-novembre/07-discours-politique-etrangere.html", True),
    ("/fr/actualites.html?b=20", False),
    ("/fr/agenda/2024/03-mars/12-conseil.html", False),
    ("/fr/ministere/organigramme.html", False),
])
def test_the_gouvernement_lu_profile_recognises_communique_urls_in_both_shapes(path, expected):
    scope = Scope(load_profile("gouvernement-lu"), f"{MAEE}/fr/actualites.html")
    assert scope.is_communique(f"{MAEE}{path}") is expected


def test_scope_keeps_to_the_start_host_and_the_profile_extra_hosts():
    profile = parse_profile({"name": "x", "scope": {"extra_hosts": ["gouvernement.lu"], "deny": [r"\.zip$"]}})
    scope = Scope(profile, f"{MAEE}/fr/actualites.html")
    assert scope.in_scope(f"{MAEE}/fr/a.html") and scope.in_scope("https://gouvernement.lu/fr/b.html")
    assert not scope.in_scope("https://mae.gouvernement.lu/fr/c.html")
    assert not scope.in_scope(f"{MAEE}/fr/dossier.zip")


# --- URLs --------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("HTTPS://MAEE.Gouvernement.LU:443/fr/a.html#haut", "https://maee.gouvernement.lu/fr/a.html"),
    ("http://127.0.0.1:8080/fr/a.html?b=10", "http://127.0.0.1:8080/fr/a.html?b=10"),
    ("https://example.lu", "https://example.lu/"),
    ("https://example.lu/fr/actualités.html", "https://example.lu/fr/actualit%C3%A9s.html"),
    ("https://example.lu/fr/a%2Bb.html", "https://example.lu/fr/a%2Bb.html"),
    ("mailto:presse@example.lu", None),
    ("javascript:void(0)", None),
    ("http://[::1]:99999/", None),
])
def test_urls_are_normalised_or_refused(raw, expected):
    assert normalise(raw) == expected


# --- listings and feeds ---------------------------------------------------------------------

BLOG_LISTING = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><base href="https://www.diplomatie.example/fr/">
<title>Salle de presse</title></head><body>
<header><nav><a href="politique-etrangere/les-grands-enjeux-de-la-diplomatie-francaise/">Enjeux</a></nav></header>
<div id="content">
 <nav class="fil-ariane"><a href="salle-de-presse/les-communiques-de-presse-du-ministere/">Communiqués</a></nav>
 <div class="teaser"><a href="salle-de-presse/2024/11/28/declaration-sur-la-situation-au-soudan/">Déclaration sur la situation au Soudan</a></div>
 <div class="teaser"><a href="salle-de-presse/communique-du-ministere-sur-la-journee-des-droits-de-l-enfant/">Journée des droits de l’enfant</a></div>
 <div class="teaser"><a href="https://twitter.example/diplomatie/status/declaration-sur-la-situation-au-soudan-bis">Sur les réseaux</a></div>
 <div class="teaser"><a href="contact.html">Contact</a> <a href="salle-de-presse/2024/11/28/declaration-sur-la-situation-au-soudan/#haut">doublon</a></div>
 <ul class="pagination"><li><a href="salle-de-presse/?page=1">Page précédente</a></li><li><a href="salle-de-presse/?page=3">Page suivante</a></li></ul>
</div>
<aside><a href="salle-de-presse/2023/01/01/un-article-mis-en-avant-dans-la-colonne/">À la une</a></aside>
<footer><a href="mentions-legales-du-site-et-credits-photos/">Mentions légales</a></footer>
</body></html>"""


def test_a_listing_gives_its_communique_links_in_order_and_its_next_page():
    url = "https://www.diplomatie.example/fr/salle-de-presse/?page=2"
    scope = Scope(load_profile("generic"), url)
    listing = read_listing(BLOG_LISTING.encode("utf-8"), "text/html; charset=utf-8", url, scope)
    base = "https://www.diplomatie.example/fr/salle-de-presse/"
    assert listing.communiques == [f"{base}2024/11/28/declaration-sur-la-situation-au-soudan/",
                                   f"{base}communique-du-ministere-sur-la-journee-des-droits-de-l-enfant/"]
    assert listing.next_url == f"{base}?page=3"
    assert listing.off_site == ["https://twitter.example/diplomatie/status/declaration-sur-la-situation-au-soudan-bis"]


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Communiqués</title><link>https://www.example.lu/</link>
<item><title>Entretien avec le ministre ghanéen</title><link>https://www.example.lu/fr/2024/entretien-ghana.html</link></item>
<item><title>Par permalien</title><guid isPermaLink="true">https://www.example.lu/fr/2024/permalien.html</guid></item>
<item><title>Ailleurs</title><link>https://ailleurs.example/fr/2024/autre.html</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Actualités</title>
<entry><title>Sommet du Benelux</title><link rel="alternate" href="/fr/2024/sommet-benelux.html"/>
<link rel="enclosure" href="/fr/2024/photo.jpg"/></entry>
<entry><title>Conseil de l’Europe</title><link href="https://www.example.lu/fr/2024/conseil-europe.html"/></entry>
</feed>"""


def test_rss_and_atom_feeds_give_their_item_links():
    url = "https://www.example.lu/fr/flux.xml"
    scope = Scope(load_profile("generic"), url)
    assert is_feed(RSS.encode(), "application/rss+xml") and is_feed(ATOM.encode(), None)
    assert not is_feed(BLOG_LISTING.encode(), "text/html")
    assert read_feed(RSS.encode(), url, scope).communiques == [
        "https://www.example.lu/fr/2024/entretien-ghana.html", "https://www.example.lu/fr/2024/permalien.html"]
    assert read_feed(ATOM.encode(), url, scope).communiques == [
        "https://www.example.lu/fr/2024/sommet-benelux.html", "https://www.example.lu/fr/2024/conseil-europe.html"]


def test_a_feed_with_an_entity_bomb_is_refused_not_expanded():
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' +
            "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) +
            ']><rss><channel><item><link>&i;</link></item></channel></rss>')
    scope = Scope(load_profile("generic"), "https://www.example.lu/flux.xml")
    assert read_feed(bomb.encode(), "https://www.example.lu/flux.xml", scope).communiques == []


# --- archive names --------------------------------------------------------------------------------

def test_archive_names_follow_the_url_path_and_keep_listings_apart_from_pages(tmp_path):
    archive = Archive(tmp_path)
    assert archive.name_for(f"{MAEE}/fr/actualites/2024/03-mars/12-bettel.html", "communique") == \
        "maee.gouvernement.lu/fr/actualites/2024/03-mars/12-bettel.html"
    assert archive.name_for("http://127.0.0.1:8080/fr/communique", "communique") == "127.0.0.1_8080/fr/communique.html"
    assert archive.name_for(f"{MAEE}/fr/", "communique") == "maee.gouvernement.lu/fr/index.html"
    listing = archive.name_for(f"{MAEE}/fr/actualites.html?b=20", "listing")
    assert listing.startswith("maee.gouvernement.lu/fr/actualites.html__b_20-") and listing.endswith(".listing")
    folded = archive.name_for(f"{MAEE}/fr/actualites.gouvernement%2Bfr%2Bactualites%2B2024%2B12-bettel.html", "communique")
    assert folded == "maee.gouvernement.lu/fr/actualites.gouvernement+fr+actualites+2024+12-bettel.html"


def test_a_url_whose_name_is_taken_gets_a_hashed_name(tmp_path):
    from datetime import datetime, timezone
    archive, now = Archive(tmp_path), datetime.now(timezone.utc)
    first = archive.write("https://example.lu/fr/note%20a.html", "communique", b"<p>un</p>", {}, now)
    second = archive.write("https://example.lu/fr/note_a.html", "communique", b"<p>deux</p>", {}, now)
    assert first == "example.lu/fr/note_a.html" and second.startswith("example.lu/_/") and second.endswith(".html")
    assert archive.read(first) == b"<p>un</p>" and archive.read(second) == b"<p>deux</p>"
    long_name = archive.name_for("https://example.lu/" + "tres-long-" * 40 + ".html", "communique")
    assert all(len(part) <= 160 for part in long_name.split("/"))
