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


NATO_FM = "Réunion des ministres des Affaires étrangères de l'OTAN"
FAC = "Conseil Affaires étrangères (UE)"


def test_a_place_named_once_in_passing_in_a_nato_ministerial_is_not_a_topic():
    found = topics(
        "Réunion des ministres des Affaires étrangères de l'OTAN à Bruxelles",
        "Le ministre des Affaires étrangères et européennes, Xavier Bettel, a participé les 3 et 4 avril à Bruxelles "
        "à la réunion des ministres des Affaires étrangères de l'OTAN.",
        "Les Alliés ont réaffirmé leur soutien à l'Ukraine.",
        "Le ministre a rappelé que la Corée du Nord livrait des munitions.",
        meeting=NATO_FM,
    )
    assert set(found) == {"Sécurité et défense", "Ukraine"}


def test_a_place_named_once_in_passing_in_a_council_about_ukraine_is_not_a_topic():
    found = topics(
        "Conseil Affaires étrangères : l'Ukraine au centre des discussions",
        "Les ministres des Affaires étrangères de l'Union européenne ont consacré leur réunion à la guerre "
        "d'agression de la Russie contre l'Ukraine.",
        "Ils ont décidé d'augmenter le soutien militaire à l'Ukraine et de préparer de nouvelles sanctions contre la Russie.",
        "Le ministre luxembourgeois, qui rentrait d'une visite de travail au Sénégal, a salué l'unité des Vingt-Sept.",
        meeting=FAC,
    )
    assert found[:2] == ["Ukraine", "Russie"]
    assert "Afrique" not in found


def test_a_communique_whose_title_and_lead_are_about_the_sahel_is_about_africa():
    found = topics(
        "Sahel : le Luxembourg renforce son engagement",
        "Le ministre de la Coopération a annoncé à Niamey un nouveau programme de soutien aux pays du Sahel.",
        "Le programme financera des projets de formation professionnelle pour les jeunes.",
    )
    assert found[0] == "Afrique"


def test_a_place_named_once_as_an_agenda_item_is_a_topic():
    found = topics(
        "Conseil Affaires étrangères à Bruxelles",
        "Les ministres ont d'abord fait le point sur la guerre en Ukraine et sur le soutien de l'Union à Kiev.",
        "Le Conseil a ensuite adopté de nouvelles mesures d'aide militaire à l'Ukraine.",
        "Les ministres ont enfin évoqué la situation au Sahel.",
        meeting=FAC,
    )
    assert "Ukraine" in found and "Afrique" in found


def test_a_place_named_more_than_once_in_the_body_is_a_topic():
    found = topics(
        "Sommet de l'OTAN à Vilnius",
        "Les chefs d'État et de gouvernement de l'Alliance ont renforcé la défense collective.",
        "Ils ont adopté de nouveaux plans régionaux de défense.",
        "Le Japon, la Corée du Sud, l'Australie et la Nouvelle-Zélande participaient pour la deuxième fois au sommet.",
        meeting="Sommet de l'OTAN",
    )
    assert "Asie" in found


def test_a_theme_named_once_further_down_still_counts():
    found = topics(
        "Conseil ministériel de l'OSCE à Hambourg",
        "Les ministres des Affaires étrangères des États participants de l'OSCE se sont réunis à Hambourg.",
        "Ils ont adopté une déclaration sur l'avenir de la maîtrise des armements conventionnels en Europe.",
        meeting="Conseil ministériel de l'OSCE",
    )
    assert "Désarmement et non-prolifération" in found


def test_the_name_of_a_meeting_the_taxonomy_lacks_says_its_subject():
    scorer = default_scorer()
    assert set(scorer.meeting_subjects("Conférence des Nations unies sur les océans")) == {
        "Nations unies et multilatéralisme", "Climat et environnement"}
    assert scorer.meeting_subjects("Conseil Affaires étrangères – Commerce") == ("Commerce et économie",)
    # a body's name says nothing of the subject: « Conseil de l'Europe » is not about the European Union
    assert "Affaires européennes" not in scorer.meeting_subjects("Comité des ministres du Conseil de l'Europe")
    text = Text("Le Luxembourg à Lisbonne", ["La ministre a pris la parole en séance plénière au nom du Benelux."])
    assert "Climat et environnement" in find_topics(text, "Conférence des Nations unies sur les océans")


