"""Which block of a page holds its main text, judged by what each block holds.

Class names say what a CMS meant a block for, not what a given site put in it: a wrapper called
`sidebar-layout` or `print-area` can hold the whole article, and an `<article>` can be a teaser card.
So each block is measured in one walk of the tree (text, link text, and *prose*: text in paragraphs
long enough, with sentence punctuation, mostly not links), and

- a block whose tag, role or class words say boilerplate is refused, unless it holds most of the
  page's prose (then the words are wrong about it): half of it when the block holds the page's <h1>,
  70% when it does not (a wordy sidebar beside a short post must not pass for the article);
- the container is the block that maximises its prose minus a penalty for the rest of its text and
  its links: an ancestor wins over the block inside it only when what it adds is mostly prose.
  `<main>`, `<article>`, `[role=main]` and content-hinted blocks compete on the same score, with a
  small bonus for what the page declares as its main content.

The walk keeps the figures of every block, so a page that yields nothing can be reported with the
candidates looked at and why each was refused (`ContentChoice.tried`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import CData, NavigableString, Tag

# Elements whose text is never the page's main text; dropped with what they hold.
NEVER_CONTENT = frozenset({"script", "style", "template", "iframe", "svg", "canvas", "button", "input",
                           "select", "option", "textarea", "img", "picture", "video", "audio", "object", "embed",
                           "map", "dialog", "menu", "head", "figcaption", "title", "meta", "link"})
# schema.org marks a photo's caption and credit (AEM's image component writes <span itemprop="caption">
# inside an ImageObject): never the communiqué's text, whatever their class
IMAGE_PROPERTIES = frozenset({"caption", "creditText", "copyrightHolder", "copyrightNotice"})
_IMAGE_TYPE = re.compile(r"schema\.org/(?:ImageObject|Photograph|VideoObject)\b")
# Elements that are page chrome by their tag (dropped unless they hold most of the prose: some sites wrap
# the whole page in a <form>, or in a <noscript> for readers without JavaScript).
CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "noscript"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "dialog"})
# A word of a class or id: between start, end, space, "_", "-", or before a capital (camelCase: relatedArticles).
_WORD_END = r"(?:$|[\s_-]|(?-i:[A-Z]))"
BOILERPLATE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|fil-ariane|ariane|cookies?|cookie-?banner|consent|gdpr|rgpd|"
    r"share|sharing|social|partage|partager|addthis|sharethis|shariff|print|imprimer|footer|pied|"
    r"sidebar|aside|related|a-lire|lire-aussi|voir-aussi|newsletter|subscribe|abonnement|skip|skiplinks?|"
    r"gallery|galerie|carousel|slider|(?:img|image|photo|pic)?caption|legende|credits?|copyright|photo-credit|lang-switch|language|langues|"
    r"tags|tagcloud|keywords|pagination|pager|toolbar|tools|outils|search|recherche|login|modal|popup|"
    r"ad|ads|adv|advert|advertisement|adsense|anzeige|pub|comments?|commentaires?|kommentare|respond|disqus|"
    r"cart|basket|panier|warenkorb|favou?rites?|wishlist|promo|recommended|popular|trending|most-read|"
    r"author-info|author-bio|author-box|author-profile|author-description|mini-bio|about-author|"
    r"cta|donation|spenden|paywall|toc|rating|vote|meta|metadata|byline|posted-on)" + _WORD_END, re.I)
# Reasons that hold however much prose the block has: a long discussion under a short article is still comments.
STRICT_WORDS = re.compile(r"(?:^|[\s_-])(?:comments?|commentaires?|kommentare|respond|disqus|cookies?|cookie-?banner|"
                          r"consent|gdpr|rgpd)" + _WORD_END, re.I)
# Header words: a block called so is boilerplate only when it holds neither the page's heading nor prose
# (an `article-header` holds the title and the intro).
HEADER_WORDS = re.compile(r"(?:^|[\s_-])(?:header|masthead|banner|topbar)" + _WORD_END, re.I)
CONTENT_HINT = re.compile(r"(?:^|[\s_-])(?:content|contenu|article|main-content|entry|post|text|texte|body|story|"
                          r"articlebody|article-body|post-content|entry-content|communique|corps)(?:$|[\s_-])", re.I)
# Elements that end a paragraph: the text between two of them is one paragraph of their nearest one.
PARAGRAPH_TAGS = frozenset({"p", "div", "li", "td", "th", "dd", "dt", "blockquote", "pre", "section", "article",
                            "main", "body", "h1", "h2", "h3", "h4", "h5", "h6", "header", "address", "center",
                            "figure", "table", "tr", "ul", "ol", "dl", "form", "aside", "nav", "footer"})
CANDIDATE_TAGS = frozenset({"body", "div", "section", "article", "main", "td", "center", "blockquote", "form",
                            "table", "tbody", "aside", "font"})
MAIN_DECLARED = frozenset({"article", "main"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
TEASER_SHARE = 0.5
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_STOPS = re.compile(r"[.!?;:。！？…]")
_TEXT_TYPES = (NavigableString, CData)

MIN_PROSE_CHARS = 30          # a paragraph shorter than this is a label, a button, a date
PROSE_MAX_LINK_SHARE = 0.5    # a paragraph mostly of links is a menu or a teaser
# Costs, against one character of prose, of what else a container holds. Headings, bylines and short list
# items cost little: an article's container holds them too. Link text costs as much as prose gains:
# an ancestor that adds a menu or a list of teasers loses to the block inside it.
OTHER_TEXT_PENALTY = 0.05     # one character of text that is neither prose nor link
LINK_TEXT_PENALTY = 1.0       # one character of link text (on top of the above)
DECLARED_BONUS = 1.1         # <main>, <article>, [role=main], [itemprop=articleBody]
MOST_OF_THE_PROSE = 0.5       # a block holding more than this share of the page's prose is never boilerplate by name
MOST_OF_THE_PROSE_WITHOUT_H1 = 0.7   # the share needed by a block without the page's <h1> (a wordy sidebar)


class Stats:
    """Figures of one element: its text, the text of its links, its prose, its own paragraph."""
    __slots__ = ("text", "links", "anchors", "prose", "paragraphs", "flow", "flow_links", "flow_stops", "headings", "h1")

    def __init__(self):
        self.text = self.links = self.anchors = self.prose = self.paragraphs = 0
        self.flow = self.flow_links = self.flow_stops = self.headings = self.h1 = 0

    @property
    def link_share(self) -> float:
        return self.links / self.text if self.text else 0.0


@dataclass(frozen=True)
class Candidate:
    """One block the cleaner looked at, for reports."""
    element: str           # "div#main.article-body"
    text_chars: int
    prose_chars: int
    link_share: float
    score: float
    verdict: str           # "chosen", or why it was refused

    def describe(self) -> str:
        return (f"{self.element} ({self.text_chars} chars, {self.prose_chars} in prose, "
                f"{self.link_share:.0%} links): {self.verdict}")


@dataclass
class ContentChoice:
    container: Tag | None
    refused: dict[int, str]                    # id(element) -> why it is boilerplate
    stats: dict[int, Stats]                    # id(element) -> its figures
    scored: list[tuple[float, Tag, Stats]]     # the candidates and their scores
    tags: list[Tag]                            # the elements looked at

    def tried(self, limit: int = 8) -> list[Candidate]:
        """The best-scored candidates and the largest refused blocks, for a report (worked out on demand:
        only a page without body needs it)."""
        out = []
        for score, tag, s in sorted(self.scored, key=lambda x: -x[0])[:limit]:
            verdict = "chosen" if tag is self.container else (
                "no prose" if not s.prose else "more links and short text than prose" if score <= 0 else "lower score")
            out.append(Candidate(describe(tag), s.text, s.prose, s.link_share, round(score, 1), verdict))
        refused = [t for t in self.tags if id(t) in self.refused]
        for tag in sorted(refused, key=lambda t: -self.stats[id(t)].text)[:limit]:
            s = self.stats[id(tag)]
            out.append(Candidate(describe(tag), s.text, s.prose, s.link_share, 0.0, f"refused: {self.refused[id(tag)]}"))
        return out


def describe(tag: Tag) -> str:
    attrs = tag.attrs or {}
    ident = f"#{attrs['id']}" if attrs.get("id") else ""
    cls = attrs.get("class") or []
    classes = "".join(f".{c}" for c in (cls if isinstance(cls, list) else str(cls).split())[:3])
    return f"<{tag.name}>{ident}{classes}"


def measure(tags: list[Tag]) -> dict[int, Stats]:
    """Figures of every element, children before parents (tags in document order, walked backwards)."""
    stats: dict[int, Stats] = {}
    for tag in reversed(tags):
        s = Stats()
        for child in tag.contents:
            if isinstance(child, Tag):
                c = stats.get(id(child))
                if c is None:
                    continue
                s.text += c.text
                s.links += c.links
                s.anchors += c.anchors
                s.prose += c.prose
                s.paragraphs += c.paragraphs
                s.headings += c.headings
                s.h1 += c.h1
                if child.name not in PARAGRAPH_TAGS:
                    s.flow += c.flow
                    s.flow_links += c.flow_links
                    s.flow_stops += c.flow_stops
            elif type(child) in _TEXT_TYPES:
                text = child.strip()
                if text:
                    n = len(text) + 1
                    s.text += n
                    s.flow += n
                    if _STOPS.search(text) is not None:
                        s.flow_stops += 1
        name = tag.name
        if name in NEVER_CONTENT:
            stats[id(tag)] = Stats()
            continue
        if name == "a" and tag.attrs and "href" in tag.attrs:     # <a name=...> is an anchor, not a link
            s.links = s.text
            s.flow_links = s.flow
            s.anchors += 1
        elif name in PARAGRAPH_TAGS:
            if name in HEADINGS:
                s.headings += 1
                if name == "h1":
                    s.h1 += 1
            own = s.flow - s.flow_links
            if own >= MIN_PROSE_CHARS and s.flow_links <= PROSE_MAX_LINK_SHARE * s.flow and (s.flow_stops or own >= 120) \
                    and name[0] != "h":
                s.prose += own
                s.paragraphs += 1
        stats[id(tag)] = s
    return stats


def refusal(tag: Tag, s: Stats) -> str:
    """Why a block is boilerplate by its tag, role or class words ("" when it is not)."""
    name = tag.name
    if name in ("html", "body"):
        return ""
    attrs = tag.attrs
    reason = ""
    if name in CHROME_TAGS:
        reason = f"<{name}> element"
    elif attrs:
        role = attrs.get("role")
        if isinstance(role, str) and role in CHROME_ROLES:
            reason = f"role={role}"
        elif attrs.get("aria-hidden") == "true" or attrs.get("hidden") is not None or _HIDDEN_STYLE.search(
                attrs.get("style") or ""):
            reason = "hidden"
        elif attrs.get("itemprop") in IMAGE_PROPERTIES or _IMAGE_TYPE.search(str(attrs.get("itemtype") or "")):
            reason = "an image's caption or credit"
        else:
            words = _class_words(attrs)
            if words:
                if match := BOILERPLATE_WORDS.search(words):
                    reason = f"class word {match.group(0).strip(' _-')!r}"
                elif (match := HEADER_WORDS.search(words)) and not s.prose and not s.headings:
                    reason = f"class word {match.group(0).strip(' _-')!r}"
    if not reason and name == "header" and not s.prose and not s.headings and s.links * 2 >= s.text:
        reason = "<header> of links"
    return reason


def holds_most_of(tag: Tag, container: Tag, choice: "ContentChoice") -> bool:
    """Whether a block refused by its name holds most of the container's prose (then it is the article)."""
    reason = choice.refused.get(id(tag), "")
    container_prose = choice.stats[id(container)].prose if id(container) in choice.stats else 0
    return bool(reason) and not _strict(reason) and choice.stats[id(tag)].prose > MOST_OF_THE_PROSE * container_prose > 0


