"""Reduce a communiqué page to its title and paragraphs.

Rules are about page structure, not about one site: the container is the block whose content
scores best (prose against links and short text, indexer.blocks), whatever its tag or class;
inside it, what is never text (scripts, images, captions), the blocks whose tag, role or class
words say boilerplate (menus, share bars, comments, cart...) and link lists are dropped, except
a block that holds most of the page's prose. docs/extraction.md tells the approach and its figures.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
import warnings

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning

from indexer.blocks import (BOILERPLATE_WORDS, HEADER_WORDS, NEVER_CONTENT, ContentChoice, Stats, choose_content,
                            holds_most_of)
from indexer.dates import dateline_date
from indexer.document import CleanPage
from indexer.bs4_fast_builder import FastHTMLBuilder
from indexer.elements import has_value, inside, named, tags_of

# An XHTML page (an XML declaration before <html>) is a web page to us, as it is to a browser that gets it as
# text/html: it is parsed as HTML on purpose, and bs4's advice to use an XML parser would only fill the
# indexer's output with a warning per such page.
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

MAX_TEXT_CHARS = 200_000     # body text kept per page; beyond this it is truncated
MAX_TITLE_CHARS = 400
# Deeper markup is flattened to its text: the cleaner's rules cost O(elements x depth),
# and real pages nest 15-40 levels deep while a hostile page can nest thousands.
MAX_DEPTH = 100

_CREDIT_LINE = re.compile(r"^\s*(?:©|\(c\)|copyright\b|cr[ée]dits?\s*(?:photo)?\s*:|photo\s*:|photos\s*:|source\s*photo)", re.I)
# A caption that ends in its credit: « Conférence de presse des trois ministres – © MEAE / Photo : X ».
_CREDIT_IN_CAPTION = re.compile(r"(?:^|\s[–—-]\s*|\s)(?:©|\(c\)\s|cr[ée]dits?\s*photo|photo\s*:)", re.I)
MAX_CAPTION_CHARS = 200
# A trail of links: « Accueil > Dossiers pays > Europe > Triangle de Weimar ».
_TRAIL_SEPARATOR = re.compile(r"\s(?:>|›)\s")
_HOME_TRAIL_SEPARATOR = re.compile(r"\s(?:>|›|»|/|\\)\s")      # after a home step only: « Accueil / Actualités »
_HOME_STEP = re.compile(r"^(?:accueil|page d'accueil|home|homepage|startseite|start)$", re.I)
MIN_TRAIL_STEPS = 3
_DATE_LINE = re.compile(r"^\s*(?:communiqu[ée](?: de presse)?\s*[–—-]\s*)?publi[ée] le\b.{0,40}$", re.I)
_SITE_NAME = re.compile(r"minist[èe]re|ministry|ministerium|gouvernement|government|regierung|portail|portal|"
                        r"\.lu\b|\.fr\b|\.be\b|\.ch\b|diplomatie|federal|fédéral|accueil|home", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—»·]|::)\s+")   # not ":" — French titles use it
_RELEASE_LABEL = re.compile(r"(?:communiqu[ée]s?|comunicados?|press\s+releases?|pressemitteilung(?:en)?)\b.{0,30}$", re.I)
MIN_PROSE_CHARS = 200    # a string this long is a paragraph of the text
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
    words = _classes(tag)
    if BOILERPLATE_WORDS.search(words):
        return True
    # « site-header » is the site's; « entry-header » inside the article is the article's own (its h1, its date)
    return bool(HEADER_WORDS.search(words)) and not inside(tag, _MAIN_TAGS)


def _first(tags: list[Tag], name: str, attr: str | None = None, value: str = "") -> Tag | None:
    """soup.find(name) or soup.find(name, attrs={attr: value}), from the page's element list."""
    return next((t for t in tags if t.name == name and (attr is None or has_value(t.get(attr), value))), None)


def find_title(soup: BeautifulSoup, tags: list[Tag], container: Tag | None) -> str:
    """h1 (in the content first), og:title, an element marked as title, then <title> minus the site name."""
    h1s = [t for t in tags if t.name == "h1"]
    inner = named(container, "h1") if container is not None else []
    for h in itertools.chain(inner, (h for h in h1s if not _inside_chrome(h))):
        text = heading_text(h)
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