def test_a_country_adjective_counts_like_the_country():
    assert topics("Entretien avec son homologue malien",
                  "Le ministre a reçu son homologue malien à Luxembourg pour une visite de travail.")[0] == "Afrique"
    assert topics("Visite du ministre indonésien des Affaires étrangères",
                  "Le ministre a reçu son homologue indonésien pour une visite de travail.")[0] == "Asie"


def test_an_appointments_communique_is_about_the_appointments_not_the_countries_of_the_postings():
    found = topics("Le Conseil des ministres nomme quatre nouveaux chefs de mission",
                   "Sur proposition du ministre, le Conseil des ministres a procédé à la nomination de quatre chefs "
                   "de mission : Mme Awa Diallo est nommée ambassadrice au Kenya, M. Paul Ouédraogo ambassadeur en "
                   "Éthiopie, Mme Claire Sawadogo ambassadrice au Nigeria et M. Issa Kaboré ambassadeur en Afrique "
                   "du Sud.", "Les nouveaux ambassadeurs prendront leurs fonctions après agrément des pays hôtes.")
    assert found == ["Nominations"]


def test_a_region_that_leads_keeps_its_place_beside_an_appointment():
    found = topics("Crise au Sahel : le Mali, le Niger et le Burkina Faso au cœur des discussions",
                   "Le ministre a évoqué la situation au Mali, au Niger et au Burkina Faso avec ses homologues "
                   "africains, avant la nomination d'un envoyé spécial pour le Sahel.")
    assert "Afrique" in found


def test_a_meeting_of_a_un_agency_is_a_un_matter():
    from indexer.metadata import extract_metadata
    wipo = extract_metadata("Le ministre à l'Assemblée générale de l'OMPI",
                            ["Le ministre a participé à la 41e session de l'Assemblée générale de l'OMPI, consacrée "
                             "aux brevets et aux savoirs traditionnels."], "fr")
    assert "Nations unies et multilatéralisme" in wipo.topics
    ilo = extract_metadata("La ministre à la Conférence internationale du Travail",
                           ["La ministre a pris la parole devant la Conférence internationale du Travail, consacrée à "
                            "l'emploi des jeunes et au travail décent."], "fr")
    assert "Nations unies et multilatéralisme" in ilo.topics


def test_a_ministry_named_for_foreign_affairs_and_trade_says_nothing_about_trade():
    found = topics("Update: Canadians in the region urged to register",
                   "Foreign Affairs and International Trade Canada advises against all travel to the region after "
                   "the earthquake. Canadians who need consular assistance can call the emergency line.")
    assert "Commerce et économie" not in found


def test_the_indian_ocean_is_not_india():
    found = topics("Le ministre au Conseil des ministres de la Commission de l'océan Indien",
                   "Les ministres des États de l'océan Indien ont adopté une feuille de route sur la pêche et "
                   "l'économie bleue.")
    assert "Asie" not in found


def test_peace_operations_and_regional_security_are_security_and_defence():
    assert "Sécurité et défense" in topics(
        "Sommet de la Communauté d'Afrique de l'Est à Arusha",
        "Les chefs d'État ont décidé de renforcer la force régionale de maintien de la paix déployée dans l'est "
        "du pays et de coordonner la lutte contre les groupes armés.",
        "Ils ont également adopté une stratégie commune de sécurité maritime dans l'océan Indien.")
    assert "Sécurité et défense" in topics(
        "Ministers review peace and security in the Great Lakes region",
        "The ministers discussed peacekeeping and the regional security situation.")
