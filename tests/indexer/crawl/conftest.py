"""Fixtures for the crawler tests: real HTTP servers on 127.0.0.1 (helpers in helpers.py)."""
from __future__ import annotations

import pytest

from tests.indexer.crawl.fixture_server import RecordingServer


@pytest.fixture
def servers():
    """servers() -> a started RecordingServer; all are stopped at the end of the test."""
    started = []

    def start() -> RecordingServer:
        server = RecordingServer().start()
        started.append(server)
        return server
    yield start
    for server in started:
        server.stop()

