"""The optional NER layer (COMMUNIQUES_NER=1): spaCy's French model, named and merged by the curated lists.

Measured on both held-out sets with the floors of docs/meetings.md; the rest of the suite runs without it,
as the default build does.
"""
from pathlib import Path

import pytest

from indexer.metadata import extract_metadata, ner
from indexer.report import run_report

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def with_ner(monkeypatch):
    monkeypatch.setenv(ner.ENV, "1")


def test_a_person_no_list_knows_is_found_and_a_known_one_is_written_canonically(with_ner):
    m = extract_metadata("Entretien à Nouakchott", [
        "Le ministre s'est entretenu avec Mohamed Salem Ould Merzoug, puis avec Dmytro Kouleba par téléphone."], "fr")
    assert "Mohamed Salem Ould Merzoug" in m.people
    assert "Dmytro Kuleba" in m.people and "Dmytro Kouleba" not in m.people


def test_places_and_pages_in_other_languages_are_left_to_the_rules(with_ner):
    m = extract_metadata("Visite", ["Le ministre a rencontré à Kuala Lumpur des représentants d'entreprises."], "fr")
    assert "Kuala Lumpur" not in m.people
    assert ner.ner_people("Meeting", ["Minister Anna Smith met the Finland Security Council."], "en") == []


def test_it_is_off_unless_asked(monkeypatch):
    monkeypatch.delenv(ner.ENV, raising=False)
    assert not ner.enabled()
    assert extract_metadata("Entretien", ["Le ministre a vu Mohamed Salem Ould Merzoug."], "fr").people == []


@pytest.mark.parametrize("labels, precision, recall", [
    ("tests/indexer/heldout/LABELS.tsv", 0.97, 0.96),
    ("tests/indexer/heldout2/LABELS.tsv", 0.97, 0.99),
])
def test_with_ner_people_precision_and_recall_hold_on_the_held_out_sets(with_ner, labels, precision, recall):
    evaluation = run_report([ROOT / labels])
    assert evaluation.people_precision.value >= precision
    assert evaluation.people_recall.value >= recall
