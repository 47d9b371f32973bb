"""The on-disk layout of an index: generations and the pointer to the live one.

    INDEX_DIR/
      CURRENT          name of the live generation (replaced atomically)
      gen-.../         one complete Whoosh index per generation
      ingest.lock      held by the running indexer (an OS lock: a killed process releases it)

Incremental runs write into the live generation (Whoosh commits are atomic for
readers); a --rebuild writes a new generation beside it and switches CURRENT
only once it is complete, so searchers never see a half-built index.

What is inside a generation (Whoosh's files) is the business of indexer.whoosh_format;
this module only names, creates, publishes and removes generations, and locks the folder.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.errors import IndexLocked, NoIndex
from indexer.schema import SCHEMA
from indexer.whoosh_format import commit_number

DEFAULT_INDEX_DIR = "var/index"
CURRENT = "CURRENT"
LOCK = "ingest.lock"


__all__ = ["CURRENT", "DEFAULT_INDEX_DIR", "LOCK", "IndexLocked", "IndexStore", "NoIndex", "default_index_dir"]


def default_index_dir() -> str:
    return os.environ.get("COMMUNIQUES_INDEX") or DEFAULT_INDEX_DIR


class IndexStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    # --- reading -----------------------------------------------------------
    def current_name(self) -> str | None:
        try:
            name = (self.root / CURRENT).read_text("utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def current_dir(self) -> Path | None:
        name = self.current_name()
        return self.root / name if name else None

    def exists(self) -> bool:
        d = self.current_dir()
        return d is not None and whoosh_index.exists_in(str(d))

    def open(self):
        d = self.current_dir()
        if d is None or not whoosh_index.exists_in(str(d)):
            raise NoIndex(f"no index in {self.root}: run `python -m indexer ingest corpus/` first")
        return whoosh_index.open_dir(str(d))

    def version(self) -> tuple[str, int] | None:
        """(generation name, Whoosh commit number): changes whenever what searchers see changes."""
        name = self.current_name()
        if name is None:
            return None
        try:
            return name, commit_number(self.root / name)
        except (OSError, ValueError):
            return None

    # --- writing -----------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, wait: float = 0.0):
        """Exclusive right to write; waits up to `wait` seconds for another indexer."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                        raise IndexLocked(f"another indexer is writing to {self.root}") from None
                    time.sleep(0.1)
            yield self
        finally:
            os.close(fd)

    def create_generation(self):
        name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"
        path = self.root / name
        path.mkdir(parents=True)
        return name, whoosh_index.create_in(str(path), SCHEMA)

    @contextlib.contextmanager
    def new_generation(self):
        """A fresh, empty generation to build: published when the block completes, deleted when it fails
        (never published, so no reader has it open). Use it while holding the lock."""
        name, ix = self.create_generation()
        try:
            yield ix
        except BaseException:
            self.discard(name)
            raise
        self.publish(name)

    def open_or_create(self):
        """The live index for an incremental run, created as a first generation when there is none."""
        if self.exists():
            return self.open()
        name, ix = self.create_generation()
        self.publish(name)
        return ix

    def publish(self, name: str) -> None:
        tmp = self.root / f".{CURRENT}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.root / CURRENT)
        _fsync_dir(self.root)

    def discard(self, name: str) -> None:
        """Delete a generation that was never published (a failed --rebuild)."""
        if name != self.current_name():
            shutil.rmtree(self.root / name, ignore_errors=True)

    def cleanup(self, keep_previous: int = 1, rebuilt: bool = False) -> list[str]:
        """Remove old, abandoned and damaged generations; the live one and the latest previous ones stay.

        Never raises (a damaged generation's TOC makes Whoosh raise anything from TypeError to EOFError:
        it is removed, not kept as "previous"). Unless this run was a --rebuild (`rebuilt`), a generation
        holding more documents than the live one is kept too: losing the live pointer must never turn
        into deleting the real index. Call it while holding the lock, so no other indexer is building one.
        """
        live = self.current_name()
        try:
            gens = sorted((p for p in self.root.glob("gen-*") if p.is_dir()), key=_mtime)
        except OSError:
            return []
        others = [p for p in gens if p.name != live]
        # Only a generation that got a commit can have been live: a killed --rebuild leaves one with just
        # Whoosh's empty first TOC and its temporary files, which must not take the "previous" place.
        counts = {p.name: _document_count(p) for p in others if _committed(p)}
        readable = [p for p in others if counts.get(p.name) is not None]
        keep = {p.name for p in readable[-keep_previous:]} if keep_previous else set()
        if not rebuilt and live is not None:
            live_count = _document_count(self.root / live) or 0
            keep |= {name for name, count in counts.items() if count is not None and count > live_count}
        removed = []
        for p in others:
            if p.name not in keep:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name)
        for tmp in self.root.glob(f".{CURRENT}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        return removed

    def recover_current(self) -> str | None:
        """When CURRENT is missing (or names no generation) but committed generations are on disk, publish
        the newest one that can be read and return its name; None when there was nothing to recover.

        Without this an incremental run started a new, empty generation, and the next cleanups deleted
        the real index. Call it while holding the lock, before cleanup().
        """
        if self.current_name() is not None:
            return None
        try:
            gens = sorted((p for p in self.root.glob("gen-*") if p.is_dir()), key=_mtime, reverse=True)
        except OSError:
            return None
        for p in gens:
            if _committed(p) and _document_count(p) is not None:
                self.publish(p.name)
                return p.name
        return None


def _mtime(path: Path) -> float:
    """When a generation last got a commit (its newest TOC), else when the folder changed."""
    try:
        tocs = [e.stat().st_mtime for e in os.scandir(path) if e.name.startswith("_MAIN_") and e.name.endswith(".toc")]
        return max(tocs) if tocs else path.stat().st_mtime
    except OSError:
        return 0.0


def _document_count(path: Path) -> int | None:
    """The generation's live documents, None when its TOC or segments cannot be read (damaged)."""
    try:
        ix = whoosh_index.open_dir(str(path))
        try:
            return ix.doc_count()
        finally:
            ix.close()
    except Exception:       # whatever a damaged TOC makes Whoosh's decoders trip on
        return None


def _committed(path: Path) -> bool:
    try:
        return commit_number(path) >= 1
    except (OSError, ValueError):
        return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
