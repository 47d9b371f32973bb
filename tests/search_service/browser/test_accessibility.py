"""axe-core finds no serious or critical accessibility violation on the pages people read, at both widths."""
from __future__ import annotations

import pytest

from tests.search_service.browser.axe import blocking_violations, require_axe
from tests.search_service.browser.conftest import DESKTOP, PHONE, open_tab

pytestmark = pytest.mark.browser

PAGES = {
    "search": "/?q=OTAN",
    "search-filtered": "/?q=ministres&year=2019&lang=fr",
    "browse": "/",
    "document": None,                      # the first result of the search, opened from it
    "meeting": "/?meeting=Gymnich",
    "error-404": "/nulle/part",
    "help": "/aide",
    "subscribe": "/abonnement?q=OTAN",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_accessibility_violation(chromium, live_url, name, viewport):
    require_axe()
    tab = open_tab(chromium, viewport=viewport, bypass_csp=True)
    page = tab.page
    try:
        if PAGES[name] is None:
            page.goto(live_url + "/?q=OTAN")
            page.locator(".hit h3 a").first.click()
            page.wait_for_url(lambda url: "/documents/" in url)
        else:
            page.goto(live_url + PAGES[name])
        assert blocking_violations(page) == []
        if name == "search" and viewport is PHONE:
            page.get_by_role("link", name="Filtres").click()     # the open drawer too
            assert blocking_violations(page) == []
    finally:
        page.context.close()


def test_a_missing_axe_core_fails_with_a_clear_message(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="make node-packages"):
        require_axe(tmp_path / "axe.min.js")
