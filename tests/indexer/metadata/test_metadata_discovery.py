"""Meetings missing from meetings.toml: Council formations, and meetings read from how they are named.

The sentences here are written for these tests; the held-out sets (tests/indexer/heldout*/) are only
measured, in test_metadata_heldout_gate.py.
"""
import pytest

from indexer.metadata.meetings import default_matcher, find_meeting
from indexer.metadata.text import Text

FAC = "Conseil Affaires étrangères (UE)"


def meeting(title: str, *paragraphs: str) -> str | None:
    return find_meeting(Text(title, list(paragraphs)))


LEAD = "Le ministre y a représenté le gouvernement."


@pytest.mark.parametrize("title, expected", [
    ("Le ministre au Conseil Affaires étrangères – Défense à Bruxelles", "Conseil Affaires étrangères – Défense (UE)"),
    ("Conseil des affaires étrangères dans sa formation Défense", "Conseil Affaires étrangères – Défense (UE)"),
    ("Conseil « Affaires étrangères (Défense) » : la facilité européenne pour la paix",
     "Conseil Affaires étrangères – Défense (UE)"),
    ("Conseil de l'UE en formation Transports, télécommunications et énergie (Énergie)",
     "Conseil Transports, télécommunications et énergie – Énergie (UE)"),
    ("Conseil EPSCO : les ministres de l'Emploi réunis à Luxembourg",
     "Conseil Emploi, politique sociale, santé et consommateurs (UE)"),
    ("Conseil Compétitivité à Bruxelles", "Conseil Compétitivité (UE)"),
    ("Conseil « Affaires étrangères » à Luxembourg", FAC),
])
def test_a_council_formation_gets_its_own_label_not_the_general_councils(title, expected):
    assert meeting(title, LEAD) == expected


@pytest.mark.parametrize("variants, expected", [
    (["Sommet du G20 à Bali", "Le Premier ministre a participé au sommet du G-20 à Bali.",
      "XVIIe Sommet du G20 : la déclaration de Bali"], "Sommet du G20"),
    (["Réunion ministérielle de l'Organisation pour l'interdiction des armes chimiques",
      "Réunion ministérielle de l'OIAC à La Haye"], "Réunion ministérielle de l'OIAC"),
    (["Conférence internationale sur la Libye à Berlin", "La Conférence internationale sur la Libye s'est tenue."],
     "Conférence internationale sur la Libye"),
    (["Assemblée des États parties à la Convention d'Ottawa", "Assemblée des États Parties à la Convention d'Ottawa"],
     "Assemblée des États parties à la Convention d'Ottawa"),
    (["Forum sur la gouvernance de l'Internet de Genève", "Forum de Genève sur la gouvernance de l'Internet"],
     "Forum de Genève sur la gouvernance de l'Internet"),
])
def test_the_same_meeting_written_several_ways_is_one_label(variants, expected):
    for title in variants:
        assert meeting(title, LEAD) == expected, title
        assert default_matcher().is_discovered(expected)


@pytest.mark.parametrize("paragraph, expected", [
    ("Le ministre a pris la parole devant la Conférence sur la sécurité et la coopération en Europe, réunie à Vienne.",
     "Conférence sur la sécurité et la coopération en Europe"),
    ("La ministre a participé à la Conférence sur le désarmement et la non-prolifération, réunie à Genève.",
     "Conférence sur le désarmement et la non-prolifération"),
    ("Le ministre a participé à la conférence sur la sécurité et la coopération au Sahel.",
     "Conférence sur la sécurité et la coopération au Sahel"),
    ("La ministre a assisté au Forum pour la paix et la sécurité en Afrique, à Dakar.",
     "Forum pour la paix et la sécurité en Afrique"),
])
def test_what_a_meeting_is_about_goes_on_after_et_and_a_region(paragraph, expected):
    assert meeting("Le ministre à l'étranger", paragraph) == expected


def test_a_capitalised_head_inside_a_sentence_is_a_name():
    assert meeting("Genève", "La ministre a pris la parole à l'Assemblée mondiale de la propriété intellectuelle, "
                   "réunie ce lundi à Genève.") == "Assemblée mondiale de la propriété intellectuelle"


def test_a_session_is_read_as_the_meeting_it_is_a_session_of():
    assert meeting("Genève", "Le ministre a participé à la 61e session du Comité exécutif du HCR à Genève.",
                   ) == "Comité exécutif du HCR"


