"""From samples to ratios and to the verdict on each target of issue 8."""
from __future__ import annotations

import io

from benchmarks.measure import Samples, Window
from benchmarks.querymix import CLASSES, HYBRID_CLASSES, SEARCH_CLASSES, UNCACHED_CLASSES, search_path
from benchmarks.report import latency_record, phrase_totals, print_size, quoted_query, targets, throughput_record

PHRASE = search_path('"cour pénale internationale"')
PHRASE_FILTERED = search_path('"conseil politique"', [("year", "2020")])


def samples(service_ms: float, fts5_ms: float, naive_ms: float, tantivy_ms: float | None = None) -> Samples:
    s = Samples()
    for cls in CLASSES:
        for i in range(20):
            jitter = 1 + i / 100
            s.ms["service"][cls].append(service_ms * jitter)
            s.ms["fts5"][cls].append(fts5_ms * jitter)
            s.ms["naive"][cls].append(naive_ms * jitter)
            if tantivy_ms is not None:
                s.ms["tantivy"][cls].append(tantivy_ms * jitter)
    s.totals["service"] = {"/a": 0, "/b": 5, "/c": 7, "/d": 1}
    return s


def window(name: str, completed: int, errors: int = 0) -> Window:
    return Window(name, 10.0, completed, errors, [10.0] * completed, [])


def result_with(service_ms, fts5_ms=10.0, naive_ms=1000.0, service_done=300, fts5_done=200, service_errors=0,
                tantivy_ms=None, size=1000, **build):
    latency = latency_record(samples(service_ms, fts5_ms, naive_ms, tantivy_ms))
    latency.update(rounds=20, naive_every=1)
    tp = throughput_record({"service": [window("service", service_done, service_errors)] * 3,
                            "fts5": [window("fts5", fts5_done)] * 3, "naive": [window("naive", 10)] * 3}, 8, 10.0)
    return {"size": size, "seconds": 12.0, "load_average_start": [1.0, 1, 1], "load_average_end": [1.0, 1, 1],
            "latency": latency, "throughput": tp,
            "build": {"speedup_vs_naive": build.get("speedup", 3.5), "incremental_share": build.get("share", 0.02),
                      "index_to_text": build.get("index_to_text", 1.2),
                      "first_ingest_vs_rebuild": build.get("first_ingest", 1.05)},
            "memory": {"service": {"workers": 2, "start": [50.0, 50.0], "warm": [200.0, 210.0],
                                   "end": [205.0, build.get("end_rss", 212.0)], "serving_seconds": 300}}}


def test_ratios_compare_the_service_with_each_baseline_at_p50_and_p95():
    lat = latency_record(samples(12.0, 10.0, 240.0))
    search = lat["ratios"]["search with a query"]
    assert search["service/fts5"] == {"p50": 1.2, "p95": 1.2}
    assert search["naive/service"]["p50"] == 20.0
    assert lat["groups"]["search with a query"]["service"]["n"] == 20 * len(SEARCH_CLASSES)
    assert lat["zero_hit_share"]["service"] == 0.25


def test_every_target_is_met_when_the_service_is_fast_enough():
    assert all(t["met"] for t in targets(result_with(service_ms=9.0)))


def test_search_latency_targets_fail_above_one_and_a_half_times_fts5():
    result = {t["target"]: t["met"] for t in targets(result_with(service_ms=16.0))}
    assert result["search with a query: median service/FTS5"] is False
    assert result["search with a query: p95 service/FTS5"] is True       # 1.6 <= 2
    assert result["browse: median service/FTS5"] is False


def test_throughput_needs_at_least_fts5_requests_per_second_and_no_error():
    slower = {t["target"]: t["met"] for t in targets(result_with(9.0, service_done=150))}
    failing = {t["target"]: t["met"] for t in targets(result_with(9.0, service_errors=1))}
    key = "throughput: service/FTS5 (req/s), zero errors"
    assert slower[key] is False and failing[key] is False


