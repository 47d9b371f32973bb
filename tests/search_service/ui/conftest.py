"""Helpers for reading the HTML the UI renders (parsed with BeautifulSoup, as a browser would)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


@pytest.fixture
def get_page():
    """get_page(client, "/?q=otan", status=200) -> parsed page, after checking the status."""
    def get(client, url, status=200, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        return soup_of(response)
    return get


def text(element) -> str:
    """The text a reader sees, spaces (including French no-break spaces) normalised to one."""
    return " ".join(element.get_text().split())


def status_text(soup) -> str:
    return text(soup.select_one("[role=status]"))


def facet_counts(soup, facet: str) -> dict[str, int]:
    """value -> count shown next to each checkbox of one facet."""
    out = {}
    for box in soup.select(f'input[type=checkbox][name="{facet}"]'):
        label = soup.select_one(f'label[for="{box["id"]}"]')
        out[box["value"]] = int(label.select_one(".count").get_text())
    return out


def checked_values(soup, facet: str) -> list[str]:
    return [box["value"] for box in soup.select(f'input[type=checkbox][name="{facet}"][checked]')]
