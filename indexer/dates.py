"""Find the publication date of a communiqué.

Declared dates win over guessed ones, in this order: <time datetime>, a
published-time <meta>, a dateline next to the title ("Publié le 7 décembre
2017", "Luxembourg, le 12 mai 2015", "07.12.2017"), a date in the URL path.
Failing all, the first full date in the lead paragraphs, flagged inferred.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from bs4 import BeautifulSoup, Tag

from indexer.analysis import fold_text
from indexer.document import PublicationDate
from indexer.elements import has_value, inside, named, tags_of

MIN_YEAR = 1945
MONTHS = {
    # French, folded (accents removed), with common abbreviations
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
    "october": 10, "november": 11, "december": 12,
    # German
    "januar": 1, "jaenner": 1, "februar": 2, "maerz": 3, "marz": 3, "juni": 6, "juli": 7,
    "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # Spanish, Italian, Portuguese and Dutch: partners' pages the ministry republishes
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
    "ottobre": 10, "dicembre": 12,
    "janeiro": 1, "fevereiro": 2, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
    "outubro": 10, "novembro": 11, "dezembro": 12,
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<d>[0-3]?\d)(?:er|re|st|nd|rd|th|\.)?"
# "les 5 et 6 décembre 2017", "du 5 au 7 décembre 2017", "5-6 décembre", "7 décembre 2017"
_LONG = re.compile(
    r"(?<!\d)(?:(?:[0-3]?\d)(?:er)?\s*(?:et|au|-|–|à|and|to|bis|und)\s*)?" + _DAY +
    r"\s+(?:de\s+)?(?P<m>" + _MONTH_ALT + r")\.?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)(?!\d)", re.I)    # « 15 de octubre de 2005 »
# "December 7, 2017"
_ENGLISH = re.compile(r"\b(?P<m>" + _MONTH_ALT + r")\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,\s*(?P<y>(?:19|20)\d\d)\b", re.I)
# 12.12.2008, 12/12/2008 and 12-12-2008 (one separator throughout: "12-12/2008" is no date)
_NUMERIC = re.compile(r"(?<![\d.-])(?P<d>[0-3]?\d)(?P<sep>[./-])(?P<m>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d])")
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
# URL paths: /2017/12-decembre/07-..., /2017/12/07/, +2017+12-decembre+07-, 2017-12-07-slug
_URL = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/+_-](?P<m>[01]\d)(?:-[a-z]+)?[/+_-](?P<d>[0-3]\d)(?!\d)", re.I)
_DATELINE = re.compile(r"^\s*(?:communiqu[ée](?: de presse)?\s*[–—-]\s*)?(?:publi[ée]|mis en ligne|published|ver[öo]ffentlicht)"
                       r"(?: le| on| am)?\s*:?\s*(?P<rest>.{4,40})$", re.I)
# « Luxembourg, le 12 mai 2015 », « Phuket (Thaïlande), le 23 juillet 2009 », « Salamanca, España, 15 de octubre
# de 2005 »; when the dateline opens the first paragraph, what follows its dash is the text (« Syrte (Libye), le
# 28 mars 2010 – Les travaux du Sommet… »).
_PLACE = r"[A-ZÀ-Ý][\w’'\s-]{1,30}(?:\s*\([^()]{2,30}\))?(?:,\s*[A-ZÀ-Ý][\w’'\s-]{1,20}(?=,))?"
_PLACE_DATELINE = re.compile(r"^\s*" + _PLACE + r",\s*(?:le\s+|den\s+)?(?P<rest>.{6,30}?)\s*(?:[.:–-]?\s*$|[–—]\s)")
# The same at the start of a long paragraph, where the place must be a name (capitalised words and the
# particles inside them: « Charm el-Cheikh », « Saint-Louis du Sénégal »), not the start of a sentence.
_OPENING_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Ý][\w’'-]*(?:\s+(?:[A-ZÀ-Ý][\w’'-]*|(?:el|al|de|del|du|la|sur|am)(?:-[\w’'-]+)?))*(?:\s*\([^()]{2,30}\))?"
    r",\s*(?:le\s+|den\s+)?(?P<rest>.{6,30}?)\s*[–—]\s")
_DIGIT = re.compile(r"\d")
# « Communiqué – », « Communiqué de presse du », « Press release of », « Comunicado No. 187 », « Communiqué de
# presse N° 0215/MAEIA/SG/2010 — »
_RELEASE_PREFIX = re.compile(r"^(?:communiqu[ée](?:\s+de\s+presse)?|press\s+release|pressemitteilung|comunicado"
                             r"(?:\s+de\s+prensa)?|persbericht)(?:\s+n[o°º]\.?\s*\d[\w/.-]*)?"
                             r"(?:\s*[–—-]\s*|\s+(?:du|of|vom|del)\s+|\s+)", re.I)
_NOT_LETTERS = re.compile(r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le|\W|\d)", re.I)
META_DATE_KEYS = ("article:published_time", "og:published_time", "datePublished", "dcterms.date", "DC.date",
                  "dc.date", "dcterms.created", "DC.date.issued", "date", "pubdate", "publish-date",
                  "publication_date", "sailthru.date", "parsely-pub-date", "article.published")


def valid_date(y: int, m: int, d: int, today: date | None = None) -> date | None:
    """A real calendar date within the archive's plausible range, else None (31.02.2017, 1899...)."""
    today = today or date.today()
    if not MIN_YEAR <= y <= today.year + 1:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first full date in a short text, in any of the supported forms."""
    found = find_dates(text, limit=1)
    return found[0] if found else None


def find_dates(text: str, limit: int | None = None) -> list[date]:
    """Full dates in a text, in order of appearance."""
    hits: list[tuple[int, date]] = []
    folded = fold_text(text)
    if not _DIGIT.search(folded):
        return []     # every form has a digit: most lines tried as datelines (menus, titles) have none
    for pattern in (_LONG, _ENGLISH):
        for m in pattern.finditer(folded):
            month = MONTHS.get(m.group("m").lower())
            if month and (d := valid_date(int(m.group("y")), month, int(m.group("d")))):
                hits.append((m.start(), d))
    for pattern in (_NUMERIC, _ISO):
        for m in pattern.finditer(folded):
            if d := valid_date(int(m.group("y")), int(m.group("m")), int(m.group("d"))):
                hits.append((m.start(), d))
    hits.sort(key=lambda h: h[0])
    dates = [d for _, d in hits]
    return dates[:limit] if limit else dates


def parse_iso_datetime(value: str) -> date | None:
    value = value.strip()
    m = _ISO.search(value)
    if m:
        return valid_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return parse_date(value)


# Where other items' dates are listed (« related », « latest news », a sidebar): a <time> there dates another page.
# Not blocks.BOILERPLATE_WORDS: it also refuses « meta », « byline », « posted-on », where a page's own date sits.
_LISTING_TAGS = frozenset({"aside", "nav", "footer"})
_ARTICLE_TAGS = frozenset({"article", "main"})
_LISTING_CLASS = re.compile(r"(?:^|[\s_-])(?:related|latest|recent|teasers?|sidebar|widgets?|news-?list|"
                            r"more-news|other-news|a-lire|lire-aussi|voir-aussi)(?:$|[\s_-])", re.I)


def from_time_elements(soup: BeautifulSoup) -> date | None:
    for t in named(soup, "time"):
        if _in_a_listing(t):
            continue
        for value in (t.get("datetime"), t.get_text(" ")):
            if value and (d := parse_iso_datetime(value)):
                return d
    return None


def _in_a_listing(tag: Tag) -> bool:
    """Whether a <time> sits in a list of other items (« Related », « Latest news », a sidebar, the footer).
    An <aside> inside the article is the article's own (its byline and date); the page's <body> classes
    name its layout (« right-sidebar »), not a listing."""
    for parent in tag.parents:
        if parent.name in ("body", "html", "[document]"):
            return False
        if parent.name in _LISTING_TAGS and not inside(parent, _ARTICLE_TAGS):
            return True
        classes = parent.get("class") if parent.attrs else None
        if classes and _LISTING_CLASS.search(" ".join(classes) if isinstance(classes, list) else classes):
            return True
    return False


_META_ATTRS = ("property", "name", "itemprop")
_META_KEYS = frozenset(META_DATE_KEYS)


def _first_date_metas(tags: list[Tag]) -> dict[tuple[str, str], Tag]:
    """(attribute, key) -> the first <meta> whose attribute has that value, for the date keys, in one pass
    over the page's elements (a `find` per key and attribute walked it 45 times). Matches as
    `find(attrs=...)` does: a multi-valued attribute matches one of its values or all of them joined."""
    first: dict[tuple[str, str], Tag] = {}
    for tag in tags:
        if tag.name != "meta":
            continue
        for attr in _META_ATTRS:
            value = tag.get(attr)
            if value is None:
                continue
            values = [value] if isinstance(value, str) else [*value, " ".join(value)]
            for v in values:
                if v in _META_KEYS:
                    first.setdefault((attr, v), tag)
    return first


def from_meta(soup: BeautifulSoup) -> date | None:
    tags = tags_of(soup)
    metas = _first_date_metas(tags)
    for key in META_DATE_KEYS:
        for attr in _META_ATTRS:
            tag = metas.get((attr, key))
            if tag and tag.get("content") and (d := parse_iso_datetime(tag["content"])):
                return d
    for tag in tags:
        if has_value(tag.get("itemprop"), "datePublished"):
            value = tag.get("content") or tag.get("datetime") or tag.get_text(" ")
            if value and (d := parse_iso_datetime(value)):
                return d
    return None


def from_dateline(lines: list[str]) -> date | None:
    """A "Publié le …" line, a "Ville, le …" line, or a line that is only a date.

    Each line is also tried joined with the next, for dates split across elements
    ("Publié le <span>07.12.2017</span>").
    """
    for i, line in enumerate(lines):
        candidates = [line] + ([f"{line} {lines[i + 1]}"] if i + 1 < len(lines) else [])
        for candidate in candidates:
            if len(candidate) <= 80 and (d := dateline_date(candidate)):
                return d
        if len(line) > 80 and (d := _opening_dateline(line)):
            return d
    return None


def dateline_date(line: str) -> date | None:
    if (m := _DATELINE.match(line)) and (d := parse_date(m.group("rest"))):
        return d
    stripped = _RELEASE_PREFIX.sub("", line)
    if (m := _PLACE_DATELINE.match(stripped)) and (d := parse_date(m.group("rest"))):
        return d
    if len(stripped) <= 40 and (d := parse_date(stripped)) and _mostly_date(stripped):
        return d
    return None


def _opening_dateline(paragraph: str) -> date | None:
    """The dateline that opens a paragraph, ended by a dash (« Syrte (Libye), le 28 mars 2010 – Les travaux… »)."""
    m = _OPENING_DATELINE.match(paragraph[:80])
    return parse_date(m.group("rest")) if m else None


def _mostly_date(text: str) -> bool:
    letters = _NOT_LETTERS.sub("", fold_text(text))
    return len(letters) <= 12


def from_url(url: str | None) -> date | None:
    if not url:
        return None
    for m in _URL.finditer(url):
        if d := valid_date(int(m.group("y")), int(m.group("m")), int(m.group("d"))):
            return d
    return None


def from_lead(paragraphs: list[str]) -> date | None:
    """The first full date of the lead; a range ("les 5 et 6 décembre") gives its last day."""
    for para in paragraphs[:4]:
        if found := find_dates(para, limit=1):
            return found[0]
    return None


def publication_date(soup: BeautifulSoup, header_lines: list[str], url: str | None,
                     paragraphs: list[str]) -> PublicationDate | None:
    """Apply the rules in order; `header_lines` are the page's text lines before boilerplate removal."""
    for source, finder in (("time", lambda: from_time_elements(soup)), ("meta", lambda: from_meta(soup)),
                           ("dateline", lambda: from_dateline(header_lines)), ("url", lambda: from_url(url))):
        d = finder()
        if d:
            return PublicationDate(d, inferred=False, source=source)
    d = from_lead(paragraphs)
    return PublicationDate(d, inferred=True, source="text") if d else None


def today() -> date:
    return datetime.now().date()
