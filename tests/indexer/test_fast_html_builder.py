"""FastHTMLBuilder builds exactly the tree BeautifulSoup(text, "lxml") builds.

It does bs4's per-element steps itself, relying on bs4's parsing state: a bs4 upgrade that changes
those steps must fail here, not change what the cleaner reads.
"""
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, PageElement

from indexer.elements import FastHTMLBuilder
from indexer.encoding import decode_html

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

TRICKY = [
    '<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" xmlns:og="http://ogp.me/ns#" lang="fr"><head>'
    '<meta charset="iso-8859-1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    '<title>T<!--c--></title></head><body><svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#a"/>'
    '<text>svg</text></svg><fb:like href="x"></fb:like><p class=" a  b\tc " rel="x y" id="i">t</p></body></html>',
    '<?php echo 1; ?><html><body><pre>  a\n  b  </pre><textarea>  x  </textarea><script>var a = "<p>";</script>'
    '<style>p{}</style><template><p>t</p></template><![CDATA[x]]><b><i>bi</b>i</i>\n\n  \t <p>&amp;&nbsp;</p>'
    '<p a b=1 a=2>dup</p><br/><br></body></html>',
    "<html><body>" + "<div>" * 120 + "deep" + "</div>" * 120 + "</body></html>",
    "plain text", "<p>only p", "<table><tr><td>a<td>b</table><ul><li>x<li>y</ul>",
    "<html><body><p>x</p></body></html><p>after</p><!-- end -->",
    "<html><body><p>  </p>\r\n<p>\x0c</p><span> \u00a0 </span></body></html>",
]


def _state(soup: BeautifulSoup) -> list:
    """Every node's type, text and attributes, with links to other nodes as their positions."""
    nodes = [soup, *soup.descendants]
    position = {id(node): i for i, node in enumerate(nodes)}

    def plain(value):
        if isinstance(value, PageElement):
            return ("node", position.get(id(value)))
        if isinstance(value, list):
            return [type(value).__name__, *map(plain, value)]
        if isinstance(value, dict):
            return (type(value).__name__, [(k, plain(v)) for k, v in value.items()])
        if isinstance(value, str):
            return (type(value).__name__, str(value))
        return value

    return [(type(node).__name__, str(node) if isinstance(node, str) else None,
             {k: plain(v) for k, v in vars(node).items() if k not in ("builder", "markup")}) for node in nodes]


@pytest.mark.parametrize("markup", TRICKY)
def test_same_tree_as_bs4_on_odd_markup(markup):
    assert _state(BeautifulSoup(markup, builder=FastHTMLBuilder)) == _state(BeautifulSoup(markup, "lxml"))


def test_same_tree_as_bs4_on_the_corpus():
    pages = sorted(CORPUS.rglob("*.htm*"))
    assert pages
    for page in pages:
        text = decode_html(page.read_bytes())
        assert _state(BeautifulSoup(text, builder=FastHTMLBuilder)) == _state(BeautifulSoup(text, "lxml")), page