def test_build_and_memory_targets():
    failed = [t["target"] for t in targets(result_with(9.0, speedup=2.5, share=0.06, index_to_text=1.6, end_rss=260.0))
              if t["met"] is False]
    assert [t.split(":")[0] for t in failed] == ["full build", "incremental 1% / full build time", "index size / stored text",
                                                "memory"]
    assert "growth" in failed[-1]          # 260 MB is under 400 MB, but 50 MB more than after warm-up is not flat


def test_a_first_ingest_slower_than_one_and_a_fifth_rebuilds_misses_its_target():
    key = "issue 22: first ingest without --rebuild / --rebuild, same pages"
    assert {t["target"]: t["met"] for t in targets(result_with(9.0, first_ingest=1.2))}[key] is True
    assert {t["target"]: t["met"] for t in targets(result_with(9.0, first_ingest=1.25))}[key] is False


def test_the_printed_report_shows_every_class_and_target():
    out = io.StringIO()
    result = result_with(9.0)
    result["targets"] = targets(result)
    print_size(result, out)
    text = out.getvalue()
    for line in (*CLASSES, "search with a query", "throughput", "memory", "MET"):
        assert line in text


def test_the_service_is_compared_with_the_tantivy_peer_per_class_and_group():
    lat = latency_record(samples(12.0, 10.0, 240.0, tantivy_ms=8.0))
    assert lat["ratios"]["phrase"]["service/tantivy"] == {"p50": 1.5, "p95": 1.5}
    assert lat["ratios"]["search with a query"]["service/tantivy"]["p50"] == 1.5
    assert lat["groups"]["uncached classes"]["service"]["n"] == 20 * len(UNCACHED_CLASSES)
    assert lat["groups"]["repeated"]["service"]["n"] == 20
    assert lat["groups"]["cached classes"]["service"]["n"] == 40
    assert lat["cached_classes"] == ["repeated", "browse"]


def test_issue_22_targets_need_the_peers_p50_and_a_p95_limit_that_depends_on_the_size():
    def verdicts(service_ms, size):
        found = targets(result_with(service_ms, tantivy_ms=10.0, size=size))
        return {t["target"].split(": ", 2)[-1]: t["met"] for t in found
                if t["target"].startswith("issue 22: search")}
    assert verdicts(10.0, 100_000) == {"median service/Tantivy": True, "p95 service/Tantivy": True}
    assert verdicts(17.0, 10_000) == {"median service/Tantivy": False, "p95 service/Tantivy": True}     # 1.7 <= 2
    assert verdicts(17.0, 100_000) == {"median service/Tantivy": False, "p95 service/Tantivy": False}   # 1.7 > 1.5


def test_phrase_totals_list_every_quoted_phrase_whose_total_differs_from_the_peers():
    s = Samples()
    s.totals["service"] = {PHRASE: 6966, PHRASE_FILTERED: 12, search_path("cour"): 9000}
    s.totals["tantivy"] = {PHRASE: 2136, PHRASE_FILTERED: 12, search_path("cour"): 8000}
    s.totals["fts5"] = {PHRASE: 2100}
    found = phrase_totals(s)
    assert found["compared"] == 2 and found["equal"] == 1           # an unquoted query is not compared
    assert found["differences"] == [{"q": '"cour pénale internationale"', "filters": [], "service": 6966,
                                     "tantivy": 2136, "tantivy_adjacent": None, "fts5": 2100, "explained_by": None}]
    assert found["unexplained"] == 1


def test_a_phrase_total_the_stop_words_explain_is_told_from_one_they_do_not():
    s = Samples()
    stop_words = search_path('"ministre a souligné"')
    s.totals["service"] = {PHRASE: 6966, stop_words: 914}
    s.totals["tantivy"] = {PHRASE: 2136, stop_words: 852}
    found = phrase_totals(s, adjacent_totals={PHRASE: 2136, stop_words: 914})
    assert (found["explained_by_stop_words"], found["unexplained"]) == (1, 1)
    assert [(d["q"], d["explained_by"]) for d in found["differences"]] == \
        [('"cour pénale internationale"', None), ('"ministre a souligné"', "stop words")]     # unexplained first


