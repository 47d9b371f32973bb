"""SegmentBuilder (indexer.whoosh_format) writes the segments Whoosh's own writer would write, byte for byte, only faster,
except that it files rare pairs under shared bucket terms (indexer.schema.PairText)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Every, Term
from whoosh.reading import SegmentReader

from indexer.analysis import analyze_document
from indexer.indexed import records
from indexer.generations import IndexStore
from indexer.schema import SCHEMA, PairPositions, PairText
from indexer.whoosh_format import SegmentBuilder, commit_with_segments, committed_segments
from indexer.whoosh_format.term_encoding import SMALLEST_BLOCK as _SMALLEST_BLOCK

WORDS = ("ministre affaires étrangères réunion conseil Bruxelles Luxembourg sécurité coopération européenne "
         "OTAN Ukraine sanctions développement humanitaire climat Vienne Genève Benelux visite entretien").split()


def documents(count: int) -> list[dict]:
    """Varied documents: optional fields missing, repeated and one-off words, long posting lists."""
    docs = []
    for i in range(count):
        words = [WORDS[(i * 7 + k * k) % len(WORDS)] for k in range(25 + i % 40)] + [f"unique{i}", f"mot{i % 13}"]
        title = f"Communiqué {i} {WORDS[i % len(WORDS)]}"
        body = " ".join(words)
        terms = analyze_document(title, body)
        fields = dict(id=f"doc/{i}", url=f"https://example.lu/{i}" if i % 3 else "", source="pages",
                      source_key=f"p{i:04}.html", content_hash=f"{i:064x}", title=terms.title, _stored_title=title,
                      body=terms.body, _stored_body=body, exact=terms.exact, pairs=terms.pairs,
                      date_inferred=bool(i % 2), lang="fr" if i % 5 else "en",
                      topics=",".join(["sécurité", "climat"][: i % 3]), people="Jean Asselborn" if i % 4 == 0 else "")
        if i % 6:
            fields["date"] = datetime(2000 + i % 26, 1 + i % 12, 1 + i % 28)
            fields["year"] = str(2000 + i % 26)
        if i % 5 == 1:
            fields["meeting"] = "Conseil Affaires étrangères"
        if i % 7 == 2:
            fields["location"] = "Bruxelles"
        docs.append(fields)
    return docs


def segment_files(ix, segment) -> dict[str, bytes]:
    """The files inside a segment's compound file, by extension."""
    compound = segment.open_compound_file(ix.storage)
    try:
        return {name.split(segment.segid, 1)[1]: compound.open_file(name).read() for name in compound.list()}
    finally:
        compound.close()


def stored_fields(ix, segment) -> list[dict]:
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        return [reader.stored_fields(docnum) for docnum in range(segment.doc_count_all())]
    finally:
        reader.close()


def build_both(tmp_path, docs, **builder_options):
    whoosh_dir, ours_dir = tmp_path / "whoosh", tmp_path / "ours"
    whoosh_dir.mkdir()
    ours_dir.mkdir()
    reference = whoosh_index.create_in(str(whoosh_dir), SCHEMA)
    with reference.writer() as writer:
        for fields in docs:
            writer.add_document(**fields)
    ix = whoosh_index.create_in(str(ours_dir), SCHEMA)
    builder = SegmentBuilder(ix, **builder_options)
    numbers = [builder.add(**fields) for fields in docs]
    runs = len(builder._runs)
    segment = builder.finish()
    return reference, ix, segment, numbers, runs


def terms_and_postings(ix, segment) -> dict:
    """Everything Whoosh reads from a segment's terms table and posting lists, decoded."""
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        out = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            m = reader.postings(fieldname, text)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            out[fieldname, text] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                    info.max_weight(), info.min_id(), info.max_id(), postings)
        return out
    finally:
        reader.close()


def with_rare_pairs_bucketed(terms: dict) -> dict:
    """Whoosh's terms and postings as SegmentBuilder files them: each pair seen in fewer than
    PairText.rare_below documents moves into its bucket, whose postings are the union of its pairs',
    their positions dropped (PairPositions.UNKNOWN)."""
    rare = {text: entry for (fieldname, text), entry in terms.items()
            if fieldname == "pairs" and entry[1] < PairText.rare_below and not PairPositions.is_overflow(text)}
    bits = PairText.bits_for(sum(entry[1] for entry in rare.values()))
    out, buckets = {key: entry for key, entry in terms.items() if key[0] != "pairs" or key[1] not in rare}, {}
    for text, entry in rare.items():
        key = PairText.bucket(PairText.slot(text.decode("utf-8")), bits).encode("utf-8")
        bucket = buckets.setdefault(key, {"docs": set(), "min": entry[2], "max": entry[3], "value": PairPositions.UNKNOWN})
        bucket["docs"].update(docnum for docnum, _, _ in entry[7])
        bucket["min"], bucket["max"] = min(bucket["min"], entry[2]), max(bucket["max"], entry[3])
    for key, bucket in buckets.items():
        docs = sorted(bucket["docs"])
        out["pairs", key] = (float(len(docs)), len(docs), bucket["min"], bucket["max"], 1.0, docs[0], docs[-1],
                             [(d, 1.0, bucket["value"]) for d in docs])
    return out


