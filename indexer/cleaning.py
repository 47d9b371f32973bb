"""Reduce a communiqué page to its title and paragraphs.

Rules are about page structure, not about one site: semantic containers first
(<article>, <main>, [role=main]), else the block with the most non-link text;
boilerplate is recognised by tag (nav, header, footer, form...) and by the
class/id words CMSs use for menus, cookie banners, share buttons and captions.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from indexer.dates import dateline_date
from indexer.document import CleanPage
from indexer.bs4_fast_builder import FastHTMLBuilder
from indexer.elements import has_value, inside, joined, named, strings_of, tags_of

MAX_TEXT_CHARS = 200_000     # body text kept per page; beyond this it is truncated
MAX_TITLE_CHARS = 400
# Deeper markup is flattened to its text: the cleaner's rules cost O(elements x depth),
# and real pages nest 15-40 levels deep while a hostile page can nest thousands.
MAX_DEPTH = 100

DROP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button",
                       "input", "select", "textarea", "nav", "footer", "aside", "figure", "figcaption", "img",
                       "picture", "video", "audio", "object", "embed", "map", "dialog", "menu", "head"})
_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|fil-ariane|ariane|cookies?|cookie-?banner|consent|gdpr|rgpd|"
    r"share|sharing|social|partage|partager|addthis|sharethis|print|imprimer|footer|pied|header|masthead|banner|"
    r"sidebar|aside|related|a-lire|lire-aussi|voir-aussi|newsletter|subscribe|abonnement|skip|skiplinks?|"
    r"gallery|galerie|carousel|slider|caption|legende|credits?|copyright|photo-credit|lang-switch|language|langues|"
    r"tags|keywords|pagination|toolbar|tools|outils|search|recherche|login|modal|popup|advert|ads|pub)(?:$|[\s_-])",
    re.I)
_CREDIT_LINE = re.compile(r"^\s*(?:©|\(c\)|copyright\b|cr[ée]dits?\s*(?:photo)?\s*:|photo\s*:|photos\s*:|source\s*photo)", re.I)
_DATE_LINE = re.compile(r"^\s*(?:communiqu[ée](?: de presse)?\s*[–—-]\s*)?publi[ée] le\b.{0,40}$", re.I)
_SITE_NAME = re.compile(r"minist[èe]re|ministry|ministerium|gouvernement|government|regierung|portail|portal|"
                        r"\.lu\b|\.fr\b|\.be\b|\.ch\b|diplomatie|federal|fédéral|accueil|home", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—»·]|::)\s+")   # not ":" — French titles use it
_CONTENT_HINT = re.compile(r"(?:^|[\s_-])(?:content|contenu|article|page-content|main-content|entry|post|"
                           r"text|texte|body|story|news|actualite|communique|press|corps)(?:$|[\s_-])", re.I)
_TITLE_HINT = re.compile(r"(?:^|[\s_-])(?:title|titre|headline|heading)(?:$|[\s_-])", re.I)
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
              "blockquote", "section", "article", "main", "dd", "dt", "dl", "pre", "address", "header",
              "center", "hr", "tbody", "thead", "caption"}
_END_OF_DOCUMENT = re.compile(r"</\s*(?:body|html)\s*>", re.I)
_BLANKS = r"\t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000"     # blanks besides the space (a line break ends a line)
_WS = re.compile(f"[ {_BLANKS}]+")
_OTHER_BLANK = re.compile(f"[{_BLANKS}]")
_SPACES = re.compile(" {2,}")


def parse_html(text: str) -> BeautifulSoup:
    # lxml is several times faster than html.parser and copes with broken markup.
    # A stray </body> or </html> mid-page makes lxml put the rest in a second <html> outside the
    # body, where the cleaner never looks; browsers ignore those end tags, and so do we.
    # FastHTMLBuilder builds the tree BeautifulSoup(text, "lxml") builds with about half the instructions
    # (docs/benchmarks.md, "Measurements behind design choices").
    return BeautifulSoup(_END_OF_DOCUMENT.sub("", text.replace("\x00", "")), builder=FastHTMLBuilder)


def limit_depth(soup: BeautifulSoup, max_depth: int = MAX_DEPTH) -> int:
    """Replace what lies deeper than `max_depth` by its text (one line per former element); returns how many
    elements were flattened. Keeps the words of absurdly nested pages while bounding the cleaner's work."""
    flattened = 0
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        children = [c for c in tag.contents if isinstance(c, Tag)]
        if depth < max_depth:
            stack += [(c, depth + 1) for c in children]
        elif children:
            text = tag.get_text("\n")
            flattened += len(tag.find_all(True))
            tag.clear()
            tag.append(text)
    return flattened