@pytest.mark.parametrize("title, lead", [
    ("Nomination", "Le Conseil des ministres a nommé un nouvel ambassadeur à Lima."),
    ("Visite à Strasbourg", "Le ministre a rencontré le secrétaire général du Conseil de l'Europe."),
    ("Aide d'urgence", "L'aide transitera par le Comité international de la Croix-Rouge."),
    ("Conférence de presse", "Le ministre a tenu une conférence de presse au ministère."),
    ("Réunion de travail avec son homologue", "Le ministre a eu une réunion de travail avec son homologue."),
    ("Entretien", "Les deux ministres ont préparé le prochain sommet du G20, qui se tiendra à Johannesburg."),
    ("Le ministre se rendra demain au Conseil Compétitivité", "Il y défendra la simplification des règles."),
    ("Sommet de l'ASEAN : le Premier ministre sera à Vientiane",
     "Le Premier ministre conduira la délégation au sommet de l'ASEAN, prévu les 8 et 9 octobre."),
])
def test_bodies_job_titles_and_announced_meetings_are_not_reported_meetings(title, lead):
    assert meeting(title, lead) is None


def test_a_place_alone_does_not_name_a_meeting():
    assert meeting("Sommet de Lisbonne", "Les dirigeants ont adopté une déclaration commune.") is None


def test_a_longer_name_in_the_same_communique_wins_over_its_short_form():
    assert meeting("Assemblée des États parties réunie à La Haye",
                   "L'Assemblée des États parties à la Convention sur les armes à sous-munitions a adopté son "
                   "plan d'action.") == "Assemblée des États parties à la Convention sur les armes à sous-munitions"


def test_formations_and_discovered_meetings_imply_the_topics_of_their_organisation():
    matcher = default_matcher()
    assert matcher.implied_topics("Conseil Affaires étrangères – Commerce (UE)") == ("Commerce et économie",)
    assert "Climat et environnement" in matcher.implied_topics("Conseil Environnement (UE)")
    assert matcher.implied_topics("Conférence ministérielle de l'OMC") == ("Commerce et économie",)
    assert matcher.implied_topics("Réunion ministérielle de l'OIAC") == ("Désarmement et non-prolifération",)
    assert matcher.implied_topics("Forum de Genève sur la gouvernance de l'Internet") == ()
    assert matcher.implied_topics("Sommet de l'OTAN") == ("Sécurité et défense",)


def test_a_name_that_is_a_listed_form_once_its_organisation_is_written_one_way_is_that_listed_meeting():
    lead = ("La ministre a pris part ce mardi à Bruxelles à la réunion des chefs de la diplomatie des pays de "
            "l'Alliance atlantique, consacrée au flanc sud.")
    assert meeting("Bruxelles", lead) == "Réunion des ministres des Affaires étrangères de l'OTAN"
    assert not default_matcher().is_discovered(meeting("Bruxelles", lead))


def test_a_name_introduced_by_format_dit_and_quotes_is_read_without_them():
    assert meeting("Vienne", "Le ministre a participé à une réunion du format dit du « Quatuor de Vienne », "
                   "réunie ce jeudi au palais Hofburg.") == "Réunion du Quatuor de Vienne"


@pytest.mark.parametrize("french, english, expected", [
    ("Le Premier ministre a participé au sommet UE-CELAC, réuni à Bruxelles.",
     "The Prime Minister attended the EU-CELAC Summit held in Brussels.", "Sommet UE-CELAC"),
    ("Le ministre a participé au sommet de la Ligue arabe, réuni à Alger.",
     "The Minister attended the Arab League Summit held in Algiers.", "Sommet de la Ligue arabe"),
    ("Le ministre a pris part à la réunion des ministres des Affaires étrangères du G7 à Dinard.",
     "The Minister attended the G7 Foreign Ministers' Meeting in Dinard.",
     "Réunion des ministres des Affaires étrangères du G7"),
    ("La ministre a participé au sommet de l'Union africaine, réuni à Addis-Abeba.",
     "The Minister took part in the African Union Summit in Addis Ababa.", "Sommet de l'Union africaine"),
])
def test_a_meeting_named_in_english_gets_the_label_of_its_french_name(french, english, expected):
    assert meeting("Communiqué", french) == expected
    assert meeting("Statement", english) == expected


@pytest.mark.parametrize("lead, expected", [
    ("The Minister attended the meeting of Foreign Ministers of the G7 in Dinard.",
     "Réunion des ministres des Affaires étrangères du G7"),
    ("Ireland attended the 12th Ministerial Session of the Nordic Council of Ministers (NCM) in Oslo.",
     "Session ministérielle (Nordic Council of Ministers)"),
    ("The Minister attended the EU-ASEAN Ministerial Meeting held in Bangkok.", "Réunion ministérielle UE-ASEAN"),
])
def test_english_names_are_read_in_english_word_order_and_unknown_ones_stay_in_parentheses(lead, expected):
    assert meeting("Statement", lead) == expected
    assert default_matcher().is_discovered(expected)


