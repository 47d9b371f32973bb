"""Latency and throughput over real HTTP, with the systems interleaved so noise hits them alike.

Latency: one request at a time; every request of the mix goes to each system in
turn, the order rotating (A B C, B C A, C A B…). Throughput: N client threads
for S seconds per system, systems taking turns over several rounds; a request
counts when it completed inside its window, with a valid answer.
"""
from __future__ import annotations

import math
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from benchmarks.client import Client, problem
from benchmarks.querymix import CACHED_CLASSES, SERVICE_ONLY_CLASSES, QueryCase

SERVICE = "service"


@dataclass
class Samples:
    """Latencies in milliseconds per system and query class, and the errors seen."""

    ms: dict[str, dict[str, list[float]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    totals: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))   # path -> total hits
    repeats: dict[str, int] = field(default_factory=lambda: defaultdict(int))   # uncached requests sent twice


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50": _r(percentile(values, 50)), "p95": _r(percentile(values, 95)),
            "p99": _r(percentile(values, 99)), "mean": _r(statistics.fmean(values)) if values else None}


def _r(x):
    return round(x, 2) if x is not None else None


def takes(system: str, case: QueryCase) -> bool:
    """Whether this system is sent this case: the hybrid classes only exist on the service."""
    return system == SERVICE or case.cls not in SERVICE_ONLY_CLASSES


def cases_for(system: str, cases: list[QueryCase]) -> list[QueryCase]:
    return [c for c in cases if takes(system, c)]


def latency_run(ports: dict[str, int], rounds: list[list[QueryCase]], skip_every: dict[str, int] | None = None,
                progress=None) -> Samples:
    """Every case to every system, one at a time, in rotating order.

    `skip_every` = {"naive": 3} sends a system only every third round's cases
    (for a baseline too slow to take the whole mix); it stays interleaved with
    the others in the rounds it takes part in.
    """
    names = list(ports)
    clients = {name: Client(port) for name, port in ports.items()}
    samples = Samples()
    sent: dict[str, set[str]] = defaultdict(set)
    turn = 0
    for r, cases in enumerate(rounds):
        for case in cases:
            order = names[turn % len(names):] + names[:turn % len(names)]
            turn += 1
            for name in order:
                every = (skip_every or {}).get(name, 1)
                if r % every or not takes(name, case):
                    continue
                if case.cls not in CACHED_CLASSES:
                    samples.repeats[name] += case.path in sent[name]
                    sent[name].add(case.path)
                reply = clients[name].get(case.path)
                error = problem(case.path, reply)
                if error:
                    samples.errors[name].append(f"{case.cls} {case.path}: {error}")
                    continue
                samples.ms[name][case.cls].append(reply.seconds * 1000)
                if not case.is_document:
                    samples.totals[name][case.path] = reply.json().get("total")
        if progress:
            progress(r + 1, len(rounds))
    for c in clients.values():
        c.close()
    return samples


@dataclass
class Window:
    system: str
    seconds: float
    completed: int
    errors: int
    ms: list[float]
    error_examples: list[str]
    repeats: int = 0         # completed requests of an uncached class this window had already sent (pool wrapped)

    @property
    def per_second(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0


def load_window(name: str, port: int, cases: list[QueryCase], threads: int, seconds: float,
                drain_timeout: float = 600.0) -> Window:
    """`threads` clients sending `cases` for `seconds`, each thread from its own share of the list."""
    lock = threading.Lock()
    ms: list[float] = []
    errors: list[str] = []
    sent: set[str] = set()
    repeats = 0
    stop_at = time.perf_counter() + seconds

    def worker(k: int):
        nonlocal repeats
        client = Client(port)
        i = k * max(1, len(cases) // threads)
        while time.perf_counter() < stop_at:
            case = cases[i % len(cases)]
            i += 1
            reply = client.get(case.path)
            done = time.perf_counter()
            error = problem(case.path, reply)
            with lock:
                if error:
                    errors.append(f"{case.cls} {case.path}: {error}")
                elif done <= stop_at:
                    ms.append(reply.seconds * 1000)
                    if case.cls not in CACHED_CLASSES:
                        repeats += case.path in sent
                        sent.add(case.path)
        client.close()

    workers = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=seconds + drain_timeout)
    return Window(name, seconds, len(ms), len(errors), ms, errors[:5], repeats)


def throughput_run(ports: dict[str, int], pools: list[list[QueryCase]], threads: int, seconds: float,
                   progress=None) -> dict[str, list[Window]]:
    """One window per system and pool, the systems taking turns (rotating who goes first).

    Every system gets the same pool in a round; each round has a fresh pool, so
    a response cache only helps with what repeats inside the mix.
    """
    names = list(ports)
    out: dict[str, list[Window]] = {name: [] for name in names}
    for r, cases in enumerate(pools):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            out[name].append(load_window(name, ports[name], cases_for(name, cases), threads, seconds))
            if progress:
                progress(name, out[name][-1])
    return out


def warm_up(ports: dict[str, int], cases: list[QueryCase], threads: int, seconds: float) -> None:
    """Concurrent requests to every system, so each worker and thread has opened what it opens."""
    for name, port in ports.items():
        load_window(name, port, cases_for(name, cases), threads, seconds, drain_timeout=300)
