"""The relevance gate: gold queries over corpus/ must keep recall@10, MRR and empty precision above their floors."""
from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from indexer.analysis import analyze_document
from indexer.store import IndexStore
from search_service.search.params import FACETS
from tests.search_service.relevance.evaluate import (
    METRICS, TOP, GoldQuery, Outcome, Report, below_floors, below_kind_floors, evaluate, format_kinds, format_totals,
    load_floors, load_gold, load_kind_floors,
)

ORIGINAL_KINDS = {"keyword", "name", "phrase", "no-accent", "typo", "elision", "acronym", "filter", "empty"}
MEANING_KINDS = {"english", "german", "paraphrase", "question"}     # the semantic channel's (issue 17)
KINDS = ORIGINAL_KINDS | MEANING_KINDS
URL_PARAMETERS = set(FACETS) | {"from", "to", "sort"}


@pytest.fixture(scope="module")
def gold() -> list[GoldQuery]:
    return load_gold()


@pytest.fixture(scope="module")
def indexed_ids(corpus_index) -> set[str]:
    with IndexStore(corpus_index).open().searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}


def test_gold_file_has_enough_queries_of_every_kind(gold):
    assert len(gold) >= 45 + 30
    assert sum(g.kind == "english" for g in gold) >= 15
    assert sum(g.kind == "paraphrase" for g in gold) >= 10
    assert {g.kind for g in gold} == KINDS
    assert sum(g.must_find_nothing for g in gold) >= 4
    assert all(g.kind == "empty" for g in gold if g.must_find_nothing)
    keys = [(g.query, g.params) for g in gold]
    assert len(keys) == len(set(keys)), "a query is listed twice"


def test_gold_expectations_fit_in_the_top_ten_without_repeats(gold):
    for g in gold:
        assert len(g.expected) <= TOP, g.label()
        assert len(set(g.expected)) == len(g.expected), g.label()


def test_gold_params_are_search_parameters(gold):
    for g in gold:
        names = {name for name, _ in parse_qsl(g.params, keep_blank_values=True)}
        assert names <= URL_PARAMETERS, f"{g.label()!r}: unknown parameter {names - URL_PARAMETERS}"


def test_every_expected_id_is_in_the_corpus_index(gold, indexed_ids):
    unknown = sorted({(g.label(), doc_id) for g in gold for doc_id in g.expected if doc_id not in indexed_ids})
    assert not unknown, "expected ids not in the index (typo in gold_queries.tsv?):\n" + "\n".join(map(str, unknown))


def test_floors_cover_every_metric_with_a_share():
    floors = load_floors()
    assert set(floors) == set(METRICS)
    assert all(0 < value <= 1 for value in floors.values())


def test_metrics_follow_their_definitions():
    found = GoldQuery("a", "", ("x", "y"), "keyword", "")
    second = GoldQuery("b", "", ("z",), "keyword", "")
    nothing = GoldQuery("c", "", (), "empty", "")
    report = Report((
        Outcome(found, top=("w", "x", "v"), total=3, relaxed=False, corrected=False),      # recall 1/2, rank 2
        Outcome(second, top=("z",), total=1, relaxed=False, corrected=False),              # recall 1, rank 1
        Outcome(nothing, top=("w",), total=1, relaxed=False, corrected=False),             # found something
    ))
    assert report.recall_at_10 == pytest.approx(0.75)
    assert report.mrr == pytest.approx(0.75)
    assert report.empty_precision == 0.0
    assert [o.passed for o in report.outcomes] == [False, True, False]
    assert below_floors(report, {"recall_at_10": 0.8, "mrr": 0.7, "empty_precision": 0.5}) == {
        "recall_at_10": (0.75, 0.8), "empty_precision": (0.0, 0.5)}


def test_paraphrases_use_words_their_documents_do_not_all_contain(gold, corpus_index):
    """A paraphrase is only a test of meaning if the keyword channel cannot find it by all its words."""
    with IndexStore(corpus_index).open().searcher() as searcher:
        texts = {f["id"]: (f["title"], f["body"]) for f in searcher.all_stored_fields()}
    for g in gold:
        if g.kind != "paraphrase":
            continue
        words = set(analyze_document(g.query, "").title)
        for doc_id in g.expected:
            stems = set(analyze_document(*texts[doc_id]).title) | set(analyze_document(*texts[doc_id]).body)
            assert words - stems, f"{g.query!r}: every word is in {doc_id}"


def test_relevance_stays_above_the_floors(corpus_client, gold):
    """The original kinds keep their floors; the semantic channel's kinds have floors of their own."""
    report = evaluate(corpus_client, gold)
    kind_floors = load_kind_floors()
    assert set(kind_floors) == MEANING_KINDS
    original = Report(tuple(o for o in report.outcomes if o.gold.kind in ORIGINAL_KINDS))
    failing = below_floors(original, load_floors()) | below_kind_floors(report, kind_floors)
    details = "\n".join(o.describe() for o in report.failures())
    assert not failing, f"relevance below the floors {failing}\n{format_totals(original, load_floors())}\n" \
                        f"{format_kinds(report, kind_floors)}\n" \
                        f"queries that miss their expectations:\n{details}"
