"""Where the reported meeting or visit took place, in its French name."""
import pytest

from indexer.metadata import extract_metadata


def location(title: str, *paragraphs: str) -> str | None:
    return extract_metadata(title, list(paragraphs)).location


@pytest.mark.parametrize("title, lead, expected", [
    ("Jean Asselborn au Conseil « Affaires étrangères » à Bruxelles",
     "Le ministre a participé le 17 mars 2014 au Conseil « Affaires étrangères ».", "Bruxelles"),
    ("Jean Asselborn attends the NATO Foreign Ministers' meeting in Brussels",
     "The Minister took part in the meeting held on 4 and 5 April 2023.", "Bruxelles"),
    ("Informelles Treffen der EU-Außenminister (Gymnich) in Brüssel",
     "Der Minister hat am informellen Treffen teilgenommen.", "Bruxelles"),
    ("Visite de travail de Jean Asselborn en Ukraine",
     "Le ministre s'est rendu le 1er mars à Kyiv, où il a été reçu par le président.", "Kiev"),
    ("Gymnich à La Valette : les ministres de l'UE font le point",
     "Le ministre a participé à la réunion informelle des ministres, dite « Gymnich ».", "La Valette"),
])
def test_the_city_of_the_event_is_given_in_french(title, lead, expected):
    assert location(title, lead) == expected


def test_the_ministry_dateline_is_not_the_place_of_the_visit():
    assert location(
        "Visite de travail de Jean Asselborn à Skopje",
        "Luxembourg, le 21 octobre 2014",
        "Le ministre a effectué le 21 octobre 2014 une visite de travail à Skopje, où il a été reçu par le Premier ministre.",
    ) == "Skopje"
    assert location(
        "Jean Asselborn au Conseil ministériel de l'OSCE",
        "Luxembourg, le 9 décembre 2016",
        "Le ministre a participé les 8 et 9 décembre 2016 à Hambourg au 23e Conseil ministériel de l'OSCE.",
    ) == "Hambourg"


def test_a_venue_stands_for_its_city():
    assert location(
        "Jean Asselborn au Conseil de l'Atlantique Nord",
        "Le ministre a pris part ce mercredi à la réunion du Conseil de l'Atlantique Nord, au siège de l'OTAN.",
    ) == "Bruxelles"


def test_phone_calls_and_videoconferences_have_no_place():
    assert location(
        "Entretien téléphonique de Jean Asselborn avec Dmytro Kuleba",
        "Le ministre s'est entretenu par téléphone avec son homologue ukrainien.",
        "« Ce qui se passe aujourd'hui à Kiev est une attaque contre l'Europe », a déclaré le ministre à l'issue de l'entretien.",
    ) is None
    assert location(
        "Conseil « Affaires étrangères » en visioconférence",
        "Le ministre a participé à la réunion du Conseil, organisée par visioconférence depuis Bruxelles.",
    ) is None


def test_an_appointment_is_not_an_event_in_the_city_of_the_post():
    assert location(
        "Nomination d'une nouvelle ambassadrice du Luxembourg à Vienne",
        "Le Conseil de gouvernement a marqué son accord à la nomination de Mme Christine Reisdorff au poste d'ambassadrice.",
    ) is None


def test_an_announced_conference_elsewhere_gives_no_place():
    assert location(
        "Crise des Rohingyas : le Luxembourg débloque une aide humanitaire supplémentaire",
        "Le ministre a décidé d'allouer une aide supplémentaire d'un million d'euros.",
        "Cette annonce intervient avant la conférence des donateurs, qui se tiendra le 23 octobre à Genève.",
    ) is None


def test_the_country_named_luxembourg_is_not_the_city():
    assert location(
        "Covid-19 : le ministère organise le retour des résidents",
        "Le ministère a intensifié ses efforts afin de permettre le retour au Luxembourg des résidents bloqués.",
    ) is None
    assert location(
        "Jean Asselborn reçoit son homologue tunisien",
        "Le ministre a reçu le 9 mars 2017 à Luxembourg le ministre tunisien des Affaires étrangères.",
    ) == "Luxembourg"


