"""Page numbers: first, last and the neighbourhood of the current page."""
from search_service.ui.pagination import page_numbers


def test_a_single_page_needs_no_pagination():
    assert page_numbers(1, 1) == [] and page_numbers(1, 0) == []


def test_few_pages_are_all_listed():
    assert page_numbers(2, 4) == [1, 2, 3, 4]


def test_long_ranges_show_gaps_around_the_current_page():
    assert page_numbers(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]


def test_a_gap_of_one_page_shows_the_page_instead_of_an_ellipsis():
    assert page_numbers(5, 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_a_page_beyond_the_last_still_lists_the_real_pages():
    assert page_numbers(50, 3) == [1, 2, 3]
