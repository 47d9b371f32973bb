"""`python -m benchmarks` options: defaults for the full run, a quick smoke run, overrides."""
from __future__ import annotations

from pathlib import Path

from benchmarks.__main__ import parse_args


def test_the_default_run_measures_ten_and_a_hundred_thousand_documents():
    o = parse_args([])
    assert o.sizes == [10_000, 100_000] and o.rounds == 30 and o.build_repeats == 2


def test_quick_mode_is_small_and_short():
    o = parse_args(["--quick"])
    assert o.sizes == [150] and o.rounds <= 5 and o.seconds <= 2 and o.build_sample <= 50


def test_options_override_the_mode():
    o = parse_args(["--quick", "--sizes", "2000,10_000", "--seconds", "4", "--out", "/tmp/x", "--skip-builds"])
    assert o.sizes == [2000, 10000] and o.seconds == 4.0 and o.out == Path("/tmp/x") and o.skip_builds
