"""Adapter to BeautifulSoup's internals: FastHTMLBuilder, bs4's lxml tree builder with its steps done inline.

The only module of the project that touches bs4's private names (its parsing state: current_data,
tagStack, _most_recent_element, _popToTag; Tag objects made through __new__ with their instance dict
set at once; bs4.builder._lxml). Pinned by beautifulsoup4>=4.15,<4.16 in pyproject.toml;
tests/indexer/test_fast_html_builder.py compares its trees with bs4's own, node by node.
"""
from __future__ import annotations

import inspect
from typing import NamedTuple

from bs4 import NavigableString, Tag
from bs4.builder import HTMLTreeBuilder
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import AttributeValueList, XMLAttributeDict, nonwhitespace_re


class _TagKind(NamedTuple):
    """What Tag.__init__ and pushTag work out from an element's name, worked out once per name."""
    can_be_empty_element: bool                       # a void element: <br>, <meta>, <img>...
    multi_valued: frozenset[str]                     # attributes bs4 splits into an AttributeValueList (class...)
    string_container: type[NavigableString] | None  # the class of the strings of <script>, <style>, <template>...
    preserves_whitespace: bool                       # <pre>, <textarea>
    substitutes_charset: bool                        # <meta>: set_up_substitutions may replace charset or content


# Classes whose constructor only sets `hidden` and calls setup(), which _end_string does itself.
_PLAIN_STRING_CLASSES = frozenset(
    cls for cls in (NavigableString, *HTMLTreeBuilder.DEFAULT_STRING_CONTAINERS.values())
    if cls.__new__ is NavigableString.__new__ and cls.setup is NavigableString.setup)


