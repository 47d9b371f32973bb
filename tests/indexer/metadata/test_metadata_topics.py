"""Topics from weighted keyword rules: 1 to 4 labels, title and lead first, job titles ignored."""
from indexer.metadata.taxonomy import topic_rules
from indexer.metadata.text import Text
from indexer.metadata.topics import default_scorer, find_topics


def topics(title: str, *paragraphs: str, meeting: str | None = None) -> list[str]:
    return find_topics(Text(title, list(paragraphs)), meeting)


def test_an_aid_announcement_is_humanitarian_not_development_because_of_the_ministers_title():
    found = topics(
        "Séisme en Syrie : le Luxembourg débloque une aide humanitaire d'urgence",
        "Le ministre de la Coopération et de l'Action humanitaire, Franz Fayot, a annoncé une aide humanitaire "
        "d'urgence de 1,5 million d'euros pour les victimes du séisme.",
        "Les fonds seront acheminés par la Croix-Rouge et les agences des Nations unies présentes sur le terrain.",
    )
    assert found[0] == "Action humanitaire"
    assert "Moyen-Orient" in found
    assert "Coopération au développement" not in found


def test_the_title_subject_ranks_before_a_topic_of_the_body():
    found = topics(
        "Guerre en Ukraine : le Luxembourg renforce son aide",
        "Le ministre a annoncé une nouvelle contribution en faveur des victimes de la guerre en Ukraine.",
        "Il a aussi évoqué la situation au Sahel.",
    )
    assert found[0] == "Ukraine"


def test_an_agenda_item_counts_more_than_a_passing_mention():
    scorer = default_scorer()
    agenda = scorer.scores(Text("Conseil", ["Les ministres ont évoqué la situation en Libye."]))
    passing = scorer.scores(Text("Conseil", ["Les ministres, venus aussi de Libye, ont dîné."]))
    assert agenda["Afrique"] > passing["Afrique"]


def test_the_reported_meeting_adds_the_topics_it_implies():
    text = Text("Jean Asselborn à Bruxelles", ["Les ministres ont fait le point sur la coopération."])
    assert "Sécurité et défense" in find_topics(text, "Réunion des ministres des Affaires étrangères de l'OTAN")
    assert "Sécurité et défense" not in find_topics(text, None)


def test_between_one_and_four_labels_are_given():
    rules = topic_rules()
    busy = topics(
        "Conseil : Ukraine, Russie, Syrie, Libye, Chine, migrations et climat",
        "Les ministres ont évoqué la situation en Ukraine, les relations avec la Russie, la guerre en Syrie, "
        "la crise en Libye, les relations avec la Chine, la migration et le changement climatique.",
    )
    assert 1 <= len(busy) <= rules.scoring.max_topics == 4
    assert topics("Communiqué", "Le ministère informe le public.") == []
    assert len(topics("Visite", "Le ministre a évoqué la Libye.")) == 1


def test_english_and_german_keywords_count_too():
    assert topics("Earthquake in Türkiye and Syria: Luxembourg releases emergency humanitarian aid",
                  "The Minister announced emergency humanitarian aid for the victims of the earthquake.")[0] == "Action humanitaire"
    assert "Balkans occidentaux" in topics("Besuch des österreichischen Außenministers",
                                           "Im Mittelpunkt des Gesprächs stand die Lage im Westbalkan.")
