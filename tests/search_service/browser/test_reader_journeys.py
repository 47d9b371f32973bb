"""A reporter's journeys in the real Chromium, at desktop and phone widths: keep the place, cite, read on a phone.

Screenshots of each journey are written to tests/screenshots/ for reviewers.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from tests.search_service.browser.conftest import DESKTOP, PHONE, open_tab

pytestmark = pytest.mark.browser
WIDTHS = [("desktop", DESKTOP), ("phone", PHONE)]


@pytest.fixture(params=WIDTHS, ids=[name for name, _ in WIDTHS])
def sized_tab(request, chromium):
    name, viewport = request.param
    mobile = {"is_mobile": True, "has_touch": True} if name == "phone" else {}
    tab = open_tab(chromium, viewport=viewport, device_scale_factor=1, **mobile)
    tab.name, tab.viewport = name, viewport
    yield tab
    tab.page.context.close()


def url_params(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def no_sideways_scrolling(page, viewport) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_search_then_document_then_back_keeps_the_query_and_the_page(sized_tab, live_url, screenshots):
    page = sized_tab.page
    page.goto(live_url + "/?q=ministre&page=2")
    titles = page.locator(".hit h3").all_inner_texts()
    page.locator(".hit h3 a").nth(1).click()
    page.wait_for_url(re.compile(r"/documents/"))
    expect(page.locator("h1")).to_have_text(titles[1])
    expect(page.locator(".breadcrumb a")).to_have_text(re.compile(r"Recherche «\s*ministre\s*», page 2"))
    marks = {m.lower() for m in page.locator(".document .body mark").all_inner_texts()}
    assert marks and all(m.startswith("ministr") for m in marks), marks
    assert no_sideways_scrolling(page, sized_tab.viewport)
    page.screenshot(path=screenshots / f"document-from-search-{sized_tab.name}.png", full_page=True)
    page.get_by_role("link", name="‹ Retour aux résultats").click()
    page.wait_for_url(re.compile(r"/\?"))
    assert url_params(page.url) == [("q", "ministre"), ("page", "2")]
    assert page.input_value("#q") == "ministre"
    assert page.locator(".hit h3").all_inner_texts() == titles


def test_the_searched_words_are_highlighted_in_the_document_with_their_forms_and_synonyms(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=OTAN sécurité")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    marks = {m.lower() for m in page.locator(".document mark").all_inner_texts()}
    assert marks & {"otan", "nato"} and marks & {"sécurité", "security", "sécuritaire"}, marks
    expect(page.locator(".document .hint")).to_contain_text("sont surlignés")


def test_citer_copies_a_french_citation_to_the_clipboard(sized_tab, live_url, screenshots):
    page = sized_tab.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page.goto(live_url + "/?q=Gymnich")
    title = page.locator(".hit h3").first.inner_text()
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    page.get_by_text("Citer", exact=True).click()
    citation = page.locator("#citation")
    expect(citation).to_be_visible()
    text = citation.inner_text()
    assert text.startswith(f"Ministère des Affaires étrangères et européennes, «\u00a0{title}\u00a0», communiqué de presse, ")
    assert re.search(r", consulté le \d{1,2}(er)? \w+ \d{4}\.$", text)
    page.get_by_role("button", name="Copier la citation").click()
    expect(page.locator(".cite .copy-status")).to_have_text("Copié dans le presse-papiers.")
    assert page.evaluate("navigator.clipboard.readText()") == text
    page.screenshot(path=screenshots / f"citation-{sized_tab.name}.png")


def test_the_citation_is_readable_without_javascript(no_js_tab, live_url):
    page = no_js_tab.page
    page.goto(live_url + "/?q=Gymnich")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    page.get_by_text("Citer", exact=True).click()
    expect(page.locator("#citation")).to_contain_text("communiqué de presse")
    expect(page.get_by_role("button", name="Copier la citation")).to_be_hidden()


def test_a_paragraph_anchor_shows_its_link_on_focus_and_opens_at_that_paragraph(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=Gymnich")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    anchor = page.locator(".document .body p#p2 a.anchor")
    assert float(anchor.evaluate("a => getComputedStyle(a).opacity")) == 0
    anchor.focus()
    assert float(anchor.evaluate("a => getComputedStyle(a).opacity")) == 1
    anchor.click()
    assert page.url.endswith("#p2")


def test_phone_results_come_first_and_the_filters_open_in_a_drawer(chromium, live_url, screenshots):
    tab = open_tab(chromium, viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = tab.page
    try:
        page.goto(live_url + "/?q=OTAN")
        title = page.locator(".hit h3").first.bounding_box()
        assert title["y"] + title["height"] <= PHONE["height"], f"first result title ends at {title}: below the fold"
        assert page.locator(".hit").first.bounding_box()["y"] < 520
        filters = page.locator("#filtres")
        expect(filters).to_be_hidden()
        assert no_sideways_scrolling(page, PHONE)
        page.screenshot(path=screenshots / "search-phone-above-the-fold.png")
        page.get_by_role("link", name="Filtres").click()
        expect(filters).to_be_visible()
        box = filters.bounding_box()
        assert box["y"] == 0 and box["height"] == PHONE["height"], "the drawer covers the screen's height, over the results"
        assert filters.evaluate("f => getComputedStyle(f).position") == "fixed"
        page.screenshot(path=screenshots / "filters-drawer-phone.png")
        year = page.locator('#filtres input[name="year"]').first
        value = year.get_attribute("value")
        year.check()                                   # applied at once; the drawer stays open for the next filter
        page.wait_for_url(re.compile(rf"year={value}#filtres$"))
        expect(filters).to_be_visible()
        page.keyboard.press("Escape")
        expect(filters).to_be_hidden()
        page.get_by_role("link", name=re.compile("^Filtres")).click()
        expect(filters).to_be_visible()
        page.get_by_role("link", name=re.compile("^Fermer")).click()
        expect(filters).to_be_hidden()
        assert {d[:4] for d in page.locator(".hit time").evaluate_all("e => e.map(t => t.getAttribute('datetime'))")} == {value}
    finally:
        page.context.close()


def test_the_phone_drawer_works_without_javascript(chromium, live_url):
    tab = open_tab(chromium, viewport=PHONE, java_script_enabled=False)
    page = tab.page
    try:
        page.goto(live_url + "/?q=OTAN")
        page.get_by_role("link", name="Filtres").click()
        expect(page.locator("#filtres")).to_be_visible()
        page.locator('#filtres input[name="lang"][value="en"]').check()
        page.get_by_role("button", name="Appliquer les filtres").click()
        page.wait_for_url(re.compile(r"lang=en"))
        expect(page.locator("#filtres")).to_be_hidden()
        assert page.locator(".hit").count() >= 1
    finally:
        page.context.close()


def test_an_unknown_page_is_french_and_fits_a_phone(sized_tab, live_url, screenshots):
    page = sized_tab.page
    response = page.goto(live_url + "/communiques/inexistant")
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == "fr"
    expect(page.locator("h1")).to_have_text("Page introuvable")
    assert no_sideways_scrolling(page, sized_tab.viewport)
    assert page.evaluate("window.innerWidth") == sized_tab.viewport["width"], "the viewport meta tag is honoured"
    page.screenshot(path=screenshots / f"error-404-{sized_tab.name}.png")
    page.fill("#q", "Gymnich")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Gymnich"))
    assert page.locator(".hit").count() >= 1


@pytest.mark.parametrize("french, english", [
    ("titre:Gymnich", "title:Gymnich"), ("Gymnich OU Bruxelles", "Gymnich OR Bruxelles"),
    ("Russie SAUF sanctions", "Russie NOT sanctions"),
])
def test_french_operators_work_from_the_search_box(tab, live_url, french, english):
    page = tab.page
    page.goto(live_url + "/")
    page.fill("#q", french)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q="))
    french_titles = page.locator(".hit h3").all_inner_texts()
    page.goto(live_url + "/?q=" + english)
    assert french_titles and french_titles == page.locator(".hit h3").all_inner_texts()
    if french.startswith("titre:"):
        assert all("gymnich" in t.lower() for t in french_titles)


def test_the_search_help_is_one_click_from_the_search_box(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=OTAN")
    page.get_by_role("link", name="Aide à la recherche").click()
    expect(page.locator("h1")).to_have_text("Aide à la recherche")
    expect(page.locator("table.help-table")).to_contain_text("SAUF")


def test_the_atom_link_opens_a_page_explaining_the_subscription(tab, live_url, screenshots):
    page = tab.page
    page.goto(live_url + "/?q=Ukraine")
    page.get_by_role("link", name="S'abonner (Atom)").click()
    expect(page.locator("h1")).to_have_text("S'abonner à cette recherche")
    assert page.input_value("#adresse-fil").startswith(live_url + "/search.atom?q=Ukraine")
    page.screenshot(path=screenshots / "subscribe-desktop.png")


def test_results_show_french_dates_whatever_the_browser_language(chromium, live_url):
    tab = open_tab(chromium, viewport=DESKTOP)
    page = tab.page
    try:
        page.context.set_extra_http_headers({"Accept-Language": "en-US"})
        page.goto(live_url + "/?q=Stoltenberg&sort=oldest")
        dates = page.locator(".hit time").all_inner_texts()
        months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
        assert dates and all(re.fullmatch(rf"(1er|\d{{1,2}}) ({months}) \d{{4}}", d) for d in dates), dates
    finally:
        page.context.close()


def test_back_to_the_results_lands_on_the_result_that_was_opened(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=ministre&page=2")
    link = page.locator(".hit h3 a").nth(12)
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/documents/"))
    page.get_by_role("link", name="‹ Retour aux résultats").click()
    page.wait_for_url(re.compile(r"#titre-33$"))
    heading = page.locator("#titre-33")
    expect(heading).to_have_text(title)
    expect(heading).to_be_in_viewport()


def test_a_passage_copied_from_a_communique_carries_its_citation(tab, live_url):
    page = tab.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page.goto(live_url + "/?q=Gymnich")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    passage = page.evaluate("""() => { const p = document.querySelector('.document .body p');
        const range = document.createRange(); range.selectNodeContents(p.firstChild);
        getSelection().removeAllRanges(); getSelection().addRange(range); return getSelection().toString(); }""")
    page.keyboard.press("Control+C")
    copied = page.evaluate("navigator.clipboard.readText()")
    citation = page.locator("#citation").text_content().strip()
    assert copied == f"«\u00a0{' '.join(passage.split())}\u00a0» ({citation})"


@pytest.mark.parametrize("path", ["/", "/?page=2", "/?q=ministre&page=3", "/aide", "/abonnement?q=OTAN", "/?q=zzzqqq"])
def test_no_page_scrolls_sideways_on_a_phone(chromium, live_url, path):
    tab = open_tab(chromium, viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        tab.page.goto(live_url + path)
        assert no_sideways_scrolling(tab.page, PHONE), tab.page.evaluate("document.documentElement.scrollWidth")
    finally:
        tab.page.context.close()
