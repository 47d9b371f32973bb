"""Run the real indexer as a separate process, kill it, and look at what it left on disk.

The indexer is always `python -m indexer ingest ...` in its own session, so the test
can SIGKILL exactly that process (and its parser pool) by id and nothing else.
"""
from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generator import write_pages
from indexer.indexed import records
from indexer.store import CURRENT, LOCK, IndexStore
from search_service import create_app
from tests.conftest import ROOT

# `python -m indexer` with a smaller commit batch, so a short run commits several times (and a kill
# lands between commits, or inside one), even into an empty index (whose first ingest is otherwise written in
# one round, like --rebuild). Everything else is the shipped command line.
_SMALL_BATCHES = ("import sys, indexer.ingest as ingest; ingest.COMMIT_EVERY = int(sys.argv.pop(1)); "
                  "ingest.FIRST_INGEST_BELOW = 0; from indexer.cli import main; main(prog_name='indexer')")


@dataclass
class Finished:
    status: int
    stdout: str
    stderr: str


def indexer_command(*args: str, commit_every: int | None = None) -> list[str]:
    if commit_every:
        return [sys.executable, "-c", _SMALL_BATCHES, str(commit_every), "ingest", *args]
    return [sys.executable, "-m", "indexer", "ingest", *args]


def start_indexer(*args: str, commit_every: int | None = None, preexec_fn=None) -> subprocess.Popen:
    return subprocess.Popen(indexer_command(*args, commit_every=commit_every), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=preexec_fn)


def finish(proc: subprocess.Popen, timeout: float = 600) -> Finished:
    out, err = proc.communicate(timeout=timeout)
    return Finished(proc.returncode, out, err)


def run_indexer(*args: str, commit_every: int | None = None, timeout: float = 600, preexec_fn=None) -> Finished:
    return finish(start_indexer(*args, commit_every=commit_every, preexec_fn=preexec_fn), timeout)


def kill_hard(proc: subprocess.Popen) -> None:
    """kill -9 the indexer, then whatever is left of its own session (its parser processes)."""
    try:
        os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()
    try:
        os.killpg(proc.pid, signal.SIGKILL)     # the session we created for it: its pool workers only
    except ProcessLookupError:
        pass


def lock_is_free(index_dir: Path) -> bool:
    """True when no process holds the ingest lock (we take it for an instant to find out)."""
    path = Path(index_dir) / LOCK
    if not path.exists():
        return True
    fd = os.open(path, os.O_RDONLY)     # flock needs no write access (the folder may be read-only)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    finally:
        os.close(fd)


def wait_for_lock_holder(index_dir: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while lock_is_free(index_dir):
        assert proc.poll() is None, "the indexer ended before it took the lock"
        assert time.monotonic() < deadline, "the indexer never took the lock"
        time.sleep(0.02)


def indexed(index_dir: Path) -> dict[str, tuple[str, str, str]]:
    """id -> (source key, content hash, title) of every live document; opening it is itself a check."""
    with IndexStore(index_dir).open().searcher() as searcher:
        return {d["id"]: (d.get("source_key", ""), d.get("content_hash", ""), d.get("title", ""))
                for _, d in records(searcher.reader())}


def generated_batch(parent: Path, name: str, count: int, seed: int) -> Path:
    """`count` generated pages as a source folder whose page ids all start with `name/`: two batches
    written with different seeds can otherwise share a file name (and so an id)."""
    write_pages(Path(parent) / name / name, count, seed=seed, procs=1)
    return Path(parent) / name


def generations(index_dir: Path) -> list[str]:
    return sorted(p.name for p in Path(index_dir).glob("gen-*") if p.is_dir())


def assert_failed_cleanly(run, *words: str) -> None:
    assert run.status == 1, (run.status, run.stdout[-500:], run.stderr[-2000:])
    assert "Traceback" not in run.stderr
    assert "error:" in run.stderr and "previous index is unchanged" in run.stderr, run.stderr
    assert any(w in run.stderr for w in words), run.stderr


def assert_index_intact(index_dir: Path, before: dict, live: str) -> None:
    assert (index_dir / CURRENT).read_text() == live
    assert indexed(index_dir) == before
    assert lock_is_free(index_dir)
    client = create_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
    assert client.get("/api/search").get_json()["total"] == len(before)
