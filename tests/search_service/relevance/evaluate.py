"""Relevance of /api/search measured on gold queries over corpus/: recall@10, MRR@10, empty precision.

The gold file says, for each query a journalist would type, which communiqués
must show up in the first ten hits (or that nothing must). Queries go through
the real Flask app over a real index, so every layer that shapes the ranking
(parser, synonyms, spelling, relaxation, filters) is measured.

    python -m tests.search_service.relevance.evaluate                  # table of every query, totals, floors
    python -m tests.search_service.relevance.evaluate --mode keyword   # the same without the semantic channel
"""
from __future__ import annotations

import csv
import sys
import tempfile
import tomllib
from dataclasses import dataclass
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

    def metrics(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in METRICS}

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]

    def of_kind(self, kind: str) -> Report:
        return Report(tuple(o for o in self.outcomes if o.gold.kind == kind))

    def kind_metrics(self) -> dict[str, dict[str, float]]:
        """Recall@10 and MRR per kind of query (the kinds with expectations)."""
        kinds = sorted({o.gold.kind for o in self.outcomes if not o.gold.must_find_nothing})
        return {kind: {"recall_at_10": self.of_kind(kind).recall_at_10, "mrr": self.of_kind(kind).mrr}
                for kind in kinds}


def load_gold(path: Path = GOLD_FILE) -> list[GoldQuery]:
    """Read the TSV as plain text: queries contain double quotes, which are not CSV quoting here."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [GoldQuery(query=r["query"], params=r["params"] or "",
                          expected=tuple(i for i in (r["expected"] or "").split("|") if i),
                          kind=r["kind"], note=r["note"] or "") for r in rows]


def load_floors(path: Path = FLOORS_FILE) -> dict[str, float]:
    with path.open("rb") as f:
        return tomllib.load(f)["floors"]


def load_kind_floors(path: Path = FLOORS_FILE) -> dict[str, dict[str, float]]:
    """Per kind of query: recall_at_10 and mrr floors (the kinds the semantic channel is for)."""
    with path.open("rb") as f:
        return tomllib.load(f).get("kind_floors", {})


def below_kind_floors(report: Report, floors: dict[str, dict[str, float]]) -> dict[str, tuple[float, float]]:
    """"kind metric" -> (measured, floor) for every per-kind metric under its floor."""
    measured = report.kind_metrics()
    return {f"{kind} {name}": (measured[kind][name], floor)
            for kind, metrics in floors.items() for name, floor in metrics.items()
            if measured.get(kind, {}).get(name, 0.0) < floor}


def run_query(client, gold: GoldQuery, mode: str | None = None) -> Outcome:
    query_string = gold.query_string() + ([("mode", mode)] if mode else [])
    response = client.get("/api/search", query_string=query_string)
    if response.status_code != 200:
        raise AssertionError(f"{gold.label()!r}: HTTP {response.status_code} {response.get_data(as_text=True)[:300]}")
    data = response.get_json()
    return Outcome(gold=gold, top=tuple(hit["id"] for hit in data["hits"][:TOP]), total=data["total"],
                   relaxed=bool(data.get("relaxed")), corrected=bool(data.get("corrected")))


def evaluate(client, golds: list[GoldQuery], mode: str | None = None) -> Report:
    """Every gold query through the API, in `mode` (None: the service's default mode)."""
    return Report(tuple(run_query(client, g, mode) for g in golds))


def below_floors(report: Report, floors: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Metric -> (measured, floor) for every metric under its floor."""
    measured = report.metrics()
    return {name: (measured[name], floors[name]) for name in METRICS if measured[name] < floors[name]}


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
    for name, value in report.metrics().items():
        floor = f"   floor {floors[name]:.2f}" if floors and name in floors else ""
        lines.append(f"{name:<16} {value:.3f}  over {counts[name]} queries{floor}")
    return "\n".join(lines)


def build_corpus_index(index_dir: Path) -> Path:
    from indexer.ingest import ingest
    from indexer.store import IndexStore
    ingest([str(CORPUS)], IndexStore(index_dir))
    return index_dir


def format_kinds(report: Report, floors: dict[str, dict[str, float]] | None = None) -> str:
    lines = []
    for kind, metrics in report.kind_metrics().items():
        wanted = (floors or {}).get(kind, {})
        cells = "  ".join(f"{name} {value:.3f}" + (f" (floor {wanted[name]:.2f})" if name in wanted else "")
                          for name, value in metrics.items())
        lines.append(f"{kind:<12} {len(report.of_kind(kind).outcomes):>3} queries  {cells}")
    return "\n".join(lines)


def main() -> int:
    from search_service import create_app
    mode = sys.argv[sys.argv.index("--mode") + 1] if "--mode" in sys.argv else None
    golds = load_gold()
    floors = load_floors() if FLOORS_FILE.exists() else None
    kind_floors = load_kind_floors() if FLOORS_FILE.exists() else None
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        index_dir = build_corpus_index(Path(tmp) / "index")
        client = create_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
        report = evaluate(client, golds, mode)
    print(format_table(report))
    print()
    # The global floors hold for the kinds that have no floors of their own (the original ones).
    original = Report(tuple(o for o in report.outcomes if o.gold.kind not in (kind_floors or {})))
    print(format_totals(original, floors))
    print()
    print(format_kinds(report, kind_floors))
    failing = below_floors(original, floors) if floors else {}
    failing |= below_kind_floors(report, kind_floors) if kind_floors else {}
    for name, (value, floor) in failing.items():
        print(f"BELOW FLOOR: {name} {value:.3f} < {floor:.2f}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
