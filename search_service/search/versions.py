"""Versions of a communiqué, as the crawler kept them (indexer/crawl/versions.py), with what changed.

The index always holds the latest text, so search answers from it; this module only reads the
crawler's version store, read-only, to show the history: each version with its capture time and a
word-level diff against the one before.
"""
from __future__ import annotations

import difflib
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from indexer.crawl.settings import versions_path
from indexer.crawl.versions import Version, VersionStore

_WORDS = re.compile(r"\n\n|[^\s]+")
PARAGRAPH = "\n\n"


@dataclass(frozen=True)
class DiffPart:
    op: str        # "equal", "insert" or "delete"
    text: str

    def to_json(self) -> dict:
        return {"op": self.op, "text": self.text}


@dataclass(frozen=True)
class FieldDiff:
    field: str     # title, date or body
    parts: list[DiffPart]

    @property
    def changed(self) -> bool:
        return any(p.op != "equal" for p in self.parts)


@dataclass(frozen=True)
class VersionView:
    number: int
    captured_at: str
    title: str
    date: str | None
    body: str
    changes: list[FieldDiff] = field(default_factory=list)   # against the previous version; [] for the first

    def to_json(self) -> dict:
        return {"number": self.number, "captured_at": self.captured_at, "title": self.title, "date": self.date,
                "body": self.body,
                "diff": None if self.number == 1 else {d.field: [p.to_json() for p in d.parts] for d in self.changes}}


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Words deleted and inserted, runs of equal words merged; paragraph breaks count as words."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    parts: list[DiffPart] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("equal", _join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("delete", _join(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("insert", _join(b[j1:j2])))
    return parts


def _join(words: list[str]) -> str:
    return " ".join(words).replace(f" {PARAGRAPH} ", PARAGRAPH)


def views_of(versions: list[Version]) -> list[VersionView]:
    views, previous = [], None
    for v in versions:
        changes = [] if previous is None else [
            FieldDiff(name, word_diff(getattr(previous, name) or "", getattr(v, name) or ""))
            for name in ("title", "date", "body")]
        views.append(VersionView(v.number, v.captured_at, v.title, v.date, v.body, changes))
        previous = v
    return views


class VersionHistory:
    """Opens the store at each call: the crawler may create it after the service started."""

    def __init__(self, index_dir: str | Path):
        self.path = versions_path(index_dir)

    def of(self, *urls: str | None) -> list[VersionView]:
        """The versions of the first of `urls` (a document's id, then its URL) that has any."""
        store = self._open()
        if store is None:
            return []
        try:
            for url in filter(None, urls):
                found = store.versions(url)
                if found:
                    return views_of(found)
            return []
        except sqlite3.Error:     # a store being written or damaged: the page shows without its history
            return []
        finally:
            store.close()

    def latest_edits(self, limit: int) -> list[tuple[str, VersionView, VersionView]]:
        """(URL, previous version, edited version) for the newest edits across the archive, newest first."""
        store = self._open()
        if store is None:
            return []
        try:
            pairs = []
            for edit in store.latest_edits(limit):
                history = views_of(store.versions(edit.url)[:edit.number])
                pairs.append((edit.url, history[-2], history[-1]))
            return pairs
        except sqlite3.Error:
            return []
        finally:
            store.close()

    def _open(self) -> VersionStore | None:
        if not self.path.is_file():
            return None
        try:
            return VersionStore(self.path, readonly=True)
        except sqlite3.Error:
            return None