@pytest.mark.parametrize("lead", [
    "At the Ministerial Meeting, ministers discussed trade and investment.",
    "The Minister met the Secretary-General of the Council of Europe in Strasbourg.",
    "The Minister will attend the G7 Summit next week in Biarritz.",
    "The Minister held a meeting with her counterpart in Dublin.",
])
def test_english_sentences_without_a_named_reported_meeting_report_none(lead):
    assert meeting("Statement", lead) is None


def test_a_typographic_apostrophe_reads_like_a_straight_one():
    straight = meeting("Ouverture à Rabat du 3e Sommet de l'Organisation des États riverains", LEAD)
    curly = meeting("Ouverture à Rabat du 3e Sommet de l’Organisation des États riverains", LEAD)
    assert curly == straight == "Sommet de l'Organisation des États riverains"


@pytest.mark.parametrize("lead", [
    "Le Président a pris part à la 48e session ordinaire de la Conférence des Chefs d'État et de Gouvernement "
    "de la CEDEAO, réunie ce samedi à Abuja.",
    "Le Président a participé au sommet de la CEDEAO, réuni ce samedi à Abuja.",
    "Le chef de l'État a participé au Sommet extraordinaire des chefs d'État de la CEDEAO, réuni à Accra.",
    "The President attended the ECOWAS Heads of State and Government Summit held in Abuja.",
])
def test_a_meeting_of_heads_of_state_or_government_is_the_organisations_summit(lead):
    assert meeting("Communiqué", lead) == "Sommet de la CEDEAO"


def test_a_president_who_took_part_is_not_the_president_of_the_meeting():
    assert meeting("Communiqué", "Le Président a participé au Sommet de la Ligue arabe, réuni à Alger.") == \
        "Sommet de la Ligue arabe"
    assert meeting("Communiqué", "Le ministre a rencontré le président du Sommet de la Ligue arabe à Alger.") is None


def test_a_numbered_format_is_part_of_the_name():
    assert meeting("Communiqué", "Le ministre a participé à la réunion des ministres des Affaires étrangères du "
                   "Dialogue 5+5, réunie à La Valette.") == "Réunion des ministres des Affaires étrangères du Dialogue 5+5"
    assert meeting("Statement", "The Minister attended the 5+5 Dialogue Foreign Ministers' Meeting in Valletta."
                   ) == "Réunion des ministres des Affaires étrangères (5+5 Dialogue)"


def test_a_head_alone_after_its_article_is_the_name_the_communique_gave_it_before():
    from indexer.metadata import extract_metadata
    m = extract_metadata("Conseil de la mer de Barents", [
        "La France, observateur au Conseil de la mer de Barents depuis 1993, a été représentée à la réunion "
        "ministérielle du Conseil, qui s'est tenue le 7 mai à Kirkenes."], "fr")
    assert (m.meeting, m.location) == ("Conseil de la mer de Barents", "Kirkenes")
    assert meeting("Communiqué", "Le Conseil a adopté des conclusions sur la Libye.") is None


@pytest.mark.parametrize("lead", [
    "Les chefs d'État ont ouvert à N'Djamena le Sommet de la Communauté économique des États de l'Afrique "
    "centrale (CEEAC).",
    "Le ministre a participé au Sommet de la CEEAC à N'Djamena.",
])
def test_an_organisation_defined_by_its_acronym_is_named_by_it_as_other_communiques_do(lead):
    assert meeting("Communiqué", lead) == "Sommet de la CEEAC"


def test_an_acronym_that_does_not_spell_the_name_leaves_the_name_as_written():
    assert meeting("Communiqué", "Le Président a pris part au Sommet de l'Association des États de la Caraïbe "
                                 "(ACS) à Port-d'Espagne.") == "Sommet de l'Association des États de la Caraïbe"


@pytest.mark.parametrize("lead", [
    "Le Président a pris part au Sommet de la Communauté de développement de l'Afrique australe (SADC) à Windhoek.",
    "Le Président a pris part au sommet de la SADC à Windhoek.",
    "The President attended the SADC Summit in Windhoek.",
    "The President attended the Summit of the Southern African Development Community in Windhoek.",
])
def test_a_listed_organisation_names_its_meeting_one_way_in_french_and_english(lead):
    assert meeting("Communiqué", lead) == "Sommet de la SADC"


def test_a_longer_name_starting_like_a_listed_organisation_is_not_that_organisation():
    assert meeting("Communiqué", "Le député a pris part à la 128e Assemblée de l'Union interparlementaire "
                                 "à Quito.") == "Assemblée de l'Union interparlementaire"
    assert meeting("Communiqué", "Le Premier ministre a participé au Sommet de la Communauté politique "
                                 "européenne tenu à Grenade.") == "Sommet de la Communauté politique européenne"


