"""Small communiqués for the semantic channel's tests: a French page and its English and German versions
(written for these tests), pages on other subjects, and one that contains words without their meaning."""
from tests.conftest import page

FR_EARTHQUAKE = page(
    "Séisme en Turquie et en Syrie : le Luxembourg débloque une aide d’urgence",
    "Après le violent tremblement de terre qui a frappé le sud de la Turquie et le nord de la Syrie, le ministère "
    "des Affaires étrangères et européennes débloque une aide humanitaire d’urgence de 500 000 euros.",
    "Les fonds soutiendront les équipes de secours et l’accueil des sinistrés privés de logement par le froid.",
    date_line="Publié le 07.02.2023")
EN_EARTHQUAKE = page(
    "Earthquake in Turkey and Syria: Luxembourg releases emergency aid",
    "After the violent earthquake that struck southern Turkey and northern Syria, the Ministry of Foreign and "
    "European Affairs is releasing emergency humanitarian aid of 500,000 euros.",
    "The funds will support the rescue teams and shelter for the victims left homeless in the cold.",
    date_line="Published on 07.02.2023", lang="en")
DE_EARTHQUAKE = page(
    "Erdbeben in der Türkei und in Syrien: Luxemburg stellt Soforthilfe bereit",
    "Nach dem schweren Erdbeben im Süden der Türkei und im Norden Syriens stellt das Ministerium für auswärtige "
    "und europäische Angelegenheiten humanitäre Soforthilfe in Höhe von 500.000 Euro bereit.",
    "Die Mittel unterstützen die Rettungsteams und die Unterbringung der obdachlos gewordenen Opfer.",
    date_line="Veröffentlicht am 08.02.2023", lang="de")
FR_FLOODS_LATER = page(
    "Inondations au Pakistan : le Luxembourg débloque une aide d’urgence",
    "Après les inondations qui ont frappé le Pakistan, le ministère des Affaires étrangères et européennes débloque "
    "une aide humanitaire d’urgence pour les sinistrés.",
    date_line="Publié le 30.08.2022")
FR_NATO = page(
    "Jean Asselborn à la réunion des ministres des Affaires étrangères de l’OTAN à Bruxelles",
    "Le ministre des Affaires étrangères et européennes a participé à la réunion des ministres des Affaires "
    "étrangères de l’OTAN, qui s’est tenue les 5 et 6 décembre 2017 à Bruxelles.",
    "Les ministres ont examiné la coopération entre l’OTAN et l’Union européenne.",
    date_line="Publié le 06.12.2017")
FR_WINE = page(   # every word of "séisme Turquie Syrie", none of its meaning
    "Salon des vins de la Moselle",
    "Les vignerons ont présenté leurs crémants, désormais exportés jusqu’en Turquie et en Syrie ; la nouvelle "
    "appellation a fait l’effet d’un séisme dans la profession.",
    date_line="Publié le 15.05.2019")

PAGES = {
    "fr/seisme.html": FR_EARTHQUAKE, "en/earthquake.html": EN_EARTHQUAKE, "de/erdbeben.html": DE_EARTHQUAKE,
    "fr/inondations.html": FR_FLOODS_LATER, "fr/otan.html": FR_NATO, "fr/vins.html": FR_WINE,
}
