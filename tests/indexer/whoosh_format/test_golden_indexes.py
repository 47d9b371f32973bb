"""Indexes already on disk stay readable, both ways: the adapter reads what stock Whoosh 2.7.4 wrote, and stock
Whoosh reads what SegmentBuilder writes.

The two golden indexes (tests/indexer/whoosh_format/golden/, see golden.py) are committed: a change of the
reader and the writer made together, consistent with each other but not with Whoosh's format, fails here.
"""
from __future__ import annotations

import io
import pickle
import zlib
from array import array

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.reading import MultiReader

from indexer.analysis import stems
from indexer.schema import SCHEMA
from indexer.whoosh_format import (
    SegmentBuilder,
    StoredFields,
    commit_with_segments,
    committed_segments,
    date_column_as_yyyymmdd,
    segment_field_lengths,
    segment_field_postings,
    segment_term_postings,
    segment_term_statistics,
)
from indexer.whoosh_format.reading import _Private
from indexer.whoosh_format.term_encoding import ARRAY_BLOCKS_FROM
from search_service.search.execution import Executor
from search_service.search.snapshot import Snapshot
from tests.indexer.test_store import segment_files, terms_and_postings, with_rare_pairs_bucketed
from tests.indexer.whoosh_format.golden import BUILDER, STOCK, documents, write_builder

BLOCK = 128          # W3PostingsWriter's block limit: longer lists span several blocks
TEXT_FIELDS = ("title", "body", "exact", "pairs")


def block_counts(raw: bytes) -> list[int]:
    """How many postings each block of a term's on-disk list holds (the first number of its info)."""
    counts, pos = [], 4
    while pos < len(raw):
        length = int.from_bytes(raw[pos:pos + 4], "big", signed=True)
        counts.append(pickle.loads(raw[pos + 4:pos + 4 + abs(length)])[0])    # the info pickle comes first
        pos += 4 + abs(length)
    return counts


def block_payloads(raw: bytes) -> list[tuple]:
    """Each block's unpickled (deltas, weights, values), after its info pickle."""
    payloads, pos = [], 4
    while pos < len(raw):
        length = int.from_bytes(raw[pos:pos + 4], "big", signed=True)
        stream = io.BytesIO(raw[pos + 4:pos + 4 + abs(length)])
        compression = pickle.load(stream)[3]
        data = stream.read()
        payloads.append(pickle.loads(zlib.decompress(data) if compression else data))
        pos += 4 + abs(length)
    return payloads


def open_golden(folder):
    assert any(folder.glob("_MAIN_*.toc")), f"{folder}: run python -m tests.indexer.whoosh_format.golden"
    return whoosh_index.open_dir(str(folder), readonly=True)


@pytest.fixture(scope="module")
def stock():
    ix = open_golden(STOCK)
    with ix.reader() as reader:
        yield reader


@pytest.fixture(scope="module")
def built():
    ix = open_golden(BUILDER)
    with ix.reader() as reader:
        yield reader


def whoosh_postings(reader, fieldname, btext):
    matcher = reader.postings(fieldname, btext)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def the_segment(reader):
    (segment, base), = reader.leaf_readers()
    assert base == 0
    return segment


def assert_reader_agrees_with_whoosh(reader):
    segment = the_segment(reader)
    for fieldname in TEXT_FIELDS:
        table = dict(segment_field_postings(segment, fieldname))
        assert list(table) == list(reader.lexicon(fieldname))
        statistics = {btext: (df, weight) for btext, df, weight in segment_term_statistics(segment, fieldname)}
        for btext, (ids, weights) in table.items():
            expected_ids, expected_weights = whoosh_postings(reader, fieldname, btext)
            assert ids.tolist() == expected_ids, (fieldname, btext)
            assert weights.tolist() == pytest.approx(expected_weights), (fieldname, btext)
            single = segment_term_postings(segment, fieldname, btext)
            assert single[0].tolist() == expected_ids
            assert statistics[btext] == (reader.doc_frequency(fieldname, btext), reader.frequency(fieldname, btext))


def test_the_golden_indexes_open_with_the_schema_classes_at_their_import_paths():
    for folder in (STOCK, BUILDER):
        toc = max(folder.glob("_MAIN_*.toc")).read_bytes()
        assert b"indexer.schema" in toc and b"indexer.analysis" in toc     # pickled by import path
        ix = open_golden(folder)
        assert type(ix.schema["body"]).__module__ == "indexer.schema"
        with ix.searcher() as searcher:
            assert searcher.doc_count() == len(documents())
            assert searcher.document(id="golden/007")["title"].startswith("Communiqué")


def test_the_stock_index_has_posting_lists_over_several_blocks(stock):
    longest = {fieldname: max(stock.doc_frequency(fieldname, b) for b in stock.lexicon(fieldname))
               for fieldname in TEXT_FIELDS}
    assert longest["body"] > 2 * BLOCK and longest["pairs"] > 2 * BLOCK


def test_the_adapter_reads_every_posting_list_of_the_stock_index_as_whoosh_does(stock):
    assert_reader_agrees_with_whoosh(stock)


def test_the_adapter_reads_every_posting_list_of_the_builders_index_as_whoosh_does(built):
    assert_reader_agrees_with_whoosh(built)


def test_the_builder_writes_a_long_posting_list_as_one_block(built):
    """POSTING_BLOCK_LIMIT: the golden "ministre" list (236 postings) is one block, not two of 128."""
    segment = the_segment(built)
    raw = _Private.read_postings_extent(_Private.terms_table(segment), segment.term_info("body", "ministr"))
    assert built.doc_frequency("body", "ministr") > BLOCK
    assert block_counts(raw) == [built.doc_frequency("body", "ministr")]


