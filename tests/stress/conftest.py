"""Fixtures of the stress run: the cached 100,000-document index and the production server on it."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.servers import start_service, stop, wait_ready
from tests.stress.corpus import ensure_index
from tests.stress.loadmix import get_json


@pytest.fixture(scope="session")
def stress_index() -> Path:
    return ensure_index()


@pytest.fixture(scope="session")
def big_server(stress_index, tmp_path_factory):
    """gunicorn with a worker per core (what `make serve` runs) on the 100,000-document index."""
    server = start_service(str(stress_index), tmp_path_factory.mktemp("big-server"), workers=os.cpu_count() or 1)
    try:
        wait_ready(server, timeout=300, workers=os.cpu_count() or 1)
        warm_up(server.port)
        yield server
    finally:
        stop(server)


def warm_up(port: int, rounds: int = 3, concurrent: int = 16) -> None:
    """Concurrent requests, so every worker has opened its searcher and built its arrays before anything is timed."""
    with ThreadPoolExecutor(concurrent) as pool:
        for r in range(rounds):
            list(pool.map(lambda i: get_json(port, f"/api/search?q=conseil&page={1 + (i + r) % 3}"), range(concurrent)))
