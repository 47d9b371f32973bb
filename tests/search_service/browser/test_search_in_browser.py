"""The search page driven in headless Chromium over the real corpus: what a journalist does, click by click."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def status_count(page) -> int:
    text = page.locator("#nombre").inner_text()
    if text.startswith("Aucun"):
        return 0
    return int(re.match(r"[\d\u202f]+", text).group().replace("\u202f", ""))


def hit_dates(page) -> list[str]:
    return page.locator(".hit time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")


def hit_titles(page) -> list[str]:
    return page.locator(".hit h3").all_inner_texts()


def facet_counts(page, facet: str) -> dict[str, int]:
    return page.evaluate("""facet => Object.fromEntries(
        [...document.querySelectorAll(`input[type=checkbox][name="${facet}"]`)].map(box => [
            box.value, Number(document.querySelector(`label[for="${box.id}"] .count`).textContent)]))""", facet)


def visible_year(page, below: int) -> tuple[str, int]:
    """A year shown without opening "voir plus", with fewer hits than `below` (so ticking it narrows)."""
    for year, count in facet_counts(page, "year").items():
        if count < below and page.locator(f'input[name="year"][value="{year}"]').is_visible():
            return year, count
    raise AssertionError("no visible year narrows the results")


def url_params(page) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(page.url).query)


def csp_errors(tab) -> list[str]:
    return [m for m in tab.console_errors if "Content Security Policy" in m]


def test_typing_a_query_shows_highlighted_results(tab, live_url):
    page = tab.page
    page.goto(live_url + "/")
    page.locator("#q").type("OTAN")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=OTAN(&mode=hybrid)?$"))     # the form carries its « mots et sens » switch
    expect(page.locator("#nombre")).to_contain_text("communiqués pour « OTAN »")
    assert status_count(page) > 5
    assert page.input_value("#q") == "OTAN"
    marks = {m.lower() for m in page.locator(".hit mark").all_inner_texts()}
    assert {"otan", "nato"} & marks
    assert page.locator(".hit h3 mark").count() > 0, "matches in titles are highlighted too"
    assert not csp_errors(tab)


def test_partial_matches_show_below_the_results_under_their_heading(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=asselborn+maroc")
    expect(page.locator("#nombre")).to_contain_text("1 communiqué pour « asselborn maroc »")
    heading = page.locator("h2.match-heading")
    expect(heading).to_have_text("Correspondances partielles")
    result = page.locator("ol.hits-all .hit")
    expect(result).to_have_count(1)
    assert result.bounding_box()["y"] < heading.bounding_box()["y"] < page.locator("ol.hits-partial .hit").first.bounding_box()["y"]
    expect(page.locator("ol.hits-partial .match-label").first).to_be_visible()


def test_ticking_a_facet_filters_the_results_and_changes_the_other_counts(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=OTAN")
    total = status_count(page)
    years_before = facet_counts(page, "year")
    assert sum(facet_counts(page, "lang").values()) == total
    year, count = visible_year(page, below=total)
    page.locator(f'input[name="year"][value="{year}"]').check()      # the small script submits the form
    page.wait_for_url(re.compile(rf"year={year}"))
    assert status_count(page) == count
    assert {d[:4] for d in hit_dates(page)} == {year}
    expect(page.locator("a.chip")).to_have_text(re.compile(rf"Année : {year}"))
    assert sum(facet_counts(page, "lang").values()) == count, "other facets are counted within the selection"
    assert facet_counts(page, "year") == years_before, "a facet's own counts ignore its own selection"
    assert page.locator(f'input[name="year"][value="{year}"]').is_checked()


def test_removing_a_chip_drops_only_that_filter(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=OTAN")
    first, second = list(facet_counts(page, "year"))[:2]
    page.goto(live_url + f"/?q=OTAN&year={first}&year={second}")
    assert {d[:4] for d in hit_dates(page)} == {first, second}
    page.get_by_role("link", name=f"Retirer le filtre Année : {first}").click()
    page.wait_for_url(lambda url: f"year={first}" not in url)
    assert url_params(page) == [("q", "OTAN"), ("year", second)]
    assert {d[:4] for d in hit_dates(page)} == {second}
    assert not page.locator(f'input[name="year"][value="{first}"]').is_checked()
    page.get_by_role("link", name="Tout effacer").click()
    page.wait_for_url(re.compile(r"\?q=OTAN(&mode=hybrid)?$"))     # the form carries its « mots et sens » switch
    assert page.locator("a.chip").count() == 0


def test_changing_the_sort_orders_results_by_date(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=ministres")
    relevance = hit_titles(page)
    page.get_by_role("link", name="Plus anciens").click()
    page.wait_for_url(re.compile(r"sort=oldest"))
    oldest = hit_dates(page)
    assert oldest == sorted(oldest)
    expect(page.get_by_role("link", name="Plus anciens")).to_have_attribute("aria-current", "true")
    page.get_by_role("link", name="Plus récents").click()
    page.wait_for_url(re.compile(r"sort=newest"))
    newest = hit_dates(page)
    assert newest == sorted(newest, reverse=True) and newest[0] > oldest[0]
    page.get_by_role("link", name="Pertinence").click()
    page.wait_for_url(re.compile(r"sort=relevance"))
    assert hit_titles(page) == relevance


def test_paging_forward_and_back_with_the_browser_buttons(tab, live_url):
    page = tab.page
    page.goto(live_url + "/")
    first_page = hit_titles(page)
    assert len(first_page) == 20
    page.get_by_role("link", name="Suivante ›").click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator("#nombre")).to_contain_text("21 à 40")
    second_page = hit_titles(page)
    assert second_page and not set(second_page) & set(first_page)
    page.get_by_role("link", name="Page 3", exact=True).click()
    page.wait_for_url(re.compile(r"page=3"))
    page.go_back()
    page.wait_for_url(re.compile(r"page=2"))
    assert hit_titles(page) == second_page
    page.go_back()
    page.wait_for_url(live_url + "/")
    assert hit_titles(page) == first_page
    page.go_forward()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.get_by_role("link", name="Page 2, page actuelle")).to_have_attribute("aria-current", "page")


def test_opening_a_document_and_one_of_its_related_communiques(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=OTAN Bruxelles")
    title = hit_titles(page)[0]
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    expect(page.locator("h1")).to_have_text(title)
    assert len(page.locator(".document .body p").all_inner_texts()) >= 2
    related = page.locator(".related li a")
    assert related.count() >= 1
    related_title, related_href = related.first.inner_text(), related.first.get_attribute("href")
    related.first.click()
    page.wait_for_url(live_url + related_href)
    expect(page.locator("h1")).to_have_text(related_title)
    page.go_back()
    expect(page.locator("h1")).to_have_text(title)


def test_following_a_timeline_bar_filters_to_that_year(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=OTAN")
    bars = page.locator(".timeline a.bar")
    assert bars.count() >= 2
    bar = bars.nth(1)
    year, count = re.match(r"(\d{4}) : (\d+)", bar.get_attribute("aria-label")).groups()
    bar.click()
    page.wait_for_url(re.compile(rf"year={year}"))
    assert status_count(page) == int(count)
    assert {d[:4] for d in hit_dates(page)} == {year}
    expect(page.locator(f'.timeline a.bar[aria-label^="{year}"]')).to_have_class(re.compile("selected"))


def test_a_timeline_bar_filters_to_its_year_without_javascript(no_js_tab, live_url):
    """With the « Années » shortcuts gone, the bars must stay plain links that work without the script."""
    page = no_js_tab.page
    page.goto(live_url + "/?q=OTAN")
    assert page.locator(".quick-years").count() == 0 and page.get_by_text("Années").count() == 0
    bar = page.locator(".timeline a.bar").nth(1)
    year, count = re.match(r"(\d{4}) : (\d+)", bar.get_attribute("aria-label")).groups()
    bar.click()
    page.wait_for_url(re.compile(rf"year={year}"))
    assert status_count(page) == int(count)
    assert page.locator(f'input[name="year"][value="{year}"]').is_checked()


def test_the_slash_key_focuses_the_search_box(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=OTAN")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.input_value("#q") == "OTAN", "the slash itself is not typed into the box"


def test_keyboard_focus_is_visible(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=OTAN")
    page.evaluate("document.activeElement.blur()")
    for _ in range(4):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; }""")
        assert style[1] == "solid" and style[2] == "3px", style