@pytest.mark.parametrize("count, limitmb", [(1, 192), (150, 192), (400, 0.2)])
def test_builder_writes_what_whooshs_writer_writes(tmp_path, count, limitmb):
    """Per-document files byte for byte, but for the stored fields, read back alike (pickled and compressed
    more tightly: indexer.whoosh_format.stored_fields) and smaller; terms and postings as Whoosh reads them back.

    A small limitmb makes the builder sort its postings into several runs on disk and merge them.
    """
    reference, ix, segment, numbers, runs = build_both(tmp_path, documents(count), limitmb=limitmb)
    assert numbers == list(range(count))
    assert (runs > 1) == (limitmb < 1)
    [expected] = committed_segments(reference)
    assert segment.doc_count_all() == expected.doc_count_all() == count
    assert segment._fieldlengths == expected._fieldlengths
    ours, theirs = segment_files(ix, segment), segment_files(reference, expected)
    assert sorted(ours) == sorted(theirs)
    for ext in theirs:
        if ext not in (".trm", ".pst", "._stored.col"):
            assert ours[ext] == theirs[ext], ext
    assert stored_fields(ix, segment) == stored_fields(reference, expected)
    assert len(ours["._stored.col"]) < len(theirs["._stored.col"])
    theirs_bucketed = with_rare_pairs_bucketed(terms_and_postings(reference, expected))
    assert terms_and_postings(ix, segment) == theirs_bucketed
    assert any(text.startswith(PairText.mark.encode()) for field, text in theirs_bucketed if field == "pairs")
    # One-posting blocks stay uncompressed, as Whoosh's writer means to do and does not: a smaller file.
    assert len(ours[".pst"]) < len(theirs[".pst"])
    assert not (tmp_path / "ours" / "MAIN.tmp").exists() or not any((tmp_path / "ours" / "MAIN.tmp").iterdir())


def test_short_posting_lists_are_inlined_in_the_terms_table_when_that_is_smaller(tmp_path):
    reference, ix, segment, _, _ = build_both(tmp_path, documents(150))
    [expected] = committed_segments(reference)
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        assert reader.term_info("exact", b"unique7").is_inlined()               # one posting
        assert reader.term_info("body", b"unique7").is_inlined()                # one posting with a weight
        assert reader.term_info("people", "Jean Asselborn".encode()).doc_frequency() == 38
        assert not reader.term_info("people", "Jean Asselborn".encode()).is_inlined()
        assert not reader.term_info("lang", b"fr").is_inlined()                  # 120 postings: a block
    finally:
        reader.close()
    ours, theirs = segment_files(ix, segment), segment_files(reference, expected)
    assert len(ours[".trm"]) + len(ours[".pst"]) < 0.75 * (len(theirs[".trm"]) + len(theirs[".pst"]))


def test_no_posting_block_is_shorter_than_the_bound_that_lets_the_builder_skip_encoding_one(tmp_path):
    """The builder inlines a list without encoding its block when the inlined pickle is shorter than any
    block could be: the bound must hold for every block either writer writes."""
    reference, ix, segment, _, _ = build_both(tmp_path, documents(150))
    [expected] = committed_segments(reference)
    lengths = []
    for index, seg in ((reference, expected), (ix, segment)):
        reader = SegmentReader(index.storage, index.schema, seg)
        try:
            for fieldname, text in reader.all_terms():
                info = reader.term_info(fieldname, text)
                if not info.is_inlined():
                    length = info.extent()[1]         # read back as a 1-tuple (Whoosh 2.7.4 omits the [0])
                    lengths.append(length[0] if isinstance(length, tuple) else length)
        finally:
            reader.close()
    assert len(lengths) > 100 and min(lengths) >= _SMALLEST_BLOCK


def test_a_committed_segment_is_searchable_and_merges_with_whoosh_segments(tmp_path):
    docs = documents(120)
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    with ix.writer() as writer:                                  # a segment written by Whoosh
        for fields in docs[:40]:
            writer.add_document(**fields)
    built = []
    for part in (docs[40:80], docs[80:]):                          # two built beside it, one commit
        builder = SegmentBuilder(ix)
        for fields in part:
            builder.add(**fields)
        built.append(builder.finish())
    built[0].delete_document(0)                                   # doc/40 dropped before the commit
    commit_with_segments(ix.writer(), built)
    with ix.searcher() as s:
        assert s.doc_count() == 119 and len(committed_segments(ix)) == 3
        assert s.document_number(id="doc/40") is None
        assert [h["id"] for h in s.search(Term("exact", "unique95"))] == ["doc/95"]
        assert s.search(Every(), limit=None).scored_length() == 119
    with ix.writer() as writer:                                   # Whoosh reads and merges them
        writer.optimize = True
    with ix.searcher() as s:
        assert s.doc_count() == 119 and len(committed_segments(ix)) == 1
        assert [h["id"] for h in s.search(Term("exact", "unique95"))] == ["doc/95"]


