"""FastHTMLBuilder builds exactly the tree BeautifulSoup(text, "lxml") builds.

It does bs4's per-element steps itself, relying on bs4's parsing state and on the instance attributes
Tag.__init__ sets: a bs4 upgrade that changes those steps must fail here, not change what the cleaner reads.
"""
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, PageElement, SoupStrainer, Tag
from bs4.builder import TreeBuilder
from bs4.builder._lxml import LXMLTreeBuilder

from indexer.bs4_fast_builder import FastHTMLBuilder
from indexer.encoding import decode_html

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

TRICKY = {
    "namespaces": '<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" xmlns:og="http://ogp.me/ns#" lang="fr">'
                  '<head><meta charset="iso-8859-1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                  '<title>T<!--c--></title></head><body><svg xmlns:xlink="http://www.w3.org/1999/xlink">'
                  '<use xlink:href="#a"/><text>svg</text></svg><fb:like href="x"></fb:like>'
                  '<p class=" a  b\tc " rel="x y" id="i">t</p><p>after</p></body></html>',
    "mixed": '<?php echo 1; ?><html><body><pre>  a\n  b  </pre><textarea>  x  </textarea>'
             '<script>var a = "<p>";</script>'
             '<style>p{}</style><template><p>t</p></template><![CDATA[x]]><b><i>bi</b>i</i>\n\n  \t <p>&amp;&nbsp;</p>'
             '<p a b=1 a=2>dup</p><br/><br></body></html>',
    "deep_nesting": "<html><body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "</body></html>",
    "plain_text": "plain text",
    "empty": "",
    "unclosed": "<p>only p <b>bold <i>italic",
    "implied_end_tags": "<table><tr><td>a<td>b</table><ul><li>x<li>y</ul><dl><dt>a<dd>b</dl>"
                        "<select><option>a<option>b</select>",
    "content_after_html": "<html><body><p>x</p></body></html><p>after</p><!-- end -->",
    "blank_strings": "<html><body><p>  </p>\r\n<p>\x0c</p><span> \u00a0 </span>\n"
                     "<div><span>a</span> <span>b</span></div></body></html>",
    "whitespace_kept_in_pre_and_textarea": "<pre><b>  x  </b>\n\n<pre>  inner </pre>  \n </pre> \n <p> </p>"
                                           "<textarea>\n  </textarea><pre>\n</pre><p>  </p>",
    "equal_pre_elements": "<p class='a'>1</p><p class='a'>1</p><pre>1</pre><pre>1</pre><pre><pre></pre></pre>  \n ",
    "string_containers": "<div><script>  </script><script>1</script><script>1</script><style>\n</style><style>x</style>"
                         "<template> <b> </b> <template>t</template></template>"
                         "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></div>",
    "charset_substitutions": "<head><meta http-equiv='content-type' content='text/html; charset=latin-1'>"
                             "<meta HTTP-EQUIV='Content-Type' CONTENT='text/html'><meta charset=''>"
                             "<meta name=x content=y><meta charset=utf-8 content=z></head>",
    "multi_valued_attributes": "<a rel='nofollow  noopener' rev=x class=''>l</a><link rel='stylesheet alternate'>"
                               "<area rel='a b'><form accept-charset='utf-8 latin1'><object archive='a b'></object>"
                               "<iframe sandbox='a b'></iframe><output for='a b'></output>"
                               "<table><tr><th headers='h1 h2'>h</th><td headers='x'>d</td></tr></table>"
                               "<p accesskey='a b' dropzone='copy move' rel='not split' class='x\ny'>k</p>",
    "uppercase_names": "<DIV CLASS='Big Small' ID=X><P>Upper</P></DIV>",
    "void_elements": "<p>a<br>b<hr><img src=a><input type=text><wbr><col><embed><source><track><param>"
                     "<basefont><bgsound><frame><spacer><keygen></p>",
    "entities": "<p>&lt;&gt;&amp;&quot;&#39;&eacute;&#x263a;&bogus; &amp</p><p title='&amp;&quot;'>a</p>",
    "comments_and_doctype": "<!-- a --><!DOCTYPE html><!-- b --><html><!-- c --><body><!---->x<!-- -- --></body>"
                            "</html><!-- d -->",
    "processing_instructions": "<html><body><?pi data?>x<?php echo 'y'; ?>z</body></html>",
    "stray_end_tags": "</p></div>stray<p>x</p></b><p>a</div>b</span>c</p></p></p>d</body>e</html>f",
    "misnested": "<b><p>x</b>y</p><table><b>t</b><tr><td>1</td></tr></table>",
    "second_body_and_titles": "<html><head><title>a</title><title>b</title></head><body><title>c</title>"
                              "<p>x<p>y<div>z</div></body><body class='second'>w</body></html>",
    "raw_text_elements": "<noscript><p>n</p></noscript><iframe>text</iframe><xmp><b></xmp><plaintext><b>",
    "prefixed_attributes": "<p xml:lang='fr' xmlns:foo='urn:x' foo:bar='1'>ns attr</p><p class='a b'>after</p>",
    "elements_inside_a_namespace_declaration": '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><text>a</text>'
                                               '<g><text>b</text></g><use xlink:href="#a"/><text class="c d">c</text>'
                                               '</svg><p>after</p>',
    "svg_and_math": "<svg><circle/><foreignObject><p>x</p></foreignObject></svg><math><mi>x</mi></math><p>after</p>",
    "null_and_tabs": "<p>\x00null</p><p>tab\tsep</p>",
}


