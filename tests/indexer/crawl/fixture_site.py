"""A small ministry news site in the gouvernement.lu style, served by a RecordingServer.

Three listing pages (newest first) and an RSS feed lead to French communiqués in three layouts,
plus every kind of trouble a real site gives a crawler: a path robots.txt forbids, a page that
answers 500 once, one that answers 429 with Retry-After, a slow one, a redirect chain, a redirect
loop, a PDF, a removed page, links to other hosts, and pages with and without validators.
"""
from __future__ import annotations

import html
import time

from tests.indexer.crawl.fixture_server import RecordingServer, Reply, answer_conditionally, conditional, http_date

C = "/fr/actualites/toutes_actualites/communiques"
LISTING = "/fr/actualites.html"
LISTING_2 = "/fr/actualites.html?b=10"
LISTING_3 = "/fr/actualites.html?b=20"
FEED = "/fr/actualites.rss"

CHANGED = f"{C}/2024/11-novembre/28-conseil-affaires-etrangeres.html"
ETAG_304 = f"{C}/2024/11-novembre/26-aide-humanitaire-liban.html"
FLAKY = f"{C}/2024/11-novembre/25-visite-officielle-cap-vert.html"
FORBIDDEN = f"{C}/brouillons/2024/11-novembre/24-projet-non-publie.html"
PDF = f"{C}/2024/11-novembre/22-discours-assemblee-generale.pdf"
ALIAS_PATH = f"{C}/2024/11-novembre/21-entretien-ministre-cabo-verde.html"
OTHER_PATH = f"{C}/2024/11-novembre/20-communique-commun-benelux.html"
NO_VALIDATORS = f"{C}/2024/11-novembre/19-reunion-ministres-benelux.html"
RATE_LIMITED = f"{C}/2024/10-octobre/30-sanctions-belarus.html"
REDIRECT_START = f"{C}/2024/10-octobre/ancien-lien-otan.html"
REDIRECT_STEP = f"{C}/2024/10-octobre/etape-otan.html"
REDIRECT_FINAL = f"{C}/2024/10-octobre/15-reunion-ministres-otan.html"
LOOP_A = f"{C}/2024/10-octobre/boucle-a.html"
LOOP_B = f"{C}/2024/10-octobre/boucle-b.html"
LEGACY = f"{C}/2024/09-septembre/12-conseil-europe-strasbourg.html"
SLOW = f"{C}/2024/09-septembre/10-sommet-francophonie.html"
GONE = f"{C}/2024/09-septembre/05-communique-retire.html"
FEED_ONLY = f"{C}/2024/11-novembre/29-journee-solidarite-internationale.html"
NEW = f"{C}/2024/12-decembre/02-nouvel-ambassadeur-japon.html"

ROBOTS = b"""# Robots du site du ministere
User-agent: *
Disallow: /fr/actualites/toutes_actualites/communiques/brouillons/
Disallow: /recherche
"""

CHROME_TOP = ('<header class="site-header"><a class="logo" href="/fr.html">Ministère des Affaires étrangères et européennes</a>'
              '<nav class="menu"><a href="/fr.html">Accueil</a> <a href="/fr/actualites.html">Actualités</a> '
              '<a href="/fr/ministere.html">Le ministère</a> <a href="/recherche?q=">Recherche</a></nav></header>')
CHROME_BOTTOM = ('<footer><p>© Ministère des Affaires étrangères et européennes</p>'
                 '<a href="/fr/mentions-legales.html">Mentions légales</a></footer>')


def article_layout(title: str, iso: str, shown: str, paragraphs: list[str], related: str = "") -> bytes:
    """The current CMS: <main><article> with an <h1> and a <time>."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    aside = f'<aside class="related"><h2>À lire aussi</h2><a href="{related}">Communiqué précédent</a></aside>' if related else ""
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title} - gouvernement.lu</title></head>'
            f'<body>{CHROME_TOP}<main><article><h1>{title}</h1><p class="meta"><time datetime="{iso}">{shown}</time></p>'
            f'{body}</article>{aside}</main>{CHROME_BOTTOM}</body></html>').encode("utf-8")


def portal_layout(title: str, date_line: str, paragraphs: list[str]) -> bytes:
    """The previous portal: <div> blocks, the title in h2.title, a "Publié le" line, share buttons."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<div id="page">{CHROME_TOP}<div class="page-content"><h2 class="title">{title}</h2>'
            f'<p class="date">{date_line}</p><div class="texte">{body}</div>'
            f'<div class="share">Partager : <a href="https://www.facebook.com/sharer">Facebook</a></div></div>'
            f'{CHROME_BOTTOM}</div></body></html>').encode("utf-8")


