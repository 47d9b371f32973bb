"""The stress index builder: generated documents written by the indexer's pieces, published as a generation."""
from __future__ import annotations

from benchmarks.documents import generated_document
from benchmarks.generator import DEFAULT_SEED, generator_for
from indexer.store import IndexStore
from indexer.whoosh_format import committed_segments
from search_service.search.engine import SearchEngine
from search_service.search.index_handle import IndexHandle
from tests.search_service.conftest import params
from tests.stress.corpus import build_index


def test_the_stress_builder_publishes_every_generated_document_searchable(tmp_path):
    build_index(tmp_path / "ix", 120, procs=2)
    store = IndexStore(tmp_path / "ix")
    ix = store.open()
    assert ix.doc_count() == 120
    assert len(committed_segments(ix)) == 2                     # one segment per worker, one commit
    assert [p.name for p in (tmp_path / "ix").glob("gen-*")] == [store.current_name()]
    page = generator_for(DEFAULT_SEED).page(77)
    doc = generated_document(page)
    with ix.searcher() as s:
        stored = s.document(id=doc.id)
    assert stored["title"] == doc.title and stored["body"] == doc.body
    found = SearchEngine(IndexHandle(str(tmp_path / "ix"))).search(params(q=f'"{doc.title}"'))
    assert doc.id in [hit.id for hit in found.hits]
