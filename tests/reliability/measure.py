"""Measure one piece of work in a forked child: its result, CPU time, wall time and peak memory growth.

A fresh child per measurement gives each page its own memory high-water mark
(ru_maxrss only ever grows), and a crash in the child cannot take the test
process down with it.
"""
from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.servers import rss_kb


@dataclass(frozen=True)
class Measured:
    value: Any                 # what the function returned (picklable)
    error: str | None          # the exception it raised, as "Type: message", or how the child died
    cpu_s: float
    wall_s: float
    peak_growth_mb: float      # peak resident memory above what the child started with


def in_child(fn: Callable[[], Any], timeout_s: float = 120.0) -> Measured:
    """Run fn() in a forked child and measure it; the child is killed after timeout_s."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:     # the child: measure, send, exit without running the parent's cleanup
        os.close(read_fd)
        try:
            start_kb = rss_kb(os.getpid())
            cpu0, wall0 = time.process_time(), time.perf_counter()
            try:
                value, error = fn(), None
            except BaseException as exc:      # noqa: BLE001 - reported to the parent
                value, error = None, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            payload = pickle.dumps(Measured(value, error, cpu, wall, max(0, peak_kb - start_kb) / 1024))
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    deadline = time.monotonic() + timeout_s
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([read_fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Measured(None, f"timed out after {timeout_s:.0f} s", timeout_s, timeout_s, 0.0)
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        return Measured(None, f"the child died without a result (wait status {status})", 0.0, 0.0, 0.0)
    return pickle.loads(b"".join(chunks))
