"""Relevance of /api/search measured on gold queries over corpus/: recall@10, MRR@10, empty precision.

The gold file says, for each query a journalist would type, which communiqués
must show up in the first ten hits (or that nothing must). Queries go through
the real Flask app over a real index, so every layer that shapes the ranking
(parser, synonyms, spelling, relaxation, filters) is measured.

    python -m tests.search_service.relevance.evaluate      # table of every query, totals, floors
    python -m tests.search_service.relevance.evaluate --param mode=keyword  # the same with extra URL parameters
                                                                            # (mode=keyword: without the semantic channel)

Floors: `[floors]` in floors.toml holds the queries the words can answer (every kind without a section
of its own); `[kinds.NAME]` sections hold the kinds measured apart (English queries, French paraphrases,
questions, unanswerable queries), whose figures depend on a semantic channel the words alone lack.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl

HERE = Path(__file__).resolve().parent
GOLD_FILE = HERE / "gold_queries.tsv"
FLOORS_FILE = HERE / "floors.toml"
CORPUS = HERE.parents[2] / "corpus"
TOP = 10
METRICS = ("recall_at_10", "mrr", "empty_precision")


@dataclass(frozen=True)
class GoldQuery:
    query: str
    params: str                 # extra URL parameters, e.g. "year=2019&meeting=Gymnich" (values may stay unencoded)
    expected: tuple[str, ...]   # ids wanted in the top 10; empty: the query must find nothing
    kind: str
    note: str

    @property
    def must_find_nothing(self) -> bool:
        return not self.expected

    def query_string(self) -> list[tuple[str, str]]:
        return [("q", self.query), *parse_qsl(self.params, keep_blank_values=True), ("per_page", str(TOP))]

    def label(self) -> str:
        return f"{self.query} [{self.params}]" if self.params else self.query


@dataclass(frozen=True)
class Outcome:
    gold: GoldQuery
    top: tuple[str, ...]        # ids of the first TOP hits, in order
    total: int
    relaxed: bool
    corrected: bool

    @property
    def rank(self) -> int | None:
        """1-based rank of the first expected id within the top hits."""
        return next((i for i, doc_id in enumerate(self.top, 1) if doc_id in self.gold.expected), None)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(doc_id for doc_id in self.gold.expected if doc_id not in self.top)

    @property
    def recall(self) -> float | None:
        if self.gold.must_find_nothing:
            return None
        return 1 - len(self.missing) / len(self.gold.expected)

    @property
    def reciprocal_rank(self) -> float | None:
        if self.gold.must_find_nothing:
            return None
        return 1 / self.rank if self.rank else 0.0

    @property
    def passed(self) -> bool:
        return self.total == 0 if self.gold.must_find_nothing else not self.missing

    def describe(self) -> str:
        g = self.gold
        if g.must_find_nothing:
            return f"{g.label()!r} ({g.kind}) should find nothing, found {self.total}: {list(self.top[:3])}"
        flags = "".join(f" {name}" for name, on in (("relaxed", self.relaxed), ("corrected", self.corrected)) if on)
        return (f"{g.label()!r} ({g.kind}) recall {self.recall:.2f}, first expected at rank {self.rank}, "
                f"total {self.total}{flags}; missing {list(self.missing)}; top {list(self.top)}")


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    def scored(self) -> list[Outcome]:
        """The outcomes of queries with expected ids (recall and MRR are averaged over these)."""
        return [o for o in self.outcomes if not o.gold.must_find_nothing]

    @property
    def recall_at_10(self) -> float:
        scored = self.scored()
        return sum(o.recall for o in scored) / len(scored)

    @property
    def mrr(self) -> float:
        scored = self.scored()
        return sum(o.reciprocal_rank for o in scored) / len(scored)

    @property
    def empty_precision(self) -> float:
        empties = [o for o in self.outcomes if o.gold.must_find_nothing]
        return sum(o.total == 0 for o in empties) / len(empties)

    def metrics(self, names: tuple[str, ...] = METRICS) -> dict[str, float]:
        return {name: getattr(self, name) for name in names}

    def of_kinds(self, kinds) -> Report:
        return Report(tuple(o for o in self.outcomes if o.gold.kind in kinds))

    def without_kinds(self, kinds) -> Report:
        return Report(tuple(o for o in self.outcomes if o.gold.kind not in kinds))

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]


def load_gold(path: Path = GOLD_FILE) -> list[GoldQuery]:
    """Read the TSV as plain text: queries contain double quotes, which are not CSV quoting here."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [GoldQuery(query=r["query"], params=r["params"] or "",
                          expected=tuple(i for i in (r["expected"] or "").split("|") if i),
                          kind=r["kind"], note=r["note"] or "") for r in rows]


