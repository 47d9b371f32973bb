"""Damaged or lost generations (issue 21, defects 2, 3 and part of 10): the documented fix (--rebuild) always
works, cleanup never raises, a lost CURRENT never turns into an empty index, and the report says what is
damaged and what to do, never with a traceback."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.store import CURRENT, IndexStore
from tests.conftest import page, write_pages
from tests.reliability.indexer_runs import generations, indexed, run_indexer

LONG_TEXT = ("Le ministre des Affaires étrangères a rencontré son homologue pour un entretien consacré à la "
             "coopération bilatérale, à la sécurité européenne et à la situation en Ukraine.")
PLACES = ["Bruxelles", "Vienne", "Riga", "Chisinau", "Vilnius", "Helsinki"]


@pytest.fixture
def sources(tmp_path) -> Path:
    return write_pages(tmp_path / "src", {
        f"{i:02d}-{place.lower()}.html": page(f"Réunion ministérielle à {place}", f"Le ministre s'est rendu à {place} "
                                              "pour une réunion consacrée à la sécurité européenne.",
                                              date_line=f"{i + 1:02d}.03.2019")
        for i, place in enumerate(PLACES)})


@pytest.fixture
def few_sources(tmp_path) -> Path:
    return write_pages(tmp_path / "few", {"nouvelle.html": page("Entretien téléphonique avec l'Iran", LONG_TEXT)})


def ingest(*args) -> object:
    return run_indexer(*map(str, args), "--procs", "1", timeout=120)


def live_generation(index_dir: Path) -> Path:
    return index_dir / (index_dir / CURRENT).read_text().strip()


def truncate_toc(generation: Path) -> None:
    toc = max(generation.glob("_MAIN_*.toc"), key=lambda p: int(p.name[6:-4]))
    data = toc.read_bytes()
    toc.write_bytes(data[: len(data) // 3])


def assert_clean_success(run) -> None:
    assert run.status == 0, (run.status, run.stdout[-800:], run.stderr[-3000:])
    assert "Traceback" not in run.stderr and "Aborted" not in run.stderr, run.stderr


def test_a_rebuild_replaces_a_damaged_live_generation_and_later_runs_succeed(sources, tmp_path):
    index_dir = tmp_path / "index"
    assert_clean_success(ingest(sources, "--index", index_dir))
    assert_clean_success(ingest(sources, "--index", index_dir, "--rebuild"))     # an older good generation beside
    damaged = live_generation(index_dir)
    truncate_toc(damaged)

    assert_clean_success(ingest(sources, "--index", index_dir, "--rebuild"))
    assert live_generation(index_dir) != damaged
    assert not damaged.exists(), "the damaged generation was kept as the previous one"
    assert len(indexed(index_dir)) == len(PLACES)
    for _ in range(2):           # every later run works, incremental or not
        assert_clean_success(ingest(sources, "--index", index_dir))
        assert_clean_success(ingest(sources, "--index", index_dir, "--rebuild"))
    assert len(indexed(index_dir)) == len(PLACES)


def test_cleanup_never_raises_on_a_damaged_generation_and_removes_it(sources, tmp_path):
    index_dir = tmp_path / "index"
    assert_clean_success(ingest(sources, "--index", index_dir))
    first = live_generation(index_dir)
    assert_clean_success(ingest(sources, "--index", index_dir, "--rebuild"))
    live = live_generation(index_dir)
    for damage in (lambda p: truncate_toc(p), lambda p: [t.write_bytes(b"\0" * t.stat().st_size)
                                                         for t in p.glob("_MAIN_*.toc")]):
        damage(first)
        removed = IndexStore(index_dir).cleanup()
        assert removed == [first.name] and not first.exists()
        assert live_generation(index_dir) == live
        assert_clean_success(ingest(sources, "--index", index_dir, "--rebuild"))
        first, live = live, live_generation(index_dir)


@pytest.mark.parametrize("damage", ["truncated segment", "zeroed TOC"])
def test_an_incremental_run_on_a_damaged_index_says_what_is_damaged_and_what_to_do(sources, tmp_path, damage):
    index_dir = tmp_path / "index"
    assert_clean_success(ingest(sources, "--index", index_dir))
    live = live_generation(index_dir)
    if damage == "truncated segment":
        for seg in live.glob("*.seg"):
            seg.write_bytes(seg.read_bytes()[:100])
        assert list(live.glob("*.seg")), "the test expects a compound segment file"
    else:
        for toc in live.glob("_MAIN_*.toc"):
            toc.write_bytes(b"\0" * toc.stat().st_size)

    run = ingest(sources, "--index", index_dir)
    assert run.status == 1, (run.status, run.stderr)
    assert "Traceback" not in run.stderr and "Aborted" not in run.stderr, run.stderr
    assert "cannot be read" in run.stderr and live.name in run.stderr and "--rebuild" in run.stderr, run.stderr
    assert_clean_success(ingest(sources, "--index", index_dir, "--rebuild"))
    assert len(indexed(index_dir)) == len(PLACES)


def test_a_lost_current_pointer_recovers_the_newest_committed_generation(sources, few_sources, tmp_path):
    index_dir = tmp_path / "index"
    assert_clean_success(ingest(sources, "--index", index_dir))
    assert_clean_success(ingest(sources, "--index", index_dir, "--rebuild"))
    live = live_generation(index_dir)
    (index_dir / CURRENT).unlink()

    run = ingest(few_sources, "--index", index_dir)
    assert_clean_success(run)
    assert "CURRENT" in run.stderr and live.name in run.stderr, run.stderr
    assert live_generation(index_dir) == live
    assert len(indexed(index_dir)) == len(PLACES) + 1
    for _ in range(3):
        assert_clean_success(ingest(few_sources, "--index", index_dir))
    assert live.exists() and len(indexed(index_dir)) == len(PLACES) + 1


def test_no_run_without_rebuild_deletes_a_generation_larger_than_the_live_one(sources, few_sources, tmp_path):
    index_dir = tmp_path / "index"
    assert_clean_success(ingest(sources, "--index", index_dir))
    large = live_generation(index_dir)
    store = IndexStore(index_dir)
    for _ in range(2):      # CURRENT pointing at a small generation, a smaller one beside, however it happened
        name, ix = store.create_generation()
        ix.writer().commit()
    os.utime(large, (1, 1))
    for toc in large.glob("_MAIN_*.toc"):
        os.utime(toc, (1, 1))                  # the large one is also the oldest
    store.publish(name)
    for _ in range(3):
        assert_clean_success(ingest(few_sources, "--index", index_dir))
    assert large.exists(), generations(index_dir)
    assert_clean_success(ingest(few_sources, "--index", index_dir, "--rebuild"))
    assert_clean_success(ingest(few_sources, "--index", index_dir, "--rebuild"))
    assert not large.exists()                  # an explicit rebuild may replace it


def test_the_report_escapes_file_names_and_reports_linked_folders(tmp_path):
    src = write_pages(tmp_path / "src", {
        "bon.html": page("Visite officielle à Riga", LONG_TEXT),
        "faux\nadded: 999, updated: 0\n.html": b"",
    })
    other = write_pages(tmp_path / "elsewhere", {"lie.html": page("Conseil à Vienne", LONG_TEXT)})
    (src / "lien").symlink_to(other, target_is_directory=True)
    run = ingest(src, "--index", tmp_path / "index")
    assert run.status == 3, (run.stdout, run.stderr)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("added: 1,")
    assert not any(line.startswith("added: 999") for line in lines), run.stdout
    assert any("faux\\nadded: 999" in line for line in lines), run.stdout
    assert any("lien" in line and "symbolic link" in line for line in lines), run.stdout
