"""The naive Whoosh baseline: plain Whoosh calls on the project's own index, in the service's JSON shape."""
from __future__ import annotations

import pytest
from whoosh import query as wq

from benchmarks.baselines import naive_whoosh
from benchmarks.baselines.common import Params
from benchmarks.generator import DEFAULT_SEED, generator_for
from indexer.ingest import ingest
from indexer.store import IndexStore
from tests.conftest import page

PAGES = {
    "otan.html": page("Les ministres de l’OTAN réunis à Bruxelles",
                      "Les ministres ont examiné la sécurité des Alliés et les menaces hybrides.",
                      date_line="Publié le 06.12.2017"),
    "soudan.html": page("Aide humanitaire d’urgence au Soudan",
                        "Le Luxembourg débloque une aide humanitaire pour la protection des civils.",
                        date_line="Publié le 24.04.2023"),
    "ukraine.html": page("Soutien à l’Ukraine", "Les ministres ont réaffirmé leur soutien à la sécurité de l’Ukraine.",
                         date_line="Publié le 21.02.2022"),
}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    src = tmp_path_factory.mktemp("naive-pages")
    for name, html in PAGES.items():
        (src / name).write_text(html, "utf-8")
    index = tmp_path_factory.mktemp("naive-index")
    ingest([str(src)], IndexStore(index), procs=1)
    return str(index)


@pytest.fixture
def ix(index_dir):
    return naive_whoosh.open_index(index_dir)


def test_a_search_answers_in_the_service_shape_with_plain_counts(ix):
    result = naive_whoosh.run_search(ix, Params(q="sécurité"))
    assert result["total"] == 2 == len(result["hits"])
    assert {h["id"] for h in result["hits"]} == {"otan.html", "ukraine.html"}
    assert set(result["facets"]) == {"meeting", "topic", "year", "location", "person", "lang"}
    assert {f["value"]: f["count"] for f in result["facets"]["year"]} == {"2022": 1, "2017": 1}
    assert "snippet" in result["hits"][0] and result["query"]["q"] == "sécurité"


def test_a_filter_narrows_results_and_counts(ix):
    result = naive_whoosh.run_search(ix, Params(q="sécurité", filters={"year": ("2022",)}))
    assert [h["id"] for h in result["hits"]] == ["ukraine.html"]


def test_browse_is_newest_first(ix):
    result = naive_whoosh.run_search(ix, Params())
    assert [h["id"] for h in result["hits"]] == ["soudan.html", "ukraine.html", "otan.html"]
    assert [(h["date"], h["year"]) for h in result["hits"]] == [
        ("2023-04-24", "2023"), ("2022-02-21", "2022"), ("2017-12-06", "2017")]    # from the date column


def test_a_quoted_phrase_works_on_an_index_without_positions(ix):
    result = naive_whoosh.run_search(ix, Params(q='"aide humanitaire"'))
    assert [h["id"] for h in result["hits"]] == ["soudan.html"]


def test_phrases_become_words_only_where_the_field_has_no_positions(ix):
    from whoosh.fields import TEXT, Schema
    with_positions = Schema(body=TEXT)
    phrase = wq.Phrase("body", ["aide", "humanitaire"])
    assert naive_whoosh.phrases_as_words(phrase, with_positions) == phrase
    without = Schema(body=TEXT(phrase=False))
    assert naive_whoosh.phrases_as_words(phrase, without) == wq.And([wq.Term("body", "aide"), wq.Term("body", "humanitaire")])


def test_a_document_page_has_related_documents_but_not_itself(ix):
    doc = naive_whoosh.run_document(ix, "ukraine.html")
    assert doc["title"] == "Soutien à l’Ukraine"
    assert "ukraine.html" not in [r["id"] for r in doc["related"]]
    assert naive_whoosh.run_document(ix, "absent.html") is None


def test_the_http_app_opens_the_index_per_request(index_dir):
    client = naive_whoosh.make_app(index_dir).test_client()
    assert client.get("/healthz").get_json()["documents"] == 3
    assert client.get("/api/search?q=ministres").get_json()["total"] == 2
    assert client.get("/api/documents/otan.html").status_code == 200


def test_the_naive_build_indexes_the_pages_with_html_parser_and_restores_lxml(tmp_path):
    import indexer.extract
    before = indexer.extract.parse_html
    generator_for(DEFAULT_SEED).write(tmp_path / "pages", range(12))
    result = naive_whoosh.build(str(tmp_path / "pages"), str(tmp_path / "out"), limit=10)
    assert result["docs"] == 10 and result["failed"] == 0 and result["parser"] == "html.parser"
    assert indexer.extract.parse_html is before
    from whoosh import index
    assert index.open_dir(str(tmp_path / "out")).doc_count() == 10
