"""Which sitting of a meeting a communiqué reports on: dates read from the text, a stable id."""
from datetime import date

import pytest

from indexer.metadata import extract_metadata
from indexer.metadata.occurrences import find_occurrence, human_dates, meeting_dates

NATO_FM = "Réunion des ministres des Affaires étrangères de l'OTAN"


@pytest.mark.parametrize("lead, published, expected", [
    ("Le ministre a participé les 5 et 6 décembre 2017 à Bruxelles à la réunion.", date(2017, 12, 7),
     (date(2017, 12, 5), date(2017, 12, 6))),
    ("La conférence s'est tenue du 27 novembre au 1er décembre 2023 à La Haye.", date(2023, 12, 2),
     (date(2023, 11, 27), date(2023, 12, 1))),
    ("Les ministres se sont réunis les 31 janvier et 1er février à Bucarest.", date(2019, 2, 1),
     (date(2019, 1, 31), date(2019, 2, 1))),
    ("Réunis hier à Luxembourg, les ministres ont adopté des conclusions.", date(2023, 6, 9),
     (date(2023, 6, 8), date(2023, 6, 8))),
    ("Le ministre a participé ce lundi au Conseil à Bruxelles.", date(2024, 4, 24),     # a Wednesday
     (date(2024, 4, 22), date(2024, 4, 22))),
    ("Le ministre a participé au Conseil à Bruxelles.", date(2024, 4, 24), (date(2024, 4, 24), date(2024, 4, 24))),
    ("Le sommet du 12 décembre a adopté une déclaration.", date(2024, 1, 3), (date(2023, 12, 12), date(2023, 12, 12))),
])
def test_the_dates_of_the_meeting_come_from_the_text_before_the_publication_date(lead, published, expected):
    assert meeting_dates("Titre", [lead], published) == expected


def test_a_date_far_from_publication_belongs_to_another_event():
    assert meeting_dates("Titre", ["Depuis l'accord du 12 mai 2015, les ministres ont avancé."],
                         date(2019, 3, 1)) == (date(2019, 3, 1), date(2019, 3, 1))


def test_communiques_published_on_different_days_about_one_sitting_share_its_id():
    before = find_occurrence(NATO_FM, "Bruxelles", "Les ministres de l'OTAN réunis",
                             ["Les ministres se réunissent les 5 et 6 décembre 2017 à Bruxelles."], date(2017, 12, 4))
    after = find_occurrence(NATO_FM, None, "Bilan", ["Réunis avant-hier à Bruxelles, les ministres ont conclu."],
                            date(2017, 12, 7))
    assert before.id == after.id == "reunion-des-ministres-des-affaires-etrangeres-de-l-otan-2017-12-05"
    assert before.label == f"{NATO_FM}, Bruxelles, 5–6 décembre 2017"


def test_no_meeting_no_occurrence():
    assert find_occurrence(None, "Rabat", "Visite à Rabat", ["Le ministre s'est rendu à Rabat le 3 mars 2023."],
                           date(2023, 3, 3)) is None


def test_extracted_metadata_carries_the_occurrence():
    m = extract_metadata("Jean Asselborn à la réunion des ministres des Affaires étrangères de l'OTAN à Bruxelles",
                         ["Luxembourg, le 6 décembre 2017",
                          "Le ministre a participé à la réunion des ministres des Affaires étrangères de l'OTAN, qui "
                          "s'est tenue les 5 et 6 décembre 2017 à Bruxelles."], "fr", date(2017, 12, 6))
    assert m.occurrence.label == "Réunion des ministres des Affaires étrangères de l'OTAN, Bruxelles, 5–6 décembre 2017"
    assert (m.occurrence.start, m.occurrence.end, m.occurrence.place) == (date(2017, 12, 5), date(2017, 12, 6),
                                                                          "Bruxelles")


def test_dates_are_written_the_french_way():
    assert human_dates(date(2023, 11, 27), date(2023, 12, 1)) == "27 novembre – 1er décembre 2023"
    assert human_dates(date(2024, 3, 12), date(2024, 3, 12)) == "12 mars 2024"


@pytest.mark.parametrize("lead", [
    "The Minister attended the meeting of NATO Foreign Ministers on 5 and 6 December 2017 in Brussels.",
    "NATO Foreign Ministers met in Brussels on December 5-6, 2017.",
    "Der Minister nahm am 5. und 6. Dezember 2017 am Treffen der NATO-Außenminister in Brüssel teil.",
])
def test_communiques_in_english_and_german_date_the_same_sitting(lead):
    assert meeting_dates("Title", [lead], date(2017, 12, 7)) == (date(2017, 12, 5), date(2017, 12, 6))
