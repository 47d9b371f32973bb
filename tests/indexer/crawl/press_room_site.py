"""A ministry site entered from its home page, laid out as real ones are, served by a RecordingServer.

    /                                   home page: menu (Salle de presse, Contact), one featured
                                        communiqué, « Voir toutes les actualités », an RSS <link>
    /salle-de-presse/                   the press-room hub: links to three sections, no communiqué
    /salle-de-presse/communiques/       a listing in two pages (?page=2), and a link to the 2023 archive
    /salle-de-presse/communiques/2023/  the year archive: the only page that links the 2023 communiqué
    /salle-de-presse/declarations/      a listing of one page
    /salle-de-presse/discours/          a listing of one page
    /salle-de-presse/flux.rss           the feed: one communiqué no listing shows
    /sitemap_index.xml                  named by robots.txt; points to two sitemaps, one gzipped,
                                        which list one communiqué nothing else links to
    /contact/, /mentions-legales/       pages that are not communiqués, linked and in the sitemap
    *.pdf, ?imprimer=1                  forbidden by robots.txt wildcards (RFC 9309)

Every page answers conditional requests (ETag and Last-Modified) and the sitemaps give a lastmod.
`edit()` changes one communiqué's text (a figure and a sentence) and `republish()` changes another
one's markup but not its text; both move the page's lastmod.
"""
from __future__ import annotations

import gzip
import hashlib
import html
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from tests.indexer.crawl.fixture_server import RecordingServer, Reply, answer_conditionally, http_date

HOME = "/"
HUB = "/salle-de-presse/"
COMMUNIQUES = "/salle-de-presse/communiques/"
COMMUNIQUES_2 = "/salle-de-presse/communiques/?page=2"
ARCHIVE_2023 = "/salle-de-presse/communiques/2023/"
DECLARATIONS = "/salle-de-presse/declarations/"
DISCOURS = "/salle-de-presse/discours/"
FEED = "/salle-de-presse/flux.rss"
SITEMAP_INDEX = "/sitemap_index.xml"
SITEMAP_PAGES = "/sitemap-pages.xml"
SITEMAP_NEWS = "/sitemap-communiques.xml.gz"
CONTACT = "/contact/"
LEGAL = "/mentions-legales/"
MINISTRY = "/ministere/"

ROBOTS = """User-agent: *
Disallow: /*.pdf$
Disallow: /*?imprimer=
Disallow: /recherche
Allow: /

Sitemap: {base}/sitemap_index.xml
"""


@dataclass
class Release:
    path: str
    title: str
    iso: str
    dateline: str
    paragraphs: list[str]


