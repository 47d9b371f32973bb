"""The extraction rules, measured on the bundled corpus against its ground truth (corpus/LABELS.tsv).

Thresholds from the issue: meeting ≥ 0.95, topics precision ≥ 0.85 and recall ≥ 0.80,
location ≥ 0.90, language = 1.0. `python -m indexer report` prints the same figures
and every disagreement.
"""
from pathlib import Path

import pytest

from indexer.report import run_report

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def corpus_labels() -> list[Path]:
    merged = CORPUS / "LABELS.tsv"
    return [merged] if merged.exists() else sorted(CORPUS.glob(".labels-*.tsv"))


@pytest.fixture(scope="module")
def evaluation():
    files = corpus_labels()
    assert files, "corpus/LABELS.tsv is missing"
    return run_report(files)


def test_the_corpus_is_fully_labelled(evaluation):
    assert evaluation.documents >= 60
    assert not [d for d in evaluation.disagreements if d.field == "extraction"]


def test_meeting_accuracy(evaluation):
    assert evaluation.meeting.value >= 0.95


def test_topic_precision_and_recall(evaluation):
    assert evaluation.topics_precision.value >= 0.85
    assert evaluation.topics_recall.value >= 0.80


def test_location_accuracy(evaluation):
    assert evaluation.location.value >= 0.90


def test_language_accuracy(evaluation):
    assert evaluation.lang.value == 1.0
