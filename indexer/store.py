"""The on-disk layout of an index: generations and the pointer to the live one.

    INDEX_DIR/
      CURRENT          name of the live generation (replaced atomically)
      gen-.../         one complete Whoosh index per generation
      ingest.lock      held by the running indexer (an OS lock: a killed process releases it)

Incremental runs write into the live generation (Whoosh commits are atomic for
readers); a --rebuild writes a new generation beside it and switches CURRENT
only once it is complete, so searchers never see a half-built index.

New documents go into segments written by SegmentBuilder (below): the files
Whoosh's own writer would write, several times faster; each indexer process
writes its own, and one commit (commit_with_segments) makes them visible.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import heapq
import os
import pickle
import shutil
import time
import zlib
from array import array
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path

from whoosh import formats
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.fields import UnknownFieldError
from whoosh.filedb.filetables import _lengths as _KEY_VALUE_LENGTHS
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.schema import SCHEMA, AnalysedText, PairText

DEFAULT_INDEX_DIR = "var/index"
CURRENT = "CURRENT"
LOCK = "ingest.lock"


class IndexLocked(RuntimeError):
    pass


class NoIndex(RuntimeError):
    pass


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
            return name, _latest_toc(self.root / name)
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
        return _latest_toc(path) >= 1
    except (OSError, ValueError):
        return False


def _latest_toc(path: Path) -> int:
    best = -1
    for name in os.listdir(path):
        if name.startswith("_MAIN_") and name.endswith(".toc"):
            best = max(best, int(name[6:-4]))
    return best


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# A segment whose deleted documents pass this share of it is rewritten without them at the next commit:
# Whoosh's own policy only merges small segments, so three updates of every page kept 6,138 stored documents
# for 2,046 live ones (7.4 -> 30 MB).
COMPACT_DELETED_ABOVE = 0.25


def merge_small_and_compact(writer, segments: list) -> list:
    """Whoosh's MERGE_SMALL, after dropping segments with no live document and rewriting (through the writer's
    new segment) those that are mostly deleted."""
    from whoosh.reading import SegmentReader
    from whoosh.writing import MERGE_SMALL
    kept = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue                # every document deleted: its files go with the next TOC
        if segment.deleted_count() > COMPACT_DELETED_ABOVE * segment.doc_count_all():
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
            continue
        kept.append(segment)
    return MERGE_SMALL(writer, kept)


def commit_with_segments(writer, segments: list) -> None:
    """Commit `writer` (its deletions, and the merges of small or mostly deleted segments) together with
    finished segments written beside it (SegmentBuilder): one new TOC, so readers see all of it or none."""
    writer._check_state()
    final = writer._merge_segments(merge_small_and_compact, None, None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final + list(segments))
    writer._finish()


# --- writing a segment fast ----------------------------------------------------------------------------
#
# Whoosh's SegmentWriter files every posting as a 5-tuple in a pool, sorts them all, then writes them one
# by one through several layers of calls, reading each posting's field length back from the length column:
# with ~350 postings a communiqué, writing cost about as much as parsing (~7 ms a document here).
# SegmentBuilder writes the same files (the same codec objects write the per-document data) but collects
# postings per term as documents come, and encodes each term's posting list and terms-table entry in one go
# (~2.5 ms a document). tests/indexer/test_store.py checks that both write byte-identical per-document files
# and that Whoosh reads the same terms and postings from both (the posting blocks differ only where small
# blocks are left uncompressed, see _SMALLEST_COMPRESSED).
#
# Short posting lists are inlined into the term's terms-table entry when that is smaller (see _inlined):
# a one-posting block costs ~49 bytes in the .pst file plus a 12-byte pointer, the inlined pickle ~24.
# Whoosh reads inlined postings with a ListMatcher (W3Codec.postings_reader), but never writes them: its
# W3Codec(inlinelimit=N) fails in 2.7.4 (it calls a misnamed method), and it would pickle them with
# protocol 2, where b"" alone takes 20 bytes. Values are given as a block reader returns them (None each
# for a format without values), because a ListMatcher without values answers value() with str '', which
# Whoosh's merge pool refuses.

BUILD_LIMIT_MB = 128       # postings a SegmentBuilder keeps in memory (roughly) before it writes a sorted run


_TERMINFO = W3TermInfo._struct
# W3PostingsWriter._write_block means to leave a block's pickle uncompressed under 20 bytes, but overwrites
# that decision on the next line, so Whoosh zlib-compresses even a one-posting block, which makes it ~8
# bytes larger and costs a compressor set-up per term. Single-block terms, which this module encodes
# itself, follow the rule as written (readers honour each block's compression flag); the blocks of long
# posting lists, written by Whoosh's own writer, are far above 20 bytes anyway.
_SMALLEST_COMPRESSED = 20
# length_to_byte(byte_to_length(b)): how a block's min and max field lengths are written
_ROUNDED_LENGTH_BYTE = [length_to_byte(byte_to_length(b)) if b else 0 for b in range(256)]
_W3_MAGIC = b"W3Bl"
_POINTER_SIZE = 8 + 4       # a term info's offset and length of its block in the .pst file
# Posting lists tried for inlining. In a 10,000-page build 98% of the lists of 16 postings came out smaller
# inlined; longer ones were not tried (their pickles would be decoded on every lookup of the term).
_INLINE_AT_MOST = 16
_INLINE_PROTOCOL = 5
# No block is shorter: magic and length (8 bytes), the info pickle of six numbers (19 at least) and a
# compressed or uncompressed posting pickle (8 at least). A list whose inlined pickle is shorter than this
# plus a pointer is inlined without encoding its block (two thirds of a segment's terms have one posting).
_SMALLEST_BLOCK = 8 + len(dumps((0,) * 6, 2)) + 8


def _as_float32(x: float) -> float:
    """x as the float32 Whoosh keeps a posting's weight in."""
    return array("f", (x,))[0]


