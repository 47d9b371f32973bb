"""Spacing requests to each host: the next one starts `delay` seconds after the previous one ended.

Requests are made one at a time (the crawler is sequential), so one clock per process is enough
to keep every crawl session of that process polite towards a host.
"""
from __future__ import annotations

import threading
import time


class HostClock:
    def __init__(self, sleep=time.sleep, now=time.monotonic):
        self._sleep, self._now = sleep, now
        self._last_end: dict[str, float] = {}     # host -> when its last response ended
        self._min_delay: dict[str, float] = {}    # host -> what its robots.txt asks for
        self._lock = threading.Lock()

    def set_min_delay(self, host: str, seconds: float) -> None:
        """A host's own minimum (robots.txt Crawl-delay / Request-rate), replaced whenever robots.txt is read."""
        with self._lock:
            self._min_delay[host] = seconds

    def delay_for(self, host: str, configured: float) -> float:
        return max(configured, self._min_delay.get(host, 0.0))

    def wait_turn(self, host: str, delay: float, extra: float = 0.0) -> None:
        """Sleep until the host may be asked again; `extra` pushes that further (backoff, Retry-After)."""
        with self._lock:
            last = self._last_end.get(host)
            start = last + self.delay_for(host, delay) if last is not None else 0.0
        now = self._now()
        pause = max(start - now, extra)
        if pause > 0:
            self._sleep(pause)

    def release(self, host: str) -> None:
        """Called when a response has been read, or has failed: the host's rest starts now."""
        with self._lock:
            self._last_end[host] = self._now()


SHARED_CLOCK = HostClock()
