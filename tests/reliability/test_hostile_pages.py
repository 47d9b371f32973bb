"""Hostile pages never crash the indexer: each is indexed sensibly or reported with a reason, in bounded
time and memory, and the good pages beside them are all indexed and found."""
from __future__ import annotations

import codecs
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generator import write_pages as write_pages_generated
from indexer.document import RawPage
from indexer.extract import ExtractionError, extract
from indexer.indexed import records
from indexer.sources import list_html_files
from indexer.store import IndexStore
from search_service import create_app
from tests.conftest import ROOT, write_pages
from tests.reliability.hostile_pages import (EITHER, INDEXED, MUTATIONS, PYTHON_CODECS, REPORTED, HostileCase,
                                             assert_decoded_or_refused, assert_extracted_sensibly_or_rejected,
                                             catalogue, good_pages, hostile_documents, mutate)
from tests.reliability.measure import in_child
from tests.reliability.records import record

# "A few seconds and a few hundred MB" per page, measured in a child process on one core. The
# worst hand-made case takes about 3 s of CPU here; the margin absorbs a loaded machine.
MAX_CPU_SECONDS = 8.0
MAX_PEAK_GROWTH_MB = 300
CASES = catalogue()
_SUMMARY = re.compile(r"added: (\d+), updated: (\d+), unchanged: (\d+), deleted: (\d+), failed: (\d+)")


def outcome(case: HostileCase) -> tuple[str, object]:
    """("indexed", the fields a check reads) or ("reported", the reason); anything else raised is a bug."""
    try:
        doc = extract(RawPage(case.filename, case.filename, case.content))
    except ExtractionError as exc:
        return REPORTED, str(exc)
    return INDEXED, {"id": doc.id, "title": doc.title, "body": doc.body, "date": doc.date, "lang": doc.metadata.lang}


def assert_expected(case: HostileCase, status: str, detail) -> None:
    if case.expect != EITHER:
        assert status == case.expect, f"{case.name}: expected {case.expect}, got {status}: {str(detail)[:200]}"
    if status == REPORTED:
        assert str(detail).strip(), f"{case.name}: reported without a reason"
        assert case.reason.lower() in str(detail).lower(), f"{case.name}: reason {detail!r} lacks {case.reason!r}"
    elif case.check is not None:
        assert case.check(detail), f"{case.name}: indexed, but not sensibly: {str(detail)[:300]}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_page_is_indexed_sensibly_or_reported_in_bounded_work(case):
    measured = in_child(lambda: outcome(case), timeout_s=60)
    record("hostile_page", case=case.name, kind=case.kind, bytes=len(case.content), cpu_s=round(measured.cpu_s, 3),
           wall_s=round(measured.wall_s, 3), peak_growth_mb=round(measured.peak_growth_mb, 1),
           outcome=measured.value[0] if measured.value else measured.error,
           reason=measured.value[1] if measured.value and measured.value[0] == REPORTED else None)
    assert measured.error is None, f"{case.name} crashed the extractor: {measured.error}"
    assert measured.cpu_s <= MAX_CPU_SECONDS, f"{case.name}: {measured.cpu_s:.1f} s of CPU"
    assert measured.peak_growth_mb <= MAX_PEAK_GROWTH_MB, f"{case.name}: {measured.peak_growth_mb:.0f} MB"
    assert_expected(case, *measured.value)


def _special_files(folder: Path) -> dict[str, str]:
    """Files no page should be: a FIFO, a device, a dangling link, a name that is not UTF-8 (path -> class)."""
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "fifo.html")
    os.symlink("/dev/zero", folder / "dev-zero.html")
    os.symlink(folder / "missing-target", folder / "dangling.html")
    good = next(iter(good_pages(1).values())).replace(b"goodpage000", b"nonutf8name")
    with open(os.fsencode(folder) + b"/latin1-\xe9t\xe9.html", "wb") as f:
        f.write(good)
    return {"fifo.html": REPORTED, "dev-zero.html": REPORTED, "dangling.html": REPORTED}


