"""Incremental ingest: unchanged pages skipped, changed ones updated, vanished ones pruned, broken ones reported."""
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.query import Every, Term

from indexer.cli import main
from indexer.indexed import records
from indexer.schema import ColumnOnly, build_schema
from indexer.ingest import ids_by_document, ingest, known_documents
from indexer.store import IndexStore
from tests.conftest import page, write_pages

OTAN = page("Réunion des ministres de l’OTAN", "Les ministres des Affaires étrangères de l’OTAN se sont réunis à Bruxelles.",
            date_line="Publié le 06.12.2017")
GYMNICH = page("Gymnich à Vienne", "Les ministres de l’Union européenne se sont retrouvés à Vienne pour le Gymnich.",
               date_line="Publié le 31.08.2018")
BENELUX = page("Réunion Benelux", "Les ministres du Benelux ont fait le point sur la coopération régionale.",
               date_line="Publié le 11.06.2014")


def ids(index_dir: Path) -> set[str]:
    with IndexStore(index_dir).open().searcher() as s:
        return {d["id"] for d in s.all_stored_fields()}


def stored(index_dir: Path, doc_id: str) -> dict:
    with IndexStore(index_dir).open().searcher() as s:
        return next(d for _, d in records(s.reader()) if d["id"] == doc_id)


def test_first_run_adds_every_page(tmp_path):
    src = write_pages(tmp_path / "src", {"a/otan.html": OTAN, "gymnich.htm": GYMNICH})
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert (summary.added, summary.updated, summary.unchanged, summary.deleted, summary.failed) == (2, 0, 0, 0, [])
    assert ids(tmp_path / "ix") == {"a/otan.html", "gymnich.htm"}


def test_second_run_on_the_same_source_changes_nothing(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN, "gymnich.html": GYMNICH})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    before = ids(tmp_path / "ix")
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 2)
    assert ids(tmp_path / "ix") == before


def test_changed_page_is_updated_in_place(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    write_pages(src, {"otan.html": OTAN.replace("Bruxelles", "Varsovie")})
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert (summary.added, summary.updated) == (0, 1)
    assert "Varsovie" in stored(tmp_path / "ix", "otan.html")["body"]
    with IndexStore(tmp_path / "ix").open().searcher() as s:
        assert s.doc_count() == 1


def test_prune_deletes_documents_whose_source_vanished(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN, "gymnich.html": GYMNICH})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    (src / "gymnich.html").unlink()
    assert ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1).deleted == 0   # without --prune nothing goes
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), prune=True, procs=1)
    assert summary.deleted == 1 and ids(tmp_path / "ix") == {"otan.html"}


def test_canonical_url_is_the_id_when_declared(tmp_path):
    html = page("Réunion Benelux", "Les ministres du Benelux ont fait le point sur la coopération régionale.",
                head='<link rel="canonical" href="https://maee.gouvernement.lu/fr/actualites/2014/06-juin/11-benelux.html">')
    src = write_pages(tmp_path / "src", {"benelux.html": html})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    doc = stored(tmp_path / "ix", "https://maee.gouvernement.lu/fr/actualites/2014/06-juin/11-benelux.html")
    assert doc["url"] == doc["id"] and doc["source_key"] == "benelux.html"


def test_a_source_key_equal_to_the_id_is_kept_once_and_read_back(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    with IndexStore(tmp_path / "ix").open().searcher() as s:
        assert s.reader().column_reader("source_key")[0] == ""
    assert stored(tmp_path / "ix", "otan.html")["source_key"] == "otan.html"
    write_pages(src, {"otan.html": OTAN.replace("Bruxelles", "Varsovie")})
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), prune=True, procs=1)    # recognised by its key
    assert (summary.added, summary.updated, summary.deleted) == (0, 1, 0)


def test_broken_page_is_reported_and_the_others_are_indexed(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN, "vide.html": b"", "binaire.html": bytes(range(256)) * 40,
                                         "gymnich.html": GYMNICH})
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert summary.added == 2
    assert sorted(Path(f.location).name for f in summary.failed) == ["binaire.html", "vide.html"]
    assert all(f.reason for f in summary.failed)
    assert ids(tmp_path / "ix") == {"otan.html", "gymnich.html"}


