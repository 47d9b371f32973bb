"""The timed builds of the semantic channel: a build with vectors beside the keyword build, the embedding pass it
adds, and a second run on unchanged pages that embeds nothing (real ingests, as `make bench` runs them)."""
from __future__ import annotations

import pytest

from benchmarks import builds
from benchmarks.generator import DEFAULT_SEED, generator_for
from benchmarks.runner import embed, embedding_pass, first_ingest
from indexer.store import IndexStore
from indexer.vectors import VECTORS_FILE, VectorStore

PAGES = 30


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("builds")
    generator_for(DEFAULT_SEED).write(root / "pages", range(PAGES))
    logs = root / "logs"
    keyword = builds.ingest(root / "pages", root / "index", rebuild=True, log_path=logs / "keyword.log")
    keyword_bytes = builds.index_bytes(root / "index")
    embedding = embedding_pass(PAGES, root / "pages", root / "index", logs, keyword)
    return root, keyword, keyword_bytes, embedding


def test_the_first_ingest_indexes_every_page_into_an_empty_folder_and_leaves_no_index_behind(built):
    root, _, _, _ = built
    first = first_ingest(PAGES, root / "pages", root / "first", root / "logs")
    assert first.added == PAGES and first.failed == 0 and first.seconds > 0
    assert "--rebuild" not in (root / "logs" / "ingest-first.log").read_text().splitlines()[0]
    assert not (root / "first").exists()


def test_the_keyword_build_writes_no_vector_and_says_so(built):
    _, keyword, _, _ = built
    assert keyword.added == PAGES and keyword.embedded is None and keyword.cpu_seconds > 0


def test_the_build_with_vectors_embeds_every_page_in_its_workers(built):
    root, keyword, _, embedding = built
    full = embedding["full"]
    assert full["added"] == PAGES and full["embedded"] == PAGES
    assert full["cpu_seconds"] > keyword.cpu_seconds          # the encoder's work is counted, workers included
    assert embedding["pass_cpu_seconds"] == pytest.approx(full["cpu_seconds"] - keyword.cpu_seconds, abs=0.01)
    live = IndexStore(root / "index").current_dir()
    assert embedding["vectors_bytes"] == (live / VECTORS_FILE).stat().st_size
    assert embedding["vectors_bytes_per_doc"] >= 512 * 4      # 512 float32 a page, plus its keys


def test_a_second_ingest_of_unchanged_pages_embeds_nothing(built):
    _, _, _, embedding = built
    again = embedding["unchanged"]
    assert again["embedded"] == 0 and again["unchanged"] == PAGES and again["added"] == again["updated"] == 0


def test_the_index_size_counts_the_words_not_the_vectors(built):
    root, _, keyword_bytes, embedding = built
    with_vectors = builds.directory_bytes(IndexStore(root / "index").current_dir())
    assert builds.index_bytes(root / "index") == with_vectors - embedding["vectors_bytes"]
    assert builds.index_bytes(root / "index") == pytest.approx(keyword_bytes, rel=0.25)


def test_a_correction_below_the_lead_keeps_the_pages_vector_without_embedding_it_again(built):
    """The benchmark's 1% update appends a paragraph: the embedded text (title and lead) does not change."""
    root, _, _, _ = built
    changed = [3, 17]
    builds.rewrite_pages(root / "pages", changed, 1, DEFAULT_SEED)
    update = builds.ingest(root / "pages", root / "index", rebuild=False, log_path=root / "logs" / "update.log")
    assert update.updated == len(changed)
    after = embed(PAGES, root / "pages", root / "index", root / "logs" / "embed-update.log", "the updated pages")
    assert after.embedded == 0
    store = VectorStore.read(IndexStore(root / "index").current_dir())
    assert len(store.by_content_hash()) == PAGES           # the updated pages' new content has its rows
