"""Hostile pages for the indexer: a hand-made catalogue, a seeded mutator and Hypothesis strategies.

Each hand-made case says what a sensible indexer does with it: index it (and what
must then be true of the document), report it (and with which reason), or either.
Good communiqués written in real French go beside them, so a test can check that
nothing hostile costs a good page its place in the index.
"""
from __future__ import annotations

import codecs
import encodings.aliases
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from hypothesis import strategies as st

from indexer.document import RawPage
from indexer.encoding import UndecodableError, decode_html
from indexer.extract import MIN_BODY_CHARS, ExtractionError, extract
from tests.conftest import page

INDEXED, REPORTED, EITHER = "indexed", "reported", "either"

LEAD = ("Le ministre des Affaires étrangères et européennes a participé ce lundi à Bruxelles au Conseil "
        "Affaires étrangères de l’Union européenne, consacré à la situation en Ukraine et au Proche-Orient.")
FOLLOW = ("Les ministres ont également évoqué la coopération avec les pays du voisinage méridional, "
          "la lutte contre le terrorisme et la préparation du prochain sommet européen.")
CLOSING = "À l’issue de la réunion, le ministre a rappelé l’attachement du Luxembourg au droit international."


@dataclass(frozen=True)
class HostileCase:
    name: str              # also the file name stem
    kind: str              # the class reported in docs/reliability.md
    content: bytes
    expect: str            # INDEXED, REPORTED or EITHER
    reason: str = ""       # a word the failure reason must contain, when REPORTED
    check: Callable[[dict], bool] | None = None   # on the stored document, when indexed
    suffix: str = ".html"

    @property
    def filename(self) -> str:
        return f"{self.name}{self.suffix}"


def communique_page(title: str, *paragraphs: str, date_line: str = "", head: str = "", lang: str = "fr") -> str:
    return page(title, *(paragraphs or (LEAD, FOLLOW, CLOSING)), date_line=date_line, head=head, lang=lang)


def good_pages(count: int = 12) -> dict[str, bytes]:
    """Plain, well-formed communiqués, each with a distinct marker word in its title."""
    places = ["Bruxelles", "Luxembourg", "Vienne", "Genève", "New York", "Strasbourg", "Varsovie", "Riga",
              "Lisbonne", "Prague", "Madrid", "Helsinki", "Tallinn", "Vilnius", "Dublin", "La Valette"]
    pages = {}
    for i in range(count):
        place = places[i % len(places)]
        title = f"Réunion ministérielle à {place} (séance goodpage{i:03d})"
        pages[f"good/{i:03d}.html"] = communique_page(
            title, f"Réunis à {place}, les ministres ont adopté une déclaration commune sur la sécurité européenne.",
            LEAD, FOLLOW, date_line=f"Publié le {1 + i % 28} mars 2019").encode("utf-8")
    return pages


def _html(title: str, body_html: str, charset: str | None = "utf-8", lang: str = "fr") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f'<!doctype html><html lang="{lang}"><head>{meta}<title>{title}</title></head>'
            f"<body><main><h1>{title}</h1>{body_html}</main></body></html>")


