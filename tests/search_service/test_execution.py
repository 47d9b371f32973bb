"""The array executor agrees with Whoosh: same matching documents, same BM25F scores.

The reference is Whoosh searching the same documents, numbered alike, as its own writer
files them (every phrase pair its own term, where the service's index files rare pairs
in buckets)."""
import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.analysis import FRENCH_ANALYSIS, analyze_document
from indexer.ingest import ingest
from indexer.schema import SCHEMA
from indexer.store import IndexStore
from search_service.search.execution import Executor, top
from search_service.search.index_handle import IndexHandle
from search_service.search.postings import field_lengths, term_postings
from search_service.search.querying import parse
from search_service.search.synonyms import Synonyms
from tests.conftest import page, write_pages


@pytest.fixture(scope="module")
def snap(corpus_index):
    return IndexHandle(str(corpus_index)).snapshot()


@pytest.fixture(scope="module")
def whoosh_searcher(snap, tmp_path_factory):
    """The corpus index's documents, in the same order, through Whoosh's own writer."""
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("whoosh-written")), SCHEMA)
    with ix.writer() as writer:
        for docnum in range(snap.size):
            stored = snap.searcher.stored_fields(docnum)
            terms = analyze_document(stored["title"], stored["body"])
            writer.add_document(**{**stored, "title": terms.title, "_stored_title": stored["title"],
                                   "body": terms.body, "_stored_body": stored["body"], "exact": terms.exact,
                                   "pairs": terms.pairs})
    with ix.searcher() as searcher:
        assert searcher.doc_count_all() == snap.size
        yield searcher


QUERIES = ["sécurité", "OTAN Géorgie", "ministres OR Gymnich", "Ukraine -Russie", "réunions ministérielles",
           "sécu*", "title:Conseil", "(Russie OR Ukraine) sanctions", "Asselborn Stoltenberg",
           '"lutte contre le terrorisme"', '"Conseil de sécurité" OR "droits de l\'homme"', 'title:"affaires étrangères"']


@pytest.mark.parametrize("q", QUERIES)
def test_same_documents_and_scores_as_whoosh(snap, whoosh_searcher, q):
    query = parse(q, snap.reader, Synonyms.load()).query
    ours = Executor(snap).run(query)
    expected = {hit.docnum: hit.score for hit in whoosh_searcher.search(query, limit=None)}
    assert set(np.flatnonzero(ours.mask)) == set(expected)
    for docnum, score in expected.items():
        if not isinstance(query, wq.AndNot):     # Whoosh scores AndNot's right side too
            assert ours.scores[docnum] == pytest.approx(score, rel=1e-4)


@pytest.mark.parametrize("q", QUERIES + ["OTAN ministres Géorgie", "Asselborn sécurité réunion", "zzzyx OTAN"])
def test_an_and_led_by_its_rarest_word_matches_and_scores_as_the_dense_path_bit_for_bit(snap, q):
    query = parse(q, snap.reader, Synonyms.load()).query
    led, dense = Executor(snap, lead_ratio=0).run(query), Executor(snap, lead_ratio=None).run(query)
    assert np.array_equal(led.mask, dense.mask)
    assert np.array_equal(led.scores[led.mask], dense.scores[dense.mask])


def test_an_and_of_words_is_led_by_its_rarest_word_only_when_the_others_lists_are_much_longer(snap):
    rare, common = "Stoltenberg", "sécurité"
    sizes = {w: len(np.flatnonzero(Executor(snap).run(parse(w, snap.reader, Synonyms.load()).query).mask))
             for w in (rare, common)}
    assert sizes[common] > sizes[rare]
    query = parse(f"{rare} {common}", snap.reader, Synonyms.load()).query
    assert Executor(snap, lead_ratio=1)._led_by_rarest(query.subqueries) is not None
    assert Executor(snap, lead_ratio=1000)._led_by_rarest(query.subqueries) is None


def test_a_terms_scores_are_computed_once_a_snapshot_and_are_whooshs(snap, whoosh_searcher):
    first = snap.term_scores("body", b"secur")
    assert snap.term_scores("body", b"secur")[1] is first[1]          # the cached array, not scored again
    expected = {hit.docnum: hit.score for hit in whoosh_searcher.search(wq.Term("body", "secur"), limit=None)}
    assert dict(zip(first[0].tolist(), first[1].tolist())) == pytest.approx(expected, rel=1e-6)


def test_phrase_finds_only_documents_with_the_words_in_sequence(snap):
    phrase = parse('"lutte contre le terrorisme"', snap.reader).query
    ids = set(np.flatnonzero(Executor(snap).run(phrase).mask))
    bodies = {d: snap.searcher.stored_fields(d)["body"] + snap.searcher.stored_fields(d)["title"] for d in ids}
    assert ids and all("contre le terrorisme" in text.replace("\n", " ") for text in bodies.values())


def test_posting_arrays_equal_whoosh_matchers(snap):
    reader = snap.reader
    for field in ("body", "title", "exact", "pairs"):
        for btext in list(reader.lexicon(field))[::97]:
            ids, weights = term_postings(reader, field, btext)
            m = reader.postings(field, btext)
            expected = []
            while m.is_active():
                expected.append((m.id(), m.weight()))
                m.next()
            assert ids.tolist() == [i for i, _ in expected]
            assert weights.tolist() == pytest.approx([w for _, w in expected])


def test_field_lengths_equal_whoosh(snap):
    lengths = field_lengths(snap.reader, "body", snap.size)
    assert [lengths[d] for d in range(snap.size)] == [snap.reader.doc_field_length(d, "body", 0) for d in range(snap.size)]


def test_top_breaks_score_ties_by_date_newer_first():
    mask = np.array([True, True, True, False])
    scores = np.array([1.001, 1.004, 2.0, 9.0], dtype=np.float32)
    dates = np.array([20170101, 20180101, 20100101, 20200101])
    assert [d for d, _ in top(mask, scores, dates, 3, 2)] == [2, 1, 0]


def test_a_terms_scores_count_deleted_versions_in_its_idf_as_whoosh_does(build_index, tmp_path):
    towns = ["Bruxelles", "Vienne", "Berlin", "Rome", "Madrid", "Lisbonne"]
    pages = {f"p{i}.html": page(f"Visite à {town}", f"Le ministre a rencontré son homologue à {town} le {i + 1} mars."
                                if i % 2 else f"La ministre a participé au Conseil à {town} le {i + 1} mars.")
             for i, town in enumerate(towns)}
    index_dir = build_index(pages)
    pages["p1.html"] = page("Visite à Vienne", "Le ministre a rencontré son homologue à Vienne le 2 mars, puis à Graz.")
    ingest([str(write_pages(tmp_path / "index-src", pages))], IndexStore(index_dir), procs=1)
    snap = IndexHandle(str(index_dir)).snapshot()
    assert snap.searcher.doc_count() < snap.searcher.doc_count_all()      # the old version of p1 is still there
    stem = FRENCH_ANALYSIS.stem("homologue")
    ids, scores = snap.term_scores("body", stem.encode("utf-8"))
    expected = {hit.docnum: hit.score for hit in snap.searcher.search(wq.Term("body", stem), limit=None)}
    ours = dict(zip(ids.tolist(), scores.tolist()))
    assert expected and all(ours[d] == pytest.approx(score, rel=1e-6) for d, score in expected.items())
