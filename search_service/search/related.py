"""« Communiqués liés »: the documents a document page suggests next.

A French text is weighed by the French analysis: its key terms, searched as an OR (more-like-this). A text
that analysis cannot weigh (an English page) would only find other pages in its language that way, so it is
related by what the metadata says it is about: its meeting, topics, people and place.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
from whoosh import query as wq

from indexer.analysis import stems
from indexer.indexed import split_list
from search_service.search.execution import SCORE_TIE_DIGITS, Executor, top
from search_service.search.lexicon import Lexicon
from search_service.search.snapshot import Snapshot

RELATED_COUNT = 5
RELATED_TERMS = 12
ANALYSED_LANGUAGE = "fr"  # the language of the analysis chain: its key terms say what a text is about
SUBJECT_WEIGHTS = {"meeting": 3.0, "topic": 1.0, "person": 0.5, "location": 0.5}
KEY_TERMS_FROM_CHARS = 20_000     # of the body: key terms of a very long text are read from its beginning


def related_documents(snap: Snapshot, docnum: int, stored: dict) -> list[tuple[int, float]]:
    """(document number, score) of the documents to suggest beside `docnum`, best first."""
    body = stored.get("body", "")
    if (stored.get("lang") or ANALYSED_LANGUAGE) == ANALYSED_LANGUAGE:
        return similar_text(snap, docnum, body)
    return same_subject(snap, docnum, stored) or similar_text(snap, docnum, body)


def similar_text(snap: Snapshot, docnum: int, text: str) -> list[tuple[int, float]]:
    """More-like-this: Whoosh's key terms of the text, searched as an OR, the document itself excluded."""
    if not text.strip():
        return []
    terms = key_terms(snap.lexicon("body"), stems(text[:KEY_TERMS_FROM_CHARS]), snap.size, RELATED_TERMS)
    if not terms:
        return []
    matches = Executor(snap).run(wq.Or([wq.Term("body", word, boost=weight) for word, weight in terms]))
    matches.mask[docnum] = False
    return top(matches.mask, matches.scores, snap.dates, RELATED_COUNT, SCORE_TIE_DIGITS)


def key_terms(lexicon: Lexicon, text_stems: list[str], doc_count: int, number: int) -> list[tuple[str, float]]:
    """The `number` terms that best tell a text from the archive, with their weights (the best 1.0): the
    scores of Whoosh's key_terms_from_text (its Bo1 model, normalised as it does), from the snapshot's
    lexicon. Whoosh looked each distinct word of the text up in every segment's terms table, more than half
    of a document page at 100,000 documents."""
    counts = Counter(text_stems)
    scored, best = [], 0.0
    for word, in_text in counts.items():
        rank = lexicon.rank_of(word)
        if rank is None:
            continue
        share = float(lexicon.weights[rank]) / doc_count
        score = in_text * math.log((1.0 + share) / share, 2) + math.log(1.0 + share, 2)
        best = max(best, score)
        scored.append((score, word))
    if not scored or best <= 0:
        return []
    share = best / doc_count          # Bo1Model.normalizer, as Whoosh writes it
    norm = (best * math.log((1.0 + share) / share) + math.log(1.0 + share)) / math.log(2.0)
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [(word, score / norm) for score, word in scored[:number]]


def same_subject(snap: Snapshot, docnum: int, stored: dict) -> list[tuple[int, float]]:
    """Documents sharing the meeting, topics, people or place of `stored`, weighted by SUBJECT_WEIGHTS."""
    scores = np.zeros(snap.size, dtype=np.float32)
    values = {"meeting": [stored.get("meeting")], "topic": split_list(stored.get("topics")),
              "person": split_list(stored.get("people")), "location": [stored.get("location")]}
    for name, weight in SUBJECT_WEIGHTS.items():
        for value in filter(None, values[name]):
            scores += weight * snap.facets[name].mask((value,), snap.size)
    shared = snap.live & (scores > 0)
    shared[docnum] = False
    return top(shared, scores, snap.dates, RELATED_COUNT, SCORE_TIE_DIGITS)
