"""Where a segment's bytes go, for benchmarks.index_sizes: its files by kind, and each term's record and postings.

W3 keeps each term as a terms-table record (length header, 2-byte field number, key, term info) and,
unless inlined, an extent of posting blocks in the .pst file. Whoosh exposes neither size: the private
names used here are SegmentReader._segment (the segment whose files to list), SegmentReader._terms
(the W3TermsReader, to walk every term info), W3TermInfo._struct (the fixed part of a term info) and
filetables._lengths (a record's length header).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.filetables import _lengths as _KEY_VALUE_LENGTHS

_FIELD_NUMBER_BYTES = 2
_POINTER_BYTES = 8 + 4       # a non-inlined term info ends with the postings' offset and length
_RECORD_OVERHEAD = _KEY_VALUE_LENGTHS.size + _FIELD_NUMBER_BYTES + W3TermInfo._struct.size


@dataclass(frozen=True)
class TermCost:
    fieldname: str
    record_bytes: int      # its terms-table record (inlined postings included)
    posting_bytes: int     # its posting blocks in the .pst file (0 when inlined)


def segment_file_sizes(ix, segment_reader) -> Counter:
    """Bytes of each of the segment's files, by kind (".pst", ".trm", "._stored.col"...)."""
    segment = segment_reader._segment
    storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
    sizes: Counter = Counter()
    for name in storage.list():
        if segment.segid in name:
            sizes[name.split(segment.segid, 1)[1]] += storage.file_length(name)
    return sizes


def term_costs(segment_reader) -> Iterator[TermCost]:
    """What every term of the segment costs, in the terms table and in the postings file."""
    for (fieldname, tbytes), info in segment_reader._terms.items():
        if info.is_inlined():
            inlined = len(info.to_bytes()) - W3TermInfo._struct.size
            yield TermCost(fieldname, _RECORD_OVERHEAD + len(tbytes) + inlined, 0)
        else:
            length = info._length[0] if isinstance(info._length, tuple) else info._length   # W3TermInfo._length
            yield TermCost(fieldname, _RECORD_OVERHEAD + len(tbytes) + _POINTER_BYTES, length)
