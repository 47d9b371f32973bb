"""Which meeting a communiqué reports on: the surface forms, and the passing mentions that must not count."""
from pathlib import Path

import pytest

from indexer.cleaning import clean, parse_html
from indexer.encoding import decode_html
from indexer.metadata.meetings import find_meeting
from indexer.metadata.taxonomy import meeting_rules
from indexer.metadata.text import Text

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
NATO_FM = "Réunion des ministres des Affaires étrangères de l'OTAN"
NATO_SUMMIT = "Sommet de l'OTAN"
FAC = "Conseil Affaires étrangères (UE)"
GAC = "Conseil Affaires générales (UE)"


def meeting(title: str, *paragraphs: str) -> str | None:
    return find_meeting(Text(title, list(paragraphs)))


@pytest.mark.parametrize("title, expected", [
    ("Ukraine : Jean Asselborn au Conseil « Affaires étrangères » à Bruxelles", FAC),
    ("CAE : l'Union européenne prête à réagir à toute nouvelle agression", FAC),
    ("Conseil des affaires étrangères de l'Union européenne à Luxembourg", FAC),
    ("Élargissement : le CAG ouvre la voie à des négociations d'adhésion", GAC),
    ("Conseil « Affaires générales » à Luxembourg", GAC),
    ("Réunion ministérielle de l'OTAN : signature du protocole d'accession du Monténégro", NATO_FM),
    ("Jean Asselborn au Conseil de l'Atlantique Nord à Bruxelles", NATO_FM),
    ("Réunion des ministres des Affaires étrangères de l'Alliance atlantique à Bruxelles", NATO_FM),
    ("Jean Asselborn attends the NATO Foreign Ministers' meeting in Brussels", NATO_FM),
    ("Jean Asselborn beim Treffen der NATO-Außenminister in Brüssel", NATO_FM),
    ("Sommet de l'OTAN à Vilnius : un signal fort de soutien à l'Ukraine", NATO_SUMMIT),
    ("Réunion informelle des ministres des Affaires étrangères de l'UE (Gymnich) à Bucarest", "Gymnich"),
    ("Informelles Treffen der EU-Außenminister (Gymnich) in Berlin", "Gymnich"),
    ("Jean Asselborn at the 77th session of the United Nations General Assembly", "Assemblée générale des Nations unies"),
    ("72e session de l'Assemblée générale des Nations unies : Jean Asselborn à New York",
     "Assemblée générale des Nations unies"),
    ("Conseil ministériel de l'OSCE à Lodz : Jean Asselborn condamne la guerre d'agression", "Conseil ministériel de l'OSCE"),
    ("Jean Asselborn à la 125e session du Comité des ministres du Conseil de l'Europe",
     "Comité des ministres du Conseil de l'Europe"),
    ("Réunion des ministres des Affaires étrangères du Benelux à Luxembourg", "Réunion ministérielle Benelux"),
])
def test_surface_forms_in_a_title_name_the_meeting(title, expected):
    assert meeting(title, "Le ministre des Affaires étrangères et européennes, Jean Asselborn, y a participé.") == expected


def test_a_meeting_named_only_in_the_lead_is_found():
    assert meeting("Priorité à la désescalade au Moyen-Orient",
                   "Le ministre a participé ce lundi 22 avril 2024 au Conseil « Affaires étrangères », réuni à Luxembourg "
                   "sous la présidence du haut représentant de l'Union, Josep Borrell.") == FAC


def test_bare_ministerial_counts_for_nato_only_when_the_text_names_nato():
    lead = "Les ministres se sont retrouvés pour la réunion ministérielle qui s'est tenue à Bruxelles."
    assert meeting("Jean Asselborn à Bruxelles", lead, "Les Alliés de l'OTAN ont évoqué la Russie.") == NATO_FM
    assert meeting("Jean Asselborn à Bruxelles", lead, "Les ministres ont évoqué la Russie.") is None


