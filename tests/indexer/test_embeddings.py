"""Vectors for the semantic channel: embedded by the ingest, stored beside the generation, never twice for one text."""
from __future__ import annotations

import numpy as np
from click.testing import CliRunner

from indexer import embeddings
from indexer.cli import main
from indexer.embeddings import Encoder, embedding_text, text_key
from indexer.ingest import ingest
from indexer.store import IndexStore
from indexer.vectors import VECTORS_FILE, VectorStore
from tests.conftest import page, write_pages
from tests.search_service.semantic_pages import EN_EARTHQUAKE, FR_EARTHQUAKE, FR_NATO, FR_WINE

PAGES = {"seisme.html": FR_EARTHQUAKE, "earthquake.html": EN_EARTHQUAKE, "otan.html": FR_NATO}


def vectors_of(index_dir) -> VectorStore | None:
    return VectorStore.read(IndexStore(index_dir).current_dir())


def content_hashes(index_dir) -> set[str]:
    with IndexStore(index_dir).open().searcher() as s:
        column = s.reader().column_reader("content_hash")
        return {column[d] for d in s.reader().all_doc_ids()}


def encoded_here() -> int:
    """Texts this process's encoder has encoded so far: a real counter inside the encoder, not a mock."""
    return Encoder.shared().texts_encoded


def test_ingest_stores_one_unit_vector_per_document_beside_the_generation(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    store = vectors_of(tmp_path / "ix")
    assert summary.embedded == 3
    assert (IndexStore(tmp_path / "ix").current_dir() / VECTORS_FILE).is_file()
    assert {h.decode() for h in store.content_hashes} == content_hashes(tmp_path / "ix")
    assert store.vectors.shape == (3, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(store.vectors, axis=1), 1.0, atol=1e-4)


def test_a_second_ingest_of_unchanged_pages_embeds_nothing(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    before = encoded_here()
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert summary.unchanged == 3 and summary.embedded == 0
    assert encoded_here() == before


def test_a_rebuild_of_unchanged_pages_embeds_nothing_and_publishes_its_own_vectors(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    first = IndexStore(tmp_path / "ix").current_dir()
    before = encoded_here()
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1, rebuild=True)
    assert summary.added == 3 and summary.embedded == 0 and encoded_here() == before
    assert IndexStore(tmp_path / "ix").current_dir() != first
    assert len(vectors_of(tmp_path / "ix")) == 3


def test_worker_processes_embed_the_pages_and_a_second_ingest_embeds_nothing(tmp_path):
    pages = {f"p{i:03d}.html": page(f"Communiqué numéro {i} sur la coopération", f"Texte du communiqué {i} : "
                                    f"le Luxembourg et le partenaire {i} renforcent leur coopération.",
                                    date_line="Publié le 01.02.2020") for i in range(70)}
    src = write_pages(tmp_path / "src", pages)
    before = encoded_here()
    first = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2)
    assert first.added == 70 and first.embedded == 70
    assert encoded_here() == before          # the workers encoded, not this process
    again = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=2, rebuild=True)
    assert again.added == 70 and again.embedded == 0
    assert len(vectors_of(tmp_path / "ix")) == 70


