"""extract_metadata as the indexer calls it: whole communiqués in, known labels (or well-formed discovered meetings) out."""
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.metadata import extract_metadata
from indexer.metadata.meetings import default_matcher
from indexer.metadata.taxonomy import gazetteer, meeting_rules, topic_rules


def test_a_full_communique_gets_every_field():
    m = extract_metadata(
        "Conseil ministériel de l'OSCE à Bratislava",
        ["Luxembourg, le 6 décembre 2019",
         "Les 5 et 6 décembre 2019, le ministre des Affaires étrangères et européennes, Jean Asselborn, a participé à "
         "Bratislava au 26e Conseil ministériel de l'OSCE, présidé par le ministre slovaque des Affaires étrangères, "
         "Miroslav Lajčák.",
         "La situation dans l'est de l'Ukraine a dominé les débats."],
        "fr")
    assert (m.meeting, m.location, m.lang) == ("Conseil ministériel de l'OSCE", "Bratislava", "fr")
    assert m.people == ["Jean Asselborn", "Miroslav Lajčák"]
    assert {"Ukraine", "Sécurité et défense"} <= set(m.topics)


def test_a_communique_with_nothing_to_tag_gets_empty_fields():
    m = extract_metadata("Avis", ["Le site sera indisponible samedi matin pour maintenance."], None)
    assert (m.meeting, m.location, m.topics, m.people) == (None, None, [], [])


words = st.sampled_from(["Conseil", "« Affaires étrangères »", "OTAN", "sommet", "à", "Bruxelles", "le", "ministre",
                         "Jean", "Asselborn", ",", ".", "se tiendra", "l'", "Ukraine", "Kyiv", "réunion", "ministérielle",
                         "président", "du", "Conseil européen", "Luxembourg, le 5 mai 2015", "Mme", "X", "é", "\u0301"])
texts = st.lists(words, max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(title=texts, paragraphs=st.lists(texts, max_size=5), hint=st.sampled_from([None, "fr", "en", "de", "xx"]))
def test_any_text_yields_known_labels_only(title, paragraphs, hint):
    m = extract_metadata(title, paragraphs, hint)
    matcher = default_matcher()
    assert m.meeting is None or m.meeting in matcher.known_labels or (
        matcher.is_discovered(m.meeting) and m.meeting.split()[0] in meeting_rules().discovery.heads
        and m.meeting.split()[1:2] != m.meeting.split()[:1])
    assert set(m.topics) <= set(topic_rules().labels) and len(m.topics) <= 4
    assert m.location is None or m.location in gazetteer().cities or m.location[:1].isupper()   # listed, or as written
    assert m.lang in ("fr", "en", "de")
    assert all("," not in p for p in m.people)       # stored comma-separated