class SegmentBuilder:
    """Writes one new segment of `ix` (without taking its lock and without committing it: the caller puts
    the finished segment into a commit). `add` takes the keyword arguments of `IndexWriter.add_document`
    and returns the document's number in the segment.

    Memory is bounded: past `limitmb` (estimated) the postings collected so far go to a sorted run on disk,
    and the runs are merged term by term at the end.
    """

    def __init__(self, ix, limitmb: int = BUILD_LIMIT_MB):
        toc = ix._read_toc()
        self.schema = toc.schema
        self.storage = ix.storage
        self.indexname = ix.indexname
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"SegmentBuilder does not write term vectors or spelling fields ({name})")
        self.codec = W3Codec()                  # Whoosh's default codec, exactly: what every reader expects
        self.segment = self.codec.new_segment(self.storage, self.indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.docnum = 0
        self.limit = limitmb * 1024 * 1024
        # field -> _Terms: term bytes -> postings, in the most compact form the field's postings allow
        self._postings: dict[str, _Terms] = {}
        self._lengths: dict[str, bytearray] = {n: bytearray() for n, f in self.schema.items() if f.scorable}
        self._size = 0
        self._runs: list[dict[str, str]] = []
        self._rundir: str | None = None
        self.closed = False

    # --- adding documents ---------------------------------------------------------------------------------
    def add(self, **fields) -> int:
        """SegmentWriter.add_document, with the same per-document data and postings."""
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        for name in names:
            if name not in schema:
                raise UnknownFieldError(f"No field named {name!r} in {schema}")
        docboost = float(fields["_boost"]) if "_boost" in fields else 1.0
        # Everything that can fail on a bad value (encoding terms, columns) runs before anything is written.
        indexed = []
        perdoc = []
        lengths = {}
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                boost = float(fields[f"_{name}_boost"]) if f"_{name}_boost" in fields else docboost
                if isinstance(value, dict) and isinstance(field, AnalysedText):
                    # Terms counted beforehand (AnalysedText.index's items, without building them)
                    terms = [term.encode("utf-8") for term in value]
                    fb = field.format.field_boost
                    if isinstance(field.format, formats.Existence):
                        length, weights, weight = len(terms), None, fb * boost
                    else:
                        freqs = list(value.values())
                        length, weights, weight = sum(freqs), [f * fb * boost for f in freqs], None
                    if terms:
                        indexed.append((name, terms, weights, weight))
                else:
                    items = list(field.index(value))
                    for item in items:
                        length += item[1]
                    if items:
                        indexed.append((name, items, None, boost))
                if not field.scorable:
                    length = 0
                elif length:
                    lengths[name] = length_to_byte(length)
            custom = fields.get(f"_stored_{name}", value)
            column = field.column_type
            cv = field.to_column_value(custom) if column and custom is not None else None
            perdoc.append((name, field, custom if field.stored else None, length, column, cv))

        docnum = self.docnum
        pdw = self.perdoc
        pdw.start_doc(docnum)
        for name, field, stored, length, column, cv in perdoc:
            pdw.add_field(name, field, stored, length)
            if column and cv is not None:
                pdw.add_column_value(name, column, cv)
        pdw.finish_doc()
        for name, lb in self._lengths.items():
            lb.append(lengths.get(name, 0))

        size = 0
        postings = self._postings
        for name, items, weights, weight in indexed:
            terms = postings.get(name)
            if terms is None:
                terms = postings[name] = _Terms()
            if type(items[0]) is bytes:
                size += terms.add_terms(docnum, items, weights, weight)
            else:
                size += terms.add(docnum, items, weight)
        self.docnum += 1
        self._size += size
        if self._size > self.limit:
            self._spill()
        return docnum

    # --- runs on disk ------------------------------------------------------------------------------------
    def _spill(self) -> None:
        if self._rundir is None:
            self._rundir = os.path.join(self.storage.folder, f"{self.indexname}.tmp", f"build-{self.segment.segid}")
            os.makedirs(self._rundir, exist_ok=True)
        run = {}
        for name, terms in self._postings.items():
            path = os.path.join(self._rundir, f"run{len(self._runs)}-{name}")
            with open(path, "wb") as f:
                chunk = []
                for item in terms.sorted_items():
                    chunk.append(item)
                    if len(chunk) >= 4096:
                        pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
                        chunk = []
                if chunk:
                    pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
            run[name] = path
        self._runs.append(run)
        self._postings = {}
        self._size = 0

    @staticmethod
    def _read_run(path: str) -> Iterator[tuple]:
        with open(path, "rb") as f:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk

    def _field_terms(self, name: str) -> Iterator[tuple]:
        """(term bytes, ids, weights, first weight, values) of one field in term order, runs merged."""
        memory = self._postings.get(name)
        current = memory.sorted_items() if memory is not None else iter(())
        sources = [self._read_run(run[name]) for run in self._runs if name in run]
        if not sources:
            yield from current
            return
        pending = None
        for item in heapq.merge(*sources, current, key=itemgetter(0)):
            if pending is not None and item[0] == pending[0]:
                pending = _concatenate(pending, item)
                continue
            if pending is not None:
                yield pending
            pending = item
        if pending is not None:
            yield pending

    def _terms_to_write(self, name: str, field) -> Iterator[tuple]:
        """`_field_terms`, except that a PairText field's rare pairs are filed under their buckets.

        One pass over the field's terms (in memory or in runs on disk; a first version read the
        runs twice, and a 100,000-document build took 592.5 s against 536.4, one run each): the
        other pairs are written as they come,
        and the buckets, whose keys sort after every pair (PairText.mark), at the end.
        """
        if not isinstance(field, PairText):
            yield from self._field_terms(name)
            return
        rare_below = field.rare_below
        by_slot: dict[int, list] = {}          # slot in the largest table -> documents
        postings = 0
        for item in self._field_terms(name):
            _, ids, weights, w0, values = item
            if len(ids) < rare_below and weights is None and values is None and w0 == 1.0:
                by_slot.setdefault(field.slot(item[0].decode("utf-8")), []).extend(ids)
                postings += len(ids)
            else:
                yield item
        bits = field.bits_for(postings)
        buckets: dict[bytes, set] = {}
        for slot, docs in by_slot.items():
            buckets.setdefault(field.bucket(slot, bits).encode("utf-8"), set()).update(docs)
        for key in sorted(buckets):
            yield key, sorted(buckets[key]), None, 1.0, None

    # --- finishing ---------------------------------------------------------------------------------------
    def finish(self):
        """Write the postings, close the segment's files and return the segment (None when nothing was added)."""
        if self.docnum == 0:
            self.cancel()
            return None
        self.perdoc.close()
        fw = self.codec.field_writer(self.storage, self.segment)
        try:
            for name in sorted(set(self._postings) | {n for run in self._runs for n in run}):
                self._write_field(fw, name)
        finally:
            fw.close()
        self._remove_runs()
        segment = self.segment
        segment.set_doc_count(self.docnum)
        if segment.should_assemble():
            segment.create_compound_file(self.storage)
        self.closed = True
        return segment

    def _write_field(self, fw, name: str) -> None:
        """One field's terms, as W3FieldWriter writes them. A term whose postings fit in one block (nearly all
        of them) is encoded here directly, in the bytes W3PostingsWriter would write; longer lists go through
        Whoosh's postings writer, a block at a time."""
        field = self.schema[name]
        fw.start_field(name, field)
        pw = fw._postwriter
        blocklimit = pw._blocklimit
        compression = pw._compression
        fixedsize = field.format.fixed_value_size()
        lengths = self._lengths.get(name)
        if lengths is not None and not any(lengths):
            lengths = None
        prefix = pack_ushort(fw._fieldid)
        tindex = fw._tindex
        dbfile = tindex.dbfile
        hashfn = tindex.hashfn
        buckets = tindex.buckets
        positions = tindex.index
        lastkey = tindex.lastkey
        postfile = fw._postfile
        pos = dbfile.tell()
        ppos = postfile.tell()
        for tbytes, ids, weights, w0, values in self._terms_to_write(name, field):
            n = len(ids)
            if n > blocklimit:
                tindex.lastkey = lastkey
                fw.start_term(tbytes)
                _fill_blocks(pw, ids, weights, w0, values, lengths)
                fw.finish_term()
                lastkey = tindex.lastkey
                pos = dbfile.tell()
                ppos = postfile.tell()
                continue
            # W3PostingsWriter: add_posting for each, then finish_postings -> _write_block(last=True)
            if n == 1:
                # Most terms (a pair, a name, a date seen once): the general case below, without its loops.
                d = ids[0]
                total = _as_float32(w0 if weights is None else weights[0])
                mini_weights = None if total == 1.0 else total
                top = w0 if weights is None else weights[0]
                minlb = maxlb = _ROUNDED_LENGTH_BYTE[lengths[d]] if lengths is not None else 0
            else:
                if weights is None:
                    w32 = array("f", [w0]) * n
                    top = w0
                    one = w32[0]
                    mini_weights = None if one == 1.0 else one
                else:
                    w32 = array("f", weights)
                    top = max(weights)
                    mini_weights = _mini_weights(w32)
                total = sum(w32)
                if lengths is not None:
                    lbs = [lengths[d] for d in ids if lengths[d]]
                    minlb = _ROUNDED_LENGTH_BYTE[min(lbs)] if lbs else 0
                    maxlb = _ROUNDED_LENGTH_BYTE[max(lbs)] if lbs else 0
                else:
                    minlb = maxlb = 0
            maxweight = top if top > 0 else 0
            inlined = _inlined(ids, mini_weights, values, fixedsize) if n <= _INLINE_AT_MOST else None
            if inlined is not None and len(inlined) < _SMALLEST_BLOCK + _POINTER_SIZE:
                block = None        # smaller than any block: most terms, whose block need not be encoded
            else:
                kept = [v for v in values if v] if values is not None else []
                if fixedsize is None or fixedsize < 0:
                    mini_values = tuple(kept)
                elif fixedsize == 0:
                    mini_values = None
                else:
                    mini_values = b"".join(kept)
                deltas = (ids[0], *(b - a for a, b in zip(ids, ids[1:])))      # delta-coded from 0
                data = dumps((deltas, mini_weights, mini_values), 2)
                comp = compression if len(data) >= _SMALLEST_COMPRESSED else 0
                if comp:
                    data = zlib.compress(data, comp)
                info = dumps((n, ids[-1], maxweight, comp, minlb, maxlb), 2)
                block = _W3_MAGIC + pack_int(-(len(info) + len(data))) + info + data
            # W3TermInfo.to_bytes + OrderedHashWriter.add
            if inlined is not None and (block is None or len(inlined) < len(block) + _POINTER_SIZE):
                value = _TERMINFO.pack(1, total, n, minlb, maxlb, maxweight, ids[0], ids[-1]) + inlined
            else:
                postfile.write(block)
                value = _TERMINFO.pack(0, total, n, minlb, maxlb, maxweight, ids[0], ids[-1]) + \
                    pack_long(ppos) + pack_int(len(block))
                ppos += len(block)
            key = prefix + tbytes
            if key <= lastkey:
                raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
            positions.append(pos)
            record = _KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value
            dbfile.write(record)
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
            lastkey = key
            pos += len(record)
        tindex.lastkey = lastkey
        fw.finish_field()

    def cancel(self) -> None:
        if not self.perdoc.is_closed:
            self.perdoc.close()
        self._remove_runs()
        for name in self.segment.list_files(self.storage):
            try:
                self.storage.delete_file(name)
            except OSError:
                pass
        self.closed = True

    def _remove_runs(self) -> None:
        if self._rundir:
            shutil.rmtree(self._rundir, ignore_errors=True)
            self._rundir = None
        self._runs = []
        self._postings = {}


class _Terms:
    """One field's postings in memory: term bytes -> postings, in the cheapest of three forms that holds them.

    - "same": every posting has the same weight and no value (Existence fields: `exact`, `pairs`, ids):
      term -> [document numbers].
    - "weighted": no values (TermWeights fields: `title`, `body`): term -> [[document numbers], [weights]].
    - "general": term -> [document numbers, weights or None while all equal the first weight, first weight,
      values or None while all are empty].

    A field moves to a more general form, once, when a document does not fit the one it has.
    """

    __slots__ = ("terms", "mode", "weight")

    def __init__(self):
        self.terms: dict[bytes, list] = {}
        self.mode = None
        self.weight = None

    def add(self, docnum: int, items: list, boost: float) -> int:
        """Add one document's (term bytes, frequency, weight, value) items; returns the memory they took
        (estimated from CPython's object sizes: a dict slot, the key, a list, a float per weight)."""
        _, _, weights, values = zip(*items)
        plain = not any(values)
        if plain and self.mode in (None, "same"):
            distinct = set(weights)
            if len(distinct) == 1:
                weight = weights[0] * boost
                if self.mode is None:
                    self.mode, self.weight = "same", weight
                if weight == self.weight:
                    return self._add_same(docnum, (item[0] for item in items))
        if plain and self.mode == "same":
            self._become("weighted")
        if plain and self.mode in (None, "weighted"):
            self.mode = "weighted"
            return self._add_weighted(docnum, items, boost)
        if self.mode != "general":
            self._become("general")
        return self._add_general(docnum, items, boost)

    def add_terms(self, docnum: int, terms: list[bytes], weights: list[float] | None, weight: float | None) -> int:
        """Add one document's terms with their weights (None: all `weight`), none with a value."""
        if weights is None:
            if self.mode is None:
                self.mode, self.weight = "same", weight
            if self.mode == "same" and weight == self.weight:
                return self._add_same(docnum, terms)
            return self.add(docnum, [(t, 1, weight, b"") for t in terms], 1.0)
        if self.mode in (None, "weighted"):
            self.mode = "weighted"
            return self._add_weighted(docnum, [(t, 0, w, b"") for t, w in zip(terms, weights)], 1.0)
        return self.add(docnum, [(t, 0, w, b"") for t, w in zip(terms, weights)], 1.0)

    def _add_same(self, docnum: int, term_bytes) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes in term_bytes:
            ids = get(tbytes)
            if ids is None:
                terms[tbytes] = [docnum]
                size += 230 + len(tbytes)
            else:
                ids.append(docnum)
                size += 10
        return size

    def _add_weighted(self, docnum: int, items: list, boost: float) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes, _, weight, _ in items:
            entry = get(tbytes)
            if entry is None:
                terms[tbytes] = [[docnum], [weight * boost]]
                size += 380 + len(tbytes)
            else:
                entry[0].append(docnum)
                entry[1].append(weight * boost)
                size += 45
        return size

    def _add_general(self, docnum: int, items: list, boost: float) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes, _, weight, vbytes in items:
            weight *= boost
            entry = get(tbytes)
            if entry is None:
                terms[tbytes] = [[docnum], None, weight, [vbytes] if vbytes else None]
                size += 450 + len(tbytes)
                continue
            ids = entry[0]
            if entry[1] is not None:
                entry[1].append(weight)
            elif weight != entry[2]:
                entry[1] = [entry[2]] * len(ids)
                entry[1].append(weight)
            if vbytes:
                if entry[3] is None:
                    entry[3] = [b""] * len(ids)
                entry[3].append(vbytes)
            elif entry[3] is not None:
                entry[3].append(b"")
            ids.append(docnum)
            size += 60
        return size

    def _become(self, mode: str) -> None:
        self.terms = {tbytes: self._as(mode, tbytes, entry) for tbytes, entry in self.terms.items()}
        self.mode = mode

    def _as(self, mode: str, tbytes: bytes, entry: list) -> list:
        _, ids, weights, w0, values = self._normal(tbytes, entry)
        if mode == "weighted":
            return [ids, weights if weights is not None else [w0] * len(ids)]
        return [ids, weights, w0, values]

    def _normal(self, tbytes: bytes, entry: list) -> tuple:
        if self.mode == "same":
            return tbytes, entry, None, self.weight, None
        if self.mode == "weighted":
            return tbytes, entry[0], entry[1], entry[1][0], None
        return (tbytes, *entry)

    def sorted_items(self) -> Iterator[tuple]:
        """(term bytes, ids, weights or None, first weight, values or None), in term order."""
        terms = self.terms
        normal = self._normal
        for tbytes in sorted(terms):
            yield normal(tbytes, terms[tbytes])


def _concatenate(a: tuple, b: tuple) -> tuple:
    """One term's postings from two runs (b's documents come after a's)."""
    tbytes, ids, weights, w0, values = a
    _, ids2, weights2, w02, values2 = b
    if weights is None and weights2 is None and w0 == w02:
        new_weights = None
    else:
        new_weights = (weights if weights is not None else [w0] * len(ids)) + \
                      (weights2 if weights2 is not None else [w02] * len(ids2))
    if values is None and values2 is None:
        new_values = None
    else:
        new_values = (values if values is not None else [b""] * len(ids)) + \
                     (values2 if values2 is not None else [b""] * len(ids2))
    return tbytes, ids + ids2, new_weights, w0, new_values


def _inlined(ids, mini_weights, values, fixedsize: int | None) -> bytes | None:
    """A short posting list as W3TermInfo keeps it inlined: a pickled (ids, weights, values) tuple, or None
    when its values could not be given as a block reader gives them.

    Weights None when all are 1.0 (ListMatcher's default). Pickled with the current protocol, which
    W3TermInfo.from_bytes reads like any other.
    """
    n = len(ids)
    if fixedsize == 0:
        values = (None,) * n
    elif values is None or not all(values):
        return None
    if mini_weights is None:
        weights = None
    elif isinstance(mini_weights, float):
        weights = (mini_weights,) * n
    else:
        weights = mini_weights
    return dumps((tuple(ids), weights, tuple(values)), _INLINE_PROTOCOL)


def _mini_weights(w32: array):
    """W3PostingsWriter._mini_weights."""
    if all(w == 1.0 for w in w32):
        return None
    first = w32[0]
    if all(w == first for w in w32):
        return first
    return tuple(w32)


def _fill_blocks(pw: W3PostingsWriter, ids, weights, w0, values, lengths) -> None:
    """Give one term's postings to the postings writer as W3PostingsWriter.add_posting would have filled its
    blocks: full blocks written as they fill, the last one left for finish_postings."""
    limit = pw._blocklimit
    n = len(ids)
    for start in range(0, n, limit):
        end = min(start + limit, n)
        if start:
            pw._write_block()
        block_ids = ids[start:end]
        pw._ids = block_ids
        if weights is None:
            pw._weights = array("f", [w0]) * (end - start)
            top = w0
        else:
            block_weights = weights[start:end]
            pw._weights = array("f", block_weights)
            top = max(block_weights)
        pw._maxweight = top if top > 0 else 0
        pw._values = [v for v in values[start:end] if v] if values is not None else []
        if lengths is not None:
            block_lengths = [lengths[d] for d in block_ids]
            if 0 in block_lengths:
                block_lengths = [b for b in block_lengths if b]
            if block_lengths:
                pw._minlength = byte_to_length(min(block_lengths))
                pw._maxlength = byte_to_length(max(block_lengths))
            else:
                pw._minlength, pw._maxlength = None, 0
        else:
            pw._minlength, pw._maxlength = None, 0
