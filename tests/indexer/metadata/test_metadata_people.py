"""Named people, as "First Last": known spellings, and a title-based pattern for the others."""
from dataclasses import replace

import pytest

from indexer.metadata.people import PeopleFinder, default_finder, find_people
from indexer.metadata.taxonomy import people_rules


def people(*paragraphs: str, finder: PeopleFinder | None = None) -> list[str]:
    return find_people("Communiqué", list(paragraphs), finder)


@pytest.fixture(scope="module")
def pattern_only():
    """The pattern alone, without the list of known people."""
    return PeopleFinder(replace(people_rules(), known={}), default_finder().places)


def test_known_people_are_found_under_any_listed_spelling():
    assert people("Le ministre a parlé avec Dmytro Kouleba.") == ["Dmytro Kuleba"]
    assert people("Jean Asselborn a appelé Dmytro Kuleba.") == ["Jean Asselborn", "Dmytro Kuleba"]


@pytest.mark.parametrize("sentence, expected", [
    ("Présidée par le secrétaire général de l'OTAN, Jens Stoltenberg, la réunion a permis un échange.", ["Jens Stoltenberg"]),
    ("Le ministre turc des Affaires étrangères, Mevlüt Çavuşoğlu, s'est joint à ses homologues.", ["Mevlüt Çavuşoğlu"]),
    ("La réunion était présidée par la haute représentante Federica Mogherini.", ["Federica Mogherini"]),
    ("Le ministre a été reçu par le président ukrainien, Petro Porochenko, et par le Premier ministre Arseni Iatseniouk.",
     ["Petro Porochenko", "Arseni Iatseniouk"]),
    ("Il a accueilli ses homologues belge et néerlandais, Didier Reynders et Frans Timmermans.",
     ["Didier Reynders", "Frans Timmermans"]),
    ("Le ministre s'est entretenu avec le ministre de l'Autorité palestinienne, Riyad al-Maliki.", ["Riyad al-Maliki"]),
    ("« Notre réseau est modeste », a déclaré Xavier Bettel.", ["Xavier Bettel"]),
    ("Paul Steichen, ambassadeur à Lisbonne depuis 2017, rejoindra Dakar.", ["Paul Steichen"]),
    ("Der deutsche Außenminister Heiko Maas empfing seine Amtskollegen.", ["Heiko Maas"]),
    ("Jean Asselborn also met the Secretary-General of the United Nations, António Guterres.", ["António Guterres"]),
])
def test_a_title_announces_a_name(pattern_only, sentence, expected):
    assert people(sentence, finder=pattern_only) == expected


def test_an_unknown_person_is_found_by_the_pattern_alone():
    assert people("Le ministre a rencontré la présidente de la Commission de l'Union africaine, Nkosazana Dlamini-Zuma.") \
        == ["Nkosazana Dlamini-Zuma"]


def test_names_are_normalised_to_first_last():
    assert people("Le ministre Jean ASSELBORN a reçu l'ambassadeur.") == ["Jean Asselborn"]


@pytest.mark.parametrize("sentence, expected", [
    ("Le ministre a reçu son homologue ghanéen, M. Kwabena OFORI-ATTA.", ["Kwabena Ofori-Atta"]),
    ("La ministre a reçu l'ambassadrice d'Irlande, Mme Siobhán O'SULLIVAN.", ["Siobhán O'Sullivan"]),
])
def test_each_part_of_a_surname_written_in_capitals_keeps_its_capital(pattern_only, sentence, expected):
    assert people(sentence, finder=pattern_only) == expected


def test_a_known_surname_after_a_title_is_the_known_person_unless_two_share_it():
    assert people("Le ministre Asselborn a souligné l'importance du dialogue.") == ["Jean Asselborn"]
    assert people("Le ministre Schneider a annoncé une contribution.") == []   # Romain or Étienne?


