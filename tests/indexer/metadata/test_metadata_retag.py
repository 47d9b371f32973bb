"""Facet fields written at ingest, and `retag`: new rules applied to the stored texts, no re-crawl."""
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner
from whoosh.query import Term

from indexer import metadata
from indexer.cli import main
from indexer.document import Metadata
from indexer.indexed import communique, records
from indexer.document_fields import document_fields
from indexer.metadata import taxonomy
from indexer.retag import retag, retagged
from indexer.store import IndexLocked, IndexStore
from tests.conftest import page

NATO_FM = "Réunion des ministres des Affaires étrangères de l'OTAN"
OTAN = page("Jean Asselborn à la réunion des ministres des Affaires étrangères de l’OTAN à Bruxelles",
            "Le ministre des Affaires étrangères et européennes, Jean Asselborn, a participé les 5 et 6 décembre 2017 à "
            "Bruxelles à la réunion des ministres des Affaires étrangères de l’OTAN, présidée par le secrétaire général, "
            "Jens Stoltenberg.",
            "Les ministres ont évoqué les relations avec la Russie et la lutte contre le terrorisme.",
            date_line="Publié le 06.12.2017")
HYDROGENE = page("Jean Asselborn reçoit son homologue chilien",
                 "Le ministre des Affaires étrangères et européennes, Jean Asselborn, a reçu le 3 mai 2022 à Luxembourg "
                 "son homologue chilien pour une visite de travail consacrée aux relations bilatérales.",
                 "Les deux ministres ont signé un protocole d'accord sur l'hydrogène vert et les électrolyseurs.",
                 date_line="Publié le 03.05.2022")


def stored_docs(index_dir) -> dict[str, dict]:
    with IndexStore(index_dir).open().searcher() as s:
        return {d["id"]: d for _, d in records(s.reader())}


def test_ingest_stores_the_metadata_as_facet_fields(build_index):
    index_dir = build_index({"otan.html": OTAN})
    doc = stored_docs(index_dir)["otan.html"]
    assert doc["meeting"] == NATO_FM
    assert doc["location"] == "Bruxelles"
    assert doc["lang"] == "fr" and doc["year"] == "2017"
    assert doc["topics"].split(",")[0] == "Sécurité et défense"
    assert {"Russie", "Terrorisme"} <= set(doc["topics"].split(","))
    assert doc["people"].split(",") == ["Jean Asselborn", "Jens Stoltenberg"]
    with IndexStore(index_dir).open().searcher() as s:
        assert s.search(Term("meeting", NATO_FM)).scored_length() == 1
        assert s.search(Term("topics", "Russie")).scored_length() == 1


@pytest.fixture
def edited_rules(tmp_path, monkeypatch):
    """A copy of the data files that a test may edit; the real rules come back afterwards."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in (taxonomy.MEETINGS_FILE, taxonomy.TOPICS_FILE, taxonomy.PLACES_FILE, taxonomy.PEOPLE_FILE):
        shutil.copy(taxonomy.data_path(name), folder / name)
    monkeypatch.setattr(taxonomy, "data_path", lambda name: folder / name)
    metadata.reload_rules()
    yield folder
    monkeypatch.undo()
    metadata.reload_rules()


def test_retag_applies_an_edited_topic_file_to_stored_texts_without_the_pages(build_index, tmp_path, edited_rules):
    index_dir = build_index({"hydrogene.html": HYDROGENE, "otan.html": OTAN})
    assert "Climat et environnement" not in stored_docs(index_dir)["hydrogene.html"]["topics"]
    shutil.rmtree(tmp_path / "index-src")            # the pages are gone: retag must not need them
    topics_file = edited_rules / taxonomy.TOPICS_FILE
    topics_file.write_text(topics_file.read_text("utf-8").replace(
        '[topics."Climat et environnement".terms]\n', '[topics."Climat et environnement".terms]\n"hydrogène" = 3\n'), "utf-8")
    metadata.reload_rules()

    summary = retag(IndexStore(index_dir))

    assert (summary.documents, summary.changed) == (2, 1)
    docs = stored_docs(index_dir)
    assert "Climat et environnement" in docs["hydrogene.html"]["topics"].split(",")
    assert docs["hydrogene.html"]["location"] == "Luxembourg"
    assert docs["otan.html"]["meeting"] == NATO_FM
    with IndexStore(index_dir).open().searcher() as s:      # the text is still indexed after the rewrite
        assert s.search(Term("body", "electrolyseur")).scored_length() == 1


def test_retag_repairs_stale_tags_and_leaves_up_to_date_documents_alone(build_index):
    index_dir = build_index({"otan.html": OTAN})
    store = IndexStore(index_dir)
    assert retag(store).changed == 0
    doc = retagged(communique(stored_docs(index_dir)["otan.html"]))
    stale = replace(doc, metadata=Metadata(meeting="Gymnich", topics=["Climat et environnement"], lang="de"))
    ix = store.open()
    with ix.writer() as w:
        w.update_document(**document_fields(stale, "otan.html"))
    assert stored_docs(index_dir)["otan.html"]["meeting"] == "Gymnich"

    assert retag(store).changed == 1

    repaired = stored_docs(index_dir)["otan.html"]
    assert (repaired["meeting"], repaired["lang"], repaired["location"]) == (NATO_FM, "fr", "Bruxelles")
    assert repaired["date"].year == 2017 and repaired["source_key"] == "otan.html"


def test_retag_takes_the_ingest_lock(build_index):
    index_dir = build_index({"otan.html": OTAN})
    store = IndexStore(index_dir)
    with store.lock():
        with pytest.raises(IndexLocked):
            retag(IndexStore(index_dir))
        result = CliRunner().invoke(main, ["retag", "--index", str(index_dir)])
    assert result.exit_code == 1 and "another indexer" in result.output


def test_retag_command_reports_what_it_did(build_index, tmp_path):
    index_dir = build_index({"otan.html": OTAN, "hydrogene.html": HYDROGENE})
    result = CliRunner().invoke(main, ["retag", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "retagged: 2 documents, changed: 0"
    missing = CliRunner().invoke(main, ["retag", "--index", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "no index" in missing.output
