"""The runner's own steps: the peer's adjacent-stem totals for the run's quoted phrases."""
from __future__ import annotations

from benchmarks.baselines import tantivy_peer
from benchmarks.baselines.common import Params
from benchmarks.measure import Samples
from benchmarks.querymix import search_path
from benchmarks.runner import adjacent_phrase_totals
from tests.benchmarks.baselines.test_fts5 import DOCS


def test_adjacent_totals_are_read_for_the_quoted_phrases_of_the_run_only(tmp_path):
    peer = tmp_path / "peer"
    tantivy_peer.build_index(str(peer), DOCS)
    stop_word_between = search_path('"débloque aide"', [("year", "2023")])   # "débloque une aide": "une" is a stop word
    in_order = search_path('"aide humanitaire"')
    samples = Samples()
    samples.totals["service"] = {stop_word_between: 1, in_order: 2, search_path("aide"): 3}
    assert adjacent_phrase_totals(peer, samples) == {stop_word_between: 1, in_order: 2}
    engine = tantivy_peer.TantivySearch(tantivy_peer.open_index(str(peer)))
    assert engine.search(Params(q='"débloque aide"', filters={"year": ("2023",)}))["total"] == 0     # positional
