"""The words the synthetic communiqués are made of, written for this project.

Lists are ordered from frequent to rare: the generator draws from them with a
Zipf-like law, so a handful of words ("coopération", "sécurité") are in most
pages and the tail is rare. People and ministers are invented; places and
institutions are the ones a foreign ministry writes about. A long tail of
derived words and invented surnames (see `tail_words`) gives the index a
vocabulary that keeps growing with the number of pages, as a real archive does.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# --- Nouns, most frequent first; gender decides articles and adjective agreement --------------
NOUNS_F = """
coopération sécurité situation paix réunion relation discussion politique union commission
crise stabilité présidence région solidarité souveraineté réforme perspective question
déclaration mission aide initiative lutte population communauté démocratie protection
prévention intégration stratégie négociation contribution responsabilité priorité dimension
frontière économie transition mise présence coordination résolution conférence délégation
capacité voie relance procédure reconstruction rencontre visite proposition position
organisation gouvernance sanction menace violence opération adhésion condition consultation
décision exigence évolution session volonté action institution justice liberté santé
énergie migration pauvreté éducation jeunesse nécessité approche zone autorité croissance
tension reprise médiation surveillance cohésion convention charte enveloppe candidature
confiance alliance diplomatie vigilance déclinaison réflexion sortie escalade trêve
mobilisation délimitation évacuation inclusion égalité transparence neutralité interdiction
ratification réconciliation désescalade vaccination alimentation sécheresse inondation
pandémie dette fiscalité connectivité numérisation cybersécurité désinformation ingérence
""".split()

NOUNS_M = """
dialogue soutien engagement partenariat processus accord développement ministre conseil
respect droit cadre conflit sommet échange pays programme projet état gouvernement
renforcement contexte rôle effort avenir objectif secteur enjeu appel entretien défi
peuple travail principe fonds instrument mécanisme mandat budget plan niveau point
multilatéralisme élargissement dossier partage rapport texte traité terrorisme climat
environnement commerce investissement financement marché emploi accès retour suivi
cessez-le-feu dispositif réseau consensus compromis calendrier format partenaire acteur
appui volet rapprochement voisinage désarmement armement contrôle régime scrutin vote
pluralisme équilibre bilan examen réexamen lancement déploiement retrait transfert
patrimoine savoir-faire rayonnement attachement pragmatisme règlement redressement
exode déplacement hébergement approvisionnement acheminement déminage recensement
""".split()

# Masculine nouns that start with a consonant sound but a vowel letter are not needed;
# "h" words take the elided article (l’hébergement), which is what French does for most of them.

# --- Adjectives: masculine singular, or "masculine/feminine" when the rule below would be wrong --
ADJECTIVES = """
international/internationale européen/européenne politique économique humanitaire régional/régionale
bilatéral/bilatérale multilatéral/multilatérale commun/commune important/importante nouveau/nouvelle
durable global/globale diplomatique stratégique constructif/constructive étroit/étroite
territorial/territoriale militaire civil/civile social/sociale démocratique pacifique
essentiel/essentielle nécessaire prochain/prochaine transatlantique ministériel/ministérielle
financier/financière juridique institutionnel/institutionnelle sécuritaire alimentaire
climatique numérique énergétique sanitaire électoral/électorale fondamental/fondamentale
inclusif/inclusive ambitieux/ambitieuse crédible concret/concrète indépendant/indépendante
approfondi/approfondie renforcé/renforcée dernier/dernière grave profond/profonde
préoccupant/préoccupante majeur/majeure prioritaire spécial/spéciale général/générale
national/nationale local/locale mondial/mondiale public/publique consulaire
opérationnel/opérationnelle structurel/structurelle durable exceptionnel/exceptionnelle
informel/informelle solide cohérent/cohérente équitable transparent/transparente
pragmatique historique technique logistique géopolitique hybride nucléaire
""".split()

# --- Verbs: infinitive, or "infinitive:3rd singular:3rd plural:past participle" when irregular ---
VERBS = """
souligner rappeler:rappelle:rappellent:rappelé réaffirmer saluer évoquer aborder examiner discuter renforcer soutenir:soutient:soutiennent:soutenu
promouvoir:promeut:promeuvent:promu encourager appeler:appelle:appellent:appelé condamner
exprimer présenter confirmer préparer adopter développer approfondir:approfondit:approfondissent:approfondi
poursuivre:poursuit:poursuivent:poursuivi accueillir:accueille:accueillent:accueilli
réunir:réunit:réunissent:réuni définir:définit:définissent:défini prendre:prend:prennent:pris
permettre:permet:permettent:permis reconnaître:reconnaît:reconnaissent:reconnu
faire:fait:font:fait mettre:met:mettent:mis signer lancer financer coordonner
mobiliser intensifier consolider dénoncer déplorer envisager annoncer proposer
analyser évaluer accompagner préserver garantir:garantit:garantissent:garanti
élargir:élargit:élargissent:élargi établir:établit:établissent:établi
""".split()

ADVERBS = """
notamment également pleinement particulièrement fermement activement durablement clairement
étroitement résolument davantage ensemble rapidement concrètement régulièrement
""".split()

CONNECTORS = ["Par ailleurs,", "En outre,", "Dans ce contexte,", "À cette occasion,", "Enfin,",
              "De plus,", "Ainsi,", "Dans ce cadre,", "Au cours des échanges,", "Lors de cette rencontre,",
              "Dans l’après-midi,", "En marge de la réunion,", "Pour sa part,", "À l’issue des discussions,"]

# --- People (invented) -------------------------------------------------------------------------
@dataclass(frozen=True)
class Minister:
    name: str
    role: str          # "ministre des Affaires étrangères et européennes"
    start: int         # first year in office
    end: int           # last year in office

FOREIGN_MINISTERS = [
    Minister("Mathilde Reuter", "ministre des Affaires étrangères", 2000, 2004),
    Minister("Jean-Paul Weydert", "ministre des Affaires étrangères et de l’Immigration", 2004, 2012),
    Minister("Étienne Kayser", "ministre des Affaires étrangères et européennes", 2013, 2023),
    Minister("Hélène Muller-Thill", "ministre des Affaires étrangères et du Commerce extérieur", 2024, 2026),
]
COOPERATION_MINISTERS = [
    Minister("Nicolas Schaack", "ministre de la Coopération et de l’Action humanitaire", 2000, 2008),
    Minister("Cécile Hansen", "ministre de la Coopération et de l’Action humanitaire", 2009, 2017),
    Minister("Romain Feltgen", "ministre de la Coopération et de l’Action humanitaire", 2018, 2022),
    Minister("Joëlle Bisdorff", "ministre de la Coopération et de l’Action humanitaire", 2023, 2026),
]
DEFENCE_MINISTERS = [
    Minister("Luc Wagner", "ministre de la Défense", 2000, 2013),
    Minister("Anne-Sophie Klein", "ministre de la Défense", 2014, 2026),
]
# Counterparts and officials: name, role phrase (lowercase, as it follows the name).
COUNTERPARTS = [
    ("Ingrid Halvorsen", "secrétaire générale de l’OTAN"),
    ("Marek Dąbrowski", "ministre polonais des Affaires étrangères"),
    ("Ana Ribeiro Sousa", "haute représentante de l’Union pour les affaires étrangères"),
    ("Dimitri Kouris", "ministre grec des Affaires étrangères"),
    ("Olena Hrytsenko", "ministre ukrainienne des Affaires étrangères"),
    ("Kwame Asante-Boateng", "ministre ghanéen des Affaires étrangères"),
    ("Aïcha Benali", "ministre tunisienne des Affaires étrangères"),
    ("Björn Åkesson", "secrétaire général de l’OSCE"),
    ("François Lévêque", "ministre français délégué aux Affaires européennes"),
    ("Zoë Van den Broeck", "ministre belge des Affaires étrangères"),
    ("Ahmet Yıldız", "ministre turc des Affaires étrangères"),
    ("Nguyễn Thị Lan", "vice-ministre vietnamienne des Affaires étrangères"),
    ("Chloé Dufresne", "secrétaire générale du Conseil de l’Europe"),
    ("Pieter de Graaf", "ministre néerlandais des Affaires étrangères"),
    ("Giulia Ferrante", "ministre italienne des Affaires étrangères"),
    ("Tomás Echeverría", "ministre espagnol des Affaires étrangères"),
    ("Wolfgang Brückner", "ministre fédéral allemand des Affaires étrangères"),
    ("Sean Ó Briain", "ministre irlandais des Affaires étrangères"),
    ("Amadou Diallo", "ministre sénégalais des Affaires étrangères"),
    ("Fatoumata Keïta", "ministre malienne de la Coopération internationale"),
    ("Leila Haddad", "ministre jordanienne des Affaires étrangères"),
    ("Yusuf Al-Mansour", "ministre palestinien des Affaires étrangères"),
    ("Rustam Aliyev", "ministre azerbaïdjanais des Affaires étrangères"),
    ("Nino Beridze", "ministre géorgienne des Affaires étrangères"),
    ("Andrei Ciobanu", "ministre moldave des Affaires étrangères"),
    ("Elira Hoxha", "ministre albanaise pour l’Europe et les Affaires étrangères"),
    ("Miloš Petrović", "ministre serbe des Affaires étrangères"),
    ("Ana Kovačić", "ministre croate des Affaires étrangères et européennes"),
    ("Kenji Morimoto", "ministre japonais des Affaires étrangères"),
    ("Priya Raghavan", "secrétaire d’État indienne aux Affaires extérieures"),
    ("Émilie Tremblay", "ministre canadienne des Affaires étrangères"),
    ("Rafael Quintero", "secrétaire général adjoint des Nations unies"),
    ("Søren Dahl", "commissaire européen à l’Élargissement"),
    ("Marie-Ève Lacombe", "présidente du Conseil européen"),
    ("Henrik Lindqvist", "président de la Commission européenne"),
    ("Jaroslav Novák", "ministre slovaque des Affaires étrangères"),
    ("Kristiina Tamm", "ministre estonienne des Affaires étrangères"),
    ("Ilse Verhoeven", "ministre néerlandaise du Commerce extérieur"),
    ("Abdoulaye Ouédraogo", "ministre burkinabè des Affaires étrangères"),
    ("Thanh Phạm", "ambassadeur du Viêt Nam"),
]
OFFICIALS = ["le secrétaire général du ministère", "l’ambassadeur du Luxembourg", "la directrice politique",
             "le représentant permanent auprès de l’Union européenne", "la cheffe de mission adjointe",
             "le consul honoraire", "le chargé d’affaires", "la directrice de la coopération"]

# --- Places: French names of cities, with the country when it matters ---------------------------
@dataclass(frozen=True)
class Country:
    name: str
    prep: str          # "en", "au", "aux": how French says "in <country>"
    adjective: str     # masculine singular
    capital: str

COUNTRIES = [
    Country("Ukraine", "en", "ukrainien", "Kiev"), Country("Sénégal", "au", "sénégalais", "Dakar"),
    Country("Mali", "au", "malien", "Bamako"), Country("Niger", "au", "nigérien", "Niamey"),
    Country("Burkina Faso", "au", "burkinabè", "Ouagadougou"), Country("Cap-Vert", "au", "cap-verdien", "Praia"),
    Country("Laos", "au", "laotien", "Vientiane"), Country("Viêt Nam", "au", "vietnamien", "Hanoï"),
    Country("Kosovo", "au", "kosovar", "Pristina"), Country("Macédoine du Nord", "en", "macédonien", "Skopje"),
    Country("Serbie", "en", "serbe", "Belgrade"), Country("Albanie", "en", "albanais", "Tirana"),
    Country("Bosnie-Herzégovine", "en", "bosnien", "Sarajevo"), Country("Moldavie", "en", "moldave", "Chisinau"),
    Country("Géorgie", "en", "géorgien", "Tbilissi"), Country("Arménie", "en", "arménien", "Erevan"),
    Country("Jordanie", "en", "jordanien", "Amman"), Country("Liban", "au", "libanais", "Beyrouth"),
    Country("Égypte", "en", "égyptien", "Le Caire"), Country("Maroc", "au", "marocain", "Rabat"),
    Country("Tunisie", "en", "tunisien", "Tunis"), Country("Éthiopie", "en", "éthiopien", "Addis-Abeba"),
    Country("Rwanda", "au", "rwandais", "Kigali"), Country("Chine", "en", "chinois", "Pékin"),
    Country("Japon", "au", "japonais", "Tokyo"), Country("Inde", "en", "indien", "New Delhi"),
    Country("Canada", "au", "canadien", "Ottawa"), Country("États-Unis", "aux", "américain", "Washington"),
    Country("Pologne", "en", "polonais", "Varsovie"), Country("Estonie", "en", "estonien", "Tallinn"),
    Country("Slovaquie", "en", "slovaque", "Bratislava"), Country("Finlande", "en", "finlandais", "Helsinki"),
    Country("Malte", "à", "maltais", "La Valette"), Country("Roumanie", "en", "roumain", "Bucarest"),
    Country("Lituanie", "en", "lituanien", "Vilnius"), Country("Espagne", "en", "espagnol", "Madrid"),
    Country("Autriche", "en", "autrichien", "Vienne"), Country("Suisse", "en", "suisse", "Berne"),
    Country("Irlande", "en", "irlandais", "Dublin"), Country("Grèce", "en", "grec", "Athènes"),
    Country("Turquie", "en", "turc", "Ankara"), Country("Syrie", "en", "syrien", "Damas"),
    Country("Soudan", "au", "soudanais", "Khartoum"), Country("Haïti", "en", "haïtien", "Port-au-Prince"),
    Country("Nicaragua", "au", "nicaraguayen", "Managua"), Country("Salvador", "au", "salvadorien", "San Salvador"),
    Country("Myanmar", "au", "birman", "Naypyidaw"), Country("Afghanistan", "en", "afghan", "Kaboul"),
    Country("Iran", "en", "iranien", "Téhéran"), Country("Irak", "en", "irakien", "Bagdad"),
]
MEETING_CITIES = ["Bruxelles", "Luxembourg", "Genève", "Vienne", "Strasbourg", "New York", "La Haye", "Varsovie",
                  "Helsinki", "Bratislava", "Vilnius", "Madrid", "Bucarest", "La Valette", "Tallinn", "Prague",
                  "Ljubljana", "Zagreb", "Nicosie", "Lisbonne", "Athènes", "Stockholm", "Copenhague", "Sofia",
                  "Budapest", "Riga", "Dublin", "Rome", "Berlin", "Paris", "Londres", "Reykjavik", "Łódź",
                  "Hambourg", "Salzbourg", "Antalya", "Dubrovnik", "Évian", "Québec", "Montréal"]

# --- Meetings (the canonical labels of docs/taxonomy-labels.md) and how a communiqué names them -
@dataclass(frozen=True)
class Meeting:
    label: str
    phrase: str            # as it appears in running text, after "la" / "le"
    cities: tuple[str, ...]
    topics: tuple[str, ...]

MEETINGS = [
    Meeting("Réunion des ministres des Affaires étrangères de l'OTAN",
            "la réunion des ministres des Affaires étrangères de l’OTAN", ("Bruxelles", "Vilnius", "Antalya", "Bucarest", "Prague", "Riga"),
            ("Sécurité et défense", "Russie", "Ukraine")),
    Meeting("Sommet de l'OTAN", "le sommet de l’OTAN", ("Bruxelles", "Varsovie", "Madrid", "Vilnius", "Washington", "Londres"),
            ("Sécurité et défense", "Russie", "Terrorisme")),
    Meeting("Conseil Affaires étrangères (UE)", "le Conseil Affaires étrangères de l’Union européenne", ("Bruxelles", "Luxembourg"),
            ("Affaires européennes", "Moyen-Orient", "Ukraine", "Afrique")),
    Meeting("Conseil Affaires générales (UE)", "le Conseil Affaires générales", ("Bruxelles", "Luxembourg"),
            ("Affaires européennes", "Élargissement")),
    Meeting("Gymnich", "la réunion informelle des ministres des Affaires étrangères de l’Union européenne, dite « Gymnich »",
            ("Riga", "Bucarest", "La Valette", "Helsinki", "Vienne", "Berlin", "Salzbourg", "Stockholm"),
            ("Affaires européennes", "Russie", "Moyen-Orient")),
    Meeting("Conseil européen", "le Conseil européen", ("Bruxelles",), ("Affaires européennes", "Migration et asile")),
    Meeting("Assemblée générale des Nations unies", "l’Assemblée générale des Nations unies", ("New York",),
            ("Nations unies et multilatéralisme", "Climat et environnement", "Droits de l'homme")),
    Meeting("Conseil de sécurité des Nations unies", "le Conseil de sécurité des Nations unies", ("New York",),
            ("Nations unies et multilatéralisme", "Sécurité et défense", "Afrique")),
    Meeting("Conseil ministériel de l'OSCE", "le Conseil ministériel de l’OSCE", ("Vienne", "Hambourg", "Bratislava", "Łódź", "Skopje", "Stockholm"),
            ("Sécurité et défense", "Ukraine", "Droits de l'homme")),
    Meeting("Comité des ministres du Conseil de l'Europe", "la session du Comité des ministres du Conseil de l’Europe",
            ("Strasbourg", "Helsinki", "Bruxelles", "Dublin"), ("Droits de l'homme",)),
    Meeting("Réunion ministérielle Benelux", "la réunion des ministres des Affaires étrangères du Benelux",
            ("Luxembourg", "La Haye", "Bruxelles"), ("Affaires européennes", "Commerce et économie")),
]

# --- Topics: the canonical labels and the noun phrases that carry them in a text -----------------
TOPIC_PHRASES = {
    "Sécurité et défense": ["la politique de sécurité et de défense commune", "la dissuasion et la défense",
                            "la mobilité militaire", "les menaces hybrides", "la défense collective",
                            "le partage du fardeau entre Alliés", "la posture de défense sur le flanc oriental"],
    "Terrorisme": ["la lutte contre le terrorisme", "la coalition internationale contre Daech",
                   "le financement du terrorisme", "la radicalisation en ligne", "l’attentat commis la veille"],
    "Affaires européennes": ["l’avenir de l’Union européenne", "le cadre financier pluriannuel",
                             "l’État de droit dans l’Union", "le marché intérieur", "la conférence sur l’avenir de l’Europe"],
    "Élargissement": ["l’ouverture des négociations d’adhésion", "la perspective européenne des Balkans occidentaux",
                      "le statut de pays candidat", "les critères de Copenhague", "le processus de stabilisation et d’association"],
    "Russie": ["les relations avec la Fédération de Russie", "le régime de sanctions contre la Russie",
               "la désinformation russe", "le dialogue avec Moscou"],
    "Ukraine": ["l’intégrité territoriale de l’Ukraine", "les accords de Minsk", "la reconstruction de l’Ukraine",
                "l’agression militaire contre l’Ukraine", "le soutien à l’Ukraine", "la situation dans l’est de l’Ukraine"],
    "Moyen-Orient": ["le processus de paix au Proche-Orient", "la solution à deux États", "la situation humanitaire à Gaza",
                     "le conflit en Syrie", "l’accord sur le nucléaire iranien", "la stabilité du Liban"],
    "Afrique": ["le partenariat entre l’Union européenne et l’Afrique", "la situation au Sahel",
                "la stabilité de la région des Grands Lacs", "la transition politique au Mali", "la Corne de l’Afrique"],
    "Asie": ["les relations avec la Chine", "la stabilité dans l’Indo-Pacifique", "la situation en Birmanie",
             "le dialogue Asie-Europe", "la mer de Chine méridionale"],
    "Balkans occidentaux": ["la coopération régionale dans les Balkans occidentaux", "le dialogue entre Belgrade et Pristina",
                            "les réformes en Bosnie-Herzégovine", "le sommet UE-Balkans occidentaux"],
    "Migration et asile": ["la gestion des flux migratoires", "le pacte sur la migration et l’asile",
                           "la protection des réfugiés", "la réinstallation des demandeurs d’asile", "la lutte contre les passeurs"],
    "Coopération au développement": ["le programme indicatif de coopération", "l’aide publique au développement",
                                     "les objectifs de développement durable", "la microfinance inclusive",
                                     "la formation professionnelle des jeunes", "l’accès à l’eau potable"],
    "Action humanitaire": ["l’aide humanitaire d’urgence", "l’accès humanitaire aux populations",
                           "le Comité international de la Croix-Rouge", "la protection des civils",
                           "l’acheminement de l’aide alimentaire"],
    "Droits de l'homme": ["les droits de l’homme", "la liberté de la presse", "l’abolition de la peine de mort",
                          "l’égalité entre les femmes et les hommes", "la protection des défenseurs des droits humains",
                          "la Convention européenne des droits de l’homme"],
    "Climat et environnement": ["la lutte contre le changement climatique", "l’accord de Paris sur le climat",
                                "la finance climatique internationale", "la protection de la biodiversité",
                                "la transition énergétique"],
    "Commerce et économie": ["les relations commerciales", "l’accord de libre-échange", "la diplomatie économique",
                             "les investissements directs étrangers", "la mission économique"],
    "Affaires consulaires": ["les conseils aux voyageurs", "l’assistance consulaire aux ressortissants",
                             "le rapatriement des citoyens", "la délivrance des visas", "la cellule de crise du ministère"],
    "Désarmement et non-prolifération": ["le traité sur la non-prolifération des armes nucléaires",
                                         "le contrôle des armements", "l’interdiction des armes chimiques",
                                         "la convention sur les armes à sous-munitions"],
    "Nations unies et multilatéralisme": ["le système multilatéral fondé sur des règles", "la réforme du Conseil de sécurité",
                                          "le programme de développement durable à l’horizon 2030",
                                          "la candidature du Luxembourg au Conseil des droits de l’homme"],
    "Nominations": ["la nomination des chefs de mission diplomatique", "l’accréditation du nouvel ambassadeur",
                    "la remise des lettres de créance"],
}

# --- English and German, for the few communiqués a ministry publishes in other languages ---------
FOREIGN = {
    "en": {
        "sentences": [
            "The two ministers discussed {topic} and the situation in {city}.",
            "{minister} stressed the importance of {noun} for the security of Europe.",
            "They also exchanged views on {topic} and on the next steps of the {noun} process.",
            "Luxembourg will continue to support {noun} and {noun} in the region.",
            "The meeting was an opportunity to review the bilateral relations between Luxembourg and {country}.",
            "{minister} welcomed the commitment of the partners to a {adj} {noun}.",
            "At the end of the meeting, the ministers agreed to strengthen their cooperation on {noun}.",
            "{counterpart} thanked Luxembourg for its support to {topic}.",
        ],
        "nouns": ["cooperation", "security", "dialogue", "trade", "climate action", "stability", "reform", "peace",
                  "development", "humanitarian assistance", "energy security", "migration", "connectivity"],
        "topics": ["the war in Ukraine", "the Middle East peace process", "the enlargement of the European Union",
                   "climate finance", "the situation in the Sahel", "transatlantic relations", "the rule of law",
                   "nuclear non-proliferation", "the reform of the United Nations"],
        "adjectives": ["closer", "stronger", "regional", "multilateral", "lasting", "sustainable", "common"],
        "title": "{minister} meets {counterpart} in {city}",
        "lead": "On {month} {day}, {year}, {minister} met {counterpart} in {city}.",
        "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"],
    },
    "de": {
        "sentences": [
            "Die beiden Minister sprachen über {topic} und die Lage in {city}.",
            "{minister} betonte die Bedeutung der {noun} für die Sicherheit Europas.",
            "Außerdem tauschten sie sich über {topic} und die nächsten Schritte aus.",
            "Luxemburg wird die {noun} und die {noun} in der Region weiterhin unterstützen.",
            "Das Treffen bot die Gelegenheit, die Beziehungen zwischen Luxemburg und {country} zu erörtern.",
            "{minister} begrüßte das Engagement der Partner für eine {adj} {noun}.",
            "Zum Abschluss vereinbarten die Minister, ihre Zusammenarbeit im Bereich der {noun} zu vertiefen.",
            "{counterpart} dankte Luxemburg für seine Unterstützung mit Blick auf {topic}.",
        ],
        "nouns": ["Zusammenarbeit", "Sicherheit", "Stabilität", "Entwicklung", "Friedenssicherung", "Klimapolitik",
                  "Handelspolitik", "Rechtsstaatlichkeit", "Energieversorgung", "Migrationspolitik"],
        "topics": ["den Krieg in der Ukraine", "den Nahost-Friedensprozess", "die Erweiterung der Europäischen Union",
                   "die Klimafinanzierung", "die Lage in der Sahelzone", "die transatlantischen Beziehungen"],
        "adjectives": ["engere", "stärkere", "dauerhafte", "nachhaltige", "gemeinsame", "regionale"],
        "title": "{minister} trifft {counterpart} in {city}",
        "lead": "Am {day}. {month} {year} traf {minister} in {city} mit {counterpart} zusammen.",
        "months": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                   "November", "Dezember"],
    },
}

# --- The long tail ---------------------------------------------------------------------------------
_ROOTS = ["structur", "organis", "stabilis", "modernis", "numéris", "décentralis", "sécuris", "coordin", "ratifi",
          "planific", "certifi", "harmonis", "normalis", "régularis", "diversifi", "démocratis", "professionnalis",
          "mutualis", "territorialis", "européanis", "consolid", "collabor", "évalu", "négoci", "particip",
          "réhabilit", "cartograph", "électrific", "alphabétis", "scolaris", "vaccin", "irrig", "reboisement",
          "décarbon", "dématérialis", "interconnect", "fédér", "médi", "rémunér", "réglement"]
_PREFIXES = ["", "re", "ré", "dé", "co", "pré", "inter", "sur", "sous", "contre", "auto", "multi", "trans", "néo"]
_SUFFIXES = ["ation", "ations", "ateur", "atrice", "ement", "ements", "abilité", "atif", "ative", "atoire"]
_SYLLABLES = ["ka", "ver", "lin", "dor", "mé", "ber", "tov", "vić", "lou", "gar", "sel", "wen", "ho", "rin", "tsa",
              "ël", "nou", "bra", "dje", "kir", "mat", "pol", "zé", "quin", "rö", "fal", "ten", "gu", "sch", "ak",
              "ol", "ub", "aïa", "oz", "ès", "nd", "ki", "ra", "mo", "du", "vi", "la", "sta", "ni", "ko"]
_NAME_ENDINGS = ["", "", "er", "ov", "ski", "ez", "ou", "ian", "sen", "elli", "ić", "escu", "aga", "ière", "ard"]


def tail_words(count: int, seed: int) -> list[str]:
    """Up to `count` distinct rare words: derived French terms first, then invented proper names."""
    rng = random.Random(f"tail:{seed}")
    words = [prefix + root + suffix for root in _ROOTS for prefix in _PREFIXES for suffix in _SUFFIXES
             if not root.endswith(suffix[:3])]
    rng.shuffle(words)
    # Names are points of the space syllable x syllable x (syllable) x ending, visited in a scrambled
    # order (a multiplication modulo the size of the space is a permutation of it).
    s, e = len(_SYLLABLES), len(_NAME_ENDINGS)
    space = s * s * s * e
    step = _coprime_step(space, rng)
    names: list[str] = []
    code = rng.randrange(space)
    for _ in range(min(space, int(1.2 * count))):
        code = (code + step) % space
        rest, ending = divmod(code, e)
        rest, first = divmod(rest, s)
        third, second = divmod(rest, s)
        name = _SYLLABLES[first] + _SYLLABLES[second] + (_SYLLABLES[third] if third % 3 else "") + _NAME_ENDINGS[ending]
        if len(name) >= 5:
            names.append(name.capitalize())
    return list(dict.fromkeys(words + names))[:count]


def _coprime_step(n: int, rng: random.Random) -> int:
    import math
    while True:
        step = rng.randrange(n // 3, n // 2)
        if math.gcd(step, n) == 1:
            return step
