"""Damaged index bytes come out of the adapter as IndexUnreadable, with what the decoder tripped on as its cause."""
from __future__ import annotations

import pickle
import struct
import zlib

import pytest

from indexer.errors import IndexUnreadable
from indexer.whoosh_format import decode_posting_blocks, decoding

MAGIC = b"W3Bl"


def last_block(info: tuple, postings: bytes) -> bytes:
    body = pickle.dumps(info, 2) + postings
    return struct.pack("!i", -len(body)) + body


def test_a_well_formed_block_decodes():
    postings = zlib.compress(pickle.dumps(((3, 2, 5), None, None), 2))
    ids, weights = decode_posting_blocks(MAGIC + last_block((3, 10, 1.0, 1, 0, 0), postings))
    assert ids.tolist() == [3, 5, 10] and weights.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("raw, cause", [
    (b"XXXX" + b"\x00" * 16, None),                                                   # not a posting list
    (MAGIC + struct.pack("!i", -40) + b"\x80\x02(K\x03", EOFError),                    # cut short
    (MAGIC + last_block((1, 1, 1.0, 1, 0, 0), b"not zlib at all"), zlib.error),       # corrupt compression
    (MAGIC + last_block((1, 1, 1.0, 0, 0, 0), b"\x80\x02garbage"), pickle.UnpicklingError),
])
def test_damaged_posting_bytes_raise_index_unreadable(raw, cause):
    with pytest.raises(IndexUnreadable) as raised:
        decode_posting_blocks(raw)
    assert "cannot be read" in str(raised.value)
    if cause is not None:
        assert isinstance(raised.value.__cause__, cause)


def test_an_error_that_no_damaged_file_raises_is_not_disguised_as_one():
    with pytest.raises(NameError):
        with decoding("nothing"):
            raise NameError("a plain bug")
