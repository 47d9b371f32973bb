"""Start the four systems as real HTTP servers on 127.0.0.1, watch their workers' memory, stop them.

Each server is a gunicorn master we start as a child process; its workers are
the master's children. Only those processes are ever signalled, by their id.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.client import Client

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log_path: Path
    command: list[str] = field(default_factory=list)

    def worker_pids(self) -> list[int]:
        return sorted(children_of(self.process.pid))

    def worker_rss_mb(self) -> list[float]:
        return [round(rss_kb(pid) / 1024, 1) for pid in self.worker_pids()]

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name: str, args: list[str], log_path: Path, port: int, env: dict | None = None) -> Server:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, *args]
    log = open(log_path, "wb")
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    log.close()
    return Server(name, port, process, log_path, command)


def start_service(index_dir: str, log_dir: Path, workers: int | None = None) -> Server:
    port = free_port()
    args = ["-m", "search_service", "--index", str(index_dir), "--port", str(port)]
    if workers:
        args += ["--workers", str(workers)]
    return start("service", args, log_dir / "service.log", port, {"COMMUNIQUES_RATE_LIMIT": "0"})


def start_naive(index_dir: str, log_dir: Path, workers: int, threads: int) -> Server:
    port = free_port()
    return start("naive", ["-m", "benchmarks.baselines.naive_whoosh", "serve", "--index", str(index_dir),
                           "--port", str(port), "--workers", str(workers), "--threads", str(threads)],
                 log_dir / "naive.log", port)


def start_fts5(db_path: str, log_dir: Path, workers: int, threads: int) -> Server:
    port = free_port()
    return start("fts5", ["-m", "benchmarks.baselines.fts5", "serve", "--db", str(db_path), "--port", str(port),
                          "--workers", str(workers), "--threads", str(threads)], log_dir / "fts5.log", port)


def start_tantivy(index_path: str, log_dir: Path, workers: int, threads: int) -> Server:
    port = free_port()
    return start("tantivy", ["-m", "benchmarks.baselines.tantivy_peer", "serve", "--index", str(index_path),
                             "--port", str(port), "--workers", str(workers), "--threads", str(threads)],
                 log_dir / "tantivy.log", port)


def wait_ready(server: Server, timeout: float = 180.0, workers: int | None = None) -> None:
    """Until /healthz answers 200 (and the expected number of workers is up)."""
    deadline = time.monotonic() + timeout
    client = Client(server.port, timeout=30)
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with status {server.process.returncode}:\n{server.log_tail()}")
        reply = client.get("/healthz")
        if reply.status == 200 and (not workers or len(server.worker_pids()) >= workers):
            client.close()
            return
        time.sleep(0.2)
    client.close()
    raise RuntimeError(f"{server.name} did not become ready in {timeout:.0f} s:\n{server.log_tail()}")


def wait_warmed(server: Server, workers: int, timeout: float = 300.0) -> None:
    """Until `workers` workers of the service have logged that their index is open and warm.

    /healthz answers as soon as one worker is up, while another may still be opening the index:
    its memory measured then is not its memory at work.
    """
    from search_service.wsgi_server import WARMED
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.log_tail(10_000).count(WARMED) >= workers:
            return
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with status {server.process.returncode}:\n{server.log_tail()}")
        time.sleep(0.2)
    raise RuntimeError(f"{server.name}: {workers} workers did not warm their index in {timeout:.0f} s")


def stop(server: Server, grace: float = 20.0) -> None:
    """SIGTERM to the master (gunicorn stops its workers), then SIGKILL to whatever of ours is left."""
    workers = server.worker_pids()
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(grace)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)
    for pid in workers:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def children_of(pid: int) -> set[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return {int(p) for p in f.read().split()}
    except OSError:
        pass
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
