"""The 100,000-communiqué index the stress tests run against, built once and kept in var/stress/.

Pages come from the benchmark generator (benchmarks/generator.py), the index from the
project's own command line (`python -m indexer ingest PAGES --index INDEX --rebuild`).
Building it takes the better part of an hour on two cores, so it is cached: a stamp
records the page count, the generator version and a fingerprint of the schema and the
analysis chain, and a mismatch rebuilds it. Prebuild with `python -m tests.stress.corpus`.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generator import DEFAULT_SEED, GENERATOR_VERSION, read_manifest, write_pages
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


def ensure_pages(size: int = STRESS_DOCS) -> Path:
    pages = STRESS_DIR / f"pages-{size}"
    manifest = read_manifest(pages)
    if not (manifest and manifest.get("count") == size and manifest.get("seed") == DEFAULT_SEED
            and manifest.get("generator_version") == GENERATOR_VERSION):
        _say(f"generating {size:,} pages into {pages}")
        write_pages(pages, size, DEFAULT_SEED)
    return pages


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
    pages = ensure_pages(size)
    _say(f"building the {size:,}-document stress index in {index} (cached for later runs)")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "indexer", "ingest", str(pages), "--index", str(index), "--rebuild"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 3):
        raise RuntimeError(f"stress index build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    (index / STAMP).write_text(json.dumps(wanted), "utf-8")
    _say(f"built in {time.monotonic() - started:.0f} s: {done.stdout.strip().splitlines()[0]}")
    return index


def _say(message: str) -> None:
    print(f"[stress corpus] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    print(ensure_index(int(sys.argv[1]) if len(sys.argv) > 1 else STRESS_DOCS))
