"""A full disk or a read-only index folder during ingest: a clear error, exit status 1, the previous index
intact and served, no space left taken by the failed run, and a re-run completes once there is room."""
from __future__ import annotations

import contextlib
import os
import resource
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from indexer.ingest import ingest
from indexer.store import CURRENT, IndexStore
from tests.reliability.indexer_runs import (assert_failed_cleanly, assert_index_intact, generated_batch, generations,
                                           indexed, lock_is_free, run_indexer)

FIRST, MORE = 80, 400


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> tuple[Path, Path]:
    parent = tmp_path_factory.mktemp("batches")
    return generated_batch(parent, "first", FIRST, 21), generated_batch(parent, "more", MORE, 22)


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def small_disk(folder: Path, megabytes: int):
    """A tmpfs of the given size (root can mount one), or None when mounting is not allowed here."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = os.geteuid() == 0 and _mount("-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder))
    try:
        yield folder if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def used_kb(folder: Path) -> int:
    st = os.statvfs(folder)
    return (st.f_blocks - st.f_bfree) * st.f_frsize // 1024


def test_a_full_disk_fails_cleanly_keeps_the_index_and_frees_what_it_wrote(batches, tmp_path):
    first, more = batches
    with small_disk(tmp_path / "disk", 3) as disk:      # the first batch takes ~1 MB, both ~3.5
        if disk is None:
            pytest.skip("cannot mount a small tmpfs here (tests/stress simulates a full disk with RLIMIT_FSIZE)")
        index_dir = disk / "index"
        assert run_indexer(str(first), "--index", str(index_dir)).status == 0
        before, live, used = indexed(index_dir), (index_dir / CURRENT).read_text(), used_kb(disk)

        incremental = run_indexer(str(more), "--index", str(index_dir))
        assert_failed_cleanly(incremental, "No space left on device")
        assert_index_intact(index_dir, before, live)
        assert used_kb(disk) <= used + 64, "the failed run left its partial segment behind"

        rebuild = run_indexer(str(first), str(more), "--index", str(index_dir), "--rebuild")
        assert_failed_cleanly(rebuild, "No space left on device")
        assert_index_intact(index_dir, before, live)
        assert generations(index_dir) == [live.strip()], "the failed rebuild's generation was left behind"

        assert _mount("-o", "remount,size=128m", str(disk))
        again = run_indexer(str(more), "--index", str(index_dir))
        assert again.status == 0, again.stderr[-2000:]
        assert len(indexed(index_dir)) == FIRST + MORE


@contextlib.contextmanager
def read_only(folder: Path):
    """The folder read-only even for root (a read-only bind mount), or by permissions for other users."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(stat.S_IMODE(modes[p]) & ~0o222)
        try:
            yield True
        finally:
            for p, mode in modes.items():
                p.chmod(stat.S_IMODE(mode))
        return
    mounted = _mount("--bind", str(folder), str(folder))
    if mounted and not _mount("-o", "remount,ro,bind", str(folder)):
        subprocess.run(["umount", str(folder)], check=False)
        mounted = False
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)     # lazy: the app may still hold files open


def test_a_read_only_index_folder_fails_cleanly_and_keeps_serving(batches, tmp_path):
    first, more = batches
    index_dir = tmp_path / "index"
    assert run_indexer(str(first), "--index", str(index_dir)).status == 0
    before, live = indexed(index_dir), (index_dir / CURRENT).read_text()
    with read_only(index_dir) as done:
        if not done:
            pytest.skip("cannot make a folder read-only for root here (no bind mount)")
        for args in ([str(more)], [str(more), "--rebuild"], [str(first), "--prune"]):
            failed = run_indexer(*args, "--index", str(index_dir))
            assert_failed_cleanly(failed, "Read-only file system", "Permission denied")
            assert_index_intact(index_dir, before, live)
    assert shutil.disk_usage(index_dir)      # still there, still ours
    again = run_indexer(str(more), "--index", str(index_dir))
    assert again.status == 0 and len(indexed(index_dir)) == FIRST + MORE


@contextlib.contextmanager
def file_size_limit(max_bytes: int):
    """Writes beyond max_bytes fail with EFBIG in this process, for the duration (the soft limit is restored)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_a_failed_commit_leaves_no_lock_held_in_a_long_running_process(tmp_path):
    """Whoosh 2.7.4 can keep its write lock after a failed commit; the next ingest in the same process must
    not find the index locked (a service or a test that indexes in-process would otherwise be stuck)."""
    first, more = generated_batch(tmp_path, "a", 20, 81), generated_batch(tmp_path, "b", 40, 82)
    store = IndexStore(tmp_path / "index")
    ingest([str(first)], store, procs=1)
    with pytest.raises(OSError), file_size_limit(64 * 1024):
        ingest([str(more)], store, procs=1)
    assert lock_is_free(tmp_path / "index")
    summary = ingest([str(more)], store, procs=1)
    assert summary.added == 40 and len(indexed(tmp_path / "index")) == 60