def test_seed_communique_reports_the_ministerial_not_the_summits_it_mentions():
    """The 2017 ministerial looks ahead to the July 2018 summit and recalls the 2016 Warsaw summit."""
    page = CORPUS / "cms/2017/12-decembre/06-asselborn-otan-bruxelles.html"
    cleaned = clean(parse_html(decode_html(page.read_bytes(), None)))
    assert "sommet de l’OTAN qui se tiendra" in cleaned.body and "convenu au sommet de Varsovie" in cleaned.body
    assert find_meeting(Text(cleaned.title, cleaned.paragraphs)) == NATO_FM


def test_an_announced_summit_in_the_lead_does_not_beat_the_reported_ministerial():
    assert meeting(
        "Jean Asselborn à Bruxelles",
        "Les ministres des Affaires étrangères de l'OTAN se sont réunis à Bruxelles en vue du sommet de l'OTAN de juillet 2018.",
        "Le sommet de l'OTAN se tiendra à Bruxelles les 11 et 12 juillet 2018.",
    ) == NATO_FM


def test_a_summit_only_announced_or_recalled_is_not_reported():
    assert meeting(
        "Le ministre reçoit son homologue polonais",
        "Jean Asselborn a reçu ce mardi à Luxembourg son homologue polonais pour préparer le sommet de l'OTAN.",
        "Comme convenu au sommet de l'OTAN de Varsovie en 2016, le dialogue avec la Russie doit se poursuivre.",
    ) is None


@pytest.mark.parametrize("title, paragraph", [
    ("Vingt ans des objectifs du Millénaire",
     "Il y a vingt ans, les chefs d'État et de gouvernement réunis au Sommet du Millénaire des Nations unies "
     "adoptaient à New York la Déclaration du Millénaire."),
    ("Quarante ans de la CSCE",
     "Voici quarante ans, la Conférence sur la sécurité et la coopération en Europe adoptait à Helsinki son Acte final."),
    ("Gedenken an die Erklärung von Madrid",
     "Vor 25 Jahren unterzeichneten die Außenminister beim Gipfeltreffen der NATO in Madrid die Erklärung."),
])
def test_a_meeting_the_sentence_dates_years_back_is_recalled_not_reported(title, paragraph):
    assert meeting(title, paragraph, "Le ministre a rendu hommage à ses initiateurs.") is None


def test_a_meeting_reported_in_a_sentence_with_il_y_a_is_still_reported():
    assert meeting("Jean Asselborn à Bruxelles",
                   "Il y a eu un large accord au Conseil Affaires étrangères ce lundi à Bruxelles, où les ministres "
                   "ont adopté de nouvelles sanctions.") == FAC


def test_a_council_mentioned_for_next_week_does_not_make_a_visit_a_council():
    assert meeting(
        "Jean Asselborn en visite de travail en Ukraine",
        "Le ministre des Affaires étrangères et européennes s'est rendu à Kiev pour une visite de travail.",
        "Les entretiens ont porté sur l'application des accords de Minsk.",
        "Il rendra compte de sa visite à ses homologues lors du Conseil Affaires étrangères du 14 mars à Bruxelles.",
    ) is None


def test_a_phone_call_is_not_the_council_it_announces():
    assert meeting(
        "Jérusalem : entretien téléphonique de Jean Asselborn avec son homologue palestinien",
        "Le ministre s'est entretenu par téléphone avec le ministre palestinien des Affaires étrangères.",
        "La question sera à l'ordre du jour du Conseil Affaires étrangères de lundi prochain à Bruxelles.",
    ) is None


def test_a_job_title_is_not_a_meeting():
    assert meeting(
        "Le Luxembourg renforce son aide humanitaire",
        "Le président du Conseil européen, Donald Tusk, et le ministre ont salué la contribution annoncée.",
    ) is None


