"""A page that claims another page's canonical URL (a CMS bug, a hostile page) is reported, and the page
that held that id keeps it: nothing is silently written over."""
from __future__ import annotations

from indexer.indexed import records
from indexer.ingest import ingest
from indexer.store import IndexStore
from tests.conftest import write_pages
from tests.reliability.hostile_pages import FOLLOW, LEAD, communique_page

CANONICAL = "https://maee.example.lu/fr/actualites/2019/03/18-conseil-affaires-etrangeres.html"
HEAD = f'<link rel="canonical" href="{CANONICAL}">'
GOOD = communique_page("Conseil Affaires étrangères à Bruxelles", LEAD, FOLLOW, head=HEAD)
IMPOSTOR = communique_page("Page piégée qui usurpe une adresse", "Ce texte ne doit pas remplacer le communiqué du "
                           "Conseil Affaires étrangères, dont il reprend l’adresse canonique.", head=HEAD)


def stored(index_dir) -> dict[str, dict]:
    with IndexStore(index_dir).open().searcher() as s:
        return {d["id"]: d for _, d in records(s.reader())}


def test_an_impostor_in_the_same_run_is_reported_and_the_first_page_kept(tmp_path):
    src = write_pages(tmp_path / "src", {"a-conseil.html": GOOD, "b-impostor.html": IMPOSTOR})
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert summary.added == 1
    assert [f.location.endswith("b-impostor.html") for f in summary.failed] == [True]
    assert "same canonical URL as a-conseil.html" in summary.failed[0].reason
    assert stored(tmp_path / "ix")[CANONICAL]["title"] == "Conseil Affaires étrangères à Bruxelles"


def test_an_impostor_in_a_later_run_does_not_replace_the_indexed_page(tmp_path):
    src = write_pages(tmp_path / "src", {"a-conseil.html": GOOD})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    write_pages(src, {"0-impostor.html": IMPOSTOR})            # sorts first, so it is read first
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert (summary.added, summary.unchanged, len(summary.failed)) == (0, 1, 1)
    assert stored(tmp_path / "ix")[CANONICAL]["title"] == "Conseil Affaires étrangères à Bruxelles"


def test_a_page_moved_to_a_new_file_keeps_its_id(tmp_path):
    src = write_pages(tmp_path / "src", {"old-name.html": GOOD})
    ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    (src / "old-name.html").rename(src / "new-name.html")
    summary = ingest([str(src)], IndexStore(tmp_path / "ix"), procs=1)
    assert summary.failed == []
    docs = stored(tmp_path / "ix")
    assert list(docs) == [CANONICAL] and docs[CANONICAL]["source_key"] == "new-name.html"
