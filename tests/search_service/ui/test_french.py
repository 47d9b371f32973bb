"""French wording of dates, counts and error messages."""
import pytest

from search_service.search.params import ParameterError
from search_service.ui.french import count_label, error_message, facet_value_label, long_date, short_date


@pytest.mark.parametrize("iso, text", [
    ("2023-04-01", "1er avril 2023"),
    ("2017-12-06", "6 décembre 2017"),
    ("2020-08-28", "28 août 2020"),
    (None, "date inconnue"),
])
def test_dates_are_written_the_french_way(iso, text):
    assert long_date(iso) == text


def test_chip_dates_are_day_month_year():
    assert short_date("2019-03-18") == "18/03/2019"


def test_counts_agree_in_number():
    assert count_label(0) == "Aucun communiqué"
    assert count_label(1) == "1 communiqué"
    assert count_label(1234) == "1\u202f234 communiqués"


def test_language_codes_are_named_in_french():
    assert facet_value_label("lang", "en") == "anglais"
    assert facet_value_label("lang", "xx") == "xx"
    assert facet_value_label("meeting", "Gymnich") == "Gymnich"


@pytest.mark.parametrize("error, words", [
    (ParameterError("invalid_date", "", "from"), "date de début"),
    (ParameterError("invalid_range", "", "to"), "antérieure"),
    (ParameterError("out_of_range", "", "page"), "numéro de page"),
    (ParameterError("invalid_sort", "", "sort"), "tri"),
    (ParameterError("query_too_long", "", "q"), "500 caractères"),
    (ParameterError("invalid_year", "", "year"), "quatre chiffres"),
    (ParameterError("too_many_values", "", "topic"), "«\u00a0Thème\u00a0»"),
    (ParameterError("something_new", "", None), "n'est pas valide"),
])
def test_every_parameter_error_has_a_french_sentence(error, words):
    assert words in error_message(error)


def test_the_rejected_value_is_quoted_shortened_when_long():
    assert error_message(ParameterError("invalid_date", "", "to"), "2020-02-31").endswith("Valeur reçue : «\u00a02020-02-31\u00a0».")
    assert error_message(ParameterError("invalid_value", "", "topic"), "x" * 300).endswith("x…\u00a0».")
