"""The FTS5 baseline answers the service's API the way the service does: disjunctive facets, snippets, browse."""
from __future__ import annotations

from datetime import date

import pytest

from benchmarks.baselines import fts5
from benchmarks.baselines.common import Params
from indexer.document import Communique, Metadata


def communique(n: int, title: str, body: str, day: date | None, meeting=None, topics=(), people=(), lang="fr",
               location=None) -> tuple[str, Communique]:
    return f"page-{n}.html", Communique(
        id=f"page-{n}.html", url=None, source=f"page-{n}.html", content_hash=str(n), title=title, body=body,
        date=day, date_inferred=False,
        metadata=Metadata(meeting=meeting, topics=list(topics), location=location, people=list(people), lang=lang))


DOCS = [
    communique(1, "Réunion des ministres de l’OTAN à Bruxelles",
               "Les ministres ont examiné la sécurité des Alliés et la défense collective face aux menaces hybrides.",
               date(2017, 12, 6), meeting="Réunion des ministres des Affaires étrangères de l'OTAN",
               topics=["Sécurité et défense", "Russie"], people=["Étienne Kayser", "Ingrid Halvorsen"], location="Bruxelles"),
    communique(2, "Aide humanitaire d’urgence au Soudan",
               "Le Luxembourg débloque une aide humanitaire pour la protection des civils au Soudan.",
               date(2023, 4, 24), topics=["Action humanitaire", "Afrique"], people=["Joëlle Bisdorff"]),
    communique(3, "Conseil Affaires étrangères : l’Ukraine et la sécurité européenne",
               "Les ministres ont réaffirmé leur soutien à l’intégrité territoriale de l’Ukraine et à la sécurité du continent.",
               date(2022, 2, 21), meeting="Conseil Affaires étrangères (UE)", topics=["Ukraine", "Sécurité et défense"],
               people=["Étienne Kayser"], location="Bruxelles"),
    communique(4, "Entretien téléphonique avec la ministre ukrainienne",
               "La situation sécuritaire en Ukraine et l’aide humanitaire ont été au cœur de l’entretien.",
               date(2022, 3, 4), topics=["Ukraine", "Action humanitaire"], people=["Olena Hrytsenko"]),
    communique(5, "Meeting of NATO foreign ministers", "The ministers discussed security and the war in Ukraine.",
               date(2023, 4, 5), topics=["Sécurité et défense"], lang="en", location="Bruxelles"),
    communique(6, "Page sans date", "Un texte sans date de publication sur la coopération au développement.", None,
               topics=["Coopération au développement"]),
    (None, None),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("fts5") / "bench.sqlite")
    stats = fts5.build_database(path, DOCS, {"note": "test"})
    assert stats["docs"] == 6 and stats["rejected"] == 1
    return path


@pytest.fixture
def engine(db) -> fts5.Fts5Search:
    return fts5.Fts5Search(fts5.connect(db))


def ids(result) -> list[str]:
    return [h["id"] for h in result["hits"]]


def counts(result, facet) -> dict[str, int]:
    return {f["value"]: f["count"] for f in result["facets"][facet]}


def test_a_word_without_accents_finds_the_accented_word(engine):
    result = engine.search(Params(q="securite"))
    assert sorted(ids(result)) == ["page-1.html", "page-3.html"]     # no stemming: "sécuritaire" is another word
    assert result["total"] == 2


def test_elided_words_match_without_their_article(engine):
    assert ids(engine.search(Params(q="l’intégrité"))) == ["page-3.html"]


def test_a_quoted_phrase_needs_its_words_in_order(engine):
    assert ids(engine.search(Params(q='"aide humanitaire"'))) and \
        set(ids(engine.search(Params(q='"aide humanitaire"')))) == {"page-2.html", "page-4.html"}
    assert engine.search(Params(q='"humanitaire aide"'))["total"] == 0


def test_a_prefix_matches_every_word_it_starts(engine):
    assert set(ids(engine.search(Params(q="ukrain*")))) == {"page-3.html", "page-4.html", "page-5.html"}


def test_facets_are_disjunctive_each_counted_without_its_own_filter(engine):
    result = engine.search(Params(q="securite", filters={"topic": ("Russie",)}))
    assert ids(result) == ["page-1.html"]
    # topic counts ignore the topic filter: every topic of the two "sécurité" documents
    assert counts(result, "topic") == {"Sécurité et défense": 2, "Russie": 1, "Ukraine": 1}
    # other facets are counted under the topic filter
    assert counts(result, "year") == {"2017": 1}


def test_filters_of_one_facet_are_or_ed_and_across_facets_and_ed(engine):
    result = engine.search(Params(filters={"year": ("2022", "2023"), "topic": ("Ukraine",)}))
    assert set(ids(result)) == {"page-3.html", "page-4.html"}
    assert counts(result, "year") == {"2022": 2}
    assert counts(result, "topic") == {"Ukraine": 2, "Action humanitaire": 2, "Sécurité et défense": 2, "Afrique": 1}


def test_browse_lists_newest_first_with_undated_last_and_all_facets(engine):
    result = engine.search(Params())
    assert ids(result)[:2] == ["page-2.html", "page-5.html"] and ids(result)[-1] == "page-6.html"
    assert result["total"] == 6
    assert counts(result, "lang") == {"fr": 5, "en": 1}
    assert [f["value"] for f in result["facets"]["year"]] == ["2023", "2022", "2017"]


def test_hits_carry_highlighted_snippets_in_the_service_shape(engine):
    hit = engine.search(Params(q="humanitaire"))["hits"][0]
    assert "<mark>" in hit["snippet"]
    assert set(hit) == {"id", "url", "title", "title_html", "date", "date_inferred", "year", "meeting", "topics",
                        "location", "people", "lang", "snippet", "score"}


def test_a_typo_is_corrected_from_the_vocabulary(engine):
    result = engine.search(Params(q="humanitiare"))
    assert result["corrected"] and result["suggestion"] == "humanitaire"
    assert result["total"] == 2


def test_a_document_page_lists_related_documents_but_not_itself(engine):
    doc = engine.document("page-3.html")
    assert doc["title"].startswith("Conseil Affaires étrangères")
    related = [r["id"] for r in doc["related"]]
    assert related and "page-3.html" not in related
    assert engine.document("nope") is None


def test_the_http_app_answers_search_and_documents(db):
    client = fts5.make_app(db).test_client()
    data = client.get("/api/search?q=ukraine&topic=Ukraine&per_page=1").get_json()
    assert data["total"] == 2 and len(data["hits"]) == 1 and data["pages"] == 2
    assert client.get("/api/documents/page-1.html").get_json()["id"] == "page-1.html"
    assert client.get("/api/documents/missing.html").status_code == 404
    assert client.get("/api/search?sort=sideways").status_code == 400


def test_match_expression_quotes_words_so_fts5_syntax_cannot_break():
    assert fts5.match_expression('OTAN "droits de l’homme" sécu* NOT') == \
        '"OTAN" AND "droits de l homme" AND "sécu"* AND "NOT"'