def normalise_text(text: str) -> str:
    return _single_spaced(unicodedata.normalize("NFC", text)).strip()


def normalised_lines(text: str) -> list[str]:
    """The non-empty lines of a text, each as normalise_text leaves it (one pass over the whole text:
    no normalisation or whitespace run crosses a line break)."""
    lines = (line.strip() for line in _single_spaced(unicodedata.normalize("NFC", text)).split("\n"))
    return [line for line in lines if line]


def _single_spaced(text: str) -> str:
    """Each run of blanks as one space. Most text has no blank but the space: then only runs of spaces
    need replacing, and a search for two spaces is several times faster than _WS's replacement of every
    single one."""
    if _OTHER_BLANK.search(text) is None:
        return _SPACES.sub(" ", text)
    return _WS.sub(" ", text)


def _classes(tag: Tag) -> str:
    attrs = tag.attrs or {}
    cls = attrs.get("class") or []
    if isinstance(cls, str):
        cls = [cls]
    return " ".join([*cls, str(attrs.get("id") or ""), str(attrs.get("role") or "")])


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    attrs = tag.attrs or {}
    if attrs.get("role") in ("navigation", "banner", "contentinfo", "search", "complementary", "dialog"):
        return True
    if attrs.get("aria-hidden") == "true" or attrs.get("hidden") is not None:
        return True
    return bool(_BOILERPLATE_WORDS.search(_classes(tag)))


def _first(tags: list[Tag], name: str, attr: str | None = None, value: str = "") -> Tag | None:
    """soup.find(name) or soup.find(name, attrs={attr: value}), from the page's element list."""
    return next((t for t in tags if t.name == name and (attr is None or has_value(t.get(attr), value))), None)


def find_title(soup: BeautifulSoup, tags: list[Tag], container: Tag | None) -> str:
    """h1 (in the content first), og:title, an element marked as title, then <title> minus the site name."""
    h1s = [t for t in tags if t.name == "h1"]
    inner = named(container, "h1") if container is not None else []
    for h in itertools.chain(inner, (h for h in h1s if not _inside_chrome(h))):
        text = normalise_text(h.get_text(" "))
        if len(text) >= 3:
            return text[:MAX_TITLE_CHARS]
    og = _first(tags, "meta", "property", "og:title") or _first(tags, "meta", "name", "twitter:title")
    if og and normalise_text(og.get("content") or ""):
        return strip_site_name(normalise_text(og["content"]))[:MAX_TITLE_CHARS]
    for tag in tags_of(_first(tags, "body") or soup):
        if tag.name in ("title", "meta"):
            continue
        # The cheap test first: _inside_chrome walks up to the root for each element.
        if (_TITLE_HINT.search(_classes(tag)) or tag.get("itemprop") in ("headline", "name")) and not _inside_chrome(tag):
            text = normalise_text(tag.get_text(" "))
            if 3 <= len(text) <= MAX_TITLE_CHARS:
                return text
    if container is not None and (heading := _prominent_heading(container)):
        return heading
    if soup.title and soup.title.string:
        return strip_site_name(normalise_text(soup.title.get_text(" ")))[:MAX_TITLE_CHARS]
    return ""


_HEADING_TAGS = frozenset({"h2", "h3", "font"})


