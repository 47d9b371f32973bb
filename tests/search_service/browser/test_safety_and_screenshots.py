"""Hostile text stays inert in a real browser; screenshots at desktop and phone widths for reviewers."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from search_service import create_app
from tests.conftest import page as communique_page
from tests.search_service.browser.conftest import DESKTOP, PHONE, open_tab, require_chromium, serving

pytestmark = pytest.mark.browser

HOSTILE = communique_page(
    "Cybersécurité : un message piégé &lt;b onmouseover=alert(3)&gt;signalé",
    "Le ministère a reçu un courriel de cybersécurité contenant &lt;script&gt;window.__pwned=1&lt;/script&gt; dans son texte.",
    "Une autre ligne cite &lt;img src=x onerror=\"window.__pwned=2;alert(2)\"&gt; sans conséquence pour la cybersécurité.",
    "<script>window.__pwned = 3</script>Les services de cybersécurité du ministère ont analysé le message piégé.",
    date_line="Luxembourg, le 3 mars 2021",
    head="<script>window.__pwned = 4</script>",
)
NEIGHBOUR = communique_page(
    "Conférence sur la cybersécurité à Luxembourg",
    "Les ministres ont débattu de cybersécurité et de la protection des services publics contre les courriels piégés.",
    "La conférence sur la cybersécurité a réuni des experts de toute l'Union européenne.",
    date_line="Luxembourg, le 12 mai 2021",
)


def test_script_and_markup_in_a_communique_never_run(chromium, build_index):
    index = build_index({"piege.html": HOSTILE, "conference.html": NEIGHBOUR})
    with serving(create_app({"INDEX": str(index)})) as url:
        tab = open_tab(chromium, viewport=DESKTOP)
        page = tab.page
        try:
            page.goto(url + "/?q=cybersécurité piégé")
            expect(page.locator(".hit h3").first).to_contain_text("<b onmouseover=alert(3)>")
            page.locator(".hit h3 a").first.hover()
            page.locator(".hit h3 a").first.click()
            page.wait_for_url(lambda u: u.startswith(url + "/documents/piege.html?from="))
            body = page.locator(".document .body").inner_text()
            assert "<script>window.__pwned=1</script>" in body
            assert '<img src=x onerror="window.__pwned=2;alert(2)">' in body
            assert page.locator(".document img, .document script, .document b").count() == 0
            page.locator("h1").hover()
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert tab.dialogs == []
        finally:
            page.context.close()


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_of_the_results_and_document_pages(chromium, live_url, screenshots, name, viewport):
    mobile = {"is_mobile": True, "has_touch": True} if name == "phone" else {}
    tab = open_tab(chromium, viewport=viewport, device_scale_factor=1, **mobile)
    page = tab.page
    try:
        page.goto(live_url + "/?q=OTAN&lang=fr")
        assert page.locator(".hit").count() > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], "no sideways scrolling"
        page.screenshot(path=screenshots / f"search-{name}.png", full_page=True)
        page.locator(".hit h3 a").first.click()
        page.wait_for_url(lambda u: "/documents/" in u)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], "no sideways scrolling"
        page.screenshot(path=screenshots / f"document-{name}.png", full_page=True)
        assert not [m for m in tab.console_errors if "Content Security Policy" in m], tab.console_errors
    finally:
        page.context.close()
    for kind in ("search", "document"):
        assert (screenshots / f"{kind}-{name}.png").stat().st_size > 10_000


def test_a_missing_chromium_fails_the_suite_with_a_clear_message(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="make browser"):
        require_chromium(tmp_path / "no-chromium-here")
