"""A CSV export computes no highlighted snippets (it never writes them: three quarters of a long export's time)
and streams its rows (issue 21, defect 8)."""
from __future__ import annotations

import csv
import io
import time
from dataclasses import replace

from search_service.search.params import SearchParams
from search_service.ui.export import CSV_CHUNK_ROWS, csv_chunks, csv_text
from tests.reliability.records import record


def test_an_export_search_reads_rows_without_snippets_in_the_same_order(corpus_app):
    engine = corpus_app.extensions["engine"]
    params = SearchParams(q="conseil européen", per_page=100)
    shown = engine.search(params)
    exported = engine.search(params, snippets=False)
    assert [h.id for h in exported.hits] == [h.id for h in shown.hits] and exported.total == shown.total
    assert all(h.snippet == "" and h.title_html == "" for h in exported.hits)
    assert all(h.title and h.id for h in exported.hits)
    assert any("<mark>" in h.snippet for h in shown.hits)      # the page still gets them


def test_the_csv_response_is_streamed(corpus_client):
    response = corpus_client.get("/search.csv?q=otan", buffered=False)
    assert response.status_code == 200 and response.is_streamed
    rows = list(csv.DictReader(io.StringIO(b"".join(response.response).decode("utf-8-sig"))))
    assert len(rows) == int(response.headers["X-Export-Rows"]) > 0
    response.close()


def test_rows_are_written_in_pieces_that_add_up_to_the_whole_file(corpus_app):
    hits = corpus_app.extensions["engine"].search(SearchParams(per_page=100), snippets=False).hits * 7
    pieces = list(csv_chunks(hits))
    assert len(pieces) == len(hits) // CSV_CHUNK_ROWS + 1
    assert b"".join(pieces).decode("utf-8") == csv_text(hits)
    assert len(list(csv.reader(io.StringIO(csv_text(hits).lstrip("\ufeff"))))) == len(hits) + 1


def test_an_export_without_snippets_is_cheaper(corpus_app):
    """Every matching document of the corpus, both ways, 40 times (recorded: docs/reliability.md)."""
    engine = corpus_app.extensions["engine"]
    params = SearchParams(q="ministre", per_page=100, sort="newest")
    timings = {}
    for snippets in (True, False):
        started = time.perf_counter()
        for page_size in range(60, 100):     # distinct per_page values: the response cache does not answer
            engine.search(replace(params, per_page=page_size), snippets=snippets)
        timings[snippets] = time.perf_counter() - started
    record("csv_export_snippets", rows=engine.search(params).total, searches=40,
           with_snippets_s=round(timings[True], 3), without_snippets_s=round(timings[False], 3))
    assert timings[False] < timings[True]