def _strict(reason: str) -> bool:
    """Whether a refusal holds however much prose the block has (comments, cookie notices, dialogs)."""
    word = reason.partition("'")[2].rstrip("'")     # "class word 'comments'" -> "comments"
    return reason in ("hidden", "role=dialog") or bool(word and STRICT_WORDS.match(word))


def _class_words(attrs) -> str:
    cls = attrs.get("class")
    if isinstance(cls, list):
        cls = " ".join(cls)
    ident = attrs.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""


def _declared_main(tag: Tag) -> bool:
    if tag.name in MAIN_DECLARED:
        return True
    attrs = tag.attrs
    return bool(attrs) and (attrs.get("role") == "main" or attrs.get("itemprop") == "articleBody")


def choose_content(root: Tag, tags: list[Tag]) -> ContentChoice:
    """The block holding the main text among `tags` (the elements under `root`, in document order)."""
    stats = measure([root, *tags] if root.name != "[document]" else tags)
    top = stats.get(id(root)) or _largest(stats)
    page_prose = top.prose if top else 0
    refused = _refusals(tags, stats, page_prose)
    removed: dict[int, Stats] = {}      # what refused blocks take away from each element
    for tag in reversed(tags):
        key = id(tag)
        if key in refused:
            removed[key] = stats[key]
            continue
        gone = None
        for child in tag.contents:
            if isinstance(child, Tag):
                r = removed.get(id(child))
                if r is not None:
                    if gone is None:
                        gone = Stats()
                    gone.text += r.text
                    gone.links += r.links
                    gone.prose += r.prose
        if gone is not None:
            removed[key] = gone
    out: set[int] = set(refused)     # refused blocks, what is inside them or inside never-content elements
    best, best_score = None, 0.0
    scored: list[tuple[float, Tag, Stats]] = []
    for tag in ([root] if root.name == "body" else []) + tags:
        key = id(tag)
        parent = tag.parent
        if parent is not None and (id(parent) in out or parent.name in NEVER_CONTENT):
            out.add(key)
            continue
        if tag.name not in CANDIDATE_TAGS or key in out:
            continue
        s = stats[key]
        if not s.text:
            continue
        gone = removed.get(id(tag))
        text, links, prose = (s.text - gone.text, s.links - gone.links, s.prose - gone.prose) if gone else \
            (s.text, s.links, s.prose)
        score = prose - OTHER_TEXT_PENALTY * (text - prose) - LINK_TEXT_PENALTY * links
        if score > 0 and tag.name != "body" and (_declared_main(tag) or (tag.attrs and CONTENT_HINT.search(_class_words(tag.attrs)))):
            score *= DECLARED_BONUS
        scored.append((score, tag, s))
        if score > best_score:
            best, best_score = tag, score
    if best is None:
        # Nothing reads as prose (a page of link-rich paragraphs, of short lines): the block with the most
        # text outside links, rather than nothing.
        fallback = [(s.text - s.links, tag) for _, tag, s in scored if s.text - s.links >= 2 * MIN_PROSE_CHARS]
        best = max(fallback, key=lambda x: x[0])[1] if fallback else None
    return ContentChoice(best, refused, stats, scored, tags)


