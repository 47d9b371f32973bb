"""Thousands of hostile pages (seeded mutations of generated communiqués, plus the hand-made catalogue) in
one ingest beside good pages: no crash, every page indexed or reported with a reason, no good page lost.
The count per class is recorded for docs/reliability.md."""
from __future__ import annotations

import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from benchmarks.generator import write_pages
from indexer.indexed import records
from indexer.sources import list_html_files
from indexer.store import IndexStore
from search_service import create_app
from tests.conftest import ROOT
from tests.reliability.hostile_pages import catalogue, mutate
from tests.reliability.records import record

pytestmark = pytest.mark.stress

GOOD, MUTANTS, IMPOSTORS = 600, 2000, 100
_SUMMARY = re.compile(r"added: (\d+), updated: (\d+), unchanged: (\d+), deleted: (\d+), failed: (\d+)")
_FAILED = re.compile(r"^  FAILED (.*?\.(?:html?|HTML?)): (.+)$")
_CANONICAL = re.compile(rb'<link rel="canonical"[^>]*>')
# Reasons that mean the extractor hit an unexpected exception rather than a page it could judge.
CRASH_REASONS = ("extraction failed:", "markup nested too deeply")


def reason_class(reason: str) -> str:
    """"page too large (13000150 bytes > ...)" -> "page too large"; "same canonical URL as x: y" -> "same canonical URL"."""
    return re.split(r" \(|:| as ", reason)[0]


def test_thousands_of_hostile_pages_cost_no_good_page(tmp_path):
    src = tmp_path / "src"
    write_pages(src / "good", GOOD, seed=61)
    good_files = sorted(list_html_files(src / "good"))
    rng = random.Random(61)
    kinds: dict[str, str] = {}
    (src / "mutant").mkdir()
    for i in range(MUTANTS):      # without the original's canonical link, so each mutant is judged on its own
        kind, content = mutate(_CANONICAL.sub(b"", rng.choice(good_files).read_bytes()), rng)
        name = f"mutant/{i:05d}-{kind}.html"
        (src / name).write_bytes(content)
        kinds[name] = kind
    (src / "impostor").mkdir()
    with_canonical = [p for p in good_files if _CANONICAL.search(p.read_bytes())]
    for i in range(IMPOSTORS):    # a page claiming a good page's canonical URL, with other content
        content = rng.choice(with_canonical).read_bytes().replace(b"<h1", b"<h1>Imposteur</h1><h2", 1)
        name = f"impostor/{i:04d}.html"
        (src / name).write_bytes(content)
        kinds[name] = "canonical impostor"
    for case in catalogue():
        name = f"catalogue/{case.filename}"
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(case.content)
        kinds[name] = case.kind

    run = subprocess.run([sys.executable, "-m", "indexer", "ingest", str(src), "--index", str(tmp_path / "index")],
                         cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert run.returncode == 3, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    added, _, _, _, failed = map(int, _SUMMARY.search(run.stdout).groups())
    failures = {}
    for line in run.stdout.splitlines():
        if m := _FAILED.match(line):
            failures[str(Path(m.group(1)).relative_to(src))] = m.group(2)
    with IndexStore(tmp_path / "index").open().searcher() as searcher:
        stored = {d["source_key"]: d for _, d in records(searcher.reader())}

    good_keys = {str(p.relative_to(src)) for p in good_files}
    lost_good = sorted(k for k in good_keys if k not in stored)
    crashes = {k: r for k, r in failures.items() if r.startswith(CRASH_REASONS)}
    outcome: dict[str, Counter] = defaultdict(Counter)
    reasons: dict[str, Counter] = defaultdict(Counter)
    for name, kind in kinds.items():
        if name in failures:
            outcome[kind]["reported"] += 1
            reasons[kind][reason_class(failures[name])] += 1
        else:
            outcome[kind]["indexed" if name in stored else "neither"] += 1
    record("hostile_corpus", good=GOOD, mutants=MUTANTS, catalogue=len(catalogue()), added=added, failed=failed,
           crashes=len(crashes), lost_good=len(lost_good), outcome={k: dict(v) for k, v in sorted(outcome.items())},
           reasons={k: dict(v.most_common()) for k, v in sorted(reasons.items())})
    assert not crashes, list(crashes.items())[:10]
    assert not lost_good, lost_good[:10]
    assert not any(c["neither"] for c in outcome.values()), {k: v for k, v in outcome.items() if v["neither"]}
    assert added + failed == GOOD + len(kinds)
    assert outcome["canonical impostor"] == Counter(reported=IMPOSTORS)

    client = create_app({"INDEX": str(tmp_path / "index"), "TESTING": True}).test_client()
    for key in rng.sample(sorted(good_keys), 20):
        doc = stored[key]
        assert client.get("/api/documents/" + doc["id"]).status_code == 200
    assert client.get("/api/search?q=ministre").status_code == 200
