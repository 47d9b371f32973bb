"""`python -m search_service`: serve the search app with gunicorn (a worker per core), or Flask's server with --debug."""
from __future__ import annotations

import os

import click

from indexer.generations import default_index_dir


@click.command()
@click.option("--index", "index_dir", default=default_index_dir, show_default="$COMMUNIQUES_INDEX or var/index")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=click.IntRange(1, 65535), show_default=True)
@click.option("--workers", default=lambda: os.cpu_count() or 1, type=click.IntRange(1, 64), show_default="one per core")
@click.option("--debug", is_flag=True, help="Flask's development server with the debugger (never in production).")
def main(index_dir, host, port, workers, debug):
    """Serve the communiqué search page and JSON API."""
    os.environ["COMMUNIQUES_INDEX"] = index_dir
    from search_service import create_app
    if debug:
        create_app().run(host=host, port=port, debug=True)
        return
    from search_service.wsgi_server import serve
    serve(f"{host}:{port}", workers)
