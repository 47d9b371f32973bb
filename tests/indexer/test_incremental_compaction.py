"""Incremental runs keep the index compact and commit only when something changed (issue 21, defect 10)."""
from __future__ import annotations

from pathlib import Path

from indexer.ingest import ingest
from indexer.store import IndexStore
from tests.conftest import page, write_pages

CITIES = ["Bruxelles", "Vienne", "Riga", "Chisinau", "Vilnius", "Helsinki", "Berlin", "Bucarest", "Newport", "Antalya"]


def write_version(folder: Path, version: int) -> Path:
    return write_pages(folder, {
        f"{i:02d}-{city.lower()}.html": page(f"Réunion des ministres à {city}",
                                             f"Le ministre des Affaires étrangères s'est rendu à {city} pour la "
                                             f"réunion numéro {version}, consacrée à la sécurité européenne et à la "
                                             "coopération avec les pays voisins.", date_line=f"{i + 1:02d}.05.2019")
        for i, city in enumerate(CITIES)})


def stored_and_live(index_dir: Path) -> tuple[int, int]:
    ix = IndexStore(index_dir).open()
    with ix.reader() as reader:
        return reader.doc_count_all(), reader.doc_count()


def test_updating_every_page_three_times_keeps_no_deleted_documents(tmp_path):
    src, index_dir = tmp_path / "src", tmp_path / "index"
    for version in range(4):
        write_version(src, version)
        summary = ingest([str(src)], IndexStore(index_dir), procs=1)
        assert (summary.added, summary.updated) == ((len(CITIES), 0) if version == 0 else (0, len(CITIES)))
    stored, live = stored_and_live(index_dir)
    assert live == len(CITIES)
    assert stored == live, f"{stored} documents stored for {live} live ones"


def test_a_run_with_nothing_to_do_commits_nothing(tmp_path):
    src, index_dir = write_version(tmp_path / "src", 1), tmp_path / "index"
    store = IndexStore(index_dir)
    ingest([str(src)], store, procs=1)
    version = store.version()
    tocs = sorted(p.name for p in store.current_dir().glob("_MAIN_*.toc"))
    summary = ingest([str(src)], store, procs=1)
    assert summary.unchanged == len(CITIES) and summary.added == summary.updated == 0
    assert store.version() == version, "an unchanged run published a new version"
    assert sorted(p.name for p in store.current_dir().glob("_MAIN_*.toc")) == tocs

    (src / "00-bruxelles.html").unlink()
    summary = ingest([str(src)], store, procs=1, prune=True)
    assert summary.deleted == 1 and store.version() != version       # a real change still commits
