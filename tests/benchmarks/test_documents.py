"""Generated documents without their HTML: what the indexer would have extracted from the pages."""
from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.documents import generated_document
from benchmarks.generator import DEFAULT_SEED, generator_for
from indexer.document import RawPage
from indexer.extract import extract

SAMPLE = 150


@pytest.fixture(scope="module")
def pages():
    gen = generator_for(DEFAULT_SEED)
    return [gen.page(n) for n in range(SAMPLE)]


def test_every_layout_is_in_the_sample(pages):
    assert set(Counter(p.layout for p in pages)) == {"cms", "article", "legacy"}


def test_a_generated_document_holds_what_extraction_finds_in_its_page(pages):
    for page in pages:
        direct = generated_document(page)
        parsed = extract(RawPage(page.relpath, page.relpath, page.content))
        assert (direct.title, direct.body, direct.date, direct.metadata) == \
               (parsed.title, parsed.body, parsed.date, parsed.metadata), page.relpath
        assert direct.content_hash == parsed.content_hash


def test_generated_documents_have_distinct_ids(pages):
    assert len({generated_document(p).id for p in pages}) == SAMPLE