def test_a_page_that_breaks_keeps_its_previous_version(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    write_pages(src, {"otan.html": b"<html><body></body></html>"})
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert len(summary.failed) == 1
    assert "Bruxelles" in stored(tmp_path / "ix", "otan.html")["body"]


def test_rebuild_switches_to_a_new_generation_and_cleans_up_old_ones(tmp_path):
    store = IndexStore(tmp_path / "ix")
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    ingest([str(src)], store, procs=1)
    first = store.current_name()
    write_pages(src, {"benelux.html": BENELUX})
    ingest([str(src)], store, rebuild=True, procs=1)
    second = store.current_name()
    ingest([str(src)], store, rebuild=True, procs=1)
    assert len({first, second, store.current_name()}) == 3
    assert sorted(p.name for p in (tmp_path / "ix").glob("gen-*")) == sorted([second, store.current_name()])
    assert ids(tmp_path / "ix") == {"otan.html", "benelux.html"}


def test_parallel_extraction_indexes_the_same_documents_as_one_process(tmp_path):
    pages = {f"p{i:03}.html": OTAN.replace("Bruxelles", f"Bruxelles numéro {i}") for i in range(80)}
    src = write_pages(tmp_path / "src", pages)
    ingest([str(src)], IndexStore(tmp_path / "one"), procs=1)
    ingest([str(src)], IndexStore(tmp_path / "two"), procs=2)
    assert ids(tmp_path / "one") == ids(tmp_path / "two") == set(pages)


def test_indexed_fields_are_searchable_and_faceted(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    with IndexStore(tmp_path / "ix").open().searcher() as s:
        assert [h["id"] for h in s.search(Term("body", "bruxel"))] == ["otan.html"]
        assert [h["id"] for h in s.search(Term("year", "2017"))] == ["otan.html"]
        assert s.search(Every()).scored_length() == 1


# --- the command line ----------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_exit_status_0_when_everything_is_indexed(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    result = run("ingest", str(src), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 0, result.output
    assert "added: 1, updated: 0, unchanged: 0, deleted: 0, failed: 0" in result.output


def test_cli_exit_status_3_lists_the_failed_pages(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN, "vide.html": b""})
    result = run("ingest", str(src), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 3
    assert "FAILED" in result.output and "vide.html" in result.output and "empty" in result.output


@pytest.mark.parametrize("args", [["ingest"], ["ingest", "/no/such/folder"], ["ingest", ".", "--bogus"], ["nonsense"]])
def test_cli_exit_status_2_on_bad_arguments(tmp_path, args):
    assert run(*args).exit_code == 2


def test_cli_exit_status_1_when_another_indexer_holds_the_lock(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    with IndexStore(tmp_path / "ix").lock():
        result = run("ingest", str(src), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 1 and "another indexer" in result.output


def test_cli_index_defaults_to_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNIQUES_INDEX", str(tmp_path / "from-env"))
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    assert CliRunner().invoke(main, ["ingest", str(src)]).exit_code == 0
    assert ids(tmp_path / "from-env") == {"otan.html"}


def test_the_content_hash_is_128_hex_bits_and_tells_a_one_byte_change():
    from indexer.extract import content_hash
    first = content_hash(OTAN.encode())
    assert len(first) == 32 and int(first, 16) >= 0
    assert content_hash(b"<p>Bruxelles</p>") != content_hash(b"<p>Bruxelle.</p>")


def test_known_documents_take_each_live_documents_id_from_the_id_terms(tmp_path):
    src = write_pages(tmp_path / "src", {"otan.html": OTAN, "gymnich.html": GYMNICH})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    write_pages(src, {"otan.html": OTAN.replace("Bruxelles", "Varsovie")})       # an update: delete, then add
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    ix = IndexStore(tmp_path / "ix").open()
    known = known_documents(ix)
    assert {key: doc.doc_id for key, doc in known.items()} == {"otan.html": "otan.html", "gymnich.html": "gymnich.html"}
    with ix.searcher() as s:
        by_number = ids_by_document(s.reader())
        assert sorted(by_number[d] for d in s.reader().all_doc_ids()) == ["gymnich.html", "otan.html"]
        assert len(by_number) == s.doc_count_all()            # deleted documents included, while they last


def test_an_index_written_with_the_former_columns_is_updated_as_any_other(tmp_path):
    """Indexes built before the id column was dropped and the content hash kept as bytes (their schema is
    pickled with them) are updated alike: an unchanged page is recognised as such."""
    old_schema = build_schema()
    old_schema.remove("id")
    old_schema.add("id", fields.ID(unique=True, stored=True, sortable=True))
    old_schema.remove("content_hash")
    old_schema.add("content_hash", ColumnOnly())
    store = IndexStore(tmp_path / "ix")
    (tmp_path / "ix" / "gen-old").mkdir(parents=True)
    whoosh_index.create_in(str(tmp_path / "ix" / "gen-old"), old_schema)
    store.publish("gen-old")
    src = write_pages(tmp_path / "src", {"otan.html": OTAN})
    ingest([str(src)], store, procs=1)
    with store.open().searcher() as s:
        assert s.reader().has_column("id") and s.doc_count() == 1
        assert len(s.reader().column_reader("content_hash", translate=False)[0]) == 32     # hex text, as before
    write_pages(src, {"gymnich.html": GYMNICH})
    summary = ingest([str(src)], store, procs=1)
    assert (summary.added, summary.unchanged) == (1, 1)
    assert ids(tmp_path / "ix") == {"otan.html", "gymnich.html"}
