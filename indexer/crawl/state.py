"""What the crawler remembers between runs, in a small SQLite file beside the index.

One row per URL: how the last attempt went, the validators for a conditional GET (ETag,
Last-Modified), the hash of the bytes and where the archive keeps them. Each change is committed
at once, so an interrupted crawl keeps what it learnt.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url           TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,      -- communique, listing or feed
    outcome       TEXT NOT NULL,      -- ok, failed or redirect
    status        INTEGER,            -- HTTP status of the last answer (NULL: no answer)
    reason        TEXT,               -- why the last attempt failed; for a page that is not a communiqué, why not
    transient     INTEGER NOT NULL DEFAULT 0,   -- a failure worth trying again on the next run
    etag          TEXT,
    last_modified TEXT,
    content_hash  TEXT,               -- sha256 of the archived bytes
    archive_name  TEXT,               -- path of the bytes inside the archive
    redirect_to   TEXT,               -- where a permanent redirect leads
    fetched_at    TEXT,               -- last time the bytes were downloaded (200)
    checked_at    TEXT NOT NULL       -- last attempt, whatever its outcome
);
"""


@dataclass(frozen=True)
class PageState:
    url: str
    kind: str
    outcome: str
    status: int | None
    reason: str | None
    transient: bool
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    archive_name: str | None
    redirect_to: str | None
    fetched_at: str | None
    checked_at: str

    @property
    def settled(self) -> bool:
        """Known for good: fetched, permanently redirected, or failed in a way a retry will not fix."""
        return self.outcome in ("ok", "redirect") or (self.outcome == "failed" and not self.transient)


class StateStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer crawler (schema {version})")
        with self.db:
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def get(self, url: str) -> PageState | None:
        row = self.db.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        return PageState(**{**dict(row), "transient": bool(row["transient"])}) if row else None

    def settled_urls(self) -> set[str]:
        rows = self.db.execute("SELECT url FROM pages WHERE outcome IN ('ok', 'redirect') "
                               "OR (outcome = 'failed' AND transient = 0)")
        return {r[0] for r in rows}

    def record_fetched(self, url: str, kind: str, status: int, headers: dict, content_hash: str,
                       archive_name: str, fetched_at: datetime, note: str | None = None) -> None:
        self._put(url, kind=kind, outcome="ok", status=status, reason=note, transient=0,
                  etag=headers.get("etag"), last_modified=headers.get("last-modified"), content_hash=content_hash,
                  archive_name=archive_name, redirect_to=None, fetched_at=_iso(fetched_at))

    def record_not_modified(self, url: str, headers: dict) -> None:
        """A 304 may carry fresher validators; the bytes and their hash stay as they were."""
        fresher = {"etag": headers.get("etag"), "last_modified": headers.get("last-modified")}
        fields = {name: value for name, value in fresher.items() if value}
        self._update(url, outcome="ok", status=304, transient=0, **fields)

    def record_failure(self, url: str, kind: str, status: int | None, reason: str, transient: bool) -> None:
        """A failure keeps the validators and archive entry of the last good fetch, if any."""
        if self.get(url) is None:
            self._put(url, kind=kind, outcome="failed", status=status, reason=reason, transient=int(transient),
                      etag=None, last_modified=None, content_hash=None, archive_name=None, redirect_to=None,
                      fetched_at=None)
        else:
            self._update(url, outcome="failed", status=status, reason=reason, transient=int(transient))

    def record_redirect(self, url: str, kind: str, status: int, target: str) -> None:
        self._put(url, kind=kind, outcome="redirect", status=status, reason=None, transient=0, etag=None,
                  last_modified=None, content_hash=None, archive_name=None, redirect_to=target, fetched_at=None)

    def forget_archive(self, url: str) -> None:
        self._update(url, archive_name=None, etag=None, last_modified=None)

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM pages").fetchone()[0]

    def _put(self, url: str, **fields) -> None:
        fields["checked_at"] = _iso(datetime.now(timezone.utc))
        names = ", ".join(["url", *fields])
        marks = ", ".join("?" * (len(fields) + 1))
        with self.db:
            self.db.execute(f"INSERT OR REPLACE INTO pages ({names}) VALUES ({marks})", (url, *fields.values()))

    def _update(self, url: str, **fields) -> None:
        fields["checked_at"] = _iso(datetime.now(timezone.utc))
        sets = ", ".join(f"{name} = ?" for name in fields)
        with self.db:
            self.db.execute(f"UPDATE pages SET {sets} WHERE url = ?", (*fields.values(), url))


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")