def test_an_english_adjective_before_the_name_is_read_as_an_adjective_and_extraordinary_is_dropped_as_in_french():
    assert meeting("Kenya participates in the 42nd Extraordinary IGAD Summit in Entebbe", LEAD) == "Sommet de l'IGAD"


def test_a_discovered_kind_leaves_the_city_it_met_in_to_the_occurrence():
    from indexer.metadata import extract_metadata
    met = extract_metadata("XVe Sommet ibéro-américain de Trujillo : la déclaration finale",
                           ["Le Premier ministre a participé au XVe Sommet ibéro-américain, réuni à Trujillo."], "fr")
    assert (met.meeting, met.location) == ("Sommet ibéro-américain", "Trujillo")
    named = extract_metadata("Conférence internationale de Trujillo",
                             ["Le ministre a participé à la Conférence internationale de Trujillo, réunie à Trujillo."],
                             "fr")
    assert named.meeting == "Conférence internationale de Trujillo"


def test_a_capital_after_an_acronym_or_a_number_keeps_its_capital():
    assert meeting("Sommet du G5 Sahel à Nouakchott", "Le Président a participé au Sommet du G5 Sahel.") == \
        "Sommet du G5 Sahel"


@pytest.mark.parametrize("english, french", [
    ("Prime Minister attends the 20th SACU Summit in Gaborone",
     "Le Premier ministre a participé au sommet de la SACU à Gaborone."),
    ("Minister attends the BIMSTEC Summit",
     "Le ministre a participé au sommet de la BIMSTEC à Katmandou."),
])
def test_an_unknown_organisation_s_acronym_is_labelled_as_french_pages_write_it(english, french):
    assert meeting(english, "The leaders met on Friday.") == meeting("Communiqué", french)


def test_who_meets_is_written_in_lower_case_however_the_page_writes_it():
    assert (meeting("Communiqué", "Les travaux du Conseil des Ministres de la CEMAC se sont ouverts à Malabo.")
            == meeting("Communiqué", "Les travaux du Conseil des ministres de la CEMAC se sont ouverts à Malabo.")
            == "Conseil des ministres de la CEMAC")


def test_a_union_whose_name_goes_on_in_capitals_is_not_the_eu():
    found = meeting("Communiqué", "Les travaux du Conseil des ministres de l'Union Economique et Monétaire Ouest "
                                  "Africaine se sont ouverts à Lomé.")
    assert found.startswith("Conseil des ministres de l'Union ")


@pytest.mark.parametrize("lead, expected", [
    ("Le ministre a pris part à la Conférence des Nations unies sur le commerce et le développement, ouverte à "
     "Genève.", "Conférence des Nations unies sur le commerce et le développement"),
    ("La ministre conduit la délégation à la Conférence des Nations unies sur les pays les moins avancés, ouverte "
     "à Doha.", "Conférence des Nations unies sur les pays les moins avancés"),
])
def test_what_a_meeting_is_about_goes_on_after_et_and_les_moins(lead, expected):
    assert meeting("Communiqué", lead) == expected


def test_a_title_in_capitals_names_no_meeting_the_body_names_it():
    title = "LESOTHO TAKES PART IN THE XII MINISTERIAL CONFERENCE OF THE SOUTHERN AFRICAN CUSTOMS UNION"
    assert meeting(title, "The Minister returned from the Ministerial Conference of the Southern African Customs "
                          "Union held in Gaborone.") == meeting("Communiqué", "The Minister returned from the "
                          "Ministerial Conference of the Southern African Customs Union held in Gaborone.")
    assert meeting(title, "The Minister returned home on Friday.") is None


@pytest.mark.parametrize("lead, expected", [
    ("Le Sommet de l'Union du fleuve Mano s'est tenu à Freetown.", "Sommet de l'Union du fleuve Mano"),
    ("Le ministre a participé au Sommet de la Commission du bassin du lac Tchad à Niamey.",
     "Sommet de la Commission du bassin du lac Tchad"),
])
def test_a_common_noun_whose_name_follows_is_part_of_the_organisation(lead, expected):
    assert meeting("Communiqué", lead) == expected


def test_an_en_dash_joins_two_names_and_an_alliance_for_something_is_not_nato():
    assert meeting("Communiqué", "Le président a participé au deuxième Sommet Asie–Amérique latine à Lima.") == (
        "Sommet Asie-Amérique latine")
    assert meeting("Communiqué", "Le ministre a participé à la réunion ministérielle de l'Alliance pour le "
                                 "désarmement à Genève.") == "Réunion ministérielle de l'Alliance pour le désarmement"
