"""Many clients at once over a mix of cheap and expensive requests, with latency per request class; and
clients that send a request body one byte at a time. Used by the fast reliability tests (on the corpus) and
by the stress suite (on 100,000 documents)."""
from __future__ import annotations

import http.client
import itertools
import random
import socket
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

# Request classes: how to make the n-th request of each. Searches vary so that the response cache does not
# answer them; "cached search" repeats one query.
WORDS = ["conseil", "ministre", "otan", "ukraine", "sécurité", "europe", "sommet", "réunion", "affaires",
         "coopération", "entretien", "développement", "droits", "migration", "visite", "nations"]
EXPENSIVE = ["{w}*", "*tion {w}", "{w}~2", '"{w} européen"', "{w} -otan", "a* {w}*"]
CLASSES = {
    "health": lambda n: "/healthz",
    "static": lambda n: "/static/style.css",
    "cached search": lambda n: "/api/search?q=otan",
    "search": lambda n: f"/api/search?q={WORDS[n % len(WORDS)]}+{WORDS[n // len(WORDS) % len(WORDS)]}&page={n % 5 + 1}",
    "expensive search": lambda n: "/api/search?q=" + EXPENSIVE[n % len(EXPENSIVE)].format(w=WORDS[n % len(WORDS)])
                                  + f"&per_page={10 + n % 50}",
    "page": lambda n: f"/?q={WORDS[n % len(WORDS)]}&page={n % 3 + 1}",
    "export": lambda n: f"/search.csv?q={WORDS[n % len(WORDS)]}&sort=newest&year={2014 + n % 11}",
}
WEIGHTS = {"health": 1, "static": 1, "cached search": 2, "search": 4, "expensive search": 2, "page": 2, "export": 1}


@dataclass
class ClassResult:
    seconds: list[float] = field(default_factory=list)     # of the requests answered 200
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def percentile(self, p: float) -> float | None:
        if not self.seconds:
            return None
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def summary(self) -> dict:
        ok = self.statuses.get(200, 0)
        return {"requests": sum(self.statuses.values()), "ok": ok, "shed_503": self.statuses.get(503, 0),
                "other": {s: c for s, c in self.statuses.items() if s not in (200, 503)},
                "p50_ms": _ms(self.percentile(50)), "p95_ms": _ms(self.percentile(95)),
                "max_ms": _ms(max(self.seconds) if self.seconds else None)}


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def one_request(port: int, path: str, timeout: float) -> tuple[int, float, dict]:
    """(status, seconds, headers); status 0 when no answer came in time."""
    path = quote(path, safe="/?&=+*:%")
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        response.read()
        return response.status, time.monotonic() - started, dict(response.getheaders())
    except (OSError, http.client.HTTPException):
        return 0, time.monotonic() - started, {}
    finally:
        conn.close()


def run_mixed_load(port: int, connections: int, seconds: float, weights: dict[str, int] = WEIGHTS,
                   timeout: float = 30.0, seed: int = 21) -> dict[str, ClassResult]:
    """`connections` clients, each sending one request after another for `seconds`, classes drawn by weight."""
    results = {name: ClassResult() for name in weights}
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.monotonic() + seconds
    names = [name for name, w in weights.items() for _ in range(w)]

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        while time.monotonic() < deadline:
            name = rng.choice(names)
            status, took, headers = one_request(port, CLASSES[name](next(counter)), timeout)
            with lock:
                if status == 200:
                    results[name].seconds.append(took)
                results[name].statuses[status] += 1
            if status == 503:       # shed: a polite client waits as told (a 503 without it counts as an error)
                retry = headers.get("Retry-After")
                if not (retry or "").isdigit():
                    with lock:
                        results[name].statuses[-503] += 1
                time.sleep(min(int(retry or 1), 5))

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + timeout + 30)
    return results


class SlowBodies:
    """`count` clients that announce a body of `length` bytes on `path` and send one byte every `every` s."""

    def __init__(self, port: int, count: int, path: str = "/api/search", length: int = 60_000, every: float = 2.0):
        self.port, self.count, self.path, self.length, self.every = port, count, path, length, every
        self.socks: list[socket.socket] = []
        self.replies: dict[int, bytes] = {}
        self.closed_after: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self) -> SlowBodies:
        self.started = time.monotonic()
        for _ in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(f"POST {self.path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {self.length}\r\n\r\n{{".encode())
            sock.setblocking(False)
            self.socks.append(sock)
        self._thread.start()
        return self

    def _trickle(self) -> None:
        while not self._stop.wait(self.every):
            for i, sock in enumerate(self.socks):
                if i in self.closed_after:
                    continue
                try:
                    data = sock.recv(4096)
                    if data:
                        self.replies[i] = self.replies.get(i, b"") + data
                        continue
                    self.closed_after[i] = time.monotonic() - self.started
                    continue
                except BlockingIOError:
                    pass
                except OSError:
                    self.closed_after[i] = time.monotonic() - self.started
                    continue
                try:
                    sock.send(b" ")
                except OSError:
                    self.closed_after[i] = time.monotonic() - self.started

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)
        for sock in self.socks:
            sock.close()


def health_latencies(port: int, count: int, pause: float = 0.2, timeout: float = 30.0) -> list[float | None]:
    """Seconds each of `count` health checks in a row took (None: not answered 200 within `timeout`)."""
    out: list[float | None] = []
    for _ in range(count):
        status, took, _ = one_request(port, "/healthz", timeout)
        out.append(took if status == 200 else None)
        time.sleep(pause)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
