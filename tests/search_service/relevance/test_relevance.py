"""The relevance gate: gold queries over corpus/ must keep recall@10, MRR and empty precision above their floors."""
from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from indexer.analysis import stems
from indexer.store import IndexStore
from search_service.search.params import FACETS
from tests.search_service.relevance.evaluate import (
    METRICS, TOP, GoldQuery, Outcome, Report, below_floors, evaluate, format_totals, load_floors, load_gold,
    load_kind_floors, sections,
)

WORD_KINDS = {"keyword", "name", "phrase", "no-accent", "typo", "elision", "acronym", "filter", "empty"}
# Kinds measured apart (floors of their own): the words of the query are not the words of the documents.
APART_KINDS = {"paraphrase", "english", "german", "question", "unanswerable"}
KINDS = WORD_KINDS | APART_KINDS
NOTHING_KINDS = {"empty", "unanswerable"}      # queries that must find nothing: total 0
URL_PARAMETERS = set(FACETS) | {"from", "to", "sort"}


@pytest.fixture(scope="module")
def gold() -> list[GoldQuery]:
    return load_gold()


@pytest.fixture(scope="module")
def indexed_stems(corpus_index) -> dict[str, set[str]]:
    """Document id -> the stems of its title and text, as the French analysis chain indexes them."""
    with IndexStore(corpus_index).open().searcher() as searcher:
        return {fields["id"]: set(stems(f"{fields.get('title', '')}\n{fields.get('body', '')}"))
                for fields in searcher.all_stored_fields()}


@pytest.fixture(scope="module")
def indexed_ids(indexed_stems) -> set[str]:
    return set(indexed_stems)


@pytest.fixture(scope="module")
def report(corpus_app, gold) -> Report:
    return evaluate(corpus_app.test_client(), gold)


def test_gold_file_has_enough_queries_of_every_kind(gold):
    assert len(gold) >= 45
    assert {g.kind for g in gold} == KINDS
    assert sum(g.must_find_nothing for g in gold) >= 4
    assert all(g.must_find_nothing == (g.kind in NOTHING_KINDS) for g in gold)
    count = {kind: sum(g.kind == kind for g in gold) for kind in APART_KINDS}
    assert count["english"] >= 15 and count["paraphrase"] >= 10 and count["unanswerable"] >= 5, count
    assert count["german"] >= 5 and count["question"] >= 5, count
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


def test_every_kind_measured_apart_has_floors_for_its_metrics():
    kinds = load_kind_floors()
    assert set(kinds) == APART_KINDS
    for kind, floors in kinds.items():
        assert set(floors) == ({"empty_precision"} if kind in NOTHING_KINDS else {"recall_at_10", "mrr"}), kind
        assert all(0 < value <= 1 for value in floors.values()), kind
    assert kinds["unanswerable"]["empty_precision"] == 1.0


def test_paraphrase_words_are_not_all_in_their_relevant_documents(gold, indexed_stems):
    """A paraphrase tests meaning, not words: every relevant document lacks at least one of its stems."""
    for g in (g for g in gold if g.kind == "paraphrase"):
        query = set(stems(g.query))
        for doc_id in g.expected:
            assert not query <= indexed_stems[doc_id], f"{g.query!r}: every word is in {doc_id}"


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


@pytest.mark.parametrize("section", ["words", *sorted(APART_KINDS)])
def test_relevance_stays_above_the_floors(report, section):
    (name, part, floors), = [s for s in sections(report) if s[0] == section]
    failing = below_floors(part, floors)
    details = "\n".join(o.describe() for o in part.failures())
    assert not failing, f"[{name}] relevance below the floors {failing}\n{format_totals(part, floors)}\n" \
                        f"queries that miss their expectations:\n{details}"


def test_the_word_kinds_are_measured_on_the_original_queries_only(report):
    (name, part, _floors), *_ = sections(report)
    assert name == "words" and {o.gold.kind for o in part.outcomes} == WORD_KINDS
