"""Helpers for the crawler tests: the CLI, a tiny site, and reading the real index."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from whoosh.qparser import QueryParser

from indexer.cli import main
from indexer.indexed import records
from indexer.schema import SCHEMA
from indexer.store import IndexStore
from tests.indexer.crawl.fixture_server import RecordingServer, Reply, answer_conditionally, conditional
from tests.indexer.crawl.fixture_site import C, article_layout

# Fast settings for tests: the politeness machinery is the real one, only the numbers are small.
FAST = ["--delay", "0.01", "--timeout", "2", "--retries", "1", "--backoff", "0.01", "--procs", "1"]


@dataclass
class CliRun:
    exit_code: int
    output: str


def run_cli(*args: str) -> CliRun:
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliRun(result.exit_code, result.output)



def tiny_site(server: RecordingServer, count: int, robots: bytes | None = None, pages: int = 1) -> list[str]:
    """A listing (split over `pages` pages) of `count` communiqués; returns their paths, newest first."""
    paths = [f"{C}/2024/06-juin/{count - i:02d}-communique-numero-{count - i}.html" for i in range(count)]
    for i, path in enumerate(paths):
        body = article_layout(f"Communiqué numéro {count - i} sur la coopération régionale", f"2024-06-{count - i:02d}",
                              f"{count - i} juin 2024",
                              [f"Le ministre a reçu son homologue pour un entretien consacré à la coopération "
                               f"régionale et au dossier numéro {count - i}.",
                               "Les deux ministres ont salué l’excellence des relations bilatérales."])
        server.route(path, lambda hit, b=body: answer_conditionally(conditional(b, modified=1_700_000_000), hit))
    per_page = -(-count // pages)
    for p in range(pages):
        chunk = paths[p * per_page:(p + 1) * per_page]
        nxt = f'<a rel="next" href="/fr/actualites.html?page={p + 2}">Suivant</a>' if p + 1 < pages else ""
        listing = ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Actualités</title></head><body>'
                   '<main><ul>' + "".join(f'<li><a href="{c}">Communiqué</a></li>' for c in chunk) + f"</ul>{nxt}</main></body></html>")
        route = "/fr/actualites.html" if p == 0 else f"/fr/actualites.html?page={p + 1}"
        server.route(route, Reply(200, listing.encode(), {"Content-Type": "text/html; charset=utf-8"}))
    if robots is not None:
        server.route("/robots.txt", Reply(200, robots, {"Content-Type": "text/plain"}))
    return paths


def search_ids(index_dir: Path, query: str, field: str = "body") -> set[str]:
    """Ids of the documents a query finds in the real index (French analysis included)."""
    ix = IndexStore(index_dir).open()
    with ix.searcher() as s:
        return {hit["id"] for hit in s.search(QueryParser(field, SCHEMA).parse(query), limit=None)}


def indexed(index_dir: Path) -> dict[str, dict]:
    with IndexStore(index_dir).open().searcher() as s:
        return {d["id"]: d for _, d in records(s.reader())}
