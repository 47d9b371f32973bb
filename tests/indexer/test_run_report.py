"""What an ingest command tells its user on a terminal."""
from __future__ import annotations

import pytest

from indexer.generations import IndexLocked
from indexer.run_report import EXIT_FATAL, Progress, run_reporting_fatal


def terminal_progress() -> Progress:
    progress = Progress()
    progress.enabled = True          # as on a terminal; pytest's stderr is not one
    return progress


def test_the_progress_line_is_ended_once_however_often_it_is_closed(capsys):
    progress = terminal_progress()
    progress.done()
    progress.done()
    assert capsys.readouterr().err == "\n"


def test_a_run_stopped_by_another_indexer_says_so_on_a_line_of_its_own_and_exits_1(capsys):
    def locked():
        raise IndexLocked("another indexer is writing var/index")

    with pytest.raises(SystemExit) as stopped:
        run_reporting_fatal(terminal_progress(), locked)
    assert stopped.value.code == EXIT_FATAL
    assert capsys.readouterr().err == ("\nerror: another indexer is writing var/index; "
                                       "try again later or pass --wait SECONDS\n")