def test_the_whole_search_works_with_javascript_disabled(no_js_tab, live_url):
    page = no_js_tab.page
    page.goto(live_url + "/")
    assert page.evaluate("document.documentElement.className") == "", "the script did not run"
    page.fill("#q", "Ukraine")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Ukraine"))
    total = status_count(page)
    year, count = visible_year(page, below=total)
    page.locator(f'input[name="year"][value="{year}"]').check()
    assert "year=" not in page.url, "without script nothing is submitted until the button is pressed"
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(rf"year={year}"))
    assert ("q", "Ukraine") in url_params(page) and status_count(page) == count
    page.fill("#from", f"{year}-01-01")
    page.fill("#to", f"{year}-06-30")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(r"to=\d{4}-06-30"))
    assert all(f"{year}-01-01" <= d <= f"{year}-06-30" for d in hit_dates(page))
    page.get_by_role("link", name=f"Retirer le filtre Année : {year}").click()
    page.wait_for_url(lambda url: "year=" not in url)
    page.get_by_role("link", name="Plus anciens").click()
    page.wait_for_url(re.compile(r"sort=oldest"))
    dates = hit_dates(page)
    assert dates == sorted(dates)


def test_script_typed_in_the_query_never_runs(tab, live_url):
    page = tab.page
    payload = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2;alert(2)">'
    page.goto(live_url + "/?q=" + quote(payload))
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.input_value("#q") == payload
    assert page.locator("img").count() == 0
    assert not tab.dialogs


def test_the_exact_words_switch_takes_the_meaning_hits_away(tab, live_url):
    page = tab.page
    page.goto(live_url + "/?q=NATO+foreign+ministers+Brussels")
    assert page.locator(".hit .match-label.match-meaning").count() > 0
    page.locator('label[for="mode-keyword"]').click()
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"mode=keyword"))
    assert page.locator(".hit").count() > 0 and page.locator(".hit .match-label.match-meaning").count() == 0
    assert page.locator("#mode-keyword").is_checked()
    assert not csp_errors(tab)