def heading_text(tag: Tag) -> str:
    """A heading as it reads, on one line: its strings as written (« 33<sup>e</sup> session » is « 33e
    session »), a <br> as a blank, every run of blanks and line breaks as one space."""
    parts = [" " if isinstance(el, Tag) else str(el) for el in tag.descendants
             if (isinstance(el, Tag) and el.name == "br") or type(el) is NavigableString]
    return " ".join(normalise_text("".join(parts)).split())


_HEADING_TAGS = frozenset({"h2", "h3", "font", "b", "strong"})
_BOLD = frozenset({"b", "strong"})


def _prominent_heading(container: Tag) -> str | None:
    """The first heading-like element of the content (old table layouts: <font size="4"><b>…</b></font>, or a
    bold line of its own: « <b>L'ALGÉRIE ACHEMINE UNE AIDE…</b><br><br> »)."""
    for tag in named(container, _HEADING_TAGS)[:40]:
        if tag.name == "font" and not _large_font(tag):
            continue
        if tag.name in _BOLD and not (_bold_line(tag) and _before_the_text(tag, container)):
            continue
        if inside(tag, _LINK) or _inside_chrome(tag):
            continue
        text = normalise_text(tag.get_text(" "))
        if 10 <= len(text) <= 300:
            return text
    return None


def _bold_line(tag: Tag) -> bool:
    """A bold element that is a line of its own, as a heading is: the first text of its block, followed by a
    line break or by nothing (not a bold phrase inside a sentence)."""
    before = tag.previous_sibling
    while before is not None and isinstance(before, NavigableString) and not before.strip():
        before = before.previous_sibling
    if before is not None and not (isinstance(before, Tag) and before.name == "br"):
        return False
    after = tag.next_sibling
    while after is not None and isinstance(after, NavigableString) and not after.strip():
        after = after.next_sibling
    return after is None or (isinstance(after, Tag) and after.name in ("br", "p", "div", "table"))


def _before_the_text(tag: Tag, container: Tag) -> bool:
    """Whether no paragraph of text comes before `tag` in the container, and `tag` is no release label or date
    line (« Comunicado No. 187 », « Communiqué de presse - 5 novembre 1998 »): where a title stands."""
    text = normalise_text(tag.get_text(" "))
    if _RELEASE_LABEL.match(text) or dateline_date(text):
        return False
    for string in tag.find_all_previous(string=True):
        if container not in string.parents:
            break
        if len(string.strip()) >= MIN_PROSE_CHARS:
            return False
    return True


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
_MAIN_TAGS = frozenset({"article", "main"})
_LINK = frozenset({"a"})


def _inside_chrome(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in _CHROME_TAGS and not inside(parent, _MAIN_TAGS):
            return True
        if parent.name not in ("html", "body", "[document]") and _is_boilerplate(parent):
            return True
    return False


def remove_boilerplate(container: Tag, choice: ContentChoice | None = None) -> None:
    """Drop from the chosen container what is never text (scripts, images, captions), the blocks refused as
    boilerplate (menus, share bars, comments... unless they hold most of the prose) and lists of links."""
    tags = tags_of(container)
    if choice is None:     # a container given by a site profile: judge its blocks against its own prose
        choice = choose_content(container, tags)
    refused, stats = choice.refused, choice.stats
    for tag in tags:
        # One inside another dropped tag went with it: decomposing it again changes nothing in the page,
        # but each attribute its extract() reads becomes a search of the emptied tag.
        if _was_decomposed(tag):
            continue
        if tag.name in NEVER_CONTENT or (id(tag) in refused and not holds_most_of(tag, container, choice)):
            tag.decompose()
        elif tag.name in _LINK_LIST_TAGS and (s := stats.get(id(tag))) is not None and _is_link_list(s):
            tag.decompose()
        elif tag.name in _LINE_TAGS and (s := stats.get(id(tag))) is not None and _is_link_line(s):
            tag.decompose()


_LINK_LIST_TAGS = frozenset({"ul", "ol", "div", "td", "table", "p", "section"})


def _was_decomposed(tag: Tag) -> bool:
    # Not `tag.decomposed`: for a tag never decomposed, bs4 answers that attribute lookup by
    # searching the whole subtree for a <_decomposed> element, which made this loop quadratic.
    return tag.__dict__.get("_decomposed", False)


_LINE_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "strong", "b"})


def _is_link_line(s: Stats) -> bool:
    """A short line that is mostly a link: "Read more: ...", a teaser's title, "Back to the list"."""
    return s.anchors >= 1 and s.text < 200 and s.links >= 0.6 * s.text


def _is_link_list(s: Stats) -> bool:
    return s.anchors >= 2 and s.text > 0 and s.links > 0.7 * s.text


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