def test_a_city_missing_from_the_gazetteer_is_read_where_the_lead_reports_the_meeting():
    from indexer.metadata import extract_metadata
    m = extract_metadata("Sommet de la Francophonie", [
        "Le Premier ministre a participé les 12 et 13 octobre 2024 à Villers-Cotterêts au Sommet de la "
        "Francophonie, organisé par la France."], "fr")
    assert (m.meeting, m.location) == ("Sommet de la Francophonie", "Villers-Cotterêts")


def test_an_unlisted_name_is_not_a_place_when_the_meeting_is_only_announced_or_absent():
    from indexer.metadata import extract_metadata
    announced = extract_metadata("Sommet de la Francophonie", [
        "Le Premier ministre participera en octobre à Villers-Cotterêts au Sommet de la Francophonie."], "fr")
    assert announced.location is None
    visit = extract_metadata("Entretien", ["Le ministre a écrit à Mme Dupont, présidente de l'association."], "fr")
    assert visit.location is None


def test_a_sentence_in_the_future_announces_its_place_even_across_commas():
    from indexer.metadata import extract_metadata
    m = extract_metadata("Le ministre au Conseil Compétitivité", [
        "Le ministre participera lundi prochain, 24 juin 2024, à Luxembourg, au Conseil Compétitivité."], "fr")
    assert m.location is None


@pytest.mark.parametrize("title, lead, lang, expected", [
    ("Réunion du Quatuor de Vienne", "Le ministre a participé ce jeudi à La Roche-Guyon à la réunion du format "
     "dit du « Quatuor de Vienne ».", "fr", "La Roche-Guyon"),
    ("Réunion du Quatuor de Vienne", "Le ministre a accueilli ses homologues pour une réunion du format dit du "
     "« Quatuor de Vienne » au château de La Roche-Guyon.", "fr", "La Roche-Guyon"),
    ("Arctic ministerial", "The Minister attended the Arctic Council Ministerial Meeting in Kiruna, Sweden, "
     "on 15 May 2013.", "en", "Kiruna"),
    ("Informal meeting", "The Minister attended the informal meeting of EU Foreign Ministers (the so-called "
     "Gymnich) in Kuopio, in eastern Finland.", "en", "Kuopio"),
    ("Arctic ministerial", "The Minister attended the Arctic Council Ministerial Meeting in La Roche-Guyon, France, "
     "on 15 May 2013.", "en", "La Roche-Guyon"),
])
def test_an_unlisted_city_is_read_with_its_article_or_before_its_country(title, lead, lang, expected):
    from indexer.metadata import extract_metadata
    assert extract_metadata(title, [lead], lang).location == expected


def test_a_visit_without_a_meeting_takes_an_unlisted_city_where_the_lead_says_what_happened():
    from indexer.metadata import extract_metadata
    visit = extract_metadata("Le ministre reçoit son homologue", [
        "Le ministre a reçu ce vendredi à Ouarzazate son homologue nigérien, en visite de travail."], "fr")
    assert (visit.meeting, visit.location) == (None, "Ouarzazate")
    passing = extract_metadata("Déclaration", ["Le ministre salue l'accord conclu entre les deux pays, qui "
                                               "renforce la coopération régionale à Ouarzazate."], "fr")
    assert passing.location is None


@pytest.mark.parametrize("lead, expected", [
    ("Les travaux du Sommet de la CEMAC se sont ouverts ce lundi 25 mai 2015 à N'Djamena, au Tchad.", "N'Djamena"),
    ("Le ministre a participé le 28 mars 2015 à Charm el-Cheikh au Sommet de la Ligue des États arabes.",
     "Charm el-Cheikh"),
])
def test_an_unlisted_city_keeps_its_elided_capital_and_the_article_inside_its_name(lead, expected):
    from indexer.metadata import extract_metadata
    assert extract_metadata("Communiqué", [lead], "fr").location == expected