@pytest.mark.parametrize("sentence", [
    "Le ministre des Affaires étrangères de la République de Moldavie a salué les réformes.",
    "Les ministres ont adopté des conclusions sur la Macédoine du Nord et l'Albanie.",
    "Beide Minister bekräftigten das Ziel, den Beitrittsprozess der Länder des Westbalkans voranzubringen.",
    "Le ministère recommande de reporter tout voyage vers les îles Vierges, Porto Rico et Cuba.",
    "Le ministre luxembourgeois a salué, à Bruxelles, le travail de la Commission européenne.",
])
def test_institutions_places_and_german_nouns_are_not_people(sentence):
    assert people(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Mme Hélène Marchal, ministre de la Coopération, a ouvert la conférence.", ["Hélène Marchal"]),
    ("Monsieur Karim Benali, ambassadeur à Rabat, a présenté ses lettres de créance.", ["Karim Benali"]),
    ("L'honorable Jean Tremblay, ministre des Affaires étrangères, a annoncé trois nominations.", ["Jean Tremblay"]),
    ("Me Awa Diallo, envoyée spéciale pour le Sahel, a rendu compte de sa mission.", ["Awa Diallo"]),
    ("Bundesaußenminister Peter Albrecht, der Gastgeber, betonte die Einheit Europas.", ["Peter Albrecht"]),
    ("Außenministerin Sabine Krüger, die Gastgeberin, erklärte die Ziele des Treffens.", ["Sabine Krüger"]),
])
def test_a_form_of_address_or_a_title_before_a_name_is_not_part_of_it(pattern_only, sentence, expected):
    assert people(sentence, finder=pattern_only) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Minister for Foreign Affairs Aino Virtanen opened the session in Turku.", ["Aino Virtanen"]),
    ("I thank my host, Minister of International Relations and Cooperation Thabo Nkosi, for the welcome.",
     ["Thabo Nkosi"]),
    ("The Minister for Foreign Affairs and Trade attended the dinner.", []),
])
def test_an_english_minister_is_named_after_the_capitalised_words_of_the_portfolio(sentence, expected):
    assert find_people("Statement", [sentence]) == expected


def test_a_surname_a_title_introduces_alone_names_the_person_the_page_names_in_full():
    assert find_people("Visite", ["La ministre a reçu Paul Durandet au ministère.",
                                  "Le ministre Durandet a salué la coopération entre les deux pays."]) == ["Paul Durandet"]
    assert find_people("Phone call", ["Deputy Prime Minister and Minister of Foreign Affairs Maxime Lorrain held a "
                                      "call today.", "Minister Lorrain welcomed the ceasefire."]) == ["Maxime Lorrain"]


def test_a_surname_a_title_introduces_alone_is_no_person_when_the_page_never_names_it_in_full():
    assert find_people("Visite", ["Le ministre Durandet a salué la coopération entre les deux pays."]) == []


def test_the_capitalised_complement_of_a_title_is_not_a_name_before_an_apposition():
    assert find_people("Audience", ["Le ministre des Relations Extérieures, M. Jean-Paul Ndongo, a reçu "
                                    "l'ambassadeur."]) == ["Jean-Paul Ndongo"]


def test_a_surname_with_its_particle_is_resolved_like_a_one_word_surname():
    assert find_people("Rabat", ["Le Premier ministre El Fassiri a salué la réunion.",
                                 "M. Karim El Fassiri a rappelé le rôle du Maroc."]) == ["Karim El Fassiri"]


def test_a_speech_verb_names_the_speaker_only_after_a_quotation():
    assert find_people("Statement", ["“We will keep working together,” said Aino Virtanen."]) == ["Aino Virtanen"]
    assert find_people("Statement", ["The minister said New Zealand had worked closely with its partners."]) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Le ministre a exigé la libération de l'opposant biélorusse Ihar Karpenka.", ["Ihar Karpenka"]),
    ("La France demande la libération de la journaliste Nadia Amrani, détenue depuis mars.", ["Nadia Amrani"]),
    ("Il s'est entretenu avec le Haut-Commissaire pour les réfugiés, Filippo Grandi.", ["Filippo Grandi"]),
])
def test_role_nouns_beyond_official_titles_announce_a_name(sentence, expected):
    assert find_people("Communiqué", [sentence]) == expected