def test_the_builder_keeps_a_long_blocks_postings_as_arrays_and_a_short_ones_as_tuples(built):
    """ARRAY_BLOCKS_FROM: "sujet" (300 postings, one to three a document) against "ministr" (236)."""
    segment = the_segment(built)
    terms = _Private.terms_table(segment)
    (long_block,) = block_payloads(_Private.read_postings_extent(terms, segment.term_info("body", "sujet")))
    (short_block,) = block_payloads(_Private.read_postings_extent(terms, segment.term_info("body", "ministr")))
    assert built.doc_frequency("body", "sujet") >= ARRAY_BLOCKS_FROM > built.doc_frequency("body", "ministr")
    assert isinstance(long_block[0], array) and isinstance(long_block[1], array)
    assert isinstance(short_block[0], tuple)


@pytest.mark.parametrize("block_limit, term", [(BLOCK, "ministr"), (ARRAY_BLOCKS_FROM, "sujet")])
def test_the_adapter_reads_the_builders_lists_over_several_blocks_as_whoosh_does(tmp_path, block_limit, term):
    """The builder's multi-block lists (past POSTING_BLOCK_LIMIT in a real index), written here with smaller
    blocks: of tuples only, then a block of arrays before one of tuples."""
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    builder = SegmentBuilder(ix, block_limit=block_limit)
    for fields in documents():
        builder.add(**fields)
    commit_with_segments(ix.writer(), [builder.finish()])
    with ix.reader() as reader:
        segment = the_segment(reader)
        raw = _Private.read_postings_extent(_Private.terms_table(segment), segment.term_info("body", term))
        assert block_counts(raw) == [block_limit, reader.doc_frequency("body", term) - block_limit]
        assert [type(payload[0]) for payload in block_payloads(raw)] == \
            [array if block_limit >= ARRAY_BLOCKS_FROM else tuple, tuple]
        assert_reader_agrees_with_whoosh(reader)


@pytest.mark.parametrize("fieldname", ["title", "body", "exact", "pairs"])
def test_the_adapter_reads_field_lengths_as_whoosh_does(stock, built, fieldname):
    for reader in (stock, built):
        lengths = segment_field_lengths(the_segment(reader), fieldname)
        assert lengths.tolist() == [reader.doc_field_length(d, fieldname, 0) for d in range(reader.doc_count_all())]


def test_the_adapter_reads_every_documents_stored_fields_as_whoosh_does(stock, built):
    for reader in (stock, built, MultiReader([stock, built])):       # one segment, and two after each other
        stored = StoredFields(reader)
        assert [stored(d) for d in range(reader.doc_count_all())] == \
            [reader.stored_fields(d) for d in range(reader.doc_count_all())]
    assert _Private.stored_bytes(the_segment(built)) is not None      # the fast path, not the fallback


def test_the_adapter_reads_dates_as_written(stock, built):
    expected = [int(f["date"].strftime("%Y%m%d")) if "date" in f else 0 for f in documents()]
    for reader in (stock, built):
        assert date_column_as_yyyymmdd(reader, "date", reader.doc_count_all()).tolist() == expected


@pytest.mark.parametrize("query", [
    wq.Term("body", "ministr"), wq.Term("body", "conseil"), wq.Term("title", stems("Bruxelles")[0]),
    wq.Term("exact", "ukrainien"), wq.Term("pairs", "commun ministr"),
    wq.And([wq.Term("body", stem) for stem in stems("sécurité Europe")]),
    wq.Or([wq.Term("title", stems("Vienne")[0]), wq.Term("body", stems("climat")[0])]),
])
def test_scores_on_the_stock_index_equal_whooshs(query):
    ix = open_golden(STOCK)
    with ix.searcher() as searcher:
        snap = Snapshot(searcher, ("golden", 1), cache_size=0)
        ours = Executor(snap).run(query)
        expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
        assert expected
        assert set(np.flatnonzero(ours.mask).tolist()) == set(expected)
        for docnum, score in expected.items():
            assert ours.scores[docnum] == pytest.approx(score, rel=1e-5)


def test_stock_whoosh_reads_the_builders_index_as_it_reads_its_own():
    stock_ix, built_ix = open_golden(STOCK), open_golden(BUILDER)
    (stock_segment,), (built_segment,) = committed_segments(stock_ix), committed_segments(built_ix)
    assert terms_and_postings(built_ix, built_segment) == with_rare_pairs_bucketed(
        terms_and_postings(stock_ix, stock_segment))
    with stock_ix.reader() as stock_reader, built_ix.reader() as built_reader:
        assert list(built_reader.all_stored_fields()) == list(stock_reader.all_stored_fields())
        for column in ("source_key", "date"):
            assert list(built_reader.column_reader(column, translate=False)) == \
                list(stock_reader.column_reader(column, translate=False))
        # The stock index's schema keeps the content hash as text, the builder's as its bytes (HexDigestColumn)
        assert list(built_reader.column_reader("content_hash")) == list(stock_reader.column_reader("content_hash"))


def test_the_builder_still_writes_the_golden_segment_byte_for_byte(tmp_path):
    folder = tmp_path / "rebuilt"
    folder.mkdir()
    segment = write_builder(folder)
    golden_ix = open_golden(BUILDER)
    (golden_segment,) = committed_segments(golden_ix)
    rebuilt, golden = segment_files(whoosh_index.open_dir(str(folder)), segment), segment_files(golden_ix, golden_segment)
    assert sorted(rebuilt) == sorted(golden)
    for extension in golden:
        assert rebuilt[extension] == golden[extension], extension