TRAILING_LINE_CHARS = 60     # a line this short without a sentence's end, after the last sentence, is chrome
LEADING_LINE_CHARS = 25      # and one this short before the first
_SENTENCE_END = re.compile(r"[.!?…。！？:;»\"”)]\s*$")


def without_trailing_chrome(lines: list[str]) -> list[str]:
    """The lines up to the last one that reads as a sentence: what follows the text's last sentence at the
    end of its block is a byline, tags, a share bar or a "back to the list" link. Likewise the very short
    lines before the first one (a category, a kicker, a date): a heading of the text is longer."""
    end = len(lines)
    while end > 0 and len(lines[end - 1]) < TRAILING_LINE_CHARS and not _SENTENCE_END.search(lines[end - 1]):
        end -= 1
    lines = lines[:end] if end else lines
    start = 0
    while start < len(lines) - 1 and len(lines[start]) < LEADING_LINE_CHARS and not _SENTENCE_END.search(lines[start]):
        start += 1
    return lines[start:]


def clean_paragraphs(lines: list[str], title: str) -> list[str]:
    """Drop the title repeated in the body, date lines and photo credits."""
    kept, total = [], 0
    folded_title = title.casefold()
    for i, line in enumerate(lines):
        if line.casefold() == folded_title or _CREDIT_LINE.match(line) or _DATE_LINE.match(line):
            continue
        if is_caption_credit(line) or (i < 6 and is_link_trail(line)):
            continue
        if i < 6 and len(line) <= 60 and dateline_date(line):
            continue     # a dateline inside the content ("18 mars 2019", "Luxembourg, le 12 mai 2015")
        if total + len(line) >= MAX_TEXT_CHARS:
            kept.append(line[:MAX_TEXT_CHARS - total])     # one huge paragraph must not escape the cap
            break
        kept.append(line)
        total += len(line)
    return kept


def is_caption_credit(line: str) -> bool:
    """A short line that credits a photo, wherever the credit starts: a caption, not the communiqué's text."""
    return len(line) <= MAX_CAPTION_CHARS and bool(_CREDIT_IN_CAPTION.search(line)) and not line.endswith((".", "!", "?"))


def is_link_trail(line: str) -> bool:
    """A breadcrumb that a site left inside its content block (SPIP's `arbo` paragraph and its kin): three
    or more short steps joined by « > » or « › », or by « / » and « » » after a home step (« Les pays du
    G7 / G20 / OCDE » is no trail, nor is « le « oui » »)."""
    if len(line) > MAX_CAPTION_CHARS or _SENTENCE_END.search(line):
        return False
    steps = _TRAIL_SEPARATOR.split(line)
    if len(steps) < MIN_TRAIL_STEPS and "«" not in line:
        home = _HOME_TRAIL_SEPARATOR.split(line)
        steps = home if _HOME_STEP.match(home[0].strip()) else steps
    return len(steps) >= MIN_TRAIL_STEPS and all(0 < len(step.strip()) <= 60 for step in steps)


def find_content(soup: BeautifulSoup, tags: list[Tag]) -> ContentChoice:
    """The block holding the page's main text (`tags`: the soup's elements in document order), judged by
    what the blocks hold; the crawler's judge asks it too, before cleaning changes the page."""
    body = _first(tags, "body")
    return choose_content(body, tags_of(body)) if body is not None else choose_content(soup, tags)


def clean(soup: BeautifulSoup, content_selector: str | None = None) -> CleanPage:
    """Title and paragraphs of a parsed page. The soup is modified."""
    tags = tags_of(soup)
    canonical = _first(tags, "link", "rel", "canonical")
    html = _first(tags, "html")
    lang = (html.get("lang") or html.get("xml:lang")) if html else None
    container = soup.select_one(content_selector) if content_selector else None
    choice = None
    if container is None:
        choice = find_content(soup, tags)
        container = choice.container
    title = find_title(soup, tags, container)
    body_lines: list[str] = []
    if container is not None:
        remove_boilerplate(container, choice)
        body_lines = clean_paragraphs(without_trailing_chrome(paragraphs_of(container)), title)
    return CleanPage(
        title=title,
        paragraphs=body_lines,
        canonical_url=(canonical.get("href") or "").strip() or None if canonical else None,
        lang_hint=(lang or "").split("-")[0].lower() or None,
        tried=tuple(c.describe() for c in choice.tried()) if choice is not None and not body_lines else (),
    )