def test_a_compound_of_an_acronym_is_no_name():
    assert find_people("Erklärung", ["Der Außenminister rief beide Seiten auf, in den EU-geführten Dialog "
                                     "zurückzukehren."]) == []


def test_a_compound_ending_in_a_title_announces_a_name_and_maghreb_particles_stay_inside_it():
    assert find_people("Nürnberg", ["Am Treffen nahm auch ASEAN-Generalsekretär Surin Pitsuwan teil."]) == \
        ["Surin Pitsuwan"]
    assert find_people("Nouakchott", ["La réunion est présidée par le ministre mauritanien des Affaires étrangères, "
                                      "M. Ahmed Ould Sidi Ould Ahmed, et par son homologue."]) == \
        ["Ahmed Ould Sidi Ould Ahmed"]


def test_a_surname_written_in_capitals_ends_the_name_and_is_shown_in_capitalised_form():
    assert find_people("Ouagadougou", ["Le Président était accompagné de M. Mamadou Lamine SECK, ministre des "
                                       "Affaires étrangères, et de M. Frank VAN DEN BOSSCHE, ambassadeur."]) == \
        ["Mamadou Lamine Seck", "Frank Van Den Bossche"]


def test_capitals_alone_are_no_name_and_an_acronym_after_a_sentence_is_not_taken_into_one():
    assert find_people("Genève", ["Le HCR et l'OMS ont publié un rapport. Selon l'OCHA, l'aide arrive."]) == []


def test_a_run_of_particles_stays_inside_the_name():
    assert find_people("Salamanque", ["Le secrétaire général ibéro-américain, M. Enrique Ybarra de la Peña, a "
                                      "ouvert les travaux."]) == ["Enrique Ybarra de la Peña"]


def test_a_double_surname_repeated_without_the_first_name_is_the_same_person():
    assert find_people("Entretien", ["M. Youssef El Idrissi-Bennani s'est entretenu avec Mme Javiera Undurraga "
                                     "Pino, ministre chilienne.", "Mme Undurraga Pino a salué le rôle du Royaume."]) == \
        ["Youssef El Idrissi-Bennani", "Javiera Undurraga Pino"]


@pytest.mark.parametrize("sentence, expected", [
    ("Uganda’s Minister of State for Regional Cooperation, Mr. John Mulimba-Okello, welcomed delegations.",
     ["John Mulimba-Okello"]),
    ("The Cabinet Secretary for Foreign Affairs, Hon. Dr. Wycliffe Otieno Kamau, represented the President.",
     ["Wycliffe Otieno Kamau"]),
    ("The Foreign Minister, Senator the Hon Margaret Pryce-Whitford, attended the meeting.",
     ["Margaret Pryce-Whitford"]),
    ("Le ministre de l'Intégration régionale, le Professeur Kodjo Amégavi-Dossou, a reçu son homologue.",
     ["Kodjo Amégavi-Dossou"]),
])
def test_forms_of_address_written_short_or_stacked_announce_a_name_and_end_no_sentence(sentence, expected):
    assert find_people("Communiqué", [sentence]) == expected


def test_a_form_of_address_after_a_comma_starts_the_next_name_not_an_apposition():
    assert find_people("Lappeenranta", ["Ministers exchanged views with the High Representative for the Common "
                                        "Foreign and Security Policy, Dr Javier Solana, on Iran."]) == \
        ["Javier Solana"]


def test_an_institution_after_particles_is_not_part_of_the_name():
    assert find_people("Lomé", ["Interrogée par la journaliste Akossiwa Agbeko de la Télévision togolaise, la "
                                "ministre a salué l'excellence des relations."]) == ["Akossiwa Agbeko"]


def test_a_nationality_before_a_title_word_is_no_name():
    assert find_people("Deputy Prime Minister, Foreign Minister receives Peruvian Ambassador",
                       ["The Minister received Peruvian Ambassador Javier Meneses Valdivia this afternoon."]) == \
        ["Javier Meneses Valdivia"]


