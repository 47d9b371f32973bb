"""The 100,000-communiqué index the stress tests run against, built once and kept in var/stress/.

Documents come from the benchmark generator (benchmarks/generator.py) and are written with the
indexer's own pieces: the tagger, the analysis chain, the schema and the segment writer, one
segment per core, committed and published as a new generation like `ingest --rebuild` does.
Only the HTML round trip is skipped (rendering the pages, then parsing and cleaning them back:
three quarters of an ingest's time, and `make stress` must finish in 15 minutes on a fresh
machine); the cleaner recovers exactly the generator's title, paragraphs and date from its pages
(tests/benchmarks/test_documents.py checks it), and the hostile-corpus, kill -9 and
disk tests run the real ingest on pages.

The index is cached: a stamp records the document count, the generator version and a fingerprint
of the schema and the analysis chain, and a mismatch rebuilds it (6 min 11 s on two shared cores).
Prebuild with `python -m tests.stress.corpus`.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

from benchmarks.documents import generated_document
from benchmarks.generator import DEFAULT_SEED, GENERATOR_VERSION, generator_for
from indexer.document_fields import document_fields
from indexer.store import IndexStore, SegmentBuilder, commit_with_segments
from tests.conftest import ROOT

STRESS_DIR = Path(os.environ.get("STRESS_DIR", ROOT / "var" / "stress"))
STRESS_DOCS = int(os.environ.get("STRESS_DOCS", "100000"))
STAMP = "STRESS-STAMP.json"


def index_fingerprint() -> str:
    """Changes when what the index holds changes meaning: the schema or the analysis chain."""
    digest = hashlib.sha1()
    for name in ("schema.py", "analysis.py"):
        digest.update((ROOT / "indexer" / name).read_bytes())
    return digest.hexdigest()[:16]


def ensure_index(size: int = STRESS_DOCS) -> Path:
    """The cached index of `size` generated pages, (re)built when missing or stale."""
    index = STRESS_DIR / f"index-{size}"
    wanted = {"count": size, "seed": DEFAULT_SEED, "generator_version": GENERATOR_VERSION,
              "fingerprint": index_fingerprint()}
    try:
        if json.loads((index / STAMP).read_text("utf-8")) == wanted:
            return index
    except (OSError, ValueError):
        pass
    _say(f"building the {size:,}-document stress index in {index} (cached for later runs)")
    started = time.monotonic()
    build_index(index, size)
    (index / STAMP).write_text(json.dumps(wanted), "utf-8")
    _say(f"built in {time.monotonic() - started:.0f} s")
    return index


def build_index(index: Path, size: int, procs: int | None = None) -> None:
    """Generated documents 0..size-1 in a new generation of `index`, published when complete."""
    store = IndexStore(index)
    procs = procs or os.cpu_count() or 1
    with store.lock():
        store.cleanup()
        with store.new_generation() as ix:
            shares = [(ix, range(w, size, procs)) for w in range(procs)]
            with multiprocessing.get_context("fork").Pool(procs) as pool:
                segments = [s for s in pool.map(_build_segment, shares, chunksize=1) if s is not None]
            commit_with_segments(ix.writer(), segments)
        store.cleanup(keep_previous=0)


def _build_segment(share) -> object:
    """One worker's segment: its share of the documents, generated, tagged, analysed and written."""
    ix, numbers = share
    generator = generator_for(DEFAULT_SEED)
    builder = SegmentBuilder(ix)
    try:
        for done, number in enumerate(numbers, 1):
            page = generator.page(number)
            builder.add(**document_fields(generated_document(page), page.relpath))
            if done % 10_000 == 0:
                _say(f"worker {numbers.start}: {done:,} documents written")
        return builder.finish()
    except BaseException:
        builder.cancel()
        raise


def _say(message: str) -> None:
    print(f"[stress corpus] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    print(ensure_index(int(sys.argv[1]) if len(sys.argv) > 1 else STRESS_DOCS))
