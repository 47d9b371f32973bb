"""Run the app under gunicorn from Python, so `python -m search_service` needs no extra command."""
from __future__ import annotations

import ctypes
import ctypes.util

from gunicorn.app.base import BaseApplication

from search_service.gunicorn_worker import THREADS, SlowClientSafeWorker

M_ARENA_MAX = -8          # glibc mallopt parameter
MALLOC_ARENAS = 2


def post_fork(server, worker) -> None:
    """Few malloc arenas per worker: glibc gives threads arenas of their own (up to 8 per core), and
    memory freed in one is not reused by another, so a threaded worker's RSS crept up for minutes."""
    name = ctypes.util.find_library("c")
    if name:
        try:
            ctypes.CDLL(name).mallopt(M_ARENA_MAX, MALLOC_ARENAS)
        except (OSError, AttributeError):    # not glibc: nothing to tune
            pass


WARMED = "index opened and warmed"        # logged by each worker once it is (the benchmark waits for it)


def post_worker_init(worker) -> None:
    """Open and warm the index before the worker takes its first request (a warm snapshot at 100,000
    documents takes seconds: lexicons, facet arrays, the most frequent posting lists)."""
    try:
        worker.wsgi.extensions["engine"].handle.warm()
        worker.wsgi.extensions["engine"].warm_encoder()
    except Exception as exc:    # no index yet, or a damaged one: requests will say so (503)
        worker.log.warning("index not opened at worker start: %s", exc)
    else:
        worker.log.info(WARMED)


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from search_service import create_app
        return create_app()


def serve(bind: str, workers: int) -> None:
    _Server({
        "bind": bind,
        "workers": workers,
        "worker_class": SlowClientSafeWorker,   # gthread that slow or stalled clients cannot stall
        "threads": THREADS,
        "timeout": 30,
        "graceful_timeout": 10,
        "max_requests": 20000,           # recycle workers now and then: bounded memory over months
        "max_requests_jitter": 2000,
        "limit_request_line": 8190,
        "limit_request_fields": 50,
        "accesslog": "-",
        "preload_app": False,
        "post_fork": post_fork,
        "post_worker_init": post_worker_init,
        # gunicorn's control socket defaults to one path per user: every instance of the same user shared it
        # (a second service, a test server) and commands reached the wrong one. Nothing here uses it.
        "control_socket_disable": True,
    }).run()
