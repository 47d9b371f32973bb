"""Cheap reads of a parsed page, with the results of bs4's find_all and soupsieve's select.

find_all builds a matcher on each call and, given a list of names or an attribute filter, runs
it on every element; a CSS select walks the page in Python too. A page costs a few such walks
per rule, so the cleaner walks it once into a list and filters that.
"""
from __future__ import annotations

from bs4 import NavigableString, Tag
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import XMLAttributeDict


def tags_of(root: Tag) -> list[Tag]:
    """The elements under `root`, in document order: root.find_all(True)."""
    return [node for node in root.descendants if isinstance(node, Tag)]


def named(root: Tag, names: str | frozenset[str]) -> list[Tag]:
    """root.find_all(names) for a name or a set of names (lxml gives lowercase names without prefix)."""
    if isinstance(names, str):
        return [node for node in root.descendants if isinstance(node, Tag) and node.name == names]
    return [node for node in root.descendants if isinstance(node, Tag) and node.name in names]


def first_named(root: Tag, name: str) -> Tag | None:
    """root.find(name): the first element under `root` with that name."""
    return next((node for node in root.descendants if isinstance(node, Tag) and node.name == name), None)


def strings_of(node: Tag) -> list[str]:
    """The strings node.get_text() joins, in order (the descendants of its interesting string types),
    read without get_text's generator."""
    types = node.interesting_string_types
    if types is None:
        types = Tag.MAIN_CONTENT_STRING_TYPES
    return [s for s in node.descendants if type(s) in types]


def has_value(value, wanted: str) -> bool:
    """An attribute value as find(attrs={key: wanted}) matches it: a multi-valued attribute matches
    one of its values or all of them joined."""
    if isinstance(value, list):
        return wanted in value or " ".join(value) == wanted
    return value == wanted


def joined(value) -> str | None:
    """An attribute value as a CSS attribute selector reads it: a multi-valued one joined by spaces."""
    return " ".join(value) if isinstance(value, list) else value


def inside(tag: Tag, names: frozenset[str]) -> bool:
    """Whether an ancestor has one of `names`: tag.find_parent(names) is not None."""
    return any(parent.name in names for parent in tag.parents)


class FastHTMLBuilder(LXMLTreeBuilder):
    """bs4's lxml builder (`BeautifulSoup(text, "lxml")`), doing its per-element and per-string steps inline.

    lxml parses a page in a tenth of the time bs4 then takes to turn its events into Tag and
    NavigableString objects: for each start tag bs4's builder copies the attributes twice and resolves
    namespaces, and each event goes through three or four BeautifulSoup methods. An HTML page has no
    namespaces, so this builder makes the same objects with the same links in fewer steps; an element
    or attribute with a namespace (lxml names it "{uri}name") takes bs4's own path. Relies on bs4's
    parsing state (current_data, currentTag, _most_recent_element...): a test compares the trees.
    """

    def start(self, tag, attrib, nsmap={}):
        # lxml gives a dict of attributes, or an empty mapping; "{" in one of their names means a namespace.
        if nsmap or len(self.nsmaps) > 1 or tag.startswith("{") or (attrib and "{" in "".join(attrib)):
            return super().start(tag, attrib, nsmap)
        soup = self.soup
        if soup.current_data:
            self._end_string(soup)
        # lxml's values are strings, which XMLAttributeDict (the builder's attribute_dict_class) keeps as they are.
        attrs = XMLAttributeDict(attrib) if attrib else XMLAttributeDict()
        element = soup.element_classes.get(Tag, Tag)(
            soup, self, tag, None, None, attrs, soup.currentTag, soup._most_recent_element,
            namespaces=self.active_namespace_prefixes[-1])
        soup._most_recent_element = element
        soup.pushTag(element)

    def end(self, tag):
        if len(self.nsmaps) > 1 or tag.startswith("{"):
            return super().end(tag)
        soup = self.soup
        if soup.current_data:
            self._end_string(soup)
        soup._popToTag(tag)

    def data(self, data):
        self.soup.current_data.append(data)

    def _end_string(self, soup) -> None:
        """soup.endData(): the text read since the last tag, as a string of the open element.

        The string is appended as the open element's last child, so bs4's re-linking of an already parsed
        element (_linkage_fixer) has nothing to change: its open ancestors have no next sibling yet."""
        text = "".join(soup.current_data)
        soup.current_data = []
        if not soup.preserve_whitespace_tag_stack and not text.strip(soup.ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        string_class = soup.element_classes.get(NavigableString, NavigableString)
        if soup.string_container_stack and string_class is NavigableString:
            string_class = self.string_containers.get(soup.string_container_stack[-1].name, string_class)
        string = string_class(text)
        parent = soup.currentTag
        string.setup(parent, soup._most_recent_element)
        soup._most_recent_element = string
        parent.contents.append(string)