def test_a_cancelled_builder_leaves_no_file(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    before = set(p.name for p in tmp_path.iterdir())
    builder = SegmentBuilder(ix, limitmb=1)
    for fields in documents(300):
        builder.add(**fields)
    builder.cancel()
    assert set(p.name for p in tmp_path.iterdir() if p.name != "MAIN.tmp") == before
    assert not any((tmp_path / "MAIN.tmp").rglob("*")) if (tmp_path / "MAIN.tmp").exists() else True


def test_a_bad_value_fails_before_anything_is_written(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    builder = SegmentBuilder(ix)
    good = documents(2)
    builder.add(**good[0])
    with pytest.raises(UnicodeEncodeError):
        builder.add(**{**good[1], "exact": {"mauvais\udce9": 1}})
    assert builder.add(**good[1]) == 1                            # the failed document took no number
    segment = builder.finish()
    commit_with_segments(ix.writer(), [segment])
    with ix.searcher() as s:
        assert sorted(d["id"] for d in s.all_stored_fields()) == ["doc/0", "doc/1"]


def test_the_store_opens_what_the_builder_committed(tmp_path):
    store = IndexStore(tmp_path / "ix")
    name, ix = store.create_generation()
    builder = SegmentBuilder(ix)
    for fields in documents(10):
        builder.add(**fields)
    commit_with_segments(ix.writer(), [builder.finish()])
    store.publish(name)
    assert store.open().doc_count() == 10


def test_a_new_generation_is_published_only_when_its_build_completes(tmp_path):
    store = IndexStore(tmp_path / "ix")
    with store.new_generation() as ix:
        first = Path(ix.storage.folder).name
        builder = SegmentBuilder(ix)
        for fields in documents(3):
            builder.add(**fields)
        commit_with_segments(ix.writer(), [builder.finish()])
        assert store.current_name() is None          # not visible while it is being built
    assert store.current_name() == first and store.open().doc_count() == 3

    with pytest.raises(RuntimeError, match="interrupted"):
        with store.new_generation() as ix:
            failed = Path(ix.storage.folder).name
            raise RuntimeError("interrupted build")
    assert store.current_name() == first and not (tmp_path / "ix" / failed).exists()


def test_source_key_content_hash_and_date_are_columns_neither_terms_nor_stored(tmp_path):
    store = IndexStore(tmp_path / "ix")
    with store.new_generation() as ix:
        builder = SegmentBuilder(ix)
        for fields in documents(4):
            builder.add(**fields)
        commit_with_segments(ix.writer(), [builder.finish()])
    with store.open().searcher() as s:
        reader = s.reader()
        assert list(reader.lexicon("source_key")) == [] and list(reader.lexicon("content_hash")) == []
        assert [reader.column_reader("source_key")[d] for d in range(4)] == [f"p{i:04}.html" for i in range(4)]
        assert reader.column_reader("content_hash")[3] == f"{3:064x}"
        assert not {"source_key", "content_hash", "date", "year"} & set(s.stored_fields(2))
        fields = dict(records(reader))[2]                            # read back from the columns
        assert (fields["source_key"], fields["date"], fields["year"]) == ("p0002.html", datetime(2002, 3, 3), "2002")
        assert "date" not in dict(records(reader))[0]                # documents/0 has no date


def test_the_terms_tables_hash_tables_are_smaller_and_every_term_is_found_or_not_as_in_whooshs(tmp_path):
    """Hash tables with a slot and a half a key (term_encoding._TermsTable): Whoosh finds every term
    the builder wrote, and finds none it did not."""
    reference, ix, segment, _, _ = build_both(tmp_path, documents(150))
    [expected] = committed_segments(reference)
    ours, theirs = SegmentReader(ix.storage, ix.schema, segment), SegmentReader(reference.storage, reference.schema, expected)
    try:
        ours_terms = set(ours.all_terms())
        assert {term for term in theirs.all_terms() if term in ours_terms}       # plenty in common
        for fieldname, text in ours_terms:
            assert (fieldname, text) in ours
        for fieldname, text in theirs.all_terms():
            assert ((fieldname, text) in ours) == ((fieldname, text) in ours_terms)
        for absent in (b"zzz", b"ministre introuvable", "\U0010ffff16:ffff".encode("utf-8")):
            assert ("body", absent) not in ours and ("pairs", absent) not in ours
        slots = sum(count for _, count in ours._terms._tindex.tables)      # HashReader's directory
        assert len(ours_terms) < slots <= 1.5 * len(ours_terms) + 256
        assert sum(count for _, count in theirs._terms._tindex.tables) == 2 * len(list(theirs.all_terms()))
    finally:
        ours.close()
        theirs.close()
