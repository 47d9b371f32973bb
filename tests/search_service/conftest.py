"""A small real index with known metadata, written straight from Communique records.

Going through the writer (not the HTML extractor) pins the query layer's behaviour
independently of the extraction rules.
"""
from __future__ import annotations

from datetime import date

import pytest

from indexer.document import Communique, Metadata
from indexer.document_fields import document_fields
from indexer.store import IndexStore
from search_service import create_app
from search_service.search.engine import SearchEngine
from search_service.search.index_handle import IndexHandle
from search_service.search.params import SearchParams


def communique(doc_id, title, body, day, meeting=None, topics=(), location=None, people=(), lang="fr"):
    return Communique(id=doc_id, url=f"https://maee.example.lu/{doc_id}", source=doc_id, content_hash=doc_id,
                      title=title, body=body, date=day, date_inferred=False,
                      metadata=Metadata(meeting=meeting, topics=list(topics), location=location, people=list(people), lang=lang))


DOCS = [
    communique("otan-2017", "Réunion des ministres des Affaires étrangères de l’OTAN",
               "Les ministres de l’OTAN ont discuté de la sécurité en Europe et de la lutte contre le terrorisme avec Jens Stoltenberg.",
               date(2017, 12, 6), "Réunion des ministres des Affaires étrangères de l'OTAN", ["Sécurité et défense", "Terrorisme"],
               "Bruxelles", ["Jean Asselborn", "Jens Stoltenberg"]),
    communique("nato-2023", "NATO Foreign Ministers meet in Brussels",
               "The NATO foreign ministers discussed support to Ukraine and the security of the Alliance.",
               date(2023, 4, 5), "Réunion des ministres des Affaires étrangères de l'OTAN", ["Sécurité et défense", "Ukraine"],
               "Bruxelles", ["Jean Asselborn"], lang="en"),
    communique("cae-2019", "Conseil Affaires étrangères à Bruxelles",
               "Le Conseil Affaires étrangères a examiné la situation en Ukraine et les relations avec la Russie.",
               date(2019, 3, 18), "Conseil Affaires étrangères (UE)", ["Ukraine", "Russie", "Affaires européennes"],
               "Bruxelles", ["Jean Asselborn", "Federica Mogherini"]),
    communique("cae-2022", "CAE : sanctions contre la Russie",
               "Les ministres de l’Union européenne ont adopté de nouvelles sanctions contre la Russie après l’agression contre l’Ukraine.",
               date(2022, 2, 21), "Conseil Affaires étrangères (UE)", ["Russie", "Ukraine"], "Bruxelles", ["Josep Borrell"]),
    communique("gymnich-2018", "Gymnich à Vienne",
               "Réunion informelle des ministres des affaires étrangères de l’UE consacrée aux Balkans occidentaux.",
               date(2018, 8, 31), "Gymnich", ["Balkans occidentaux", "Élargissement"], "Vienne", ["Jean Asselborn"]),
    communique("agnu-2019", "Assemblée générale des Nations unies à New York",
               "À New York, le ministre a plaidé pour le multilatéralisme devant l’Assemblée générale des Nations unies.",
               date(2019, 9, 27), "Assemblée générale des Nations unies", ["Nations unies et multilatéralisme"], "New York",
               ["Jean Asselborn", "António Guterres"]),
    communique("aide-2022", "Aide humanitaire pour l’Ukraine",
               "Le Luxembourg débloque une aide humanitaire d’urgence pour les réfugiés ukrainiens.",
               date(2022, 3, 4), None, ["Action humanitaire", "Ukraine"], None, ["Franz Fayot"]),
    communique("xss-2016", "Communiqué <script>alert('titre')</script> piégé",
               "Un texte qui cite <script>window.__pwned = 1</script> et <img src=x onerror=alert(1)> au sujet de la sécurité.",
               date(2016, 1, 15), None, ["Sécurité et défense"], None, []),
    communique("reunions-exact", "Réunions à Genève",
               "Les réunions se sont tenues au Palais des Nations.", date(2015, 1, 1), None, [], "Genève", []),
    communique("reunion-stem", "Réunion à Genève",
               "La réunion s’est tenue au Palais des Nations.", date(2015, 1, 1), None, [], "Genève", []),
]


def write_index(index_dir, docs) -> None:
    store = IndexStore(index_dir)
    name, ix = store.create_generation()
    writer = ix.writer()
    for doc in docs:
        writer.add_document(**document_fields(doc, doc.id))
    writer.commit()
    store.publish(name)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("small-index")
    write_index(index_dir, DOCS)
    return index_dir


@pytest.fixture(scope="module")
def engine(small_index):
    return SearchEngine(IndexHandle(str(small_index), cache_size=0))


@pytest.fixture(scope="module")
def small_client(small_index):
    return create_app({"INDEX": str(small_index), "TESTING": True, "CACHE_SIZE": 0}).test_client()


def params(**kw) -> SearchParams:
    filters = {k: tuple(v if isinstance(v, (list, tuple)) else [v]) for k, v in kw.pop("filters", {}).items()}
    return SearchParams(filters=filters, **kw)
