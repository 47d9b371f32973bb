"""Shared fixtures: real Whoosh indexes built in temporary folders from real HTML pages."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.ingest import ingest
from indexer.store import IndexStore
from search_service import create_app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def page(title: str, *paragraphs: str, date_line: str = "", head: str = "", lang: str = "fr") -> str:
    """A small communiqué page in a plain CMS layout."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} - Ministère</title>{head}</head>'
            f'<body><nav><a href="/">Accueil</a> <a href="/actualites">Actualités</a></nav>'
            f'<main><h1>{title}</h1><p class="date">{date_line}</p>{body}</main>'
            f'<footer><a href="/mentions">Mentions légales</a></footer></body></html>')


def write_pages(folder: Path, pages: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


@pytest.fixture
def build_index(tmp_path):
    """build_index({"a.html": html, ...}) -> index dir: a real index of those pages."""
    def build(pages: dict[str, str | bytes], name: str = "index") -> Path:
        src = write_pages(tmp_path / f"{name}-src", pages)
        index_dir = tmp_path / name
        ingest([str(src)], IndexStore(index_dir), procs=1)
        return index_dir
    return build


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The bundled corpus, indexed once per test session."""
    index_dir = tmp_path_factory.mktemp("corpus-index")
    ingest([str(CORPUS)], IndexStore(index_dir))
    return index_dir


@pytest.fixture(scope="session")
def corpus_app(corpus_index):
    return create_app({"INDEX": str(corpus_index), "TESTING": True})


@pytest.fixture
def corpus_client(corpus_app):
    return corpus_app.test_client()
