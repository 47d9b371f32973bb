"""The Tantivy peer answers the service's API: stemmed and folded French, positional phrases, disjunctive facets."""
from __future__ import annotations

from datetime import date

import pytest

from benchmarks import servers
from benchmarks.baselines import tantivy_peer
from benchmarks.baselines.common import Params
from benchmarks.client import Client
from tests.benchmarks.baselines.test_fts5 import DOCS, communique

# The words of a phrase, in the same document but apart: a positional engine must not match the phrase there.
PHRASE_DOCS = [
    communique(7, "La Cour pénale internationale",
               "Le ministre a rappelé le soutien du Luxembourg à la Cour pénale internationale, à La Haye.",
               date(2019, 7, 17), topics=["Droit international"]),
    communique(8, "Coopération judiciaire",
               "La cour d’appel a salué la coopération pénale internationale entre les parquets.",
               date(2019, 9, 2), topics=["Droit international"]),
    communique(9, "Journée des droits de l’homme",
               "Le Luxembourg défend les droits de l’homme et l’état de droit partout dans le monde.",
               date(2020, 12, 10), topics=["Droits humains"]),
    communique(10, "Égalité",
               "Les droits de la femme et de l’homme ont été au centre du débat sur l’égalité.",
               date(2021, 3, 8), topics=["Droits humains"]),
]


@pytest.fixture(scope="module")
def index_path(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("tantivy") / "peer")
    stats = tantivy_peer.build_index(path, DOCS + PHRASE_DOCS, {"note": "test"})
    assert stats["docs"] == 10 and stats["rejected"] == 1
    return path


@pytest.fixture(scope="module")
def engine(index_path) -> tantivy_peer.TantivySearch:
    return tantivy_peer.TantivySearch(tantivy_peer.open_index(index_path))


def ids(result) -> list[str]:
    return [h["id"] for h in result["hits"]]


def counts(result, facet) -> dict[str, int]:
    return {f["value"]: f["count"] for f in result["facets"][facet]}


def test_the_analyzer_folds_accents_drops_stop_words_and_elided_articles_and_stems():
    assert tantivy_peer.french_analyzer().analyze("Les droits de l’Homme à la Cour pénale internationale") == \
        ["droit", "homm", "cour", "penal", "international"]


def test_a_word_without_accents_finds_the_accented_word_and_its_plural(engine):
    assert sorted(ids(engine.search(Params(q="securite")))) == ["page-1.html", "page-3.html"]
    # stemming: "ministre" finds "ministres" and "ministre"
    assert set(ids(engine.search(Params(q="ministre")))) >= {"page-1.html", "page-3.html", "page-4.html", "page-7.html"}


def test_every_word_must_match_somewhere_in_title_or_body(engine):
    assert set(ids(engine.search(Params(q="ukraine humanitaire")))) == {"page-4.html"}
    assert engine.search(Params(q="ukraine soudan"))["total"] == 0


def test_elided_words_match_without_their_article(engine):
    assert ids(engine.search(Params(q="l’intégrité"))) == ["page-3.html"]


def test_a_quoted_phrase_needs_its_words_in_order(engine):
    assert set(ids(engine.search(Params(q='"aide humanitaire"')))) == {"page-2.html", "page-4.html"}
    assert engine.search(Params(q='"humanitaire aide"'))["total"] == 0


def test_a_three_word_phrase_does_not_match_its_words_apart(engine):
    # page-8 has "cour", "pénale" and "internationale", and even "pénale internationale", but not the phrase
    assert ids(engine.search(Params(q='"cour pénale internationale"'))) == ["page-7.html"]
    assert set(ids(engine.search(Params(q="cour pénale internationale")))) == {"page-7.html", "page-8.html"}
    assert set(ids(engine.search(Params(q='"Pénale Internationale"')))) == {"page-7.html", "page-8.html"}


def test_a_stop_word_inside_a_phrase_keeps_its_place(engine):
    assert ids(engine.search(Params(q='"droits de l’homme"'))) == ["page-9.html"]
    assert ids(engine.search(Params(q='"droits de l\'homme"'))) == ["page-9.html"]     # straight apostrophe
    assert engine.search(Params(q='"droits homme"'))["total"] == 0


def test_read_as_adjacent_stems_a_phrase_skips_the_stop_words_of_phrase_and_text(engine):
    # "défend les droits": "les" is a stop word; positional, the phrase needs its two words side by side
    assert engine.total(Params(q='"luxembourg défend droits"')) == 0
    assert engine.total(Params(q='"luxembourg défend droits"'), "adjacent") == 1
    assert engine.total(Params(q='"droits homme"'), "adjacent") == 1            # not "droits de la femme et de l'homme"
    assert engine.total(Params(q='"cour pénale internationale"'), "adjacent") == 1     # still exact: page-7 only


