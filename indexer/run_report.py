"""What an ingest command tells its user: progress on a terminal, the summary, and the exit status.

Shared by `python -m indexer ingest` and `python -m indexer crawl`, which report a run the same way.
Exit status: 0 all indexed; 2 bad arguments; 3 finished but some documents failed; 4 a crawl found no
communiqué (an empty success would hide a wrong start page); 1 fatal.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from typing import NoReturn

import click

from indexer.embeddings import EncoderUnavailable
from indexer.generations import IndexLocked
from indexer.ingest import IndexDamaged, IngestSummary

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
EXIT_NOTHING_FOUND = 4      # a crawl that found no communiqué at all


class Progress:
    """A one-line progress display, only when stderr is a terminal."""

    def __init__(self):
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, s: IngestSummary) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.2:
            return
        self.last = now
        rate = s.processed / max(now - self.start, 1e-6)
        click.echo(f"\r  {s.processed} pages  +{s.added} ~{s.updated} ={s.unchanged} !{len(s.failed)}  {rate:.0f}/s ",
                   err=True, nl=False)

    def done(self):
        """End the progress line, once: an error message must start on a line of its own."""
        if self.enabled:
            click.echo("", err=True)
            self.enabled = False


def print_summary(s: IngestSummary) -> None:
    if s.recovered:
        click.echo(f"warning: the CURRENT pointer was missing; {s.recovered} (the newest committed generation) "
                   "is live again", err=True)
    click.echo(f"added: {s.added}, updated: {s.updated}, unchanged: {s.unchanged}, "
               f"deleted: {s.deleted}, failed: {len(s.failed)}")
    click.echo(f"vectors embedded: {s.embedded}" if s.semantic else "vectors: none (keyword-only index, --no-semantic)")
    for f in s.failed:
        click.echo(f"  FAILED {printable(f.location)}: {printable(f.reason)}")


def printable(text: str) -> str:
    """One report line per page: control characters in a file name (a newline could forge a line of the
    report) are written as escapes, like \\n or \\x1b."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in str(text))


def run_reporting_fatal(progress: Progress, run: Callable[[], IngestSummary]) -> IngestSummary:
    """Run an ingest; on what stops a run (another indexer, a full or read-only disk), say so and exit 1."""
    try:
        return run()
    except EncoderUnavailable as exc:
        _stop(progress, str(exc), EXIT_USAGE)
    except IndexLocked as exc:
        _stop(progress, f"{exc}; try again later or pass --wait SECONDS")
    except IndexDamaged as exc:
        _stop(progress, str(exc))
    except OSError as exc:
        _stop(progress, f"{exc}; the previous index is unchanged")
    finally:
        progress.done()


def _stop(progress: Progress, message: str, status: int = EXIT_FATAL) -> NoReturn:
    progress.done()
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


def finish(summary: IngestSummary, extra_lines: Iterable[str] = (), nothing_found: bool = False) -> None:
    """Print the summary and exit: 0 when everything was indexed, 3 when some pages failed, else
    4 when a crawl found no communiqué (an empty success would hide a wrong start page)."""
    print_summary(summary)
    for line in extra_lines:
        click.echo(line)
    if summary.failed:
        sys.exit(EXIT_PARTIAL)
    sys.exit(EXIT_NOTHING_FOUND if nothing_found else EXIT_OK)
