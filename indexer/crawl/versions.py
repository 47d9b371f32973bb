"""Every version of a communiqué's text, with the time each was captured.

A version is the extracted title, date and body (judge.PageText), never the markup: a page whose
template changed but whose text did not, or a page republished identically, makes no version. The
crawler appends; the search service reads (GET /api/documents/<id>/versions, /changes.atom).

    INDEX_DIR/crawl/versions.sqlite    one row per (URL, version number)

Kept apart from state.sqlite because the service opens it, read-only, while a crawl may be writing
the state: SQLite's WAL lets one writer and readers go on together.
"""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from indexer.crawl.judge import PageText

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    url          TEXT NOT NULL,
    number       INTEGER NOT NULL,     -- 1 for the first capture
    captured_at  TEXT NOT NULL,        -- when the fetch that brought this text happened (UTC, ISO 8601)
    title        TEXT NOT NULL,
    date         TEXT,                 -- the publication date the page declared, ISO
    body         TEXT NOT NULL,
    text_hash    TEXT NOT NULL,
    PRIMARY KEY (url, number)
);
CREATE INDEX IF NOT EXISTS versions_by_time ON versions (captured_at);
"""


@dataclass(frozen=True)
class Version:
    url: str
    number: int
    captured_at: str
    title: str
    date: str | None
    body: str


class VersionStore:
    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            with self.db:
                self.db.executescript(_SCHEMA)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def record(self, url: str, text: PageText, captured_at: datetime) -> str:
        """Add `text` as the URL's newest version unless it is the newest already.
        Returns "first", "edited" or "same"."""
        digest = _text_hash(text)
        last = self.db.execute("SELECT number, text_hash FROM versions WHERE url = ? ORDER BY number DESC LIMIT 1",
                               (url,)).fetchone()
        if last and last[1] == digest:
            return "same"
        number = last[0] + 1 if last else 1
        with self.db:
            self.db.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (url, number, captured_at.isoformat(timespec="seconds"), text.title,
                             _iso(text.date), text.body, digest))
        return "edited" if last else "first"

    def versions(self, url: str) -> list[Version]:
        rows = self.db.execute("SELECT url, number, captured_at, title, date, body FROM versions "
                               "WHERE url = ? ORDER BY number", (url,))
        return [Version(*row) for row in rows]

    def latest_edits(self, limit: int) -> list[Version]:
        """The newest versions that replaced an earlier one, newest first."""
        rows = self.db.execute("SELECT url, number, captured_at, title, date, body FROM versions "
                               "WHERE number > 1 ORDER BY captured_at DESC, url LIMIT ?", (limit,))
        return [Version(*row) for row in rows]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text_hash(text: PageText) -> str:
    joined = "\0".join([text.title, _iso(text.date) or "", text.body])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
