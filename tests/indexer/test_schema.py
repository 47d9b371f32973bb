"""What the schema decides about the index's terms: bucket tables for rare pairs, full-precision dates."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.schema import SCHEMA, PairText


def test_a_segment_with_few_rare_pairs_uses_the_smallest_bucket_table():
    assert PairText.bits_for(0) == PairText.bits_for(500) == min(PairText.table_bits)


def test_the_bucket_table_grows_with_the_rare_pairs_up_to_the_largest():
    per = PairText.docs_per_bucket
    assert PairText.bits_for(per << 12) == 12
    assert PairText.bits_for((per << 12) - 1) == 11
    assert PairText.bits_for(per << 30) == max(PairText.table_bits)


def test_a_pair_has_one_bucket_per_table_size_all_marked_as_buckets():
    buckets = PairText.buckets("secur europeen")
    assert len(buckets) == len(PairText.table_bits) == len(set(buckets))
    assert all(b.startswith(PairText.mark) for b in buckets)


def test_a_pairs_buckets_are_the_same_in_another_process():
    """The indexer's workers and the servers must agree: a CRC, not Python's per-process salted hash()."""
    code = "from indexer.schema import PairText; print(repr(PairText.buckets('secur europeen')))"
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        assert out.strip() == repr(PairText.buckets("secur europeen"))


def test_a_date_is_one_term_and_still_answers_ranges(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    with ix.writer() as writer:
        for day in (1, 10, 20):
            writer.add_document(id=f"d{day}", date=datetime(2024, 3, day))
    with ix.searcher() as s:
        assert len(list(s.lexicon("date"))) == 3
        found = s.search(wq.DateRange("date", datetime(2024, 3, 5), datetime(2024, 3, 25)), limit=None)
        assert sorted(hit["id"] for hit in found) == ["d10", "d20"]


def test_the_content_hash_column_keeps_the_digests_bytes_and_reads_back_as_written():
    field = SCHEMA["content_hash"]
    digest = "d20e0d3962ae54f5f381aee0f1067c3f"
    assert len(field.to_column_value(digest)) == 17         # a tag byte and the 16 bytes
    for value in (digest, "", "h1", "D20E0D39", "abc", "é"):
        assert field.from_column_value(field.to_column_value(value)) == value