def _prominent_heading(container: Tag) -> str | None:
    """The first heading-like element of the content (old table layouts: <font size="4"><b>…</b></font>)."""
    for tag in named(container, _HEADING_TAGS)[:40]:
        if tag.name == "font" and not _large_font(tag):
            continue
        if inside(tag, _LINK) or _inside_chrome(tag):
            continue
        text = normalise_text(tag.get_text(" "))
        if 10 <= len(text) <= 300:
            return text
    return None


def _large_font(tag: Tag) -> bool:
    size = str(tag.get("size") or "").strip()
    return size.lstrip("+").isdigit() and (int(size.lstrip("+")) >= 4 or size.startswith("+"))


def strip_site_name(title: str) -> str:
    """"Réunion de l'OTAN - Ministère des Affaires étrangères" -> "Réunion de l'OTAN"."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) <= 1:
        return title
    kept = [p for p in parts if not _SITE_NAME.search(p) and len(p) > 3]
    return max(kept or parts[:1], key=len)


_CHROME_TAGS = frozenset({"header", "nav", "footer", "aside"})
_TEMPLATE = frozenset({"template"})
_MAIN_TAGS = frozenset({"article", "main"})
_LINK = frozenset({"a"})


def _inside_chrome(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in _CHROME_TAGS and not inside(parent, _MAIN_TAGS):
            return True
        if parent.name not in ("html", "body", "[document]") and _is_boilerplate(parent):
            return True
    return False


def _semantic_containers(tags: list[Tag]) -> Iterator[list[Tag]]:
    """What the CSS selectors article, main, [role=main] and [itemprop=articleBody] select, in this order of trust.

    As a CSS select does, leave out what lies inside a <template>: its content is not part of the page.
    """
    if any(t.name == "template" for t in tags):
        tags = [t for t in tags if not inside(t, _TEMPLATE)]
    yield [t for t in tags if t.name == "article"]
    yield [t for t in tags if t.name == "main"]
    yield [t for t in tags if joined(t.attrs.get("role")) == "main"]
    yield [t for t in tags if joined(t.attrs.get("itemprop")) == "articleBody"]


_HINTED_TAGS = frozenset({"div", "section", "td"})


def find_content(tags: list[Tag]) -> Tag | None:
    """The element that holds the communiqué text, among the page's elements."""
    for candidates in _semantic_containers(tags):
        # Listing pages hold many small <article>s; a communiqué page holds one big one.
        found = [(t, n) for t in candidates if (n := _text_len(t)) >= 80]
        if found:
            return max(found, key=lambda tn: tn[1])[0]
    hinted = [t for t in tags if t.name in _HINTED_TAGS and _CONTENT_HINT.search(_classes(t))
              and not _is_boilerplate(t) and _text_len(t) >= 200]
    if hinted:
        return max(hinted, key=_density_score)
    return densest_block(tags)


def _text_len(tag: Tag) -> int:
    """len(tag.get_text(" ", strip=True))."""
    return len(" ".join([s for s in map(str.strip, strings_of(tag)) if s]))


def _link_text_len(tag: Tag, links: list[Tag] | None = None) -> int:
    return sum(_text_len(a) for a in (named(tag, "a") if links is None else links))


def _density_score(tag: Tag) -> float:
    return _text_len(tag) - 2 * _link_text_len(tag)


_BLOCK_CANDIDATES = frozenset({"div", "td", "section", "body", "center", "blockquote"})
_OWN_TEXT_TAGS = frozenset({"p", "font", "b", "strong", "i", "em", "span", "br", "a", "h2", "h3", "ul", "ol",
                            "blockquote"})


def densest_block(tags: list[Tag]) -> Tag | None:
    """The block whose own paragraphs carry the most non-link text (the fallback for table layouts)."""
    best, best_score = None, 0.0
    for tag in tags:
        if tag.name not in _BLOCK_CANDIDATES or _is_boilerplate(tag):
            continue
        own = 0
        for child in tag.children:
            if isinstance(child, NavigableString) and not isinstance(child, Comment):
                own += len(child.strip())
            elif isinstance(child, Tag) and child.name in _OWN_TEXT_TAGS:
                own += _text_len(child) - 2 * _link_text_len(child)
        if own > best_score:
            best, best_score = tag, own
    return best