def _state(soup: BeautifulSoup) -> list:
    """Every node's type, text and instance attributes (names in order, then values), with links to other
    nodes as their positions, the builder by kind, and which mutable values several nodes share."""
    nodes = [soup, *soup.descendants]
    position = {id(node): i for i, node in enumerate(nodes)}
    first_seen: dict[int, tuple] = {}
    shared = []

    def plain(value, where: tuple):
        if isinstance(value, PageElement):
            return ("node", position.get(id(value)))
        if isinstance(value, TreeBuilder):
            return ("builder", isinstance(value, LXMLTreeBuilder))
        if isinstance(value, (list, dict, set)) or (hasattr(value, "__dict__") and not isinstance(value, type)):
            first = first_seen.setdefault(id(value), (where, value))[0]    # the value keeps its id alive
            if first != where:
                shared.append((where, first))
        if isinstance(value, list):
            return [type(value).__name__, *(plain(v, (*where, i)) for i, v in enumerate(value))]
        if isinstance(value, dict):
            return (type(value).__name__, [(k, plain(v, (*where, k))) for k, v in value.items()])
        if isinstance(value, set):
            return (type(value).__name__, sorted(map(repr, value)))
        if isinstance(value, str):
            return (type(value).__name__, str(value), {k: plain(v, (*where, k)) for k, v in vars(value).items()}
                    if hasattr(value, "__dict__") else None)
        return value

    states = [(type(node).__name__, str(node) if isinstance(node, str) else None, list(vars(node)),
               {k: plain(v, (i, k)) for k, v in vars(node).items() if k != "markup"}) for i, node in enumerate(nodes)]
    return [states, shared]


def _same_tree(markup, **kwargs) -> None:
    expected = _state(BeautifulSoup(markup, "lxml", **kwargs))
    assert _state(BeautifulSoup(markup, builder=FastHTMLBuilder, **kwargs)) == expected


@pytest.mark.parametrize("markup", TRICKY.values(), ids=TRICKY.keys())
def test_same_tree_as_bs4_on_odd_markup(markup):
    _same_tree(markup)


def test_same_tree_as_bs4_on_the_corpus():
    pages = sorted(CORPUS.rglob("*.htm*"))
    assert pages
    for page in pages:
        text = decode_html(page.read_bytes())
        assert _state(BeautifulSoup(text, builder=FastHTMLBuilder)) == _state(BeautifulSoup(text, "lxml")), page


def test_same_tree_as_bs4_from_bytes_with_a_declared_charset():
    _same_tree('<html><head><meta charset="windows-1252"></head><body><p class="a">caf\xe9</p></body></html>'
               .encode("cp1252"))


def test_state_tells_shared_values_from_equal_ones():
    """_state tells apart trees that differ only in a Tag's instance attributes or in what they share."""
    soup, other = BeautifulSoup("<p>a</p><p>b</p>", "lxml"), BeautifulSoup("<p>a</p><p>b</p>", "lxml")
    first, second = soup.find_all("p")
    first.interesting_string_types = second.interesting_string_types = {Tag}
    other_first, other_second = other.find_all("p")
    other_first.interesting_string_types, other_second.interesting_string_types = {Tag}, {Tag}
    assert _state(soup) != _state(other)