def test_a_page_whose_text_changed_gets_a_new_vector_and_loses_the_old_one(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": FR_NATO})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    old = vectors_of(tmp_path / "ix")
    write_pages(src, {"otan.html": FR_NATO.replace("à Bruxelles", "à Varsovie")})
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    new = vectors_of(tmp_path / "ix")
    assert summary.updated == 1 and summary.embedded == 1
    assert len(new) == 1 and new.content_hashes[0] != old.content_hashes[0]
    assert new.text_keys[0] != old.text_keys[0]
    assert not np.allclose(new.vectors[0], old.vectors[0])


def test_a_page_whose_bytes_changed_but_not_its_title_and_lead_keeps_its_vector(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": FR_NATO})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    old = vectors_of(tmp_path / "ix")
    write_pages(src, {"otan.html": FR_NATO.replace("Mentions légales", "Mentions légales et cookies")})
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    new = vectors_of(tmp_path / "ix")
    assert summary.updated == 1 and summary.embedded == 0
    assert new.content_hashes[0] != old.content_hashes[0] and np.array_equal(new.vectors[0], old.vectors[0])


def test_pruned_pages_leave_the_vector_file(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    (src / "otan.html").unlink()
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1, prune=True)
    assert {h.decode() for h in vectors_of(tmp_path / "ix").content_hashes} == content_hashes(tmp_path / "ix")
    assert len(vectors_of(tmp_path / "ix")) == 2


def test_no_semantic_builds_a_keyword_only_index_without_loading_the_model(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    before = encoded_here()
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1, semantic=False)
    assert summary.added == 3 and summary.embedded == 0 and encoded_here() == before
    assert vectors_of(tmp_path / "ix") is None


def test_the_cli_says_when_an_index_is_keyword_only(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    result = CliRunner().invoke(main, ["ingest", str(src), "--index", str(tmp_path / "ix"), "--procs", "1",
                                       "--no-semantic"])
    assert result.exit_code == 0, result.output
    assert "vectors: none (keyword-only index, --no-semantic)" in result.output
    result = CliRunner().invoke(main, ["ingest", str(src), "--index", str(tmp_path / "ix"), "--procs", "1"])
    assert result.exit_code == 0, result.output
    assert "vectors embedded: 3" in result.output       # the keyword-only pages get their vectors now
    assert len(vectors_of(tmp_path / "ix")) == 3


def test_the_same_title_and_lead_are_embedded_once_across_pages_and_runs(tmp_path):
    src = write_pages(tmp_path / "src", {"vins.html": FR_WINE})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    write_pages(src, {"copie/vins.html": FR_WINE})           # same text under another id
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert summary.added == 1 and summary.embedded == 0


def test_the_text_key_depends_on_the_title_and_lead_only():
    lead = " ".join(f"mot{i}" for i in range(embeddings.LEAD_WORDS))
    assert embedding_text("Titre", lead + " suite") == embedding_text("Titre", lead + " autre suite")
    assert text_key(embedding_text("Titre", lead)) != text_key(embedding_text("Autre titre", lead))


def test_a_damaged_vector_file_is_rebuilt_by_the_next_ingest(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    (IndexStore(tmp_path / "ix").current_dir() / VECTORS_FILE).write_bytes(b"garbage")
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert summary.unchanged == 3 and summary.embedded == 3
    assert {h.decode() for h in vectors_of(tmp_path / "ix").content_hashes} == content_hashes(tmp_path / "ix")


def test_a_run_that_commits_nothing_leaves_the_vector_file_as_it_was(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    store = IndexStore(tmp_path / "ix")
    ingest([str(src)], store, procs=1)
    path = store.current_dir() / VECTORS_FILE
    before = (path.read_bytes(), path.stat().st_mtime_ns, store.version())
    summary = ingest([str(src)], store, procs=1)
    assert summary.unchanged == 3 and summary.embedded == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns, store.version()) == before


def test_updates_and_their_compaction_keep_one_vector_per_live_document(tmp_path):
    store = IndexStore(tmp_path / "ix")
    for version in range(3):
        src = write_pages(tmp_path / "src", {**PAGES, "otan.html": page(
            f"Réunion des ministres de l'OTAN, session {version}",
            f"Les ministres des Affaires étrangères de l'Alliance se sont réunis pour la session {version}.")})
        ingest([str(src)], store, procs=1)
    store_vectors = vectors_of(tmp_path / "ix")
    assert {h.decode() for h in store_vectors.content_hashes} == content_hashes(tmp_path / "ix")
    assert len(store_vectors) == 3


def test_a_lost_current_pointer_brings_back_the_generation_with_its_vectors(tmp_path):
    src = write_pages(tmp_path / "src", PAGES)
    store = IndexStore(tmp_path / "ix")
    ingest([str(src)], store, procs=1)
    live = store.current_dir()
    (tmp_path / "ix" / "CURRENT").unlink()
    before = encoded_here()
    summary = ingest([str(src)], store, procs=1)
    assert summary.recovered == live.name and summary.unchanged == 3
    assert summary.embedded == 0 and encoded_here() == before
    assert store.current_dir() == live and len(vectors_of(tmp_path / "ix")) == 3
