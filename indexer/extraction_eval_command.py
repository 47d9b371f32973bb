"""`python -m indexer extraction-eval DIR`: the extraction evaluation as a Click command.

Registered on `python -m indexer` by the last lines of indexer/cli.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from indexer.extraction_eval import EXTRACTORS, EvalSetError, evaluate, format_evaluation

EXIT_FATAL = 1


@click.command("extraction-eval")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--extractor", "names", multiple=True, type=click.Choice(sorted(EXTRACTORS)), default=["project"],
              show_default=True, help="Whose extraction to score; repeat to compare (trafilatura must be installed).")
@click.option("--pages", "show_pages", is_flag=True, help="Also list every page with a missed or leaked snippet.")
def extraction_eval_command(folder, names, show_pages):
    """Score main-text extraction on FOLDER (evaldata.json + pages/): precision, recall, F1, pages without body.

    Each page without body is listed with what the cleaner tried and why it refused each candidate.
    """
    for name in names:
        try:
            evaluation = evaluate(Path(folder), EXTRACTORS[name], name)
        except EvalSetError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FATAL)
        except ImportError as exc:
            click.echo(f"error: {name} is not installed ({exc})", err=True)
            sys.exit(EXIT_FATAL)
        click.echo(format_evaluation(evaluation, show_pages))
        click.echo("")