def legacy_layout(title: str, dateline: str, paragraphs: list[str]) -> bytes:
    """The old site: a table layout in ISO-8859-1, the title only in <title> and a bold line."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            f'<title>{title}</title></head><body><table width="760"><tr><td class="menu" width="160">'
            f'<a href="/fr.html">Accueil</a><br><a href="/fr/actualites.html">Actualités</a></td>'
            f'<td class="contenu"><font size="4"><b>{title}</b></font><br><br>{dateline}{body}</td></tr></table>'
            f'</body></html>').encode("cp1252")


TEXTS = {
    CHANGED: ("Le ministre participe au Conseil Affaires étrangères à Bruxelles", "2024-11-28", "28 novembre 2024", [
        "Le ministre des Affaires étrangères et européennes a participé ce jeudi à Bruxelles au Conseil Affaires "
        "étrangères de l’Union européenne, présidé par le Haut représentant.",
        "Les ministres ont fait le point sur le soutien à l’Ukraine et sur la situation au Proche-Orient. "
        "Le ministre a plaidé pour un cessez-le-feu durable et pour l’accès de l’aide humanitaire."]),
    ETAG_304: ("Aide humanitaire d’urgence en faveur du Liban", "Publié le 26.11.2024", [
        "Face à la dégradation de la situation humanitaire au Liban, le ministère de la Coopération débloque une aide "
        "d’urgence de deux millions d’euros.",
        "Cette contribution soutiendra les agences des Nations unies et la Croix-Rouge libanaise, qui viennent en aide "
        "aux familles déplacées dans le sud du pays."]),
    FLAKY: ("Visite officielle du ministre au Cap-Vert", "2024-11-25", "25 novembre 2024", [
        "En visite officielle à Praia, le ministre a rencontré son homologue cap-verdien pour faire le bilan de "
        "quarante ans de coopération au développement.",
        "Les deux ministres ont signé un nouveau programme indicatif de coopération consacré à l’eau, à l’énergie "
        "renouvelable et à la formation professionnelle."]),
    NO_VALIDATORS: ("Réunion des ministres des Affaires étrangères du Benelux",
                    "Luxembourg, le 19 novembre 2024", [
        "Les ministres des Affaires étrangères de la Belgique, des Pays-Bas et du Luxembourg se sont réunis à "
        "Luxembourg dans le cadre de la présidence luxembourgeoise du Benelux.",
        "Ils ont adopté une déclaration commune sur la coopération transfrontalière et la mobilité des travailleurs "
        "frontaliers."]),
    RATE_LIMITED: ("Nouvelles sanctions de l’Union européenne contre le Bélarus", "2024-10-30", "30 octobre 2024", [
        "Le Conseil de l’Union européenne a adopté de nouvelles mesures restrictives à l’encontre du Bélarus, en "
        "raison de son rôle dans la guerre d’agression menée contre l’Ukraine.",
        "Le ministre a salué une décision prise à l’unanimité des États membres."]),
    REDIRECT_FINAL: ("Réunion des ministres des Affaires étrangères de l’OTAN", "Publié le 15.10.2024", [
        "Le ministre a pris part à la réunion des ministres des Affaires étrangères de l’OTAN, consacrée à la "
        "préparation du prochain sommet de l’Alliance.",
        "Les Alliés ont réaffirmé leur engagement en faveur de la défense collective et du soutien à long terme "
        "à l’Ukraine."]),
    LEGACY: ("Conseil de l’Europe : session ministérielle à Strasbourg", "Strasbourg, le 12 septembre 2024", [
        "Le ministre a représenté le Luxembourg à la session du Comité des ministres du Conseil de l’Europe, "
        "consacrée à la protection des droits de l’homme.",
        "Il a rappelé l’attachement du Grand-Duché à la Cour européenne des droits de l’homme."]),
    FEED_ONLY: ("Journée internationale de la solidarité humaine", "2024-11-29", "29 novembre 2024", [
        "À l’occasion de la journée internationale de la solidarité, le ministère rappelle son engagement en faveur "
        "de l’aide publique au développement, maintenue à un pour cent du revenu national brut.",
        "Des organisations non gouvernementales luxembourgeoises présenteront leurs projets au public."]),
    NEW: ("Nomination d’un nouvel ambassadeur au Japon", "2024-12-02", "2 décembre 2024", [
        "Le Gouvernement en conseil a nommé un nouvel ambassadeur extraordinaire et plénipotentiaire à Tokyo.",
        "Il représentera le Grand-Duché au Japon à partir du mois de janvier et sera également accrédité en "
        "République de Corée."]),
}
CHANGED_EXTRA = ("Le ministre a également évoqué la situation en Géorgie, où il a appelé les autorités à respecter "
                 "le droit de manifester pacifiquement.")


class MinistrySite:
    def __init__(self, server: RecordingServer, other: RecordingServer):
        self.server, self.other = server, other
        self.epoch = time.time() - 30 * 86400
        self.version = {path: self.epoch for path in TEXTS}
        self.listing_version = {LISTING: self.epoch, LISTING_2: self.epoch, LISTING_3: self.epoch, FEED: self.epoch}
        self.changed = False
        self.published_new = False
        self.answered: dict[str, int] = {}
        self._install()

    # --- what the site holds --------------------------------------------------------
    def url(self, path: str) -> str:
        return self.server.url(path)

    @property
    def alias_url(self) -> str:       # the same server under another host name
        return f"http://localhost:{self.server.port}{ALIAS_PATH}"

    @property
    def other_url(self) -> str:       # another site altogether
        return self.other.url(OTHER_PATH)

    def listing_items(self, path: str) -> list[str]:
        if path == LISTING:
            items = [CHANGED, ETAG_304, FLAKY, FORBIDDEN, PDF, self.alias_url, self.other_url, NO_VALIDATORS]
            return [NEW, *items] if self.published_new else items
        if path == LISTING_2:
            return [RATE_LIMITED, REDIRECT_START, LOOP_A]
        return [LEGACY, SLOW, GONE]

    # --- changes between crawls -----------------------------------------------------
    def edit_changed_page(self) -> None:
        self.changed = True
        self.version[CHANGED] = self.listing_version[FEED] = self.epoch + 86400

    def publish_new_communique(self) -> None:
        self.published_new = True
        self.listing_version[LISTING] = self.epoch + 2 * 86400

    # --- pages ----------------------------------------------------------------------------
    def communique(self, path: str) -> bytes:
        text = TEXTS[path]
        if path in (ETAG_304, REDIRECT_FINAL):
            return portal_layout(text[0], text[1], text[2])
        if path in (NO_VALIDATORS, LEGACY):
            return legacy_layout(text[0], text[1], text[2])
        paragraphs = list(text[3]) + ([CHANGED_EXTRA] if path == CHANGED and self.changed else [])
        return article_layout(text[0], text[1], text[2], paragraphs, related=ETAG_304 if path == CHANGED else "")

    def listing(self, path: str) -> bytes:
        rows = []
        for item in self.listing_items(path):
            key = item if item.startswith("/") else None
            title = html.escape(TEXTS[key][0]) if key in TEXTS else "Communiqué de presse"
            rows.append(f'<li class="search-result"><article><p class="date">Communiqué</p>'
                        f'<h2><a href="{html.escape(item)}">{title}</a></h2></article></li>')
        if path == LISTING:
            pager = f'<nav class="pagination"><a rel="next" href="{LISTING_2}">Suivant</a></nav>'
        elif path == LISTING_2:
            pager = (f'<div class="pager"><a href="{LISTING}">‹ Page précédente</a> '
                     f'<a href="{LISTING_3}">Page suivante ›</a></div>')
        else:
            pager = f'<div class="pager"><a href="{LISTING_2}">‹ Page précédente</a></div>'
        return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Actualités</title></head><body>'
                f'{CHROME_TOP}<main><h1>Toutes les actualités</h1><ul class="search-results">{"".join(rows)}</ul>'
                f'{pager}</main>{CHROME_BOTTOM}</body></html>').encode("utf-8")

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(TEXTS[p][0])}</title><link>{self.url(p)}</link>"
            f"<guid isPermaLink=\"true\">{self.url(p)}</guid><pubDate>{http_date(self.version[p])}</pubDate></item>"
            for p in (FEED_ONLY, CHANGED, ETAG_304))
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                '<title>Actualités du ministère</title><link>' + self.url(LISTING) + '</link>'
                '<description>Les communiqués de presse du ministère</description>' + items +
                '</channel></rss>').encode("utf-8")

    # --- routes -------------------------------------------------------------------------
    def _install(self) -> None:
        s = self.server
        s.route("/robots.txt", Reply(200, ROBOTS, {"Content-Type": "text/plain"}))
        for path in (LISTING, LISTING_2, LISTING_3):
            s.route(path, lambda hit, p=path: answer_conditionally(
                conditional(self.listing(p), modified=self.listing_version[p]), hit))
        s.route(FEED, lambda hit: answer_conditionally(
            conditional(self.feed(), "application/rss+xml; charset=utf-8", modified=self.listing_version[FEED]), hit))
        for path in (CHANGED, FLAKY, RATE_LIMITED, LEGACY, FEED_ONLY, NEW):
            ctype = "text/html; charset=iso-8859-1" if path == LEGACY else "text/html; charset=utf-8"
            s.route(path, lambda hit, p=path, t=ctype: self._first_time(p, hit) or answer_conditionally(
                conditional(self.communique(p), t, modified=self.version[p]), hit))
        s.route(ETAG_304, lambda hit: answer_conditionally(conditional(self.communique(ETAG_304), etag='"liban-v1"'), hit))
        s.route(REDIRECT_FINAL, lambda hit: answer_conditionally(
            conditional(self.communique(REDIRECT_FINAL), etag='"otan-v1"'), hit))
        s.route(NO_VALIDATORS, lambda hit: Reply(200, self.communique(NO_VALIDATORS), {"Content-Type": "text/html"}))
        s.route(REDIRECT_START, Reply(301, b"", {"Location": REDIRECT_STEP}))
        s.route(REDIRECT_STEP, Reply(301, b"", {"Location": self.url(REDIRECT_FINAL)}))
        s.route(LOOP_A, Reply(302, b"", {"Location": LOOP_B}))
        s.route(LOOP_B, Reply(302, b"", {"Location": LOOP_A}))
        s.route(PDF, Reply(200, b"%PDF-1.4\n" + b"0" * 200_000, {"Content-Type": "application/pdf"}))
        s.route(SLOW, Reply(200, article_layout("Sommet de la Francophonie", "2024-09-10", "10 septembre 2024",
                                                ["Un sommet qui arrive trop tard."]), {"Content-Type": "text/html"}, stall=2.0))
        s.route(GONE, Reply(404, b"<html><body><h1>Page introuvable</h1></body></html>", {"Content-Type": "text/html"}))
        s.route(FORBIDDEN, Reply(200, article_layout("Projet", "2024-11-24", "24 novembre 2024", ["Brouillon."])))

    def _first_time(self, path: str, hit) -> Reply | None:
        """FLAKY answers 500 to its first request, RATE_LIMITED 429 with Retry-After: 1."""
        count = self.answered[path] = self.answered.get(path, 0) + 1
        if count == 1 and path == FLAKY:
            return Reply(500, b"<html><body>Erreur interne</body></html>", {"Content-Type": "text/html"})
        if count == 1 and path == RATE_LIMITED:
            return Reply(429, b"Trop de requetes", {"Content-Type": "text/plain", "Retry-After": "1"})
        return None
