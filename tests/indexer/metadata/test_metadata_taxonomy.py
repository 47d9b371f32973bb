"""The editable data files: their labels are the documented ones, and a typo fails loudly."""
import re
from pathlib import Path

import pytest

from indexer.metadata.taxonomy import (TaxonomyError, gazetteer, meeting_rules, parse_meetings, parse_people,
                                       parse_topics, people_rules, read_toml, topic_rules)

DOC = Path(__file__).resolve().parents[3] / "docs" / "taxonomy-labels.md"


def documented(section: str) -> list[str]:
    text = DOC.read_text("utf-8")
    block = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^- (.+)$", block, flags=re.M)


def test_meeting_labels_are_the_documented_ones():
    assert sorted(meeting_rules().labels) == sorted(documented("Meetings (canonical labels)"))


def test_topic_labels_are_the_documented_ones():
    assert sorted(topic_rules().labels) == sorted(documented("Topics"))


def test_topics_implied_by_meetings_exist():
    topics = set(topic_rules().labels)
    for kind in meeting_rules().kinds:
        assert set(kind.topics) <= topics, kind.label


def test_every_venue_names_a_city_of_the_gazetteer():
    gaz = gazetteer()
    assert set(gaz.venues) <= set(gaz.cities)


def test_known_people_are_written_first_last():
    assert all(len(name.split()) >= 2 for name in people_rules().known)


def test_malformed_files_are_reported_with_their_name(tmp_path):
    bad = tmp_path / "meetings.toml"
    bad.write_text("[[meeting]]\nlabel = \"Gymnich\"\nforms = [\"Gymnich\"\n", "utf-8")
    with pytest.raises(TaxonomyError, match="meetings.toml"):
        read_toml(bad)


@pytest.mark.parametrize("parse, data, message", [
    (parse_meetings, {"meeting": [{"forms": ["CAE"]}]}, "has no label"),
    (parse_meetings, {"meeting": [{"label": "CAE"}]}, "no forms"),
    (parse_topics, {"topics": {"Climat": {"terms": {"climat": "beaucoup"}}}}, "must be a number"),
    (parse_topics, {"topics": {"Asie": {"place": "oui", "terms": {"Asie": 2}}}}, "must be true or false"),
    (parse_people, {"known": {"Asselborn": []}}, "First Last"),
])
def test_a_typo_in_a_rule_fails_loudly(parse, data, message):
    with pytest.raises(TaxonomyError, match=message):
        parse(data)
