"""End-to-end fixtures: the app on a real local port, driven by Debian's headless Chromium through Playwright.

Playwright's own browser downloads are never used: `make browser` installs Debian's
chromium, and these tests fail (not skip) when it is missing.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@contextmanager
def serving(app) -> Iterator[str]:
    """The WSGI app on 127.0.0.1 with a free port, in a thread, for as long as the block runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def require_chromium(path: Path = CHROMIUM) -> Path:
    """A missing browser is a failure of the suite, never a silent skip."""
    if not path.is_file():
        pytest.fail(f"{path} is missing: the browser tests need Debian's chromium. "
                    "Install it with `make browser` (apt-get install chromium), then run the tests again.",
                    pytrace=False)
    return path


@pytest.fixture(scope="session")
def chromium():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_url(corpus_app) -> Iterator[str]:
    """The search service over the real corpus/ index."""
    with serving(corpus_app) as url:
        yield url


@dataclass
class Tab:
    """A browser page plus what it reported: dialogs (alert/confirm) and console errors such as CSP refusals."""

    page: object
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def open_tab(browser, **context_options) -> Tab:
    context = browser.new_context(locale="fr-FR", **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    tab = Tab(page)

    def on_dialog(dialog):
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: tab.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    return tab


@pytest.fixture
def tab(chromium) -> Iterator[Tab]:
    t = open_tab(chromium, viewport=DESKTOP)
    yield t
    t.page.context.close()


@pytest.fixture
def no_js_tab(chromium) -> Iterator[Tab]:
    t = open_tab(chromium, viewport=DESKTOP, java_script_enabled=False)
    yield t
    t.page.context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
