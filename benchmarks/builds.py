"""Timed index builds: the project's indexer (full and 1% incremental, keyword-only; then the semantic
channel's embedding pass on its own) and the naive Whoosh build.

Each build runs in its own process, as an operator would run it, and is timed
from start to exit; pages are read once beforehand so every build finds them in
the OS cache.
"""
from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.generator import generator_for
from benchmarks.servers import PROJECT_ROOT

_SUMMARY = re.compile(r"added: (\d+), updated: (\d+), unchanged: (\d+), deleted: (\d+), failed: (\d+)")
_EMBEDDED = re.compile(r"vectors embedded: (\d+)")


@dataclass
class BuildResult:
    seconds: float
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    cpu_seconds: float | None = None     # user + system CPU of the ingest and its worker processes
    embedded: int | None = None          # vectors the run computed (None: a keyword-only run)

    @property
    def docs_per_s(self) -> float | None:
        done = self.added + self.updated
        return round(done / self.seconds, 2) if self.seconds and done else None

    def to_json(self) -> dict:
        return {**asdict(self), "docs_per_s": self.docs_per_s}


def ingest(pages_dir: Path, index_dir: Path, rebuild: bool, log_path: Path, semantic: bool = False) -> BuildResult:
    """`python -m indexer ingest PAGES --index INDEX [--no-semantic] [--rebuild]`, timed (wall and CPU).

    Keyword-only by default: the build-speed ratio and the index size compare the same work as before the
    semantic channel. `semantic`: the run that also embeds, which the runner makes on pages the keyword build
    already indexed, so that its time is the embedding pass on its own (docs/benchmarks.md)."""
    args = [sys.executable, "-m", "indexer", "ingest", str(pages_dir), "--index", str(index_dir)]
    if not semantic:
        args.append("--no-semantic")
    if rebuild:
        args.append("--rebuild")
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(args, cwd=PROJECT_ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text(f"$ {' '.join(args)}\n{done.stdout}\n{done.stderr}", "utf-8")
    if done.returncode not in (0, 3):      # 3: finished, some pages failed (counted below)
        raise RuntimeError(f"indexer exited with {done.returncode}:\n{done.stderr[-2000:]}")
    m = _SUMMARY.search(done.stdout)
    added, updated, unchanged, _, failed = (int(g) for g in m.groups()) if m else (0, 0, 0, 0, 0)
    embedded = _EMBEDDED.search(done.stdout)
    return BuildResult(round(seconds, 3), added, updated, unchanged, failed, round(cpu, 2),
                       int(embedded.group(1)) if embedded else None)


def _children_cpu() -> float:
    """CPU seconds of this process's finished children, theirs included (the ingest waits for its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def naive_build(pages_dir: Path, out_dir: Path, limit: int | None, log_path: Path) -> dict:
    """The straightforward single-process Whoosh build (see baselines.naive_whoosh.build)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    args = [sys.executable, "-m", "benchmarks.baselines.naive_whoosh", "build", str(pages_dir), str(out_dir)]
    if limit:
        args += ["--limit", str(limit)]
    started = time.perf_counter()
    done = subprocess.run(args, cwd=PROJECT_ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    log_path.write_text(f"$ {' '.join(args)}\n{done.stdout}\n{done.stderr}", "utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"naive build exited with {done.returncode}:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = round(wall, 3)      # includes interpreter start-up, like the indexer's timing
    result["docs_per_s"] = round(result["docs"] / wall, 2) if wall else None
    result["index_bytes"] = directory_bytes(out_dir)
    shutil.rmtree(out_dir, ignore_errors=True)
    return result


def update_numbers(size: int, fraction: float, seed: int) -> list[int]:
    """The pages the incremental run modifies: the same ones in every run of this size."""
    count = max(1, round(size * fraction))
    return sorted(random.Random(f"update:{seed}:{size}").sample(range(size), count))


def rewrite_pages(pages_dir: Path, numbers: list[int], revision: int, seed: int) -> None:
    """Pages at `revision` (0: as generated; 1: with a correction paragraph), same paths and ids."""
    generator_for(seed).write(pages_dir, numbers, revision)


def read_all(pages_dir: Path) -> int:
    """Read every page once so that no build pays for a cold disk cache."""
    total = 0
    for dirpath, _, files in os.walk(pages_dir):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as f:
                total += len(f.read())
    return total


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def index_bytes(index_dir: Path) -> int:
    """Size of the live generation's keyword index (the previous generation kept beside it, and the semantic
    channel's vector file, are not counted: the index-to-text target is about the words)."""
    from indexer.generations import IndexStore
    from indexer.vectors import VECTORS_FILE
    current = IndexStore(index_dir).current_dir()
    folder = Path(current) if current else Path(index_dir)
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != VECTORS_FILE)


def vectors_bytes(index_dir: Path) -> int | None:
    """Size of the live generation's vector file (None: a keyword-only index)."""
    from indexer.generations import IndexStore
    from indexer.vectors import VECTORS_FILE
    current = IndexStore(index_dir).current_dir()
    path = Path(current) / VECTORS_FILE if current else None
    return path.stat().st_size if path and path.is_file() else None