def test_hostile_pages_beside_good_ones_cost_no_good_page(tmp_path):
    goods = good_pages(12)
    src = write_pages(tmp_path / "src", {**goods, **{f"hostile/{c.filename}": c.content for c in CASES}})
    specials = _special_files(src / "special")
    index_dir = tmp_path / "index"
    run = subprocess.run([sys.executable, "-m", "indexer", "ingest", str(src), "--index", str(index_dir), "--procs", "2"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 3, f"exit {run.returncode} (3 = done, some pages reported)\n{run.stderr[-3000:]}"
    assert "Traceback" not in run.stderr
    added, updated, unchanged, deleted, failed = map(int, _SUMMARY.search(run.stdout).groups())
    files = len(goods) + len(CASES) + len(specials) + 1
    assert added + failed == files, run.stdout
    failures = {str(Path(loc).relative_to(src)): reason for loc, reason in
                (_split_failure(line) for line in run.stdout.splitlines() if line.startswith("  FAILED "))}
    assert len(failures) == failed

    with IndexStore(index_dir).open().searcher() as searcher:
        stored = {d["source_key"]: d for _, d in records(searcher.reader())}
    assert set(goods) <= set(stored), f"good pages lost: {sorted(set(goods) - set(stored))}"
    for case in CASES:
        key = f"hostile/{case.filename}"
        assert (key in stored) != (key in failures), f"{key}: neither indexed nor reported (or both)"
        assert_expected(case, INDEXED if key in stored else REPORTED, stored.get(key) or failures.get(key))
    for name, expected in specials.items():
        assert f"special/{name}" in failures, f"{name} not reported"
    assert "special/latin1-\\xe9t\\xe9.html" in stored

    client = create_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
    for number in range(len(goods)):
        reply = client.get(f"/api/search?q=goodpage{number:03d}")
        assert reply.status_code == 200
        assert [h["id"] for h in reply.get_json()["hits"]] == [f"good/{number:03d}.html"]


def _split_failure(line: str) -> tuple[str, str]:
    """"  FAILED /path/to/file.html: reason" -> (path, reason); the path may itself contain ": "."""
    rest = line.strip()[len("FAILED "):]
    match = re.match(r"(.*?\.(?:html?|HTML?)): (.+)$", rest)
    assert match, line
    return match.group(1), match.group(2)


# --- generated pages (Hypothesis) ----------------------------------------------------------------

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_documents())
def test_generated_pages_are_extracted_or_rejected_with_a_reason(raw):
    assert_extracted_sensibly_or_rejected(raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048), st.one_of(st.none(), st.sampled_from(PYTHON_CODECS), st.text(max_size=30)),
       st.sampled_from(["meta", "header", "both"]))
def test_any_bytes_under_any_declared_charset_decode_or_are_refused_as_binary(raw, label, where):
    assert_decoded_or_refused(raw, label, where)


def test_utf16_page_with_a_byte_order_mark_is_read():
    raw = codecs.BOM_UTF16_BE + ("<html><body><main><h1>Sécurité européenne</h1><p>" + "Les ministres se sont réunis. " * 5
                                 + "</p></main></body></html>").encode("utf-16-be")
    assert extract(RawPage("u.html", "u.html", raw)).title == "Sécurité européenne"


def test_every_mutation_changes_a_page_of_every_generated_layout(tmp_path):
    """The stress run's mutants must really be hostile: no mutation may leave a page of any layout as it was."""
    write_pages_generated(tmp_path, 200, seed=3, procs=1)
    pages = {}
    for path in sorted(list_html_files(tmp_path)):
        pages.setdefault(path.name.split("-")[0], path.read_bytes())
    assert set(pages) == {"cms", "article", "legacy"}
    for layout, content in pages.items():
        for kind in MUTATIONS:
            rng = _ForcedChoice(kind)
            assert mutate(content, rng)[1] != content, f"{kind} left a {layout} page unchanged"


class _ForcedChoice(random.Random):
    """A seeded Random whose first choice() (the mutation kind) is the one asked for."""

    def __init__(self, kind: str):
        super().__init__(5)
        self.kind = kind

    def choice(self, seq):
        if self.kind is not None and self.kind in seq:
            kind, self.kind = self.kind, None
            return kind
        return super().choice(seq)