_LINK_LIST_TAGS = frozenset({"ul", "ol", "div", "td", "table", "p"})


def remove_boilerplate(container: Tag) -> None:
    tags = tags_of(container)
    # Comments stay: no text reader here includes them, and extracting each one scans its siblings.
    for tag in [t for t in tags if t.name in DROP_TAGS]:
        # One inside another dropped tag went with it: decomposing it again changes nothing in the page,
        # but each attribute its extract() reads becomes a search of the emptied tag.
        if not _was_decomposed(tag):
            tag.decompose()
    for tag in tags:
        if _was_decomposed(tag):
            continue
        if tag.name == "header" and not named(tag, "h1") and _link_text_len(tag) >= _text_len(tag) * 0.5:
            tag.decompose()
        elif _is_boilerplate(tag):
            tag.decompose()
        elif tag.name in _LINK_LIST_TAGS and _is_link_list(tag):
            tag.decompose()


def _was_decomposed(tag: Tag) -> bool:
    # Not `tag.decomposed`: for a tag never decomposed, bs4 answers that attribute lookup by
    # searching the whole subtree for a <_decomposed> element, which made this loop quadratic.
    return tag.__dict__.get("_decomposed", False)


def _is_link_list(tag: Tag) -> bool:
    links = named(tag, "a")
    if len(links) < 2:     # tested first: most blocks have no link, and their text need not be read
        return False
    total = _text_len(tag)
    return total > 0 and _link_text_len(tag, links) / total > 0.7


def paragraphs_of(container: Tag) -> list[str]:
    """The container's text, one line per block element or <br>.

    One walk over the tree: inserting separators into it (replace_with, insert_before)
    costs a scan of the siblings each time, quadratic on a page of 30,000 <br>.
    """
    types = container.interesting_string_types or Tag.MAIN_CONTENT_STRING_TYPES
    parts: list[str] = []
    stack: list = [container]
    while stack:
        node = stack.pop()
        if node is _END_OF_BLOCK:
            parts.append("\n")
        elif isinstance(node, NavigableString):
            if type(node) in types:
                parts.append(node)
        elif node.name == "br":
            parts.append("\n")
        else:
            if node.name in BLOCK_TAGS and node is not container:
                parts.append("\n")
                stack.append(_END_OF_BLOCK)
            stack.extend(reversed(node.contents))
    return normalised_lines("".join(parts))


_END_OF_BLOCK = object()     # marks where a block element ends during the walk


def clean_paragraphs(lines: list[str], title: str) -> list[str]:
    """Drop the title repeated in the body, date lines and photo credits."""
    kept, total = [], 0
    folded_title = title.casefold()
    for i, line in enumerate(lines):
        if line.casefold() == folded_title or _CREDIT_LINE.match(line) or _DATE_LINE.match(line):
            continue
        if i < 6 and len(line) <= 60 and dateline_date(line):
            continue     # a dateline inside the content ("18 mars 2019", "Luxembourg, le 12 mai 2015")
        if total + len(line) >= MAX_TEXT_CHARS:
            kept.append(line[:MAX_TEXT_CHARS - total])     # one huge paragraph must not escape the cap
            break
        kept.append(line)
        total += len(line)
    return kept


def clean(soup: BeautifulSoup, content_selector: str | None = None) -> CleanPage:
    """Title and paragraphs of a parsed page. The soup is modified."""
    tags = tags_of(soup)
    canonical = _first(tags, "link", "rel", "canonical")
    html = _first(tags, "html")
    lang = (html.get("lang") or html.get("xml:lang")) if html else None
    container = soup.select_one(content_selector) if content_selector else None
    container = container or find_content(tags)
    title = find_title(soup, tags, container)
    body_lines: list[str] = []
    if container is not None:
        remove_boilerplate(container)
        body_lines = clean_paragraphs(paragraphs_of(container), title)
    return CleanPage(
        title=title,
        paragraphs=body_lines,
        canonical_url=(canonical.get("href") or "").strip() or None if canonical else None,
        lang_hint=(lang or "").split("-")[0].lower() or None,
    )
