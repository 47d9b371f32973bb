"""A full disk simulated with RLIMIT_FSIZE (for machines where a tmpfs cannot be mounted): writes beyond the
limit fail with EFBIG (Python ignores SIGXFSZ); the indexer says so, exits 1 and leaves the index as it was,
whether the limit is hit by the first file written or late in the commit."""
from __future__ import annotations

import resource

import pytest

from indexer.store import CURRENT
from tests.reliability.indexer_runs import (assert_failed_cleanly, assert_index_intact, generated_batch, indexed,
                                           run_indexer)

pytestmark = pytest.mark.stress

FIRST, MORE = 100, 400


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    parent = tmp_path_factory.mktemp("batches")
    return generated_batch(parent, "first", FIRST, 71), generated_batch(parent, "more", MORE, 72)


def _limit_file_size(max_bytes: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return apply


@pytest.mark.parametrize("limit_kb", [16, 1024])     # 1 MB: hit late, by the segments (~1.4 MB each)
def test_a_file_size_limit_fails_cleanly_at_any_point(batches, tmp_path, limit_kb):
    first, more = batches
    index_dir = tmp_path / "index"
    assert run_indexer(str(first), "--index", str(index_dir)).status == 0
    before, live = indexed(index_dir), (index_dir / CURRENT).read_text()
    for args in ([str(more)], [str(first), str(more), "--rebuild"]):
        limited = run_indexer(*args, "--index", str(index_dir), preexec_fn=_limit_file_size(limit_kb * 1024))
        assert_failed_cleanly(limited, "File too large")
        assert_index_intact(index_dir, before, live)
    again = run_indexer(str(more), "--index", str(index_dir))
    assert again.status == 0 and len(indexed(index_dir)) == FIRST + MORE
