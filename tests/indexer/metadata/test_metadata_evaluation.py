"""Scoring extracted metadata against LABELS.tsv rows."""
import pytest

from indexer.metadata.evaluation import Labelled, LabelsError, evaluate, read_labels

HEADER = "file\tdate\tmeeting\ttopics\tlocation\tlang\tpeople\n"


def test_labels_are_read_with_multi_valued_fields_split(tmp_path):
    path = tmp_path / "LABELS.tsv"
    path.write_text(HEADER + "a.html\t2017-12-06\tGymnich\tRussie|Ukraine\tRiga\tfr\tJean Asselborn|Federica Mogherini\n"
                    "b.html\t\t\tNominations\t\tfr\t\n", "utf-8")
    a, b = read_labels(path)
    assert a == Labelled("a.html", "2017-12-06", "Gymnich", ("Russie", "Ukraine"), "Riga", "fr",
                         ("Jean Asselborn", "Federica Mogherini"))
    assert b == Labelled("b.html", "", "", ("Nominations",), "", "fr", ())


@pytest.mark.parametrize("content, message", [
    ("file\tmeeting\n", "header"),
    (HEADER + "a.html\t2017-12-06\tGymnich\n", "line 2: 3 columns"),
])
def test_a_malformed_labels_file_is_refused(tmp_path, content, message):
    path = tmp_path / "LABELS.tsv"
    path.write_text(content, "utf-8")
    with pytest.raises(LabelsError, match=message):
        read_labels(path)


def test_accuracy_counts_an_empty_label_matched_by_no_value():
    ev = evaluate([
        (Labelled("a", meeting="Gymnich", location="Riga", lang="fr"), Labelled("a", meeting="Gymnich", location="Riga", lang="fr"), ""),
        (Labelled("b", lang="fr"), Labelled("b", meeting="Gymnich", lang="fr"), ""),
    ])
    assert (ev.meeting.hits, ev.meeting.total) == (1, 2)
    assert ev.location.value == 1.0 and ev.lang.value == 1.0
    assert [(d.file, d.field, d.expected, d.got) for d in ev.disagreements] == [("b", "meeting", "", "Gymnich")]


def test_topics_and_people_are_micro_averaged():
    ev = evaluate([
        (Labelled("a", topics=("Russie", "Ukraine")), Labelled("a", topics=("Russie",)), ""),
        (Labelled("b", topics=("Climat et environnement",)), Labelled("b", topics=("Climat et environnement", "Asie")), ""),
        (Labelled("c", people=("Mevlüt Çavuşoğlu", "Jean Asselborn")), Labelled("c", people=("Mevlut Cavusoglu",)), ""),
    ])
    assert (ev.topics_precision.hits, ev.topics_precision.total) == (2, 3)
    assert (ev.topics_recall.hits, ev.topics_recall.total) == (2, 3)
    assert (ev.people_precision.value, ev.people_recall.value) == (1.0, 0.5)   # spelling variants match


def test_a_page_that_cannot_be_extracted_counts_as_wrong():
    ev = evaluate([(Labelled("a", meeting="Gymnich", lang="fr"), None, "empty file")])
    assert ev.meeting.value == 0.0 and ev.lang.value == 0.0
    assert ev.disagreements[0].field == "extraction" and ev.disagreements[0].got == "empty file"