P = "/salle-de-presse"
RELEASES = [
    Release(f"{P}/communiques/2024/11/conseil-affaires-etrangeres-bruxelles.html",
            "Conseil Affaires étrangères : la ministre à Bruxelles", "2024-11-28", "Bruxelles, le 28 novembre 2024",
            ["La ministre a participé ce jeudi au Conseil Affaires étrangères de l’Union européenne, consacré au "
             "soutien à l’Ukraine et à la situation au Proche-Orient.",
             "Elle a annoncé une contribution de trois millions d’euros au fonds européen pour la paix et plaidé "
             "pour un cessez-le-feu durable.",
             "Les ministres ont également préparé le sommet européen de décembre."]),
    Release(f"{P}/communiques/2024/11/aide-urgence-soudan.html",
            "Aide d’urgence pour les réfugiés soudanais", "2024-11-21", "Paris, le 21 novembre 2024",
            ["Face à l’afflux de réfugiés soudanais au Tchad, le ministère débloque une aide d’urgence destinée "
             "aux camps de l’est du pays.",
             "Cette aide financera l’accès à l’eau potable, aux soins et à l’éducation des enfants déplacés."]),
    Release(f"{P}/communiques/2024/10/accord-cooperation-senegal.html",
            "Signature d’un accord de coopération avec le Sénégal", "2024-10-15", "Dakar, le 15 octobre 2024",
            ["Les deux gouvernements ont signé un accord de coopération consacré à la formation professionnelle "
             "et à l’énergie solaire.",
             "L’accord prévoit des échanges d’étudiants et un programme commun de recherche agricole."]),
    Release(f"{P}/communiques/2024/09/rentree-diplomatique.html",
            "Conférence des ambassadeurs : ouverture des travaux", "2024-09-02", "Paris, le 2 septembre 2024",
            ["La conférence annuelle des ambassadeurs s’est ouverte ce lundi en présence de l’ensemble du réseau "
             "diplomatique.",
             "Les travaux porteront sur la diplomatie économique et sur la protection des ressortissants à "
             "l’étranger."]),
    Release(f"{P}/communiques/2024/07/soutien-jeux-olympiques.html",
            "Accueil des délégations étrangères pendant les Jeux", "2024-07-20", "Paris, le 20 juillet 2024",
            ["Le ministère a mis en place une cellule d’accueil pour les délégations officielles venues assister "
             "aux Jeux olympiques.",
             "Plus de cent chefs d’État et de gouvernement sont attendus pendant la cérémonie d’ouverture."]),
    Release(f"{P}/communiques/2023/12/bilan-presidence-conseil.html",
            "Bilan de la présidence du Conseil de sécurité", "2023-12-29", "New York, le 29 décembre 2023",
            ["Au terme de sa présidence du Conseil de sécurité des Nations unies, la délégation a dressé le bilan "
             "des résolutions adoptées.",
             "Trois textes portaient sur la protection des civils dans les conflits armés."]),
    Release(f"{P}/declarations/2024/11/seisme-vanuatu.html",
            "Déclaration après le séisme au Vanuatu", "2024-11-18", "Paris, le 18 novembre 2024",
            ["La ministre exprime sa solidarité avec le peuple du Vanuatu, frappé par un violent séisme, et présente "
             "ses condoléances aux familles des victimes.",
             "Une équipe de la sécurité civile est prête à partir si les autorités le demandent."]),
    Release(f"{P}/discours/2024/10/discours-assemblee-generale.html",
            "Discours devant l’Assemblée générale des Nations unies", "2024-10-01", "New York, le 1er octobre 2024",
            ["Monsieur le Président, mesdames et messieurs, notre pays reste attaché au multilatéralisme et au "
             "respect du droit international.",
             "Nous appelons à une réforme du Conseil de sécurité qui reflète le monde d’aujourd’hui."]),
    Release(f"{P}/communiques/2024/11/journee-droits-enfant.html",
            "Journée internationale des droits de l’enfant", "2024-11-20", "Paris, le 20 novembre 2024",
            ["À l’occasion de la journée internationale des droits de l’enfant, le ministère rappelle son soutien "
             "aux programmes de l’UNICEF.",
             "Une contribution volontaire supplémentaire sera versée pour la scolarisation des filles."]),
    Release(f"{P}/communiques/2024/08/visite-ministre-japon.html",
            "Visite de la ministre au Japon", "2024-08-26", "Tokyo, le 26 août 2024",
            ["La ministre s’est rendue à Tokyo pour une visite de travail consacrée au partenariat dans "
             "l’Indo-Pacifique.",
             "Elle a rencontré son homologue japonais et des représentants des entreprises implantées au Japon."]),
]
LISTED = RELEASES[:5]                       # the communiqués section, newest first (3 on page 1, 2 on page 2)
IN_ARCHIVE = RELEASES[5]                    # only the 2023 archive page links it
DECLARATION, SPEECH = RELEASES[6], RELEASES[7]
FEED_ONLY = RELEASES[8]                     # only the feed names it
SITEMAP_ONLY = RELEASES[9]                  # only the sitemap names it
EDITED = RELEASES[0]
REPUBLISHED = RELEASES[1]
EDITED_PARAGRAPHS = [
    EDITED.paragraphs[0],
    "Elle a annoncé une contribution de cinq millions d’euros au fonds européen pour la paix.",
    EDITED.paragraphs[2],
]

MENU = ('<header><a class="logo" href="/">Ministère de l’Europe et des Affaires étrangères</a><nav><ul>'
        '<li><a href="/">Accueil</a></li><li><a href="/ministere/">Le ministère</a></li>'
        '<li><a href="/salle-de-presse/">Salle de presse</a></li><li><a href="/contact/">Contact</a></li>'
        '<li><a href="/recherche?q=">Rechercher</a></li></ul></nav></header>')
FOOTER = ('<footer><a href="/mentions-legales/">Mentions légales</a> · <a href="/contact/">Nous écrire</a>'
          ' · © Ministère de l’Europe et des Affaires étrangères</footer>')


def page(title: str, main: str, head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)} — Ministère'
            f'</title>{head}</head><body>{MENU}<main>{main}</main>{FOOTER}</body></html>').encode("utf-8")