def test_a_meeting_named_otherwise_in_the_lead_takes_the_city_of_the_sentence_that_says_it_met():
    from indexer.metadata import extract_metadata
    m = extract_metadata("XVe Sommet ibéro-américain de Ségovie : la déclaration finale", [
        "Le Premier ministre a participé les 14 et 15 octobre au XVe Sommet ibéro-américain, réuni à Trujillo "
        "(Espagne), aux côtés des dirigeants des pays de la Communauté ibéro-américaine."], "fr")
    assert m.location == "Trujillo"


def test_a_conference_centre_or_a_palace_named_after_its_town_gives_the_town():
    from indexer.metadata import extract_metadata
    met = extract_metadata("Communiqué", ["Les travaux du Sommet de la CEMAC se sont achevés ce mardi au Centre "
                                          "international de conférences de Nouakchott."], "fr")
    assert met.location == "Nouakchott"
    palace = extract_metadata("Communiqué", ["Le ministre a participé au Sommet de la Francophonie, réuni au Palais "
                                             "des congrès de Montreux."], "fr")
    assert palace.location == "Montreux"
    # the town is the last « de X » of the venue's name, not a capitalised word inside it
    press = extract_metadata("Communiqué", ["Le ministre a participé au Sommet de la CEMAC, tenu au Centre de Presse "
                                            "International de Yaoundé."], "fr")
    assert press.location == "Yaoundé"


@pytest.mark.parametrize("title, lead, expected", [
    ("Le ministre à la Conférence de Bonn sur l'Afghanistan",
     "Le ministre a pris la parole lors de la conférence, consacrée à la reconstruction du pays.", "Bonn"),
    ("Clôture du Forum de Dakar sur la paix et la sécurité en Afrique",
     "Les travaux du forum se sont achevés ce mardi en présence de nombreux chefs d'État.", "Dakar"),
    ("Le Premier ministre au Sommet de Tombouctou",
     "Le Premier ministre a participé aux travaux du sommet, consacrés à la sécurité régionale.", "Tombouctou"),
])
def test_a_meeting_named_after_its_town_met_there(title, lead, expected):
    assert location(title, lead) == expected


def test_a_reported_meeting_named_after_its_town_further_down_met_there():
    assert location("Sommet de la CEDEAO : le Bénin plaide pour la sécurité maritime",
                    "Réunis ce samedi dans la capitale togolaise, les chefs d'État de la CEDEAO ont adopté une "
                    "stratégie commune.",
                    "Le ministre a rappelé l'importance de la coopération navale.",
                    "Le Sommet de Lomé a également entériné le budget de la Commission.") == "Lomé"


@pytest.mark.parametrize("paragraphs", [
    ["Le Luxembourg salue l'accord sur le climat.", "Il rappelle les conclusions du Sommet de Paris."],
    ["Le ministre a participé au Sommet de la CEDEAO, réuni ce samedi.", "Il a rappelé l'accord intervenu en "
     "2019, comme convenu au Sommet de Niamey."],
])
def test_a_town_a_meeting_is_named_after_further_down_is_no_place_without_a_reported_meeting_or_when_recalled(
        paragraphs):
    assert location("Communiqué", *paragraphs) is None


def test_a_meeting_named_after_a_town_takes_the_place_the_text_gives_instead():
    assert location("Sommet de Tombouctou : la déclaration finale",
                    "Le sommet, réuni à Gao, a adopté une déclaration sur la sécurité régionale.") == "Gao"


@pytest.mark.parametrize("title, lead, expected", [
    ("Minister attends the ministerial meeting in Jinja",
     "The Minister took part in the ministerial meeting of the regional bloc on water security.", "Jinja"),
    ("Ministers conclude talks",
     "The ministerial conference of the regional bloc was held in Fort Dauphin, Madagascar, from 3 to 5 May.",
     "Fort Dauphin"),
    ("Außenministertreffen der Regionalinitiative in Piešťany",
     "Der Minister nahm am Treffen der Außenminister teil.", "Piešťany"),
])
def test_in_english_and_german_the_town_after_the_meeting_is_read_without_its_country(title, lead, expected):
    assert location(title, lead) == expected


