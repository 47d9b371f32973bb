"""The per-year bar chart: one bar per year between the first and last year with results."""
from search_service.ui.timeline import CHART_HEIGHT, MIN_BAR, build_timeline


def href(year):
    return f"/?year={year}"


def test_no_dated_result_means_no_timeline():
    assert build_timeline({}, set(), href) is None
    assert build_timeline({"2019": 0}, set(), href) is None


def test_years_without_results_appear_as_empty_slots():
    timeline = build_timeline({"2015": 2, "2018": 4}, set(), href)
    assert [(b.year, b.count) for b in timeline.bars] == [("2015", 2), ("2016", 0), ("2017", 0), ("2018", 4)]
    assert timeline.total == 6
    assert timeline.first == "2015" and timeline.last == "2018"


def test_bar_heights_are_proportional_to_counts_and_small_counts_stay_visible():
    timeline = build_timeline({"2020": 200, "2021": 100, "2022": 1}, set(), href)
    heights = {b.year: b.height for b in timeline.bars}
    assert heights["2020"] == CHART_HEIGHT
    assert heights["2021"] == CHART_HEIGHT / 2
    assert heights["2022"] == MIN_BAR
    for bar in timeline.bars:
        assert bar.y + bar.height == timeline.axis_y


def test_each_bar_links_to_its_year_and_knows_whether_it_is_selected():
    timeline = build_timeline({"2019": 3, "2020": 1}, {"2020"}, href)
    assert [(b.href, b.selected) for b in timeline.bars] == [("/?year=2019", False), ("/?year=2020", True)]


def test_many_years_are_labelled_every_other_year_ending_on_the_latest():
    timeline = build_timeline({str(y): 1 for y in range(2000, 2025)}, set(), href)
    labelled = [b.year for b in timeline.bars if b.show_year]
    assert labelled[-1] == "2024" and "2023" not in labelled and len(labelled) == 13


def test_a_very_long_archive_keeps_the_most_recent_years():
    timeline = build_timeline({"1950": 1, "2024": 1}, set(), href, max_years=10)
    assert timeline.first == "2015" and timeline.last == "2024"