def test_a_prefix_matches_every_word_it_starts(engine):
    assert set(ids(engine.search(Params(q="ukrain*")))) == {"page-3.html", "page-4.html", "page-5.html"}


def test_facets_are_disjunctive_each_counted_without_its_own_filter(engine):
    result = engine.search(Params(q="securite", filters={"topic": ("Russie",)}))
    assert ids(result) == ["page-1.html"] and result["total"] == 1
    assert counts(result, "topic") == {"Sécurité et défense": 2, "Russie": 1, "Ukraine": 1}
    assert counts(result, "year") == {"2017": 1}


def test_filters_of_one_facet_are_or_ed_and_across_facets_and_ed(engine):
    result = engine.search(Params(filters={"year": ("2022", "2023"), "topic": ("Ukraine",)}))
    assert set(ids(result)) == {"page-3.html", "page-4.html"}
    assert counts(result, "year") == {"2022": 2}
    assert counts(result, "topic") == {"Ukraine": 2, "Action humanitaire": 2, "Sécurité et défense": 2, "Afrique": 1}


def test_a_date_range_filters_by_publication_day(engine):
    result = engine.search(Params(date_from=date(2022, 3, 1), date_to=date(2022, 12, 31)))
    assert ids(result) == ["page-4.html"]


def test_browse_lists_newest_first_with_undated_last(engine):
    result = engine.search(Params())
    assert ids(result)[:2] == ["page-2.html", "page-5.html"] and ids(result)[-1] == "page-6.html"
    assert result["total"] == 10
    oldest = engine.search(Params(sort="oldest"))
    assert ids(oldest)[0] == "page-1.html" and ids(oldest)[-1] == "page-6.html"


def test_pages_of_hits_follow_one_another(engine):
    first, second = (engine.search(Params(page=n, per_page=4)) for n in (1, 2))
    assert first["pages"] == 3 and not set(ids(first)) & set(ids(second)) and len(ids(second)) == 4


def test_hits_carry_marked_snippets_in_the_service_shape(engine):
    hit = engine.search(Params(q="sécurité", filters={"year": ("2022",)}))["hits"][0]
    assert "à la <mark>sécurité</mark> du continent" in hit["snippet"]       # UTF-8 byte offsets read right
    assert hit["title_html"] == "Conseil Affaires étrangères : l’Ukraine et la <mark>sécurité</mark> européenne"
    assert set(hit) == {"id", "url", "title", "title_html", "date", "date_inferred", "year", "meeting", "topics",
                        "location", "people", "lang", "snippet", "score"}
    assert hit["topics"] == ["Ukraine", "Sécurité et défense"] and hit["date"] == "2022-02-21"


def test_a_typo_is_corrected_from_the_index_vocabulary(engine):
    result = engine.search(Params(q="humanitiare"))
    assert result["corrected"] and result["suggestion"] == "humanitaire"
    assert result["total"] == 2


def test_a_query_of_stop_words_only_matches_nothing(engine):
    assert engine.search(Params(q="de la"))["total"] == 0


def test_a_document_page_lists_related_documents_but_not_itself(engine):
    doc = engine.document("page-7.html")
    assert doc["body"].startswith("Le ministre a rappelé")
    related = [r["id"] for r in doc["related"]]
    assert "page-8.html" in related and "page-7.html" not in related
    assert engine.document("nope") is None


def test_the_peer_serves_the_api_over_real_http(index_path, tmp_path):
    server = servers.start_tantivy(index_path, tmp_path / "logs", workers=2, threads=2)
    try:
        servers.wait_ready(server, timeout=60, workers=2)
        client = Client(server.port)
        reply = client.get("/api/search?q=%22cour+p%C3%A9nale+internationale%22&per_page=20")
        assert reply.status == 200 and reply.json()["total"] == 1
        data = client.get("/api/search?q=ukraine&topic=Ukraine&per_page=1").json()
        assert data["total"] == 2 and len(data["hits"]) == 1 and data["pages"] == 2
        assert client.get("/api/documents/page-1.html").json()["id"] == "page-1.html"
        assert client.get("/api/documents/missing.html").status == 404
        bad = client.get("/api/search?sort=sideways")
        assert bad.status == 400 and "sort" in bad.json()["error"]["message"]
        client.close()
    finally:
        servers.stop(server)
    assert server.process.poll() is not None


def test_a_peer_without_its_index_is_reported_with_its_log(tmp_path):
    server = servers.start_tantivy(str(tmp_path / "missing"), tmp_path / "logs", workers=1, threads=1)
    try:
        with pytest.raises(RuntimeError, match="no tantivy index"):
            servers.wait_ready(server, timeout=20)
    finally:
        servers.stop(server)