def test_a_country_after_in_is_no_town():
    assert location("Minister attends the ministerial meeting in Indonesia",
                    "The Minister took part in the ministerial meeting of the regional bloc.") is None
    assert location("Le ministre au sommet régional",
                    "Le ministre a participé au sommet régional, réuni à Madagascar.") is None


def test_the_region_written_after_a_town_is_not_the_town():
    assert location("Regional ministerial conference in Bali",
                    "The ministerial conference of the regional bloc concluded today in Nusa Dua, Bali.") == "Nusa Dua"


@pytest.mark.parametrize("lead", [
    "The Minister and his counterpart Chandra Kumar attended the regional summit held in Opatija.",
    "Mme Sandra Kovač, ministre, au sommet régional réuni à Opatija ce mardi.",
])
def test_a_name_ending_like_a_french_future_does_not_announce_the_event(lead):
    # « Chandra », « Sandra » end like « tiendra »: written with a capital, they are names, not verbs
    assert location("Regional summit", lead) == "Opatija"


@pytest.mark.parametrize("title, lead, expected", [
    ("Le ministre au sommet régional", "Le sommet régional s'est achevé à Mar del Plata (Argentine).", "Mar del Plata"),
    ("Le ministre au sommet régional", "Le ministre a participé au sommet régional, réuni à Foz do Iguaçu.",
     "Foz do Iguaçu"),
    ("Regional summit", "The regional summit held in Hoi An, Viet Nam, adopted a declaration.", "Hoi An"),
    ("Regional summit", "The regional summit ended on Friday in St. George's, Grenada.", "Saint-Georges"),
    ("Le ministre au sommet régional", "Le sommet régional s'est tenu au Bella Center de Copenhague.", "Copenhague"),
    ("Nairobi : la ministre au sommet régional", "La ministre a pris la parole devant les chefs d'État.", "Nairobi"),
])
def test_towns_of_two_words_an_english_saint_a_named_venue_and_a_title_s_heading_town(title, lead, expected):
    assert location(title, lead) == expected


def test_the_first_word_of_a_country_s_name_is_no_town():
    # « Trinidad » opens « Trinidad and Tobago »: the country, not a town
    assert location("Regional summit", "The regional summit was held in Trinidad and Tobago last week.") is None


def test_a_word_after_the_town_that_is_no_place_is_left_out():
    assert location("Regional summit", "The regional summit held in Gaborone Monday adopted a declaration.") == "Gaborone"


@pytest.mark.parametrize("title, lead, expected", [
    ("Reunión de cancilleres en Cartagena", "El canciller participó en la reunión regional.", "Cartagena"),
    ("Reunião de Chanceleres em Brasília", "O Ministro participou da reunião regional.", "Brasilia"),
    ("Ministers meet", "The ministerial meeting was held on 3 May in the Bolivian city of Cobija.", "Cobija"),
    ("Canada welcomes agreement at COP21 in Paris", "The Minister welcomed the agreement.", "Paris"),
])
def test_spanish_and_portuguese_meetings_a_city_of_and_a_cop_give_their_town(title, lead, expected):
    assert location(title, lead) == expected


def test_a_spanish_town_is_given_in_french():
    assert location("Informal meeting of EU foreign ministers in Zaragoza",
                    "The ministers met on Thursday and discussed the situation in the Sahel.") == "Saragosse"


def test_a_title_in_the_future_announces_its_place():
    assert location("La ministre réunira le Comité de ministres du Benelux à Lyon au printemps",
                    "La présidence du Comité revient cette année à la France.") is None


def test_a_town_the_sentence_dates_years_back_gives_way_to_the_town_of_the_event():
    assert location("Le ministre rend hommage aux artisans de la détente",
                    "Il y a vingt ans, les ministres réunis à Vienne adoptaient la déclaration.",
                    "Le ministre s'est rendu à Genève pour une conférence.") == "Genève"
