"""At 100,000 documents, hostile and expensive requests each answer in under a second, through the
production server, expansions that were cut say so in `capped`, and the workers' memory stays bounded."""
from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlencode

import pytest

from tests.reliability.hostile_queries import EXPENSIVE_QUERIES, leaks
from tests.reliability.records import record
from tests.stress.loadmix import get_json

pytestmark = pytest.mark.stress

MAX_SECONDS = 1.0
MAX_WORKER_MB = 400          # issue 8's memory target per worker at 100,000 documents
SCALE_QUERIES = EXPENSIVE_QUERIES + [
    "de", "le la les de des du", '"de la"', "ministre", "ministre affaires étrangères", '"affaires étrangères"',
    "conseil OR union OR ministre OR sécurité OR coopération", "NOT ministre", "-ministre -conseil",
    "(ministre OR conseil) AND (union OR europe) NOT otan", "coop*", "m*", "*tion", "s*é*", "ministr~2 consel~2",
    "title:a*", "body:de", '"le ministre des affaires étrangères et européennes"', "é" * 500,
    " ".join(f"{chr(c)}*" for c in range(97, 107)), " ".join(f"{chr(c)}*" for c in range(97, 123)),
    " OR ".join(f"{chr(c)}*" for c in range(97, 123)), " ".join(f"{w}~2" for w in ("ministre", "conseil", "union",
                                                                                   "europe", "securite", "affaires")),
]
VARIANTS = [
    {},                                                  # the API as the UI asks it: facets, snippets, 20 hits
    {"sort": "oldest", "per_page": "100"},
    {"page": "200", "per_page": "100"},                  # a deep page
    {"year": "2019", "lang": "fr"},
]


def timed_get(port: int, path: str) -> tuple[int, float, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        started = time.perf_counter()
        conn.request("GET", path)
        reply = conn.getresponse()
        body = reply.read()
        return reply.status, time.perf_counter() - started, body
    finally:
        conn.close()


def test_no_hostile_or_expensive_request_takes_a_second_at_100k_documents(big_server):
    timings, slow, bad = [], [], []
    paths = [f"/api/search?{urlencode({'q': q, **v})}" for q in SCALE_QUERIES for v in VARIANTS]
    paths += [f"/?{urlencode({'q': q})}" for q in SCALE_QUERIES]
    paths += [f"/search.atom?{urlencode({'q': q})}" for q in SCALE_QUERIES[:10]]
    paths += ["/api/search?page=10000&per_page=100", "/api/search?sort=oldest&page=500&per_page=100",
              "/?page=500&per_page=100", "/api/facets", "/healthz"]
    capped = {}
    rss_before = big_server.worker_rss_mb()
    for path in paths:
        status, seconds, body = timed_get(big_server.port, path)
        timings.append(seconds)
        if status >= 500 or leaks(body):
            bad.append((path, status))
        if seconds > MAX_SECONDS:
            slow.append((round(seconds, 2), path[:140]))
        if status == 200 and path.startswith("/api/search?") and "&" not in path:
            capped[path] = json.loads(body).get("capped")
    timings.sort()
    rss_after = big_server.worker_rss_mb()
    figures = {"documents": get_json(big_server.port, "/healthz")["documents"], "requests": len(paths),
               "p50_ms": round(timings[len(timings) // 2] * 1000, 1),
               "p95_ms": round(timings[int(len(timings) * 0.95)] * 1000, 1), "max_ms": round(timings[-1] * 1000, 1),
               "worker_rss_mb_before": rss_before, "worker_rss_mb_after": rss_after, "slow": sorted(slow, reverse=True)}
    record("expensive_queries_100k", **figures)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    assert not bad, bad
    assert capped["/api/search?" + urlencode({"q": "a*"})], "a* at 100,000 documents must report its capped expansion"
    assert not slow, f"{len(slow)} of {len(paths)} requests over {MAX_SECONDS} s: {sorted(slow, reverse=True)[:15]}"
    assert max(rss_after) <= MAX_WORKER_MB, f"hostile queries took the workers from {rss_before} MB to {rss_after} MB"
