"""Quoted phrases match exactly the documents holding the phrase after the analysis chain (issue 22), as
stock Whoosh's positional Phrase query finds them on the same documents, including phrases of three to
five words whose pairs all occur in a document, apart."""
from __future__ import annotations

import copy
import random

import numpy as np
import pytest
from whoosh import formats
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema

from benchmarks.generator import generator_for
from indexer.analysis import FRENCH, FRENCH_ANALYSIS, stems
from indexer.schema import SCHEMA, PairText
from indexer.store import IndexStore, SegmentBuilder, commit_with_segments
from search_service.search.execution import Executor
from search_service.search.index_handle import IndexHandle
from search_service.search.querying import parse
from tests.search_service.test_pair_buckets import fields

# (id, title, body): each phrase below is in some documents and has all its pairs, apart, in others
DOCUMENTS = [
    ("cpi", "Déclaration sur la Cour pénale internationale",
     "Le ministre a rappelé le soutien du Luxembourg à la Cour pénale internationale."),
    ("cpi-apart", "Réforme de la justice",
     "La cour pénale d'appel a siégé. Le droit pénal international progresse, la coopération pénale "
     "internationale aussi."),
    ("terrorisme", "Conseil de sécurité",
     "La lutte contre le terrorisme international reste une priorité commune."),
    ("terrorisme-apart", "Sécurité intérieure",
     "La lutte contre la fraude se poursuit ; contre le terrorisme, la police agit. Le terrorisme "
     "international recule."),
    ("conseil", "Réunion à Bruxelles",
     "Le Conseil européen des ministres des Affaires étrangères s'est réuni lundi."),
    ("conseil-apart", "Réunion à Bruxelles",
     "Le Conseil européen des ministres s'est réuni. Les ministres des Affaires étrangères du Benelux "
     "étaient présents."),
    ("repeated", "Aide humanitaire",
     "L'aide humanitaire d'urgence, l'aide humanitaire au Sahel, l'aide humanitaire alimentaire : "
     "trois volets de l'aide humanitaire d'urgence alimentaire."),
    ("repeated-apart", "Aide humanitaire",
     "L'aide humanitaire au Sahel, l'aide humanitaire en Syrie, l'aide humanitaire de la Croix-Rouge, "
     "une réponse d'urgence alimentaire et humanitaire d'urgence."),
    ("title-only", "La Cour pénale internationale à La Haye", "Une visite de travail."),
    ("accents", "Communiqué", "La COUR PENALE INTERNATIONALE, l’œuvre commune, la mise en oeuvre."),
]
PHRASES = ["Cour pénale internationale", "lutte contre le terrorisme international",
           "Conseil européen des ministres des Affaires étrangères", "aide humanitaire d'urgence alimentaire",
           "aide humanitaire d'urgence", "humanitaire d'urgence alimentaire", "cour pénale", "la mise en œuvre",
           "pénale internationale"]


def build_service(index_dir, docs: list[dict], segments: int = 2) -> None:
    """The service's index of `docs`, over several SegmentBuilder segments in one commit."""
    store = IndexStore(index_dir)
    name, ix = store.create_generation()
    store.publish(name)
    built = []
    for part in range(segments):
        builder = SegmentBuilder(ix)
        for doc in docs[part::segments]:
            builder.add(**doc)
        built.append(builder.finish())
    commit_with_segments(ix.writer(), [s for s in built if s is not None])


def build_stock(index_dir, docs: list[tuple[str, str, str]]):
    """Stock Whoosh with positions: title and body analysed by the same French chain."""
    schema = Schema(id=ID(stored=True), title=TEXT(analyzer=FRENCH, phrase=True),
                    body=TEXT(analyzer=FRENCH, phrase=True))
    index_dir.mkdir()
    ix = whoosh_index.create_in(str(index_dir), schema)
    with ix.writer() as writer:
        for doc_id, title, body in docs:
            writer.add_document(id=doc_id, title=title, body=body)
    return ix


def stock_ids(ix, phrase: str) -> set[str]:
    words = stems(phrase)
    q = wq.Or([wq.Phrase("title", words), wq.Phrase("body", words)]) if len(words) > 1 else wq.Term("body", words[0])
    with ix.searcher() as s:
        return {hit["id"] for hit in s.search(q, limit=None)}


def service_ids(index_dir, phrase: str) -> set[str]:
    snap = IndexHandle(str(index_dir)).snapshot()
    matches = Executor(snap).run(parse(f'"{phrase}"', snap.reader).query)
    return {snap.searcher.stored_fields(int(d))["id"] for d in np.flatnonzero(matches.mask)}


def copies(docs, times: int):
    """Each document `times` over: its pairs then have their own terms (with positions), not buckets."""
    return [(f"{doc_id}#{i}", title, body) for i in range(times) for doc_id, title, body in docs]


