"""A realistic request mix for the load test, read from the index it runs against, as a wrk Lua script.

Words come from the titles of real documents; requests are what the UI and API clients send:
one to three words, phrases, prefixes, typos, facet filters, browsing, later pages, the HTML
page and document pages. Thousands of distinct paths, so the per-worker response cache
(a few hundred entries) serves some repeats but not everything.
"""
from __future__ import annotations

import http.client
import json
import random
import re
from urllib.parse import quote, urlencode

_WORD = re.compile(r"[^\W\d_]{5,}", re.U)


def get_json(port: int, path: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def request_mix(port: int, count: int = 3000, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    titles, ids = [], []
    pages = min(100, max(1, get_json(port, "/api/search?per_page=100")["pages"]))   # the API serves 10,000 deep
    for page, sort in sorted({(1 + (pages * k) // 5, sort) for k in range(5) for sort in ("newest", "oldest")}):
        for hit in get_json(port, f"/api/search?per_page=100&page={page}&sort={sort}")["hits"]:
            titles.append(hit["title"])
            ids.append(hit["id"])
    words = sorted({w.lower() for t in titles for w in _WORD.findall(t)})
    facets = get_json(port, "/api/facets")["facets"]
    filters = [(name, v["value"]) for name in ("meeting", "topic", "year", "location", "lang")
               for v in facets.get(name, [])[:8]]

    def query() -> str:
        kind = rng.random()
        if kind < 0.35:
            return rng.choice(words)
        if kind < 0.60:
            return " ".join(rng.sample(words, 2))
        if kind < 0.70:
            return " ".join(rng.sample(words, 3))
        if kind < 0.80:
            title = rng.choice(titles).split()
            i = rng.randrange(max(1, len(title) - 1))
            return '"' + " ".join(title[i:i + 2]) + '"'
        if kind < 0.88:
            return rng.choice(words)[:4] + "*"
        w = rng.choice(words)
        i = rng.randrange(1, len(w) - 1)
        return w[:i] + w[i + 1:]          # a typo

    paths = []
    for _ in range(count):
        kind = rng.random()
        params: list[tuple[str, str]] = []
        if kind < 0.70:                                     # API search, as the UI makes it
            params.append(("q", query()))
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                params.append(rng.choice(filters))
            if rng.random() < 0.15:
                params.append(("page", str(rng.randint(2, 5))))
            paths.append("/api/search?" + urlencode(params))
        elif kind < 0.78:                                   # browse, newest first, maybe filtered
            params = [rng.choice(filters)] if rng.random() < 0.7 else []
            paths.append("/api/search?" + urlencode(params + [("page", str(rng.randint(1, 3)))]))
        elif kind < 0.88:                                   # the HTML search page
            paths.append("/?" + urlencode([("q", query())]))
        elif kind < 0.96:                                   # a document with its related items
            paths.append("/api/documents/" + quote(rng.choice(ids), safe=""))
        else:
            paths.append("/documents/" + quote(rng.choice(ids), safe=""))
    return paths


def wrk_script(paths: list[str]) -> str:
    """Each wrk thread walks the list from its own offset; done() prints the summary as one JSON line."""
    table = ",\n".join(json.dumps(p) for p in paths)
    return f"""
local paths = {{
{table}
}}
local threads_started = 0
function setup(thread)
  thread:set("offset", threads_started * 997)
  threads_started = threads_started + 1
end
function init(args)
  i = tonumber(offset) or 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {{["Accept-Encoding"] = "gzip"}})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nWRK-JSON {{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d}},"latency_us":{{"p50":%d,"p90":%d,"p95":%d,"p99":%d,"max":%d,"mean":%.1f}}}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
"""