def test_the_printed_report_lists_the_phrase_differences_and_the_peer_column():
    out = io.StringIO()
    result = result_with(9.0, tantivy_ms=10.0)
    result["latency"]["phrase_totals"] = {"compared": 3, "equal": 2, "explained_by_stop_words": 0, "unexplained": 1,
                                          "differences": [{"q": '"conseil politique"', "filters": ["year=2020"],
                                                           "service": 2996, "tantivy": 2734, "tantivy_adjacent": 2734,
                                                           "fts5": 2800, "explained_by": None}]}
    result["targets"] = targets(result)
    print_size(result, out)
    text = out.getvalue()
    assert "tantivy p50/p95/p99" in text and "repeated (cached)" in text and "browse (cached)" in text
    assert "2 of 3 equal" in text
    assert '"conseil politique"  [year=2020]: service 2,996, tantivy 2,734, tantivy adjacent stems 2,734' in text
    assert "[NOT MET] issue 22: quoted phrases whose total differs from Tantivy's, stop words aside" in text


def test_hybrid_search_must_stay_within_twice_the_keyword_median_of_the_same_run():
    result = result_with(9.0)
    met = {t["target"]: (t["value"], t["met"]) for t in targets(result)}
    assert met["issue 17: search with a query, service: median hybrid/keyword"] == (1.0, True)
    slow = samples(9.0, 10.0, 1000.0)
    for cls in HYBRID_CLASSES:       # hybrid 2.5 times slower than keyword on the service
        slow.ms["service"][cls] = [2.5 * ms for ms in slow.ms["service"]["word"]]
    result["latency"] = latency_record(slow)
    met = {t["target"]: (t["value"], t["met"]) for t in targets(result)}
    assert met["issue 17: search with a query, service: median hybrid/keyword"] == (2.5, False)


def test_semantic_targets_want_no_vector_embedded_again_and_workers_under_600_mb():
    result = result_with(9.0, end_rss=450.0)
    result["memory"]["service"]["warm"] = [440.0, 445.0]
    result["build"]["embedding"] = {"unchanged": {"embedded": 3}, "pass_seconds": 20.0}
    met = {t["target"]: (t["value"], t["met"]) for t in targets(result)}
    assert met["issue 17: largest service worker RSS, model and vectors loaded (MB)"] == (450.0, True)
    assert met["memory: largest service worker RSS (MB)"] == (450.0, False)      # issue 8's 400 MB
    assert met["issue 17: vectors embedded by a second ingest of unchanged pages"] == (3, False)
    scaled = next(k for k in met if k.startswith("issue 17: embedding pass"))
    assert met[scaled] == (2000, True)       # 20 s for 1,000 pages: 2,000 s for 100,000


def test_the_printed_report_shows_the_embedding_pass_and_the_hybrid_classes():
    out = io.StringIO()
    result = result_with(9.0)
    result["build"].update(service_full={"seconds": 10.0, "added": 1000, "docs_per_s": 100.0, "failed": 0, "cpu_seconds": 15.0},
                           incremental={"seconds": 0.2, "updated": 10}, index_bytes=2e6, stored_text_bytes=1.5e6,
                           embedding={"full": {"seconds": 30.0, "cpu_seconds": 45.0, "embedded": 1000},
                                      "unchanged": {"embedded": 0, "seconds": 2.0},
                                      "after_update": {"embedded": 10, "seconds": 2.5},
                                      "pass_seconds": 20.0, "pass_cpu_seconds": 30.0, "vectors_bytes": 2_112_000,
                                      "vectors_bytes_per_doc": 2112})
    result["targets"] = targets(result)
    print_size(result, out)
    text = out.getvalue()
    for line in (*HYBRID_CLASSES, "hybrid search", "the embedding pass: 20.0 s wall, 30.0 s CPU", "vector file 2.1 MB",
                 "pages unchanged: 0 embedded", "after the 1% update: 10 embedded", "median hybrid/keyword"):
        assert line in text


def test_the_search_mode_of_a_phrase_request_is_not_listed_among_its_filters():
    q, filters = quoted_query(search_path('"conseil politique"', [("year", "2020")], mode="keyword"))
    assert q == '"conseil politique"' and filters == [("year", "2020")]
