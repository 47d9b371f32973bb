"""Cheap reads of a parsed page, with the results of bs4's find_all and soupsieve's select.

find_all builds a matcher on each call and, given a list of names or an attribute filter, runs
it on every element; a CSS select walks the page in Python too. A page costs a few such walks
per rule, so the cleaner walks it once into a list and filters that. Only bs4's public API here;
FastHTMLBuilder, which works on bs4's internals, lives in indexer.bs4_fast_builder (re-exported).
"""
from __future__ import annotations

from bs4 import Tag

from indexer.bs4_fast_builder import FastHTMLBuilder

__all__ = ["FastHTMLBuilder", "first_named", "has_value", "inside", "joined", "named", "strings_of", "tags_of"]


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
