"""Phrases stay exact when the index files rare pairs under shared bucket terms (indexer.schema.PairText)."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from indexer.analysis import analyze_document, stems
from indexer.schema import PairText
from indexer.store import IndexStore, SegmentBuilder, commit_with_segments
from indexer.whoosh_format import committed_segments
from search_service.search.execution import Executor
from search_service.search.index_handle import IndexHandle
from search_service.search.querying import parse

WORDS = ("frontière espace climat défense ministre europe conseil sécurité paix accord traité sommet visite "
         "dialogue commerce énergie santé culture jeunesse justice marine police douane").split()


def colliding_phrases() -> tuple[str, str]:
    """Two different two-word phrases whose stem pairs share a bucket in the smallest table (the one
    a segment of a few documents uses)."""
    seen = {}
    for a, b in itertools.permutations(WORDS, 2):
        pair = " ".join(stems(f"{a} {b}"))
        found = seen.setdefault(PairText.buckets(pair)[0], (pair, f"{a} {b}"))
        if found[0] != pair:
            return found[1], f"{a} {b}"
    raise AssertionError("no two pairs of WORDS share a bucket")


def fields(doc_id: str, title: str, body: str) -> dict:
    terms = analyze_document(title, body)
    return dict(id=doc_id, url="", source="test", source_key=doc_id, content_hash=doc_id, title=terms.title,
                _stored_title=title, body=terms.body, _stored_body=body, exact=terms.exact, pairs=terms.pairs,
                lang="fr", topics="", people="")


def search_ids(index_dir, q: str) -> set[str]:
    snap = IndexHandle(str(index_dir)).snapshot()
    matches = Executor(snap).run(parse(q, snap.reader).query)
    return {snap.searcher.stored_fields(int(d))["id"] for d in np.flatnonzero(matches.mask)}


@pytest.fixture
def phrases():
    return colliding_phrases()


def new_index(index_dir):
    store = IndexStore(index_dir)
    name, ix = store.create_generation()
    store.publish(name)
    return ix


def build(index_dir, docs: list[dict]) -> None:
    ix = new_index(index_dir)
    builder = SegmentBuilder(ix)
    for doc in docs:
        builder.add(**doc)
    commit_with_segments(ix.writer(), [builder.finish()])


def test_a_rare_pair_is_filed_in_its_bucket_and_still_found(tmp_path, phrases):
    wanted, other = phrases
    build(tmp_path, [fields("a", "Communiqué", f"Le {wanted} a été discuté."),
                     fields("b", "Communiqué", f"Le {other} a été discuté."),
                     fields("c", "Communiqué", "Rien de tel ici.")])
    ix = IndexStore(tmp_path).open()
    with ix.reader() as reader:
        pair = " ".join(stems(wanted)).encode()
        assert not reader.doc_frequency("pairs", pair)              # not filed as itself...
        assert reader.doc_frequency("pairs", PairText.buckets(pair.decode())[0].encode()) == 2   # ...but with `other`
    assert search_ids(tmp_path, f'"{wanted}"') == {"a"}
    assert search_ids(tmp_path, f'"{other}"') == {"b"}


def test_a_bucket_document_with_both_words_apart_does_not_match(tmp_path, phrases):
    wanted, other = phrases
    first, second = wanted.split()
    build(tmp_path, [fields("apart", "Communiqué", f"{second} puis, bien plus loin, {first}."),
                     fields("other", "Communiqué", f"Le {other} et la {second} ou la {first}.")])
    assert search_ids(tmp_path, f'"{wanted}"') == set()
    assert search_ids(tmp_path, f"{first} {second}") == {"apart", "other"}


def test_a_frequent_pair_keeps_its_own_term(tmp_path):
    docs = [fields(f"d{i}", "Communiqué", f"Réunion {i} sur la sécurité européenne.") for i in range(12)]
    build(tmp_path, docs)
    ix = IndexStore(tmp_path).open()
    with ix.reader() as reader:
        assert reader.doc_frequency("pairs", " ".join(stems("sécurité européenne")).encode()) == 12
    assert search_ids(tmp_path, '"sécurité européenne"') == {f"d{i}" for i in range(12)}


def test_phrases_survive_whoosh_merging_bucketed_and_whoosh_written_segments(tmp_path, phrases):
    """Whoosh's writer files every pair as itself; its merges keep both kinds of terms side by side."""
    wanted, other = phrases
    ix = new_index(tmp_path)
    with ix.writer() as writer:
        writer.add_document(**fields("whoosh", "Communiqué", f"Le {wanted}, écrit par Whoosh."))
    builder = SegmentBuilder(ix)
    builder.add(**fields("ours", "Communiqué", f"Le {wanted}, écrit par le nôtre."))
    builder.add(**fields("other", "Communiqué", f"Le {other}."))
    commit_with_segments(ix.writer(), [builder.finish()])
    assert search_ids(tmp_path, f'"{wanted}"') == {"whoosh", "ours"}
    with ix.writer() as writer:
        writer.optimize = True
    assert len(committed_segments(IndexStore(tmp_path).open())) == 1
    assert search_ids(tmp_path, f'"{wanted}"') == {"whoosh", "ours"}
    assert search_ids(tmp_path, f'"{other}"') == {"other"}


def test_a_bucketed_pair_in_the_title_is_found(tmp_path, phrases):
    wanted, other = phrases
    build(tmp_path, [fields("title", f"Le {wanted}", "Rien de tel dans le texte."),
                     fields("other", "Communiqué", f"Le {other}.")])
    assert search_ids(tmp_path, f'"{wanted}"') == {"title"}


def test_only_bucket_documents_holding_both_stems_are_analysed_again(tmp_path, phrases):
    """A bucket mixes rare pairs; a document lacking one of the phrase's stems cannot hold its pair,
    so its stored text is not read and analysed again."""
    wanted, other = phrases
    assert not set(stems(wanted)) <= set(stems(other))
    build(tmp_path, [fields("wanted", "Communiqué", f"Le {wanted} a été discuté."),
                     fields("other", "Communiqué", f"Le {other} a été discuté.")])
    analysed = []

    class CountingExecutor(Executor):
        def _pairs_of(self, docnum):
            analysed.append(self.snap.searcher.stored_fields(docnum)["id"])
            return super()._pairs_of(docnum)

    snap = IndexHandle(str(tmp_path)).snapshot()
    matches = CountingExecutor(snap).run(parse(f'"{wanted}"', snap.reader).query)
    assert {snap.searcher.stored_fields(int(d))["id"] for d in np.flatnonzero(matches.mask)} == {"wanted"}
    assert analysed == ["wanted"]


def test_a_pair_is_looked_up_in_the_bucket_tables_the_index_uses_only(tmp_path, phrases):
    wanted, other = phrases
    build(tmp_path, [fields("a", "Communiqué", f"Le {wanted} a été discuté."),
                     fields("b", "Communiqué", f"Le {other} a été discuté.")])
    snap = IndexHandle(str(tmp_path)).snapshot()
    assert snap.bucket_tables("pairs") == (PairText.table_bits[0],)     # a small segment's table


def test_an_index_without_buckets_looks_none_up(tmp_path, phrases):
    wanted, _ = phrases
    ix = new_index(tmp_path)
    with ix.writer() as writer:              # Whoosh's own writer files every pair as itself
        writer.add_document(**fields("whoosh", "Communiqué", f"Le {wanted}, écrit par Whoosh."))
    snap = IndexHandle(str(tmp_path)).snapshot()
    assert snap.bucket_tables("pairs") == ()
    assert search_ids(tmp_path, f'"{wanted}"') == {"whoosh"}