@pytest.mark.parametrize("times", [1, PairText.rare_below * 2])      # pairs in buckets, then pairs as themselves
def test_phrases_match_what_whoosh_positions_find(tmp_path, times):
    docs = copies(DOCUMENTS, times)
    build_service(tmp_path / "service", [fields(*doc) for doc in docs])
    stock = build_stock(tmp_path / "stock", docs)
    for phrase in PHRASES:
        assert service_ids(tmp_path / "service", phrase) == stock_ids(stock, phrase), phrase


@pytest.mark.parametrize("times", [1, PairText.rare_below * 2])
def test_a_phrase_whose_pairs_stand_apart_does_not_match(tmp_path, times):
    build_service(tmp_path / "service", [fields(*doc) for doc in copies(DOCUMENTS, times)])
    found = {doc_id.split("#")[0] for doc_id in service_ids(tmp_path / "service", "Cour pénale internationale")}
    assert found == {"cpi", "title-only", "accents"}
    found = {d.split("#")[0] for d in service_ids(tmp_path / "service", "lutte contre le terrorisme international")}
    assert found == {"terrorisme"}
    found = {d.split("#")[0] for d in service_ids(tmp_path / "service",
                                                  "Conseil européen des ministres des Affaires étrangères")}
    assert found == {"conseil"}
    found = {d.split("#")[0] for d in service_ids(tmp_path / "service", "aide humanitaire d'urgence alimentaire")}
    assert found == {"repeated"}


def generated_documents(count: int) -> list[tuple[str, str, str]]:
    gen = generator_for(8)
    docs = []
    for n in range(count):
        doc = gen.communique(n, random.Random(f"8:{n}"))
        docs.append((f"g{n}", doc.title, "\n\n".join(doc.paragraphs)))
    return docs


def generated_phrases(docs, rng: random.Random, count: int) -> list[str]:
    """Runs of 3-5 consecutive content words of the documents, and as many spliced ones: a pair of one
    place followed by the word after the pair's second stem elsewhere in the same document."""
    phrases = []
    while len(phrases) < count:
        _, title, body = rng.choice(docs)
        words = FRENCH_ANALYSIS.words(body)
        doc_stems = FRENCH_ANALYSIS.stems_of(words)
        if len(words) < 8:
            continue
        size = rng.randint(3, 5)
        start = rng.randrange(len(words) - size)
        phrases.append(" ".join(words[start:start + size]))
        others = [k for k in range(len(words) - 1) if doc_stems[k] == doc_stems[start + 1] and k != start + 1]
        if others:
            k = rng.choice(others)
            phrases.append(" ".join([words[start], words[start + 1], words[k + 1]]))
    return phrases


def test_phrases_over_generated_communiques_match_whoosh_positions(tmp_path):
    docs = generated_documents(300)
    build_service(tmp_path / "service", [fields(*doc) for doc in docs])
    stock = build_stock(tmp_path / "stock", docs)
    phrases = generated_phrases(docs, random.Random(22), 120)
    differing = {p: (service_ids(tmp_path / "service", p), stock_ids(stock, p)) for p in phrases}
    differing = {p: found for p, found in differing.items() if found[0] != found[1]}
    assert not differing
    assert sum(len(stock_ids(stock, p)) > 1 for p in phrases) > 10        # not only one-document phrases


def test_an_index_written_before_positions_still_answers_phrases_exactly(tmp_path):
    """An index whose pairs have no positions (written before issue 22, until its --rebuild): the
    candidates are all checked against their text."""
    store = IndexStore(tmp_path / "service")
    name, _ = store.create_generation()
    schema = copy.deepcopy(SCHEMA)
    schema["pairs"].format = formats.Existence()
    ix = whoosh_index.create_in(str(store.root / name), schema)
    store.publish(name)
    builder = SegmentBuilder(ix)
    for doc in copies(DOCUMENTS, PairText.rare_below * 2):
        builder.add(**fields(*doc))
    commit_with_segments(ix.writer(), [builder.finish()])
    assert IndexStore(tmp_path / "service").open().schema["pairs"].format.fixed_value_size() == 0
    stock = build_stock(tmp_path / "stock", copies(DOCUMENTS, PairText.rare_below * 2))
    for phrase in PHRASES:
        assert service_ids(tmp_path / "service", phrase) == stock_ids(stock, phrase), phrase


def test_positions_alone_settle_phrases_whose_pairs_have_their_own_terms(tmp_path, monkeypatch):
    """Pairs seen up to four times in a document keep every position (their overflow terms): no text is read."""
    docs = copies(DOCUMENTS, PairText.rare_below * 2)
    build_service(tmp_path / "service", [fields(*doc) for doc in docs])
    stock = build_stock(tmp_path / "stock", docs)
    snap = IndexHandle(str(tmp_path / "service")).snapshot()

    def no_text(docnum):
        raise AssertionError(f"document {docnum} re-read for a phrase")
    monkeypatch.setattr(snap, "stored_fields", no_text)
    for phrase in PHRASES:
        matches = Executor(snap).run(parse(f'"{phrase}"', snap.reader).query)
        found = {snap.searcher.stored_fields(int(d))["id"] for d in np.flatnonzero(matches.mask)}
        assert found == stock_ids(stock, phrase), phrase
