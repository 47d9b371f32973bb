"""Facet counts: however few or many documents match, each value counts the matching documents that have it."""
from __future__ import annotations

import numpy as np
import pytest

from search_service.search.snapshot import FacetValues, Selection, packed_bits


def facet(values_of_docs: list[list[int]], labels: int) -> FacetValues:
    pairs = [(doc, value) for doc, values in enumerate(values_of_docs) for value in values]
    rng = np.random.default_rng(3)
    rng.shuffle(pairs)                 # postings come value by value, not document by document
    docs = np.array([d for d, _ in pairs], np.int32)
    values = np.array([v for _, v in pairs], np.int32)
    names = [f"v{i}" for i in range(labels)]
    return FacetValues(names, docs, values, {n: i for i, n in enumerate(names)}, np.arange(labels, dtype=np.int32))


@pytest.mark.parametrize("share", [0.0, 0.002, 0.05, 0.24, 0.26, 0.9, 1.0])
def test_counts_are_the_matching_documents_having_each_value(share):
    rng = np.random.default_rng(7)
    size, labels = 2000, 12
    values_of_docs = [sorted(set(rng.integers(0, labels, rng.integers(0, 4)).tolist())) for _ in range(size - 50)]
    values_of_docs += [[] for _ in range(50)]          # the last documents have no value at all
    values = facet(values_of_docs, labels)
    matched = rng.random(size) < share
    expected = [sum(1 for d in np.flatnonzero(matched) if v in values_of_docs[d]) for v in range(labels)]
    assert values.counts(matched).tolist() == expected


def frequent_and_rare(size: int, rng) -> list[list[int]]:
    """Values 0-3 on many documents, 4-11 on a handful each (people: a few ministers, many others)."""
    out = []
    for doc in range(size):
        values = set(rng.integers(0, 4, rng.integers(0, 3)).tolist())
        if doc % 97 == 0:
            values.add(4 + doc % 8)
        out.append(sorted(values))
    return out


@pytest.mark.parametrize("share", [0.0, 0.002, 0.05, 0.24, 0.26, 0.9, 1.0])
def test_counts_by_bitsets_and_pairs_are_the_matching_documents_having_each_value(share):
    rng = np.random.default_rng(11)
    size = 3000
    values_of_docs = frequent_and_rare(size, rng)
    values = facet(values_of_docs, 12)
    values.keep_bitsets(size)
    matched = rng.random(size) < share
    expected = [sum(1 for d in np.flatnonzero(matched) if v in values_of_docs[d]) for v in range(12)]
    assert values.counts(matched).tolist() == expected
    assert values.counts(Selection(matched)).tolist() == expected


def test_only_values_with_many_documents_keep_a_bitset():
    size = 3000
    values = facet(frequent_and_rare(size, np.random.default_rng(11)), 12)
    values.keep_bitsets(size)
    assert sorted(values.bitset_values.tolist()) == [0, 1, 2, 3]
    assert set(values.tail_values.tolist()) == set(range(4, 12))
    assert values.bitsets.shape == (4, len(packed_bits(np.zeros(size, dtype=bool))))


def test_a_facet_without_any_value_counts_nothing():
    values = FacetValues([], np.zeros(0, np.int32), np.zeros(0, np.int32), {}, np.zeros(0, np.int32))
    assert values.counts(np.ones(10, bool)).tolist() == []
    assert values.counts(np.zeros(10, bool)).tolist() == []


def test_a_facet_without_any_value_keeps_no_bitset():
    values = FacetValues([], np.zeros(0, np.int32), np.zeros(0, np.int32), {}, np.zeros(0, np.int32))
    values.keep_bitsets(10)
    assert values.bitsets is None
    assert values.counts(np.ones(10, bool)).tolist() == []
