"""Client threads that keep a real server busy and check every response for consistency.

Each response must be a 200 from one index version: the browse total is one of the
totals the index has actually had, the year facet adds up to that total, the page holds
min(total, per_page) hits, and a health version never shows two different counts.
"""
from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

BROWSE = "/api/search?per_page=50&sort=newest"
REQUESTS = [BROWSE, "/healthz", "/api/search?q=ministre&per_page=10", "/api/facets", "/?q=conseil",
            "/api/search?q=sécurité européenne&year=2019".replace(" ", "%20").replace("é", "%C3%A9")]


@dataclass
class LoadReport:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    inconsistent: list[str] = field(default_factory=list)
    totals_seen: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)


class LoadChecker:
    def __init__(self, port: int, threads: int = 4):
        self.port = port
        self.threads = threads
        self.allowed_totals: set[int] = set()
        self.report = LoadReport()
        self._versions: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self.latest_total = -1

    def allow(self, *totals: int) -> None:
        with self._lock:
            self.allowed_totals.update(totals)

    def start(self) -> None:
        for i in range(self.threads):
            t = threading.Thread(target=self._run, args=(i,), daemon=True)
            t.start()
            self._workers.append(t)

    def stop(self) -> LoadReport:
        self._stop.set()
        for t in self._workers:
            t.join(30)
        return self.report

    def wait_for_total(self, total: int, timeout: float = 10.0) -> float:
        """Seconds until a browse request sees `total` (raises after timeout)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            status, body = self.get(BROWSE)
            if status == 200 and json.loads(body)["total"] == total:
                return time.monotonic() - started
            time.sleep(0.02)
        raise AssertionError(f"the index did not show {total} documents within {timeout} s")

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path)
            reply = conn.getresponse()
            return reply.status, reply.read()
        finally:
            conn.close()

    def _run(self, offset: int) -> None:
        i = offset
        while not self._stop.is_set():
            path = REQUESTS[i % len(REQUESTS)]
            i += 1
            started = time.perf_counter()
            try:
                status, body = self.get(path)
            except OSError as exc:
                self._record(path, None, f"{type(exc).__name__}: {exc}", 0.0)
                continue
            problem = None if status == 200 else f"HTTP {status}: {body[:200]!r}"
            if problem is None:
                problem = self._check(path, body)
            self._record(path, status, problem, time.perf_counter() - started)

    def _record(self, path: str, status, problem: str | None, seconds: float) -> None:
        with self._lock:
            self.report.requests += 1
            self.report.latencies.append(seconds)
            if problem is None:
                return
            kind = self.report.errors if status != 200 else self.report.inconsistent
            kind.append(f"{path}: {problem}")

    def _check(self, path: str, body: bytes) -> str | None:
        if path.startswith("/?"):
            return None
        data = json.loads(body)
        if path == BROWSE:
            total = data["total"]
            with self._lock:
                self.report.totals_seen[total] += 1
                self.latest_total = total
                allowed = set(self.allowed_totals)
            if allowed and total not in allowed:
                return f"total {total} is none of the index's states {sorted(allowed)}"
            if sum(f["count"] for f in data["facets"]["year"]) != total:
                return f"year facet adds up to {sum(f['count'] for f in data['facets']['year'])}, total {total}"
            if len(data["hits"]) != min(total, 50):
                return f"{len(data['hits'])} hits for a total of {total}"
        elif path == "/healthz":
            with self._lock:
                seen = self._versions.setdefault(data["version"], data["documents"])
            if seen != data["documents"]:
                return f"version {data['version']} with {data['documents']} and {seen} documents"
        return None
