"""« Communiqués liés »: the key terms of a text, read from the snapshot's lexicon, are Whoosh's."""
from __future__ import annotations

import pytest

from indexer.analysis import stems
from search_service.search.index_handle import IndexHandle
from search_service.search.related import KEY_TERMS_FROM_CHARS, RELATED_TERMS, key_terms


@pytest.fixture(scope="module")
def snap(corpus_index):
    return IndexHandle(str(corpus_index)).snapshot()


def test_the_key_terms_of_every_corpus_communique_are_whooshs(snap):
    checked = 0
    for docnum in range(snap.size):
        body = snap.stored_fields(docnum).get("body") or ""
        if not body.strip():
            continue
        text = body[:KEY_TERMS_FROM_CHARS]
        ours = key_terms(snap.lexicon("body"), stems(text), snap.size, RELATED_TERMS)
        whooshs = snap.searcher.key_terms_from_text("body", text, numterms=RELATED_TERMS)
        assert [word for word, _ in ours] == [word for word, _ in whooshs], docnum
        assert [weight for _, weight in ours] == pytest.approx([weight for _, weight in whooshs]), docnum
        checked += 1
    assert checked > 50


def test_words_the_archive_lacks_are_no_key_terms(snap):
    unknown = set(stems("zorglubification xyzzyque"))
    assert all(snap.lexicon("body").rank_of(word) is None for word in unknown)
    found = key_terms(snap.lexicon("body"), stems("Le ministre a reçu zorglubification et xyzzyque."), snap.size, 5)
    assert found and not unknown & {word for word, _ in found}
    assert found[0][1] == pytest.approx(max(weight for _, weight in found))


def test_a_text_of_unknown_words_only_has_no_key_term(snap):
    assert key_terms(snap.lexicon("body"), stems("zorglubification xyzzyque"), snap.size, 5) == []