def _refusals(tags: list[Tag], stats: dict[int, Stats], page_prose: int) -> dict[int, str]:
    """The blocks refused as boilerplate, id -> why. A block refused by its name is kept when it holds most of
    the prose of the page that is not refused (the page's prose less that of the other outermost refused
    blocks): then the name is wrong about it, it wraps the article. Outermost blocks are judged first, the
    largest of them each round; when one is kept, the refused blocks inside it are judged in the next round."""
    reasons: dict[int, str] = {}
    for tag in tags:
        if tag.name not in NEVER_CONTENT and (reason := refusal(tag, stats[id(tag)])):
            reasons[id(tag)] = reason
    reasons.update(_teaser_cards(tags, stats, page_prose))
    if not reasons or not page_prose:
        return reasons
    while True:
        outermost = _outermost(tags, reasons)
        refused_prose = sum(stats[id(t)].prose for t in outermost)
        # One group a round, the largest: while a wrapper of the article is still refused, the prose left
        # outside refused blocks is small, and a sidebar would pass for most of it. Siblings refused for the
        # same word form one group: an article cut into sections that all carry a `--ads` class.
        groups: dict[tuple[int, str], list[Tag]] = {}
        for tag in outermost:
            if not _strict(reason := reasons[id(tag)]):
                groups.setdefault((id(tag.parent), reason), []).append(tag)
        if not groups:
            return reasons
        largest = max(groups.values(), key=lambda group: sum(stats[id(t)].prose for t in group))
        prose = sum(stats[id(t)].prose for t in largest)
        rest = page_prose - refused_prose + prose
        needed = MOST_OF_THE_PROSE if any(stats[id(t)].h1 for t in largest) else MOST_OF_THE_PROSE_WITHOUT_H1
        if prose <= needed * rest:
            return reasons
        for tag in largest:
            del reasons[id(tag)]


def _teaser_cards(tags: list[Tag], stats: dict[int, Stats], page_prose: int) -> dict[int, str]:
    """<article>s whose heading links elsewhere and that hold less than half the page's prose: cards
    announcing other pages (a listing, related posts), not the page's own text."""
    return {id(t): "teaser card (its heading is a link)" for t in tags
            if t.name == "article" and stats[id(t)].prose < TEASER_SHARE * page_prose and _linked_heading(t)}


def _linked_heading(tag: Tag) -> bool:
    for heading in tag.find_all(HEADINGS, limit=2):
        if heading.find("a", href=True) is not None or (heading.parent is not None and heading.parent.name == "a"):
            return True
    return False


def _outermost(tags: list[Tag], reasons: dict[int, str]) -> list[Tag]:
    """The refused blocks with no refused block around them."""
    out, inside = [], set()
    for tag in tags:
        key = id(tag)
        parent = tag.parent
        if parent is not None and id(parent) in inside:
            inside.add(key)
        elif key in reasons:
            out.append(tag)
            inside.add(key)
    return out


def _largest(stats: dict[int, Stats]) -> Stats | None:
    return max(stats.values(), key=lambda s: s.text, default=None)