def test_a_middle_initial_stays_inside_the_name_and_a_lone_m_is_still_a_form_of_address():
    assert find_people("Bali", ["Indonesian Foreign Minister Marty M. Natalegawa opened the conference, and "
                                "M. Jean Dupont spoke for France."]) == ["Marty M. Natalegawa", "Jean Dupont"]


@pytest.mark.parametrize("sentence, expected", [
    ("The summit was chaired by President of the Republic of Moldova Ion Ceban.", ["Ion Ceban"]),
    ("The talks were opened by Prime Minister of Thailand Somchai Rattanakul.", ["Somchai Rattanakul"]),
])
def test_in_english_a_name_follows_the_country_of_a_title(sentence, expected):
    assert people(sentence) == expected


def test_a_possessive_ends_a_name():
    assert people("Prime Minister Tan Wei Ming's Visit to Jakarta") == ["Tan Wei Ming"]
    assert people("Minister Aoife Brennan’s statement on the situation in the region.") == ["Aoife Brennan"]


@pytest.mark.parametrize("sentence, expected", [
    ("The Most Honourable Andrew Holness, Prime Minister, returned to the island.", ["Andrew Holness"]),
    ("The meeting was chaired by the Hon. Roosevelt Skerrit.", ["Roosevelt Skerrit"]),
    ("Samdech Chea Sim a reçu la délégation.", ["Chea Sim"]),
    ("The President, Ratu Wiliame Katonivere, opened the session.", ["Wiliame Katonivere"]),
])
def test_honorifics_before_a_name_are_no_part_of_it(sentence, expected):
    assert people(sentence) == expected


def test_a_house_is_no_person():
    assert people("The summit was held at State House, in the capital.") == []


@pytest.mark.parametrize("sentence, expected", [
    ("El Canciller Julián Ortega Salinas presidió la reunión.", ["Julián Ortega Salinas"]),
    ("La Viceministra de Relaciones Exteriores, Ana Lucía Prado, informó a la prensa.", ["Ana Lucía Prado"]),
    ("O Ministro das Relações Exteriores, João Carlos Ribeiro, participou da reunião.", ["João Carlos Ribeiro"]),
])
def test_spanish_and_portuguese_titles_announce_a_name(sentence, expected):
    assert people(sentence) == expected


def test_spanish_bodies_are_no_persons():
    assert people("La reunión fue convocada por el Gobierno del Perú en la Cumbre Iberoamericana.") == []


@pytest.mark.parametrize("sentence, expected", [
    ("The Minister of Foreign Affairs, Dato’ Sri Haji Ahmad Faizal Rahman, signed the agreement.",
     ["Ahmad Faizal Rahman"]),
    ("The Ambassador, Tan Sri Lim Chee Wah, presented his credentials.", ["Lim Chee Wah"]),
    ("Commissioner of Police Ms. Siti Aminah binte Osman will serve on the committee.", ["Siti Aminah binte Osman"]),
])
def test_malay_honorifics_and_particles(sentence, expected):
    assert people(sentence) == expected


def test_a_portfolio_naming_trade_is_no_person():
    assert people("The Cabinet Secretary for Foreign Affairs and International Trade, Ambassador Wanjiru Kamau, "
                  "accompanied the President.") == ["Wanjiru Kamau"]


def test_an_elided_particle_ends_a_name_and_a_country_is_no_person():
    assert people("Le président de la Convention, M. Jean-Pierre Duval d'Anjou, a présenté le projet.") == [
        "Jean-Pierre Duval d'Anjou"]
    assert people("The Minister condemned the attack on Grand-Bassam, Côte d'Ivoire, and offered help.") == []


@pytest.mark.parametrize("sentence, expected", [
    ("Le ministre a reçu Mgr Jean-Claude Hollerich, archevêque de Luxembourg.", ["Jean-Claude Hollerich"]),
    ("La ministre s'est entretenue avec le cardinal Pietro Parolin, secrétaire d'État du Saint-Siège.",
     ["Pietro Parolin"]),
])
def test_a_clergy_form_of_address_is_not_part_of_the_name(pattern_only, sentence, expected):
    assert people(sentence, finder=pattern_only) == expected
