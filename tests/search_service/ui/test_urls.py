"""Links on the search page are the current query string plus one change."""
from werkzeug.datastructures import MultiDict

from search_service.ui.urls import QueryString


def qs(*pairs):
    return QueryString.from_pairs(pairs)


def test_blank_values_are_dropped_so_shared_links_stay_short():
    query = QueryString.from_args(MultiDict([("q", "otan"), ("from", ""), ("to", "  "), ("year", "2019")]))
    assert query.encode() == "q=otan&year=2019"


def test_repeated_facet_values_keep_their_order():
    query = qs(("topic", "Ukraine"), ("q", "sanctions"), ("topic", "Russie"))
    assert query.values("topic") == ["Ukraine", "Russie"]
    assert query.first("q") == "sanctions"


def test_toggling_adds_a_missing_value_and_removes_a_present_one():
    query = qs(("year", "2019"))
    assert query.toggling("year", "2022").values("year") == ["2019", "2022"]
    assert query.toggling("year", "2019").values("year") == []


def test_removing_one_chip_keeps_the_other_values_of_the_same_facet():
    query = qs(("q", "otan"), ("year", "2019"), ("year", "2022"), ("lang", "fr"))
    assert query.without_value("year", "2019").pairs == (("q", "otan"), ("year", "2022"), ("lang", "fr"))


def test_setting_replaces_every_value_and_none_removes_it():
    query = qs(("year", "2019"), ("year", "2022"), ("sort", "oldest"))
    assert query.setting("year", "2016").values("year") == ["2016"]
    assert not query.setting("sort", None).has("sort")


def test_a_new_search_starts_on_the_first_page():
    assert qs(("q", "otan"), ("page", "3")).new_search().encode() == "q=otan"


def test_href_encodes_accents_quotes_and_ampersands():
    href = qs(("q", '"Conseil Affaires étrangères" & UE'), ("meeting", "Gymnich")).href("/")
    assert href == "/?q=%22Conseil+Affaires+%C3%A9trang%C3%A8res%22+%26+UE&meeting=Gymnich"
    assert QueryString().href("/") == "/"
