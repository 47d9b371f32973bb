"""Country names, so that a country is never taken for a town."""
import pytest

from indexer.metadata.countries import is_country


@pytest.mark.parametrize("name", ["Indonesia", "l'Indonésie", "Indonesien", "Madagascar", "Chypre", "the Philippines",
                                  "Côte d’Ivoire", "Deutschland"])
def test_countries_are_known_in_english_french_and_german(name):
    assert is_country(name)


@pytest.mark.parametrize("name", ["Entebbe", "Nusa Dua", "La Valette", "Genf", "Bali"])
def test_towns_and_islands_are_not_countries(name):
    assert not is_country(name)
