"""Every page the crawler fetched, kept on disk as the bytes it was, with its URL, headers and fetch time.

    ARCHIVE/<host>/<path>.html              a communiqué: `python -m indexer ingest ARCHIVE` rebuilds from these
    ARCHIVE/<host>/<path>.html.meta.json    {"url", "requested_url", "status", "fetched_at", "headers", ...}
    ARCHIVE/<host>/<path>.listing / .feed   pages judged not communiqués (listings, hubs, contact pages)
                                            and feeds (names the file ingest ignores)
    ARCHIVE/<host>/<path>.sitemap           sitemaps, kept so a 304 still gives their URLs
    ...html.<time>                          the previous bytes of a page that changed
    ...html.gone                            a page the site now answers 404/410 for

The sidecar is written before the page, both atomically: a page is never left without its URL.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from indexer.sources import HTML_SUFFIXES, META_SUFFIX

KIND_SUFFIX = {"communique": ".html", "listing": ".listing", "feed": ".feed", "sitemap": ".sitemap"}
MAX_SEGMENT = 150
_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]+")


def _digest(text: str, size: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]


def _safe(segment: str) -> str:
    cleaned = _UNSAFE.sub("_", segment).strip("_") or "_"
    if cleaned in (".", ".."):
        cleaned = "_"
    if len(cleaned) > MAX_SEGMENT:
        cleaned = f"{cleaned[:MAX_SEGMENT - 12]}-{_digest(segment)}"
    return cleaned


class Archive:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def host_dir(self, url: str) -> Path:
        return self.root / _safe(urlsplit(url).netloc.lower().replace(":", "_"))

    def name_for(self, url: str, kind: str) -> str:
        """A readable path derived from the URL; a hashed one when that path is taken or unusable."""
        parts = urlsplit(url)
        segments = [_safe(unquote(s)) for s in parts.path.split("/") if s]
        if not segments or parts.path.endswith("/"):
            segments.append("index")
        last = segments[-1]
        if parts.query:
            last = f"{last}__{_safe(unquote(parts.query))[:60]}-{_digest(parts.query, 8)}"
        if kind == "communique":
            last += "" if last.lower().endswith(HTML_SUFFIXES) else ".html"
        else:
            last += KIND_SUFFIX[kind]
        host = self.host_dir(url).name
        name = "/".join([host, *segments[:-1], last])
        if self._usable(name, url):
            return name
        return f"{host}/_/{_digest(url, 20)}{KIND_SUFFIX[kind]}"

    def write(self, url: str, kind: str, body: bytes, meta: dict, fetched_at: datetime) -> str:
        """Store the bytes of `url`; the previous bytes, when different, stay beside them."""
        name = self.name_for(url, kind)
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.read_bytes() != body:
            self._keep_previous(path)
        _write_atomic(_meta_path(path), _meta_json(url, meta, fetched_at))
        _write_atomic(path, body)
        return name

    def refresh_meta(self, name: str, url: str, meta: dict, fetched_at: datetime) -> None:
        """Same bytes downloaded again: only the headers and the fetch time change."""
        _write_atomic(_meta_path(self.root / name), _meta_json(url, meta, fetched_at))

    def exists(self, name: str | None) -> bool:
        return bool(name) and (self.root / name).is_file()

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def read_meta(self, name: str) -> dict:
        try:
            meta = json.loads(_meta_path(self.root / name).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    def retire(self, name: str) -> None:
        """The site no longer serves the page: rename it so a rebuild (and --prune) leave it out."""
        path = self.root / name
        for old, new in ((path, path.with_name(path.name + ".gone")),
                         (_meta_path(path), path.with_name(path.name + ".gone" + META_SUFFIX))):
            if old.exists():
                os.replace(old, new)

    def _usable(self, name: str, url: str) -> bool:
        path = self.root / name
        if path.is_dir() or any(p.is_file() for p in path.parents if p != self.root and self.root in p.parents):
            return False
        meta = _meta_path(path)
        if not meta.exists():
            return True
        try:
            return json.loads(meta.read_text("utf-8")).get("url") == url
        except (OSError, ValueError):
            return False

    def _keep_previous(self, path: Path) -> None:
        stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%dT%H%M%S")
        try:
            fetched = json.loads(_meta_path(path).read_text("utf-8")).get("fetched_at")
            stamp = datetime.fromisoformat(fetched).strftime("%Y%m%dT%H%M%SZ")
        except (OSError, ValueError, TypeError):
            pass
        old = path.with_name(f"{path.name}.{stamp}")
        os.replace(path, old)
        if _meta_path(path).exists():
            os.replace(_meta_path(path), old.with_name(old.name + META_SUFFIX))


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + META_SUFFIX)


def _meta_json(url: str, meta: dict, fetched_at: datetime) -> bytes:
    record = {"url": url, "fetched_at": fetched_at.isoformat(timespec="seconds"), **meta}
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
