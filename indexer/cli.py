"""`python -m indexer`: ingest pages into the index, re-tag it, report on extraction quality.

Exit status (indexer.run_report): 0 all indexed; 2 bad arguments; 3 finished but some documents failed;
4 a crawl found no communiqué; 1 fatal.
"""
from __future__ import annotations

import click

from indexer.generations import IndexStore, default_index_dir
from indexer.ingest import ingest
from indexer.run_report import Progress, finish, run_reporting_fatal
from indexer.sources import SourceError, check_source

index_option = click.option(
    "--index", "index_dir", type=click.Path(file_okay=False), default=default_index_dir, show_default="$COMMUNIQUES_INDEX or var/index",
    help="Index directory.")


@click.group()
def main():
    """Build and maintain the communiqué search index."""


@main.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@index_option
@click.option("--prune", is_flag=True, help="Delete documents whose source was not seen in this run.")
@click.option("--rebuild", is_flag=True, help="Build a fresh index beside the live one, then switch to it.")
@click.option("--wait", "lock_wait", type=float, default=0.0, help="Seconds to wait for another running indexer.")
@click.option("--procs", type=click.IntRange(1, 64), default=None,
              help="Worker processes that parse pages and write them (default: one per core).")
@click.option("--semantic/--no-semantic", default=True, show_default=True,
              help="Also embed the pages for search by meaning (--no-semantic: a keyword-only index, no model).")
def ingest_command(sources, index_dir, prune, rebuild, lock_wait, procs, semantic):
    """Index communiqué pages from folders, files, archives or web sites (http(s) URLs)."""
    for spec in sources:
        try:
            check_source(spec)
        except SourceError as exc:
            raise click.BadParameter(str(exc), param_hint="SOURCE") from None
    progress = Progress()
    summary = run_reporting_fatal(progress, lambda: ingest(
        sources, IndexStore(index_dir), prune=prune, rebuild=rebuild, procs=procs, progress=progress,
        lock_wait=lock_wait, semantic=semantic))
    from indexer.crawl.source import crawl_of_this_command
    crawl = crawl_of_this_command()
    finish(summary, nothing_found=bool(crawl and crawl.found_nothing))


from indexer.crawl.command import crawl_command  # noqa: E402
main.add_command(crawl_command)

from indexer.metadata_commands import meetings_command, report_command, retag_command  # noqa: E402
main.add_command(retag_command)
main.add_command(report_command)
main.add_command(meetings_command)

from indexer.extraction_eval_command import extraction_eval_command  # noqa: E402
main.add_command(extraction_eval_command)