def test_string_containers_get_a_set_of_their_own():
    soup = BeautifulSoup("<script>1</script><script>2</script><p>a</p><p>b</p>", builder=FastHTMLBuilder)
    first, second = soup.find_all("script")
    assert first.interesting_string_types == second.interesting_string_types
    assert first.interesting_string_types is not second.interesting_string_types
    assert soup.find("p").interesting_string_types is Tag.MAIN_CONTENT_STRING_TYPES


def test_soups_with_parse_only_or_element_classes_take_bs4s_path():
    class MyTag(Tag):
        pass

    markup = TRICKY["mixed"] + TRICKY["string_containers"]
    _same_tree(markup, parse_only=SoupStrainer(["p", "script", "pre"]))
    _same_tree(markup, element_classes={Tag: MyTag})


def test_builders_with_other_settings_take_bs4s_path():
    markup = TRICKY["multi_valued_attributes"] + TRICKY["whitespace_kept_in_pre_and_textarea"]
    _same_tree(markup, multi_valued_attributes=None)
    _same_tree(markup, preserve_whitespace_tags={"p"})
    _same_tree(markup, string_containers={})


SVG, XLINK, XML = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink", "http://www.w3.org/XML/1998/namespace"
# lxml's HTML parser reports no namespaces; lxml's XML parser reports them this way.
NAMESPACED_EVENTS = [
    ("start", "html", {}, {}), ("start", "body", {}, {}), ("data", "a"),
    ("start", f"{{{SVG}}}svg", {"class": "s t"}, {None: SVG, "xlink": XLINK}),
    ("start", f"{{{SVG}}}text", {}, {}), ("data", "t"), ("end", f"{{{SVG}}}text"),
    ("start", "g", {"class": "g h"}, {}), ("data", " "), ("end", "g"),
    ("start", f"{{{SVG}}}use", {f"{{{XLINK}}}href": "#a", "class": "a b"}, {}), ("end", f"{{{SVG}}}use"),
    ("end", f"{{{SVG}}}svg"),
    ("start", "p", {f"{{{XLINK}}}title": "t", "class": "c d"}, {}), ("data", "p"), ("end", "p"),
    ("start", "{urn:x}thing", {}, {}), ("data", "x"), ("end", "{urn:x}thing"),
    ("start", "div", {"class": "e f"}, {"xlink": XLINK}), ("start", "b", {}, {}), ("data", "in div"), ("end", "b"),
    ("end", "div"),
    ("start", "p", {}, {}), ("data", "after"), ("end", "p"),
    ("end", "body"), ("end", "html"),
]
# Events lxml does not send: end tags of elements that are not the open one, a tag named like the soup, an end
# tag without the prefix of the open element of that name (bs4 pops up to an element with no prefix).
UNUSUAL_EVENTS = [
    ("start", "html", {}, {}), ("start", "body", {}, {}), ("start", "b", {}, {}), ("start", "i", {}, {}),
    ("data", "bi"), ("end", "b"), ("data", "after b"), ("end", "nothing-open"), ("end", "i"),
    ("start", "[document]", {}, {}), ("data", "doc"), ("end", "[document]"), ("start", "p", {}, {}),
    ("data", "p"), ("end", "p"),
    ("start", "foo", {}, {}), ("start", "b", {}, {}), ("start", f"{{{XML}}}foo", {}, {}), ("data", "xml:foo"),
    ("end", "foo"), ("data", "after foo"), ("end", "body"), ("data", " "), ("end", "html"),
]


class _Replay:
    """Stands in for the lxml parser: sends the builder a given list of events."""

    def __init__(self, builder, events):
        self.builder, self.events = builder, events

    def feed(self, markup):
        for name, *args in self.events:
            getattr(self.builder, name)(*args)

    def close(self):
        self.builder.close()


def _replayed(builder: LXMLTreeBuilder, events) -> BeautifulSoup:
    builder.parser_for = lambda encoding: _Replay(builder, events)
    return BeautifulSoup("events", builder=builder)


@pytest.mark.parametrize("events", [NAMESPACED_EVENTS, UNUSUAL_EVENTS], ids=["namespaced", "unusual"])
def test_events_lxml_html_parser_does_not_send_take_bs4s_path(events):
    assert _state(_replayed(FastHTMLBuilder(), events)) == _state(_replayed(LXMLTreeBuilder(), events))


def test_a_builder_instance_parses_several_documents():
    builder = FastHTMLBuilder()
    for markup in TRICKY.values():
        expected = _state(BeautifulSoup(markup, builder=LXMLTreeBuilder()))
        assert _state(BeautifulSoup(markup, builder=builder)) == expected
