"""Language from the script of the letters, then function-word counts; the page's lang attribute is only a hint."""
import itertools

import pytest

from indexer.metadata import extract_metadata
from indexer.metadata.language import FUNCTION_WORDS, detect_language

FRENCH = "Le ministre des Affaires étrangères a participé à la réunion qui s'est tenue à Bruxelles avec ses homologues."
ENGLISH = "The Minister of Foreign Affairs took part in the meeting that was held in Brussels with his counterparts."
GERMAN = "Der Minister hat am Treffen der Außenminister in Brüssel teilgenommen und mit seinen Amtskollegen gesprochen."


def test_the_text_decides_over_a_wrong_page_attribute():
    assert detect_language(GERMAN, hint="fr") == "de"
    assert detect_language(ENGLISH, hint="fr") == "en"
    assert detect_language(FRENCH, hint="en") == "fr"


def test_without_a_hint_french_english_and_german_are_told_apart():
    assert [detect_language(t) for t in (FRENCH, ENGLISH, GERMAN)] == ["fr", "en", "de"]


def test_too_short_a_text_falls_back_to_the_hint_then_to_french():
    assert detect_language("Gymnich 2020", hint="de") == "de"
    assert detect_language("Gymnich 2020") == "fr"


def test_no_function_word_belongs_to_two_languages():
    for (a, wa), (b, wb) in itertools.combinations(FUNCTION_WORDS.items(), 2):
        assert not wa & wb, f"{a}/{b} share {sorted(wa & wb)}"


# Pages written in other scripts: the share of letters per script decides, whatever <html lang> says.
OTHER_SCRIPTS = {
    "ru": "Министр иностранных дел Люксембурга встретился в Москве со своим российским коллегой, чтобы обсудить "
          "двусторонние отношения и положение в Европе. Это была их первая встреча после выборов.",
    "uk": "Міністр закордонних справ Люксембургу зустрівся в Києві зі своїм українським колегою, щоб обговорити "
          "підтримку України та її європейську інтеграцію.",
    "zh": "卢森堡外交大臣今天在北京会见了中国外交部长，双方讨论了双边关系和欧洲局势。",
    "ja": "ルクセンブルクの外務大臣は本日東京で日本の外務大臣と会談し、二国間関係について協議しました。",
    "ko": "룩셈부르크 외무장관은 오늘 서울에서 한국 외교부 장관과 만나 양국 관계에 대해 논의했다.",
    "ar": "التقى وزير خارجية لوكسمبورغ اليوم في القاهرة بنظيره المصري لبحث العلاقات الثنائية والوضع في الشرق الأوسط.",
    "el": "Ο υπουργός Εξωτερικών του Λουξεμβούργου συναντήθηκε σήμερα στην Αθήνα με τον Έλληνα ομόλογό του "
          "για να συζητήσουν τις διμερείς σχέσεις.",
    "he": "שר החוץ של לוקסמבורג נפגש היום בירושלים עם עמיתו הישראלי כדי לדון ביחסים הדו-צדדיים.",
    "und": "लक्ज़मबर्ग के विदेश मंत्री ने आज नई दिल्ली में भारत के विदेश मंत्री से मुलाकात की।",   # Devanagari: Hindi, Marathi, Nepali...
}
FRENCH_QUOTING = ("Le ministre a rencontré Sergueï Lavrov (Сергей Лавров) à Moscou, où il a évoqué la devise "
                  "« Слава Україні » inscrite sur les drapeaux de Kiev. Il s'est ensuite rendu au Caire, où il a salué "
                  "l'initiative « السلام عليكم » des autorités égyptiennes avec ses homologues européens.")


@pytest.mark.parametrize("lang", OTHER_SCRIPTS)
def test_a_page_in_another_script_gets_that_language_whatever_the_hint(lang):
    assert detect_language(OTHER_SCRIPTS[lang], hint="fr") == lang
    assert detect_language(OTHER_SCRIPTS[lang]) == lang


def test_a_french_title_and_dateline_do_not_outweigh_a_russian_body():
    page = "\n".join(["Communiqué de presse", "Luxembourg, le 12 mars 2019 –", OTHER_SCRIPTS["ru"]])
    assert extract_metadata("Visite à Moscou", page.split("\n"), "fr").lang == "ru"


def test_a_french_communique_quoting_cyrillic_and_arabic_words_stays_french():
    assert detect_language(FRENCH_QUOTING, hint="fr") == "fr"
    assert detect_language(FRENCH_QUOTING) == "fr"
    assert extract_metadata("Visite du ministre à Moscou et au Caire", [FRENCH_QUOTING], "fr").lang == "fr"


def test_a_few_letters_of_another_script_fall_back_to_the_hint():
    assert detect_language("Москва", hint="de") == "de"
    assert detect_language("Москва 2020") == "fr"


def test_ukrainian_and_russian_are_told_apart_by_their_own_letters():
    assert detect_language("Україна і Європа: спільні цінності, єдність і підтримка з боку партнерів.") == "uk"
    assert detect_language("Россия и Европа: общие ценности, единство и поддержка со стороны партнёров.") == "ru"


@pytest.mark.parametrize("text, lang", [
    ("La canciller participó en la Asamblea General de la OEA y dijo que los países de la región también "
     "deben reforzar el diálogo, según el comunicado.", "es"),
    ("De staatssecretaris heeft de bijeenkomst in Nay Pyi Taw bijgewoond en zei dat het overleg met de "
     "partners niet kan wachten, maar ook dat er geen tijd te verliezen is.", "nl"),
    ("Il ministro ha partecipato alla riunione della NATO e ha detto che la cooperazione tra gli alleati è "
     "più che mai necessaria, anche dopo il vertice di questo anno.", "it"),
    ("O ministro participou na reunião e afirmou que a cooperação com os parceiros ainda não está à altura "
     "dos desafios, pelo que foi pedida uma nova cimeira.", "pt"),
])
def test_spanish_dutch_italian_and_portuguese_pages_are_told_apart_from_french(text, lang):
    assert detect_language(text, hint="fr") == lang


def test_a_spanish_communique_full_of_la_and_que_is_spanish():
    # « la », « que », « un », « entre » are as Spanish as French: they count for neither
    text = ("La ministra destacó que la cumbre de la región aprobó la declaración final y que la cooperación entre "
            "los países de la zona será reforzada. La presidenta clausuró la reunión con un llamado a la unidad, "
            "y el canciller anunció la apertura de una embajada en la capital.")
    assert detect_language(text, "fr") == "es"


def test_a_french_communique_without_la_and_que_is_still_french():
    text = ("Le ministre a reçu son homologue. Ils ont évoqué les relations bilatérales et les perspectives "
            "de coopération dans le domaine économique.")
    assert detect_language(text, None) == "fr"