def load_floors(path: Path = FLOORS_FILE) -> dict[str, float]:
    """The floors of the queries the words can answer (every kind without floors of its own)."""
    with path.open("rb") as f:
        return tomllib.load(f)["floors"]


def load_kind_floors(path: Path = FLOORS_FILE) -> dict[str, dict[str, float]]:
    """Kind -> its own floors (only the metrics it names)."""
    with path.open("rb") as f:
        return tomllib.load(f).get("kinds", {})


def sections(report: Report, path: Path = FLOORS_FILE) -> list[tuple[str, Report, dict[str, float]]]:
    """(name, outcomes, floors) of every section of the floors file: the word kinds first, then each kind apart."""
    kinds = load_kind_floors(path)
    out = [("words", report.without_kinds(kinds), load_floors(path))]
    return out + [(kind, report.of_kinds({kind}), floors) for kind, floors in kinds.items()]


def run_query(client, gold: GoldQuery) -> Outcome:
    response = client.get("/api/search", query_string=gold.query_string())
    if response.status_code != 200:
        raise AssertionError(f"{gold.label()!r}: HTTP {response.status_code} {response.get_data(as_text=True)[:300]}")
    data = response.get_json()
    return Outcome(gold=gold, top=tuple(hit["id"] for hit in data["hits"][:TOP]), total=data["total"],
                   relaxed=bool(data.get("relaxed")), corrected=bool(data.get("corrected")))


def evaluate(client, golds: list[GoldQuery]) -> Report:
    return Report(tuple(run_query(client, g) for g in golds))


def below_floors(report: Report, floors: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Metric -> (measured, floor) for every metric under its floor (only the metrics `floors` names)."""
    measured = report.metrics(tuple(name for name in METRICS if name in floors))
    return {name: (measured[name], floors[name]) for name in measured if measured[name] < floors[name]}


def format_table(report: Report) -> str:
    lines = [f"{'kind':<10} {'rank':>4} {'recall':>6} {'total':>5}  query"]
    for o in report.outcomes:
        rank = "-" if o.rank is None else str(o.rank)
        recall = "empty" if o.recall is None else f"{o.recall:.2f}"
        mark = "" if o.passed else "  <-- " + (f"found {o.total}" if o.gold.must_find_nothing
                                               else f"missing {len(o.missing)}/{len(o.gold.expected)}")
        flags = "".join(f" ({name})" for name, on in (("relaxed", o.relaxed), ("corrected", o.corrected)) if on)
        lines.append(f"{o.gold.kind:<10} {rank:>4} {recall:>6} {o.total:>5}  {o.gold.label()}{flags}{mark}")
    return "\n".join(lines)


def format_totals(report: Report, floors: dict[str, float] | None = None) -> str:
    scored = len(report.scored())
    counts = {"recall_at_10": scored, "mrr": scored, "empty_precision": len(report.outcomes) - scored}
    lines = []
    names = tuple(name for name in METRICS if counts[name])
    for name, value in report.metrics(names).items():
        floor = f"   floor {floors[name]:.2f}" if floors and name in floors else ""
        lines.append(f"{name:<16} {value:.3f}  over {counts[name]} queries{floor}")
    return "\n".join(lines)


def build_corpus_index(index_dir: Path) -> Path:
    from indexer.ingest import ingest
    from indexer.store import IndexStore
    ingest([str(CORPUS)], IndexStore(index_dir))
    return index_dir


def main(argv: list[str] | None = None) -> int:
    from search_service import create_app
    parser = argparse.ArgumentParser(description="Relevance of /api/search on the gold queries over corpus/.")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra URL parameter sent with every query (e.g. mode=hybrid)")
    args = parser.parse_args(argv)
    extra = "&".join(args.param)
    golds = [replace(g, params="&".join(p for p in (g.params, extra) if p)) for g in load_gold()]
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        index_dir = build_corpus_index(Path(tmp) / "index")
        client = create_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
        report = evaluate(client, golds)
    print(format_table(report))
    failed = False
    for name, part, floors in sections(report):
        print(f"\n[{name}] {len(part.outcomes)} queries")
        print(format_totals(part, floors))
        for metric, (value, floor) in below_floors(part, floors).items():
            failed = True
            print(f"BELOW FLOOR: {name} {metric} {value:.3f} < {floor:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