class FastHTMLBuilder(LXMLTreeBuilder):
    """bs4's lxml builder (`BeautifulSoup(text, "lxml")`), doing its per-element and per-string steps inline.

    lxml parses a page in a fraction of the time bs4 then takes to turn its events into Tag and
    NavigableString objects: for each start tag bs4's builder copies the attributes twice and resolves
    namespaces, Tag.__init__ sets twenty attributes one by one and asks the builder four questions about
    the tag's name, and each event goes through three or four BeautifulSoup methods, whose every read of
    an attribute of the soup or of a Tag takes the slow path Tag.__getattr__ imposes. An HTML page has no
    namespaces, so this builder makes the same objects with the same links in fewer steps: it answers the
    questions once per tag name (_TagKind), gives each Tag its instance dict in one assignment, and does
    pushTag, popTag and endData's work itself, on the soup's stacks it keeps at hand.

    Anything else takes bs4's own path: an element or attribute with a namespace (lxml names it
    "{uri}name") and whatever is inside a namespace declaration, an end tag that does not close the open
    element, comments, doctypes and processing instructions, a soup with parse_only or element_classes,
    a builder with settings other than bs4's defaults. Relies on bs4's parsing state (current_data,
    tagStack, _most_recent_element...) and on the instance attributes Tag.__init__ sets: a test compares
    the trees, node by node.
    """

    # Shared by all instances: the answers only depend on bs4's default settings, which _fast requires.
    # Names come from the pages, so a page full of made-up tags must not make it grow for ever.
    _kinds: dict[str, _TagKind] = {}
    _MAX_KINDS = 2000
    _fast = False

    def feed(self, markup) -> None:
        soup = self.soup
        self._fast = not soup.parse_only and not soup.element_classes and self._has_default_settings()
        # The soup's stacks, which bs4 only replaces in soup.reset(), before parsing.
        self._open = soup.tagStack                      # soup.currentTag is always its last item
        self._open_counts = soup.open_tag_counter
        self._preserving = soup.preserve_whitespace_tag_stack
        self._containers = soup.string_container_stack
        self._spaces = soup.ASCII_SPACES
        self._parser_class = type(soup)
        super().feed(markup)

    def _has_default_settings(self) -> bool:
        return (self.cdata_list_attributes is HTMLTreeBuilder.DEFAULT_CDATA_LIST_ATTRIBUTES
                and self.preserve_whitespace_tags is HTMLTreeBuilder.DEFAULT_PRESERVE_WHITESPACE_TAGS
                and self.string_containers is HTMLTreeBuilder.DEFAULT_STRING_CONTAINERS
                and self.empty_element_tags is HTMLTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS
                and self.attribute_dict_class is XMLAttributeDict
                and self.attribute_value_list_class is AttributeValueList
                and not self.is_xml)

    def _kind_of(self, name: str) -> _TagKind | None:
        """The answers Tag.__init__ and pushTag get from the builder for `name` (None: let bs4 handle it)."""
        if name == self.soup.ROOT_TAG_NAME:
            return None
        cdata_lists = self.cdata_list_attributes
        kind = _TagKind(
            can_be_empty_element=self.can_be_empty_element(name),
            multi_valued=frozenset(cdata_lists.get("*", set()) | cdata_lists.get(name.lower(), set())),
            string_container=self.string_containers.get(name),
            preserves_whitespace=name in self.preserve_whitespace_tags,
            substitutes_charset=name == "meta")    # the only tag HTMLTreeBuilder.set_up_substitutions changes
        if len(self._kinds) < self._MAX_KINDS:
            self._kinds[name] = kind
        return kind

    def start(self, tag, attrib, nsmap={}):  # noqa: B006 - lxml's parser-target signature; never mutated
        # lxml gives a dict of attributes, or an empty mapping; "{" in a name means a namespace.
        if (nsmap or len(self.nsmaps) > 1 or not self._fast or "{" in tag
                or (attrib and "{" in "".join(attrib))):
            return super().start(tag, attrib, nsmap)
        kind = self._kinds.get(tag) or self._kind_of(tag)
        if kind is None:
            return super().start(tag, attrib, nsmap)
        soup = self.soup
        text = soup.current_data
        if text:
            self._end_string(soup, text)
        # lxml's values are strings, which XMLAttributeDict (the builder's attribute_dict_class) keeps as they are.
        attrs = XMLAttributeDict(attrib) if attrib else XMLAttributeDict()
        if attrib and kind.multi_valued:
            self._split_multi_valued(attrs, kind.multi_valued)
        self._open_tag(soup, tag, attrs, kind)

    def _split_multi_valued(self, attrs: XMLAttributeDict, names: frozenset[str]) -> None:
        """builder._replace_cdata_list_attribute_values: class="a b" becomes ["a", "b"]."""
        for name in names:
            value = attrs.get(name)
            if value is not None:
                attrs[name] = self.attribute_value_list_class(nonwhitespace_re.findall(value))

    def _open_tag(self, soup, name: str, attrs: XMLAttributeDict, kind: _TagKind) -> None:
        """handle_starttag's Tag(soup, self, name, None, None, attrs, soup.currentTag, soup._most_recent_element,
        namespaces=...) and soup.pushTag(tag), with the Tag's instance attributes in the order Tag.__init__
        sets them."""
        parent = self._open[-1]
        previous = soup._most_recent_element
        siblings = parent.contents
        previous_sibling = siblings[-1] if siblings else None
        container = kind.string_container
        tag = Tag.__new__(Tag)
        tag.__dict__ = {
            "parser_class": self._parser_class, "name": name, "namespace": None,
            "_namespaces": self.active_namespace_prefixes[-1] or {}, "prefix": None,
            "sourceline": None, "sourcepos": None, "attribute_value_list_class": self.attribute_value_list_class,
            "attrs": attrs, "known_xml": False, "contents": [],
            "parent": parent, "previous_element": previous, "next_element": None,
            "next_sibling": None, "previous_sibling": previous_sibling, "hidden": False,
            "can_be_empty_element": kind.can_be_empty_element,
            "cdata_list_attributes": self.cdata_list_attributes,
            "preserve_whitespace_tags": self.preserve_whitespace_tags,
            # bs4 gives each string container a set of its own, and every other tag the shared class attribute.
            "interesting_string_types": {container} if container else Tag.MAIN_CONTENT_STRING_TYPES,
        }
        if previous is not None:
            previous.next_element = tag
        if previous_sibling is not None:
            previous_sibling.next_sibling = tag
        if kind.substitutes_charset:
            self.set_up_substitutions(tag)
        siblings.append(tag)
        self._open.append(tag)
        soup.currentTag = soup._most_recent_element = tag
        self._open_counts[name] += 1
        if kind.preserves_whitespace:
            self._preserving.append(tag)
        if container:
            self._containers.append(tag)

    def end(self, tag):
        if len(self.nsmaps) > 1 or not self._fast or "{" in tag:
            return super().end(tag)
        soup = self.soup
        text = soup.current_data
        if text:
            self._end_string(soup, text)
        element = self._open[-1]
        if element.name == tag and element.prefix is None and tag != soup.ROOT_TAG_NAME:
            self._close_tag(soup, element, tag)
        else:
            soup._popToTag(tag)

    def _close_tag(self, soup, element: Tag, name: str) -> None:
        """soup.popTag() for the open element, which is what _popToTag(name) pops when it is the one closing.

        popTag compares the element with the tops of the whitespace and string-container stacks with ==,
        which compares trees; those tops are the element or one of its ancestors, which cannot equal it
        without being it, so `is` gives the same answer."""
        open_tags = self._open
        open_tags.pop()
        self._open_counts[name] -= 1
        if self._preserving and self._preserving[-1] is element:
            self._preserving.pop()
        if self._containers and self._containers[-1] is element:
            self._containers.pop()
        soup.currentTag = open_tags[-1]

    def data(self, data):
        self.soup.current_data.append(data)

    def _end_string(self, soup, pieces: list[str]) -> None:
        """soup.endData(): the text read since the last tag, as a string of the open element.

        The string is appended as the open element's last child, so bs4's re-linking of an already parsed
        element (_linkage_fixer) has nothing to change: its open ancestors have no next sibling yet."""
        text = "".join(pieces)
        soup.current_data = []
        if not self._preserving and not text.strip(self._spaces):
            text = "\n" if "\n" in text else " "
        string_class = NavigableString    # soup.string_container(): _fast means no element_classes
        if self._containers:
            string_class = self.string_containers.get(self._containers[-1].name, string_class)
        parent = self._open[-1]
        previous = soup._most_recent_element
        siblings = parent.contents
        if string_class in _PLAIN_STRING_CLASSES:
            previous_sibling = siblings[-1] if siblings else None
            # NavigableString(text) and string.setup(parent, previous), in the order they set attributes.
            string = str.__new__(string_class, text)
            string.__dict__ = {"hidden": False, "parent": parent, "previous_element": previous, "next_element": None,
                               "next_sibling": None, "previous_sibling": previous_sibling}
            if previous is not None:
                previous.next_element = string
            if previous_sibling is not None:
                previous_sibling.next_sibling = string
        else:
            string = string_class(text)
            string.setup(parent, previous)
        soup._most_recent_element = string
        siblings.append(string)


# lxml calls inspect.getfullargspec(target.start) for each parser, so once a page, to learn whether start()
# takes nsmap; with a signature at hand, inspect does not rebuild one from the code object each time.
FastHTMLBuilder.start.__signature__ = inspect.signature(FastHTMLBuilder.start)
