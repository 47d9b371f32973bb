"""Click commands for the metadata rules: `retag` the index, `report` on a labelled set, list `meetings`.

Registered on `python -m indexer` by the last lines of indexer/cli.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from indexer.meeting_list import meeting_labels
from indexer.metadata.evaluation import LabelsError
from indexer.metadata.taxonomy import TaxonomyError
from indexer.report import format_report, run_report
from indexer.retag import retag
from indexer.generations import IndexLocked, IndexStore, NoIndex, default_index_dir

EXIT_FATAL = 1
# The tuning set, then the held-out sets (never tuned on): figures are printed set by set.
DEFAULT_LABELS = ("corpus/LABELS.tsv", "tests/indexer/heldout/LABELS.tsv", "tests/indexer/heldout2/LABELS.tsv",
                  "tests/indexer/heldout3/LABELS.tsv", "tests/indexer/heldout4/LABELS.tsv",
                  "tests/indexer/heldout5/LABELS.tsv", "tests/indexer/heldout6/LABELS.tsv",
                  "tests/indexer/heldout7/LABELS.tsv", "tests/indexer/heldout8/LABELS.tsv",
                  "tests/indexer/heldout9/LABELS.tsv")


@click.command("retag")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), default=default_index_dir,
              show_default="$COMMUNIQUES_INDEX or var/index", help="Index directory.")
@click.option("--wait", "lock_wait", type=float, default=0.0, help="Seconds to wait for another running indexer.")
def retag_command(index_dir, lock_wait):
    """Re-compute meeting, topics, location, people and language of every indexed communiqué.

    Run it after editing indexer/data/*.toml: it reads the stored texts, fetches nothing.
    """
    try:
        summary = retag(IndexStore(index_dir), lock_wait=lock_wait)
    except (IndexLocked, NoIndex, TaxonomyError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    click.echo(f"retagged: {summary.documents} documents, changed: {summary.changed}")


@click.command("report")
@click.option("--labels", "label_files", multiple=True, type=click.Path(dir_okay=False, exists=True),
              default=DEFAULT_LABELS, show_default=True,
              help="A LABELS.tsv (pages are read relative to its folder); repeat for several sets, each reported apart.")
def report_command(label_files):
    """Measure the metadata rules against labelled pages and list every disagreement, set by set."""
    blocks = []
    for label_file in label_files:
        try:
            evaluation = run_report([Path(label_file)])
        except (LabelsError, TaxonomyError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FATAL)
        blocks.append(format_report(evaluation, [label_file]))
    click.echo("\n\n".join(blocks))


@click.command("meetings")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), default=default_index_dir,
              show_default="$COMMUNIQUES_INDEX or var/index", help="Index directory.")
@click.option("--all", "show_all", is_flag=True, help="Also list the meetings of meetings.toml.")
@click.option("--examples", type=click.IntRange(0, 20), default=3, show_default=True,
              help="Communiqués shown for each meeting.")
def meetings_command(index_dir, show_all, examples):
    """List the meetings the index holds that meetings.toml does not: label, count, examples.

    To promote one, add it to indexer/data/meetings.toml (its label, forms as they are written) and run
    `python -m indexer retag`.
    """
    try:
        labels = meeting_labels(IndexStore(index_dir), examples)
    except (NoIndex, TaxonomyError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    shown = [m for m in labels if show_all or m.discovered]
    click.echo(f"{sum(m.discovered for m in labels)} discovered meetings, {len(labels)} in all")
    for m in shown:
        click.echo(f"{m.count:5d}  {m.label}{'  [discovered]' if m.discovered else ''}")
        for title, doc_id in m.examples:
            click.echo(f"         {title}  ({doc_id})")