def test_a_security_council_resolution_cited_later_is_not_a_meeting_report():
    assert meeting(
        "Ebola : le Luxembourg renforce son soutien aux pays d'Afrique de l'Ouest",
        "Le ministre de la Coopération a annoncé une contribution supplémentaire de 1,5 million d'euros.",
        "Ce montant sera réparti entre plusieurs organisations.",
        "La veille, le Conseil de sécurité des Nations unies a adopté à l'unanimité la résolution 2177.",
    ) is None


@pytest.mark.parametrize("title, lead, expected", [
    ("Les chefs de la diplomatie de l'OTAN réunis à Bruxelles",
     "Les chefs de la diplomatie de l'OTAN se sont réunis mardi au siège de l'Alliance pour préparer le sommet.",
     NATO_FM),
    ("Réunion informelle des chefs de la diplomatie de l'UE à Tallinn",
     "Jean Asselborn a participé jeudi à la réunion informelle des chefs de la diplomatie de l'UE.", "Gymnich"),
    ("Les chefs de la diplomatie du Benelux se retrouvent à La Haye",
     "Les chefs de la diplomatie du Benelux ont tenu lundi leur réunion annuelle à La Haye.",
     "Réunion ministérielle Benelux"),
])
def test_chefs_de_la_diplomatie_name_the_meetings_of_foreign_ministers(title, lead, expected):
    assert meeting(title, lead) == expected


def test_the_head_of_a_diplomacy_alone_is_a_job_title_not_a_meeting():
    assert meeting("Entretien avec le chef de la diplomatie allemande",
                   "Jean Asselborn s'est entretenu au téléphone avec le chef de la diplomatie allemande.") is None


def test_equivalents_add_forms_for_every_meeting_whose_forms_use_the_phrase():
    rules = meeting_rules()
    forms = rules.forms_with_equivalents(("réunion des ministres des Affaires étrangères de l'UE", "Gymnich"))
    assert forms == ["réunion des ministres des Affaires étrangères de l'UE", "Gymnich",
                     "réunion des chefs de la diplomatie de l'UE"]


@pytest.mark.parametrize("lead, body", [
    ("Le ministre a pris part à Malabo au Conseil des affaires étrangères de l'Union africaine.", "Union africaine"),
    ("Les travaux de la session du Conseil des ministres des Affaires étrangères de l'Union du Maghreb arabe (UMA) "
     "se sont ouverts ce samedi à Rabat.", "Union du Maghreb arabe"),
])
def test_a_listed_form_followed_by_another_body_is_that_body_s_meeting(lead, body):
    found = meeting("Communiqué", lead)
    assert found != "Conseil Affaires étrangères (UE)" and body in found


@pytest.mark.parametrize("lead", [
    "Le ministre a participé au Conseil des affaires étrangères de l'UE à Bruxelles.",
    "Le ministre a participé au Conseil des ministres des Affaires étrangères de l'Union européenne à Bruxelles.",
    "Le ministre a participé au Conseil affaires étrangères de l'Union à Luxembourg.",
])
def test_a_listed_form_followed_by_its_own_body_stays_the_listed_meeting(lead):
    assert meeting("Communiqué", lead) == "Conseil Affaires étrangères (UE)"


def test_a_word_read_on_after_a_formation_is_not_another_body():
    assert meeting("Le Conseil Environnement arrête la position de l'Union",
                   "Les ministres se sont retrouvés à Luxembourg pour un Conseil Environnement.") == "Conseil Environnement (UE)"


def test_the_union_for_the_mediterranean_is_not_the_eu():
    assert meeting("Communiqué", "Le ministre a participé au Forum régional de l'Union pour la Méditerranée à "
                                 "Barcelone.") == "Forum régional de l'Union pour la Méditerranée"


def test_a_summit_a_country_will_host_is_announced_not_reported():
    from indexer.metadata import extract_metadata
    m = extract_metadata("Tonga to host 2028 Pacific Leaders' Summit",
                         ["The Secretariat is pleased to announce that the Kingdom of Tonga will host the 12th "
                          "Pacific Leaders' Summit in Neiafu, Vava'u, in the second half of 2028."], "en")
    assert m.meeting is None and m.location is None