def _paras(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _title_is(expected: str) -> Callable[[dict], bool]:
    return lambda doc: doc["title"] == expected


def _body_has(*words: str) -> Callable[[dict], bool]:
    return lambda doc: all(w in doc["body"] for w in words)


def _no_date(doc: dict) -> bool:
    return doc.get("date") is None


def catalogue() -> list[HostileCase]:
    """The hand-made hostile cases (built on call: a few of them are megabytes)."""
    cases: list[HostileCase] = []
    add = cases.append
    normal = communique_page("Réunion du Conseil à Bruxelles")

    # --- empty and not HTML -------------------------------------------------------------
    add(HostileCase("zero-byte", "empty", b"", REPORTED, "empty"))
    add(HostileCase("whitespace-only", "empty", b" \r\n\t \n", REPORTED, "empty"))
    add(HostileCase("empty-document", "empty", b"<html><head></head><body></body></html>", REPORTED, "no"))
    rng = random.Random(7)
    add(HostileCase("random-binary", "binary", bytes(rng.getrandbits(8) for _ in range(65536)), REPORTED))
    add(HostileCase("png-named-html", "binary", b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(4096)),
                    REPORTED))
    add(HostileCase("gzip-named-html", "binary", b"\x1f\x8b\x08\x00" + bytes(rng.getrandbits(8) for _ in range(4096)),
                    REPORTED))
    add(HostileCase("pdf-named-html", "binary", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>stream\n" + bytes(range(256)) * 16,
                    REPORTED))
    add(HostileCase("html-then-binary", "binary", b"<html><body>" + bytes(rng.getrandbits(8) for _ in range(20000)),
                    REPORTED))
    add(HostileCase("plain-text-named-html", "binary", (LEAD + "\n" + FOLLOW).encode(), REPORTED, "HTML"))

    # --- size ---------------------------------------------------------------------------
    sentence = "Le ministre a rencontré son homologue pour évoquer la coopération bilatérale et la sécurité. "
    ten_mb_text = _html("Un communiqué de dix mégaoctets", "<p>" + sentence * (10_000_000 // len(sentence)) + "</p>")
    add(HostileCase("10mb-one-paragraph", "huge", ten_mb_text.encode(), INDEXED,
                    check=lambda d: d["title"] == "Un communiqué de dix mégaoctets" and 1000 < len(d["body"]) <= 210_000))
    para = f"<p>{sentence}</p>"
    add(HostileCase("10mb-many-paragraphs", "huge", _html("Dix mégaoctets de paragraphes",
                                                           para * (10_000_000 // len(para))).encode(), REPORTED, "markup"))
    add(HostileCase("13mb-over-the-cap", "huge", _html("Trop grand", "<p>" + "x" * 13_000_000 + "</p>").encode(),
                    REPORTED, "too large"))
    add(HostileCase("100k-spans", "huge", _html("Cent mille éléments", "<p>" + "<span>mot</span> " * 100_000 + "</p>").encode(),
                    REPORTED, "markup"))
    add(HostileCase("20k-line-breaks", "huge", _html("Vingt mille lignes", _paras(LEAD) + "<p>" + "Une ligne.<br>" * 20_000
                                                      + "</p>").encode(), INDEXED, check=_body_has("Une ligne.")))
    add(HostileCase("200k-comments", "huge", _html("Commentaires", _paras(LEAD) + "<!-- x -->" * 200_000).encode(),
                    REPORTED, "markup"))

    # --- nesting and broken markup --------------------------------------------------------
    add(HostileCase("nesting-5000-divs", "nesting", _html("Imbrication profonde", "<div>" * 5000 + _paras(LEAD, FOLLOW)
                                                          + "</div>" * 5000).encode(), INDEXED,
                    check=_body_has("Conseil Affaires étrangères", "voisinage méridional")))
    add(HostileCase("nesting-5000-unclosed", "nesting", _html("Imbrication sans fin", "<div><span>" * 2500 + LEAD).encode(),
                    INDEXED, check=_body_has("Conseil Affaires étrangères")))
    add(HostileCase("nesting-20000-inline", "nesting", _html("Gras imbriqué", "<b>" * 20_000 + LEAD).encode(), INDEXED,
                    check=_body_has("Proche-Orient")))
    add(HostileCase("nesting-tables", "nesting", _html("Tableaux imbriqués", "<table><tr><td>" * 1500 + LEAD
                                                       + "</td></tr></table>" * 1500).encode(), INDEXED,
                    check=_body_has("Proche-Orient")))
    add(HostileCase("unclosed-tags", "broken markup",
                    f"<html><head><title>Réunion</title><body><h1>Réunion du Benelux<p>{LEAD}<p>{FOLLOW}<div><span><b>".encode(),
                    INDEXED, check=_body_has("Proche-Orient", "sommet européen")))
    add(HostileCase("stray-closing-tags", "broken markup", _html("Balises orphelines", "</div></p></body></html></main>"
                                                                 + _paras(LEAD, FOLLOW) + "</span></td>").encode(),
                    INDEXED, check=_body_has("Proche-Orient")))
    add(HostileCase("truncated-mid-tag", "broken markup", normal.encode()[: normal.encode().index(b"<footer") - 5]
                    + b'<a href="', INDEXED, check=_body_has("Proche-Orient")))
    add(HostileCase("unterminated-comment", "broken markup", _html("Commentaire ouvert", _paras(LEAD, FOLLOW)
                                                                   + "<!-- jamais fermé " + CLOSING).encode(),
                    INDEXED, check=_body_has("Proche-Orient")))
    add(HostileCase("cdata-and-pi", "broken markup", _html("Sections CDATA", "<![CDATA[ x ]]><?php echo 1; ?>"
                                                           + _paras(LEAD, FOLLOW)).encode(), INDEXED,
                    check=_body_has("Proche-Orient")))
    add(HostileCase("200k-attributes", "broken markup", _html("Attributs", "<p " + " ".join(f"a{i}=v" for i in range(200_000))
                                                              + f">{LEAD}</p>").encode(), INDEXED,
                    check=_body_has("Proche-Orient")))
    add(HostileCase("xml-entity-bomb", "broken markup",
                    b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                    + _html("Bombe d'entités", "<p>&d;&d;&d;&d;&d;&d;</p>" + _paras(LEAD)).encode(), EITHER,
                    check=lambda d: len(d["body"]) < 210_000))

    # --- encodings ------------------------------------------------------------------------
    title = "Coopération franco-luxembourgeoise à Genève"
    text = _paras(LEAD, FOLLOW)
    add(HostileCase("latin1-declared-utf8", "charset", _html(title, text, "utf-8").encode("cp1252"), INDEXED,
                    check=_title_is(title)))
    add(HostileCase("utf8-declared-latin1", "charset", _html(title, text, "iso-8859-1").encode("utf-8"), INDEXED,
                    check=_title_is(title)))
    add(HostileCase("latin1-no-charset", "charset", _html(title, text, None).encode("cp1252"), INDEXED,
                    check=_title_is(title)))
    add(HostileCase("utf8-no-charset", "charset", _html(title, text, None).encode("utf-8"), INDEXED,
                    check=_title_is(title)))
    add(HostileCase("unknown-charset-label", "charset", _html(title, text, "x-klingon").encode("utf-8"), INDEXED,
                    check=_title_is(title)))
    add(HostileCase("python-only-codec-label", "charset", _html(title, text, "undefined").encode("utf-8"), INDEXED,
                    check=_title_is(title)))
    add(HostileCase("unicode-escape-label", "charset", _html(title, text + "<p>C:\\x\\u</p>", "unicode_escape").encode("utf-8"),
                    INDEXED, check=_title_is(title)))
    add(HostileCase("utf16-meta-on-utf8", "charset", _html(title, text, "utf-16").encode("utf-8"), INDEXED,
                    check=_title_is(title)))
    add(HostileCase("utf16-with-bom", "charset", codecs.BOM_UTF16_LE + _html(title, text, "utf-16").encode("utf-16-le"),
                    INDEXED, check=_title_is(title)))
    add(HostileCase("utf16-without-bom", "charset", _html(title, text, "utf-16").encode("utf-16-le"), REPORTED))
    add(HostileCase("shift-jis-declared", "charset", _html("外務大臣会合", "<p>" + "外務大臣はブリュッセルで理事会に出席した。" * 4 + "</p>",
                                                           "shift_jis", lang="ja").encode("shift_jis"), INDEXED,
                    check=_title_is("外務大臣会合")))
    add(HostileCase("mixed-utf8-and-latin1", "mixed encodings",
                    _html(title, _paras(LEAD)).encode("utf-8").replace(b"</main>", _paras(FOLLOW).encode("cp1252") + b"</main>"),
                    INDEXED, check=lambda d: d["title"] == title and "méridional" in d["body"] and "Ã" not in d["body"]))
    add(HostileCase("mixed-latin1-title-utf8-body", "mixed encodings",
                    _html(title, "").encode("cp1252").replace(b"</main>", _paras(LEAD, FOLLOW).encode() + b"</main>"),
                    INDEXED, check=lambda d: d["title"] == title and "étrangères" in d["body"]))
    add(HostileCase("invalid-utf8-sequences", "mixed encodings",
                    _html(title, _paras(LEAD, FOLLOW)).encode().replace(b"ministre", b"mini\xc3\x28stre").replace(
                        b"Conseil", b"Cons\xed\xa0\x80eil"), INDEXED, check=_title_is(title)))

    # --- NUL and control characters --------------------------------------------------------
    add(HostileCase("nul-bytes-in-text", "NUL bytes", _html("Réunion\x00 à Bruxelles", _paras(LEAD.replace("ministre", "mini\x00stre"),
                                                                                              FOLLOW)).encode(),
                    INDEXED, check=lambda d: "\x00" not in d["title"] + d["body"] and "ministre" in d["body"]))
    add(HostileCase("nul-heavy", "NUL bytes", _html("NUL", "\x00" * 5000 + _paras(LEAD)).encode(), EITHER,
                    check=lambda d: "\x00" not in d["body"]))
    add(HostileCase("control-characters", "NUL bytes", _html("Contrôle\x07\x1b\x7f du texte", _paras(
        LEAD + "\x01\x02\x0b\x0c\u2028\u2029\ufeff\ufffe", FOLLOW)).encode("utf-8", "surrogatepass"), INDEXED,
                    check=_body_has("Proche-Orient")))
    add(HostileCase("bad-numeric-entities", "NUL bytes", _html("Entités &#0; &#xD800; &#x110000; &#99999999999;",
                                                              _paras(LEAD, "&#0;&#1;&#xFFFF;&#xDFFF; " + FOLLOW)).encode(),
                    INDEXED, check=lambda d: "\x00" not in d["title"] + d["body"] and "Proche-Orient" in d["body"]))

    # --- titles -----------------------------------------------------------------------------
    add(HostileCase("title-100k-chars", "long title", _html("Réunion " * 12_500, _paras(LEAD, FOLLOW)).encode(), INDEXED,
                    check=lambda d: 0 < len(d["title"]) <= 400))
    add(HostileCase("title-100k-one-word", "long title", _html("T" * 100_000, _paras(LEAD, FOLLOW)).encode(), INDEXED,
                    check=lambda d: 0 < len(d["title"]) <= 400))
    add(HostileCase("title-element-only-100k", "long title",
                    ("<html><head><title>" + "Sommet " * 15_000 + "</title></head><body>" + _paras(LEAD, FOLLOW)
                     + "</body></html>").encode(), INDEXED, check=lambda d: 0 < len(d["title"]) <= 400))
    add(HostileCase("no-title-anywhere", "long title", ("<html><body>" + _paras(LEAD, FOLLOW) + "</body></html>").encode(),
                    REPORTED, "title"))

    # --- dates ------------------------------------------------------------------------------
    add(HostileCase("date-31-02-2017", "dates", communique_page("Réunion du 31 février", date_line="31.02.2017").encode(),
                    INDEXED, check=lambda d: d.get("date") is None or (d["date"].month, d["date"].day) != (2, 31)))
    add(HostileCase("date-1899", "dates", communique_page("Réunion de 1899", date_line="Publié le 12 mai 1899").encode(),
                    INDEXED, check=lambda d: d.get("date") is None or d["date"].year >= 1945))
    add(HostileCase("date-time-elements-invalid", "dates", communique_page(
        "Dates impossibles", date_line='<time datetime="2017-02-31">31 février</time> <time datetime="99999-01-01">x</time>'
    ).encode(), INDEXED, check=_no_date))
    add(HostileCase("date-meta-invalid", "dates", communique_page(
        "Méta dates invalides", head='<meta property="article:published_time" content="0001-01-01T00:00:00">'
                                     '<meta name="date" content="9999-99-99">').encode(), INDEXED,
                    check=lambda d: d.get("date") is None or 1945 <= d["date"].year <= 2100))
    add(HostileCase("date-far-future", "dates", communique_page("Réunion de 2999", date_line="Publié le 1er janvier 2999").encode(),
                    INDEXED, check=lambda d: d.get("date") is None or d["date"].year < 2999))
    add(HostileCase("date-0000-00-00", "dates", communique_page("Date nulle", date_line="00.00.0000").encode(), INDEXED,
                    check=_no_date))

    # --- other languages ---------------------------------------------------------------------
    add(HostileCase("russian", "other languages", communique_page(
        "Встреча министров иностранных дел", "Министр принял участие в заседании Совета в Брюсселе, где обсуждалась "
        "ситуация на Украине и на Ближнем Востоке, а также сотрудничество с соседними странами.", lang="ru").encode(),
                    INDEXED, check=_title_is("Встреча министров иностранных дел")))
    add(HostileCase("chinese", "other languages", communique_page(
        "外交部长会议", "部长出席了在布鲁塞尔举行的欧盟外交事务理事会会议，讨论了乌克兰和中东局势以及与邻国的合作问题。",
        "会后，部长重申卢森堡对国际法和多边主义的承诺，并与多位同事举行了双边会谈。", lang="zh").encode(),
                    INDEXED, check=_title_is("外交部长会议")))
    add(HostileCase("arabic-rtl", "other languages", communique_page(
        "اجتماع وزراء الخارجية", "شارك الوزير في اجتماع مجلس الشؤون الخارجية في بروكسل حيث ناقش الوزراء الوضع في أوكرانيا والشرق الأوسط.",
        lang="ar").encode(), INDEXED, check=_title_is("اجتماع وزراء الخارجية")))
    add(HostileCase("german", "other languages", communique_page(
        "Treffen der Außenminister in Brüssel", "Der Minister nahm am Rat für Auswärtige Angelegenheiten in Brüssel teil, "
        "wo die Lage in der Ukraine und im Nahen Osten erörtert wurde.", lang="de").encode(), INDEXED,
                    check=lambda d: d["lang"] == "de"))
    add(HostileCase("emoji-and-astral", "other languages", communique_page(
        "Réunion 🇪🇺 des ministres 𝕏", LEAD + " 🤝🏽 " + "𠜎𠜱𠝹", FOLLOW).encode(), INDEXED,
                    check=_body_has("🤝🏽", "𠜎")))
    add(HostileCase("bidi-and-zero-width", "other languages", communique_page(
        "\u202eRéunion\u202c des\u200b ministres", LEAD.replace("Bruxelles", "Brux\u200delles"), FOLLOW).encode(), INDEXED,
                    check=_body_has("Proche-Orient")))
    add(HostileCase("decomposed-accents", "other languages", communique_page(
        "Se\u0301curite\u0301 europe\u0301enne", "La se\u0301curite\u0301 europe\u0301enne e\u0301tait au centre des discussions "
        "des ministres re\u0301unis a\u0300 Bruxelles ce lundi.").encode(), INDEXED,
                    check=lambda d: "sécurité" in d["body"]))

    # --- script-only and boilerplate-only ------------------------------------------------------
    add(HostileCase("script-only", "script-only", b"<html><head><title>Application</title><script>document.write("
                    b"'<h1>Bonjour</h1>')</script></head><body><script>var x = '<p>" + LEAD.encode() + b"</p>';</script>"
                    b"<noscript>Activez JavaScript.</noscript></body></html>", REPORTED, "no body"))
    add(HostileCase("style-only", "script-only", b"<html><head><title>Style</title><style>" + b"p{color:red}" * 1000
                    + b"</style></head><body></body></html>", REPORTED))
    add(HostileCase("navigation-only", "script-only", ("<html><head><title>Plan du site</title></head><body><nav>"
                                                       + "".join(f'<a href="/p{i}">Rubrique {i}</a>' for i in range(300))
                                                       + "</nav></body></html>").encode(), REPORTED))
    add(HostileCase("script-with-closing-tag-in-string", "script-only", _html("Script piégé", "<script>var s = '</script><p>"
                                                                            + LEAD + "</p>';</script>" + _paras(FOLLOW)).encode(),
                    EITHER))

    # --- injection in content ------------------------------------------------------------------
    add(HostileCase("html-injection-in-text", "injection", communique_page(
        "&lt;script&gt;alert(1)&lt;/script&gt; Réunion", "Texte &lt;img src=x onerror=alert(2)&gt; " + LEAD, FOLLOW).encode(),
                    INDEXED, check=lambda d: "<script>" in d["title"] and "onerror" in d["body"]))
    add(HostileCase("canonical-javascript-url", "injection", communique_page(
        "Lien canonique piégé", head='<link rel="canonical" href="javascript:alert(1)">').encode(), INDEXED,
                    check=lambda d: not d["id"].startswith("javascript:")))
    add(HostileCase("canonical-100k-chars", "injection", communique_page(
        "Lien canonique géant", head=f'<link rel="canonical" href="https://example.lu/{"a" * 100_000}">').encode(), EITHER))

    # --- file-name oddities (the content is a good page) ------------------------------------------
    add(HostileCase("UPPER-CASE-SUFFIX", "file names", communique_page("Suffixe en majuscules").encode(), INDEXED,
                    suffix=".HTML"))
    add(HostileCase("espace et accents é", "file names", communique_page("Nom de fichier accentué").encode(), INDEXED))
    return cases


# --- a seeded mutator: many hostile variants of good pages, for ingest-scale runs -----------------

MUTATIONS = ("truncate", "flip-bytes", "insert-nul", "reencode-other", "wrong-charset", "mixed-halves",
             "deep-nesting", "unclosed", "tag-soup", "huge-title", "drop-body", "binary-prefix", "duplicate-body",
             "script-wrap", "bad-dates")


def mutate(good: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random hostile variant of a good page (UTF-8 or Windows-1252); returns (mutation name, bytes)."""
    kind = rng.choice(MUTATIONS)
    encoding = "utf-8" if _is_utf8(good) else "cp1252"
    text = good.decode(encoding)

    def out(changed: str, as_encoding: str = encoding) -> tuple[str, bytes]:
        return kind, changed.encode(as_encoding, "replace")

    if kind == "truncate":
        return kind, good[: rng.randrange(0, len(good))]
    if kind in ("flip-bytes", "insert-nul"):
        data = bytearray(good)
        for _ in range(rng.randrange(1, 40 if kind == "flip-bytes" else 200)):
            if kind == "flip-bytes":
                data[rng.randrange(len(data))] = rng.getrandbits(8)
            else:
                data.insert(rng.randrange(len(data)), 0)
        return kind, bytes(data)
    if kind == "reencode-other":          # the bytes in the other encoding, the declaration unchanged
        return out(text, "cp1252" if encoding == "utf-8" else "utf-8")
    if kind == "wrong-charset":
        label = rng.choice(["iso-8859-1", "utf-16", "shift_jis", "koi8-r", "x-unknown", "utf-7", "hex", "undefined"])
        declared = _CHARSET.sub(f"charset={label}", text)
        return out(declared if declared != text else f'<meta charset="{label}">' + text)
    if kind == "mixed-halves":
        cut = rng.randrange(len(text))
        return kind, text[:cut].encode("utf-8") + text[cut:].encode("cp1252", "replace")
    if kind == "deep-nesting":
        at = _inside_body(text)
        return out(text[:at] + f"<{rng.choice(['div', 'span', 'b', 'td', 'li', 'section'])}>" * rng.randrange(200, 6000)
                   + text[at:])
    if kind == "unclosed":
        return out(_END_TAGS.sub("", text))
    if kind == "tag-soup":
        soup = "".join(rng.choice(["<p>", "</div>", "<table>", "<td>", "</tr>", "<h1>", "<!--", "-->", "<br>", "<li>",
                                   "<![CDATA[", "]]>", "<script>", "</script>", "&", "&#", ";", "<", ">"])
                       for _ in range(rng.randrange(10, 400)))
        cut = rng.randrange(len(text))
        return out(text[:cut] + soup + text[cut:])
    if kind == "huge-title":      # in the <h1>, or the <title> of a page without one
        words = "Titre " * rng.randrange(1000, 20_000)
        return out((_H1 if _H1.search(text) else _TITLE).sub(lambda m: m.group(0) + words, text, count=1))
    if kind == "drop-body":
        return out(_PARAGRAPH.sub("", text))
    if kind == "binary-prefix":
        return kind, bytes(rng.getrandbits(8) for _ in range(rng.randrange(10, 5000))) + good
    if kind == "duplicate-body":
        paragraphs = list(_PARAGRAPH.finditer(text))
        first, last = paragraphs[0].start(), paragraphs[-1].end()
        return out(text[:first] + text[first:last] * rng.randrange(2, 200) + text[last:])
    if kind == "script-wrap":
        at, end = _inside_body(text), text.lower().rfind("</body>")
        return out(text[:at] + "<script>" + text[at:end] + "</script>" + text[end:])
    # bad-dates: an impossible dateline after the title, impossible machine-readable dates
    day = rng.choice(["31.02.2017", "00.00.0000", "32 janvier 2019", "29 février 2019", "12 mai 1899", "1er janvier 2999",
                      "2017-13-45", "99/99/9999"])
    text = _DATETIME.sub('datetime="2017-02-31"', text)
    at = m.end() if (m := _H1_END.search(text)) else _inside_body(text)
    return out(text[:at] + f'<p class="date">Publié le {day}</p>' + text[at:])


_H1 = re.compile(r"<h1\b[^>]*>", re.I)
_H1_END = re.compile(r"</h1>", re.I)
_TITLE = re.compile(r"<title>", re.I)
_PARAGRAPH = re.compile(r"<p\b[^>]*>.*?</p>", re.I | re.S)
_DATETIME = re.compile(r'datetime="[^"]*"')
_CHARSET = re.compile(r"charset=[\"']?[\w.:-]+", re.I)
_END_TAGS = re.compile(r"</(?:p|div|td|tr|table|main|article|section|span|font|body|html)>", re.I)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _inside_body(text: str) -> int:
    """Where the body's content starts (after the <body ...> tag), or 0 when there is no body tag."""
    start = text.lower().find("<body")
    return text.index(">", start) + 1 if start >= 0 else 0


# --- Hypothesis strategies ------------------------------------------------------------------------

TAGS = ["p", "div", "span", "a", "b", "h1", "h2", "table", "tr", "td", "li", "ul", "br", "main", "article", "nav",
        "header", "footer", "aside", "script", "style", "section", "font", "center", "blockquote", "time", "meta",
        "title", "img", "form", "iframe", "svg", "math", "template", "noscript", "xmp", "plaintext", "textarea",
        "x-custom", "o:p"]
CLASS_WORDS = ["content", "main-content", "menu", "nav", "cookie-banner", "share", "title", "date", "footer",
               "article", "sidebar", "caption", "credits", "newsletter"]
FRENCH_WORDS = ("ministre affaires étrangères réunion conseil bruxelles luxembourg sécurité européenne coopération "
                "l’union d’une qu’il otan ukraine sommet déclaration publié le mars 2019 07.12.2017 œuvre").split()

words = st.sampled_from(FRENCH_WORDS)
texts = st.one_of(
    st.lists(words, min_size=1, max_size=40).map(" ".join),
    st.text(max_size=80),
    st.sampled_from(["&amp;", "&lt;", "&#0;", "&#xD800;", "&nbsp;", "&eacute;", "&", "<", ">", "]]>", "<!--", "\x00"]),
)
attributes = st.lists(st.one_of(
    st.sampled_from(CLASS_WORDS).map(lambda c: f' class="{c}"'),
    st.sampled_from(['role="main"', 'role="navigation"', 'hidden', 'aria-hidden="true"', 'itemprop="headline"',
                     'datetime="2017-02-31"', 'lang="de"', 'property="og:title" content="x"', 'id="contenu"',
                     'onclick="alert(1)"', 'style="x"']).map(lambda a: " " + a),
), max_size=3).map("".join)


def _element(children):
    return st.tuples(st.sampled_from(TAGS), attributes, st.lists(children, max_size=6), st.booleans()).map(
        lambda t: f"<{t[0]}{t[1]}>" + "".join(t[2]) + (f"</{t[0]}>" if t[3] else ""))


markup = st.recursive(texts, _element, max_leaves=60)


@st.composite
def hostile_documents(draw) -> bytes:
    """A random page: random markup in a random skeleton, in a random encoding, maybe with damaged bytes."""
    title = draw(texts)
    body = draw(markup)
    charset = draw(st.sampled_from([None, "utf-8", "iso-8859-1", "windows-1252", "utf-16", "shift_jis", "x-bogus",
                                    "undefined", "unicode_escape"]))
    skeleton = draw(st.sampled_from(["full", "no-head", "fragment", "main"]))
    meta = f'<meta charset="{charset}">' if charset else ""
    if skeleton == "full":
        html = f"<!doctype html><html><head>{meta}<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    elif skeleton == "no-head":
        html = f"<html><body>{meta}<h1>{title}</h1>{body}"
    elif skeleton == "main":
        html = f"<html><head>{meta}</head><body><nav>{draw(texts)}</nav><main><h1>{title}</h1><p>{LEAD}</p>{body}</main></body></html>"
    else:
        html = f"{meta}<p>{title}</p>{body}"
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-16", "latin-1"]))
    raw = html.encode(encoding, errors="replace") if encoding != "utf-8" else html.encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none", "none", "truncate", "insert"]))
    if damage == "truncate" and raw:
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif damage == "insert":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=64)) + raw[at:]
    return raw


PYTHON_CODECS = sorted(set(encodings.aliases.aliases.values()) | {"undefined", "unicode_escape", "idna", "punycode",
                                                                  "rot_13", "hex_codec", "zlib_codec", "utf_7"})


# --- the properties the generated pages must have (shared by the fast and the stress runs) -------------

def assert_extracted_sensibly_or_rejected(raw: bytes) -> None:
    """extract() gives a sane document or an ExtractionError with a reason; any other exception is a bug."""
    try:
        doc = extract(RawPage("generated.html", "generated.html", raw))
    except ExtractionError as exc:
        assert str(exc).strip()
        return
    assert doc.title.strip() and len(doc.title) <= 400
    assert len(doc.body) >= MIN_BODY_CHARS
    assert "\x00" not in doc.title + doc.body
    assert doc.date is None or 1945 <= doc.date.year <= date.today().year + 1


def assert_decoded_or_refused(raw: bytes, label: str | None, where: str) -> None:
    """Any bytes under any declared charset (in <meta>, in the header, or both) decode, or are refused as binary."""
    if label is not None and where in ("meta", "both"):
        raw = f'<meta charset="{label}">'.encode("utf-8", "surrogatepass") + raw
    content_type = f"text/html; charset={label}" if label is not None and where in ("header", "both") else None
    try:
        text = decode_html(raw, content_type)
    except UndecodableError:
        return
    assert isinstance(text, str)