def release_page(r: Release, paragraphs: list[str] | None = None, template: int = 1) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in (paragraphs or r.paragraphs))
    share = ('<div class="partage">Partager : <a href="https://reseau.example/partage">Réseau</a></div>'
             if template == 2 else "")
    return page(r.title, f'<article class="communique"><h1>{html.escape(r.title)}</h1>'
                         f'<p class="date"><time datetime="{r.iso}">{html.escape(r.dateline)}</time></p>'
                         f'<div class="texte">{body}</div>'
                         f'<p><a href="{r.path[:-5]}.pdf">Télécharger la version PDF</a> · '
                         f'<a href="{r.path}?imprimer=1">Imprimer</a></p></article>{share}')


def listing_page(title: str, releases: list[Release], extra: str = "") -> bytes:
    items = "".join(f'<li><time datetime="{r.iso}">{r.iso}</time> <a href="{r.path}">{html.escape(r.title)}</a>'
                    f' <a href="{r.path[:-5]}.pdf">(PDF)</a></li>' for r in releases)
    return page(title, f'<h1>{html.escape(title)}</h1><ul class="liste">{items}</ul>{extra}')


class PressRoomSite:
    def __init__(self, server: RecordingServer):
        self.server = server
        self.start = time.time() - 10 * 86400      # when every page was last changed, before any crawl
        self.changed: dict[str, float] = {}        # path -> when it changed since
        self.edited = self.republished = False
        self._install()

    def url(self, path: str) -> str:
        return self.server.url(path)

    @property
    def communique_paths(self) -> set[str]:
        return {r.path for r in RELEASES}

    # --- changes between crawls -------------------------------------------------------
    def edit(self) -> None:
        """The ministry corrects a figure and removes a sentence, without saying so."""
        self.edited = True
        self.changed[EDITED.path] = time.time()

    def republish(self) -> None:
        """A new template (a share block) around the very same text."""
        self.republished = True
        self.changed[REPUBLISHED.path] = time.time()

    # --- pages --------------------------------------------------------------------------
    def body(self, path: str) -> tuple[bytes, str]:
        releases = {r.path: r for r in RELEASES}
        if path in releases:
            r = releases[path]
            paragraphs = EDITED_PARAGRAPHS if path == EDITED.path and self.edited else None
            template = 2 if path == REPUBLISHED.path and self.republished else 1
            return release_page(r, paragraphs, template), "text/html; charset=utf-8"
        pages = {
            HOME: lambda: page("Accueil", (
                '<h1>Bienvenue sur le site du ministère</h1><section class="une"><h2>À la une</h2>'
                f'<a href="{EDITED.path}">{html.escape(EDITED.title)}</a></section>'
                '<p><a href="/salle-de-presse/communiques/">Voir toutes les actualités</a></p>'),
                head='<link rel="alternate" type="application/rss+xml" title="Communiqués" href="/salle-de-presse/flux.rss">'),
            HUB: lambda: page("Salle de presse", (
                '<h1>Salle de presse</h1><ul class="rubriques">'
                '<li><a href="/salle-de-presse/communiques/">Communiqués de presse</a> : les annonces du ministère.</li>'
                '<li><a href="/salle-de-presse/declarations/">Déclarations</a> : les positions de la ministre.</li>'
                '<li><a href="/salle-de-presse/discours/">Discours</a> : les interventions publiques.</li></ul>'
                '<p>Journalistes : accréditations auprès du service de presse, <a href="/contact/">nous écrire</a>.</p>')),
            COMMUNIQUES: lambda: listing_page("Communiqués de presse", LISTED[:3],
                                              '<nav class="pagination"><a rel="next" href="?page=2">Page suivante</a></nav>'
                                              '<p><a href="/salle-de-presse/communiques/2023/">Archives 2023</a></p>'),
            COMMUNIQUES_2: lambda: listing_page("Communiqués de presse (page 2)", LISTED[3:],
                                                '<nav class="pagination"><a href="/salle-de-presse/communiques/">'
                                                'Page précédente</a></nav>'),
            ARCHIVE_2023: lambda: listing_page("Communiqués de presse : 2023", [IN_ARCHIVE]),
            DECLARATIONS: lambda: listing_page("Déclarations", [DECLARATION]),
            DISCOURS: lambda: listing_page("Discours", [SPEECH]),
            CONTACT: lambda: page("Contact", (
                '<h1>Contact</h1><p>Ministère de l’Europe et des Affaires étrangères<br>37, quai d’Orsay<br>'
                '75007 Paris</p><p>Standard : 01 23 45 67 89</p><form><label>Votre message <textarea></textarea>'
                '</label><button>Envoyer</button></form>')),
            LEGAL: lambda: page("Mentions légales", (
                '<h1>Mentions légales</h1><h2>Éditeur</h2><p>Ce site est édité par le ministère de l’Europe et des '
                'Affaires étrangères. Le directeur de la publication est le secrétaire général du ministère.</p>'
                '<h2>Hébergement</h2><p>Le site est hébergé par les services informatiques de l’État, qui en assurent '
                'la disponibilité et la sécurité.</p><h2>Droits de reproduction</h2><p>Les textes de ce site peuvent '
                'être reproduits librement, à condition d’en citer la source et de ne pas en altérer le sens.</p>'
                '<p>Dernière mise à jour : 3 janvier 2024</p>')),
            MINISTRY: lambda: page("Le ministère", (
                '<h1>Le ministère</h1><p>Le ministère conduit la politique étrangère du pays, sous l’autorité du '
                'Gouvernement, et anime le réseau des ambassades et des consulats.</p>')),
        }
        return pages[path](), "text/html; charset=utf-8"

    def feed(self) -> bytes:
        items = "".join(f"<item><title>{html.escape(r.title)}</title><link>{self.url(r.path)}</link></item>"
                        for r in (FEED_ONLY, EDITED))
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Communiqués</title>'
                f'<link>{self.url(HOME)}</link>{items}</channel></rss>').encode("utf-8")

    def sitemap(self, paths: list[str]) -> bytes:
        urls = "".join(f"<url><loc>{self.url(p)}</loc><lastmod>{self._lastmod(p)}</lastmod></url>" for p in paths)
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode("utf-8")

    def sitemap_index(self) -> bytes:
        items = "".join(f"<sitemap><loc>{self.url(p)}</loc></sitemap>" for p in (SITEMAP_PAGES, SITEMAP_NEWS))
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>').encode()

    def _lastmod(self, path: str) -> str:
        when = self.changed.get(path, self.start)
        return datetime.fromtimestamp(when, timezone.utc).isoformat(timespec="seconds")

    # --- routes ----------------------------------------------------------------------------
    def _install(self) -> None:
        s = self.server
        s.route("/robots.txt", Reply(200, ROBOTS.format(base=self.server.base).encode(), {"Content-Type": "text/plain"}))
        html_paths = [HOME, HUB, COMMUNIQUES, COMMUNIQUES_2, ARCHIVE_2023, DECLARATIONS, DISCOURS, CONTACT, LEGAL,
                      MINISTRY, *(r.path for r in RELEASES)]
        for path in html_paths:
            s.route(path, lambda hit, p=path: self._answer(hit, p, *self.body(p)))
        s.route(FEED, lambda hit: self._answer(hit, FEED, self.feed(), "application/rss+xml; charset=utf-8"))
        s.route(SITEMAP_INDEX, lambda hit: self._answer(hit, SITEMAP_INDEX, self.sitemap_index(), "application/xml"))
        s.route(SITEMAP_PAGES, lambda hit: self._answer(hit, SITEMAP_PAGES, self.sitemap(
            [HOME, HUB, COMMUNIQUES, DECLARATIONS, DISCOURS, CONTACT, LEGAL, MINISTRY]), "application/xml"))
        s.route(SITEMAP_NEWS, lambda hit: self._answer(hit, SITEMAP_NEWS, gzip.compress(mtime=0, data=self.sitemap(
            [r.path for r in RELEASES])), "application/x-gzip"))
        for r in RELEASES:     # what robots.txt forbids exists too: a crawler that asked would get it
            s.route(r.path[:-5] + ".pdf", Reply(200, b"%PDF-1.4\n" + b"0" * 1000, {"Content-Type": "application/pdf"}))
            s.route(r.path + "?imprimer=1", lambda hit, p=r.path: Reply(200, self.body(p)[0], {"Content-Type": "text/html"}))

    def _answer(self, hit, path: str, body: bytes, ctype: str) -> Reply:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = self.changed.get(path, self.start)
        return answer_conditionally(Reply(200, body, {"Content-Type": ctype, "ETag": etag,
                                                      "Last-Modified": http_date(modified)}), hit)
