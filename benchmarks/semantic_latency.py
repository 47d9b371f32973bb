"""Keyword against hybrid latency over one built index, in process (Flask test client, no HTTP).

    python -m benchmarks.semantic_latency INDEX_DIR [QUERIES]

Queries of 1–3 words drawn from the index's own documents, each asked once per mode in a random
order, so both modes meet the same caches. A quick look without HTTP: `make bench` measures hybrid
requests over HTTP in its own mix (querymix.HYBRID_CLASSES); the first figures in docs/semantic.md
came from this script.
"""
from __future__ import annotations

import random
import statistics
import sys
import time

from benchmarks.querymix import content_words


def queries_from(index_dir: str, count: int, rng: random.Random) -> list[str]:
    from indexer.store import IndexStore
    with IndexStore(index_dir).open().searcher() as searcher:
        bodies = [fields["body"] for fields in searcher.all_stored_fields()]
    out = []
    for text in rng.sample(bodies, min(count, len(bodies))):
        words = content_words(text)
        if len(words) >= 3:
            out.append(" ".join(rng.sample(words, rng.choice((1, 2, 3)))))
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    from search_service import create_app
    rng = random.Random(17)
    queries = queries_from(argv[0], int(argv[1]) if len(argv) > 1 else 150, rng)
    client = create_app({"INDEX": argv[0], "TESTING": True}).test_client()
    client.get("/api/search", query_string={"q": "communiqué", "mode": "hybrid"})      # open and warm
    times: dict[str, list[float]] = {"keyword": [], "hybrid": []}
    for q in queries:
        for mode in rng.sample(list(times), 2):
            started = time.perf_counter()
            response = client.get("/api/search", query_string={"q": q, "mode": mode, "per_page": 20})
            times[mode].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{q!r} {mode}: HTTP {response.status_code}")
    for mode, ms in times.items():
        ms.sort()
        print(f"{mode}: {len(ms)} queries, p50 {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95)]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
