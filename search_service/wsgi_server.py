"""Run the app under gunicorn from Python, so `python -m search_service` needs no extra command."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication


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
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 30,
        "graceful_timeout": 10,
        "max_requests": 20000,           # recycle workers now and then: bounded memory over months
        "max_requests_jitter": 2000,
        "limit_request_line": 8190,
        "limit_request_fields": 50,
        "accesslog": "-",
        "preload_app": False,
    }).run()
