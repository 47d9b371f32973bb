"""Where pages come from: files, folders (a crawl archive is a folder too) and, via the crawler, the web.

A source yields RawPage objects, or Failure objects for what it could not read;
the ingest loop does not care where the bytes came from.
"""
from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from indexer.document import Failure, RawPage
from indexer.extract import MAX_PAGE_BYTES

HTML_SUFFIXES = (".html", ".htm")
# Bytes read from one file at most (one more than the extractor accepts, so it can say "too large"):
# a symlink to /dev/zero or a 10 GB file must not fill the memory.
MAX_READ_BYTES = MAX_PAGE_BYTES + 1
# A crawl archive stores each page's URL and headers beside its bytes, in PAGE.meta.json.
META_SUFFIX = ".meta.json"

# URL schemes handled by other modules (the crawler registers "http" and "https").
_url_sources: dict[str, Callable[[str], Iterator[RawPage | Failure]]] = {}


class SourceError(ValueError):
    """A SOURCE argument that cannot be read at all (exit status 2)."""


def register_url_source(scheme: str, factory: Callable[[str], Iterator[RawPage | Failure]]) -> None:
    _url_sources[scheme] = factory


def is_url(spec: str) -> bool:
    return "://" in spec and spec.split("://", 1)[0].lower() in ("http", "https")


def check_source(spec: str) -> None:
    if is_url(spec):
        return
    if not os.path.exists(spec):
        raise SourceError(f"no such file or directory: {spec}")


def iter_pages(spec: str) -> Iterator[RawPage | Failure]:
    if is_url(spec):
        scheme = spec.split("://", 1)[0].lower()
        if scheme not in _url_sources:
            _load_web_sources()
        yield from _url_sources[scheme](spec)
        return
    path = Path(spec)
    if path.is_dir():
        yield from iter_directory(path)
    else:
        yield read_file(path, root=path.parent)


def _load_web_sources() -> None:
    import indexer.crawl  # noqa: F401  (registers the http and https sources)


def iter_directory(root: Path) -> Iterator[RawPage | Failure]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in dirnames:
            # os.walk does not follow links to folders (one could loop back up the tree): say so, so that
            # pages kept in a linked folder are not left out without a word.
            if os.path.islink(os.path.join(dirpath, name)):
                yield Failure(_printable(os.path.join(dirpath, name)),
                              "symbolic link to a folder: not followed (give its target as a SOURCE)")
        for name in sorted(filenames):
            if name.lower().endswith(HTML_SUFFIXES) and not name.startswith("."):
                yield read_file(Path(dirpath) / name, root=root)


def source_keys(spec: str) -> set[str] | None:
    """The source ids iter_pages(spec) will yield, listed without reading the pages (None for a web source).

    The same names and archive metadata as iter_pages; a file that turns out to be unreadable is listed all
    the same (it is skipped when read).
    """
    if is_url(spec):
        return None
    path = Path(spec)
    if not path.is_dir():
        return {_source_id(path, path.parent, _read_archive_meta(path))}
    keys = set()
    for dirpath, _, filenames in os.walk(path):
        names = set(filenames)
        for name in filenames:
            if name.lower().endswith(HTML_SUFFIXES) and not name.startswith("."):
                file = Path(dirpath) / name
                meta = _read_archive_meta(file) if name + META_SUFFIX in names else {}
                keys.add(_source_id(file, path, meta))
    return keys


def _source_id(path: Path, root: Path, meta: dict) -> str:
    return _printable(path.relative_to(root).as_posix()) if meta.get("url") is None else meta["url"]


def list_html_files(root: Path) -> list[Path]:
    return [Path(d) / n for d, _, files in os.walk(root) for n in files
            if n.lower().endswith(HTML_SUFFIXES) and not n.startswith(".")]


def read_file(path: Path, root: Path) -> RawPage | Failure:
    location = _printable(str(path))
    try:
        # Only regular files: reading a FIFO or a device named .html would block or never end.
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Failure(location, "not a regular file")
        with open(path, "rb") as f:
            # Sized by the file: a read(12 MB) buffer would stay a memory mapping of its own per page,
            # and 65,530 of them (vm.max_map_count) end the process.
            content = f.read(min(info.st_size + 1, MAX_READ_BYTES))
    except OSError as exc:
        return Failure(location, f"cannot read: {exc.strerror or exc}")
    meta = _read_archive_meta(path)
    return RawPage(
        source_id=_source_id(path, root, meta),
        location=location,
        content=content,
        url=meta.get("url"),
        content_type=(meta.get("headers") or {}).get("content-type"),
        fetched_at=_parse_time(meta.get("fetched_at")),
    )


def _printable(name: str) -> str:
    """A file name whose bytes are not UTF-8 (read as lone surrogates) with those bytes as \\xNN:
    the index stores ids as UTF-8 and would fail on the surrogates, stopping the whole run."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read_archive_meta(path: Path) -> dict:
    meta_path = path.with_name(path.name + META_SUFFIX)
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(meta.get("headers"), dict):
        meta["headers"] = {k.lower(): v for k, v in meta["headers"].items()}
    return meta if isinstance(meta, dict) else {}


def _parse_time(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
