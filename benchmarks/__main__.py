"""`python -m benchmarks` (what `make bench` runs): the service against naive Whoosh and SQLite FTS5.

    python -m benchmarks                      # 10,000 and 100,000 documents
    python -m benchmarks --quick              # a smoke run of about a minute
    python -m benchmarks --sizes 2000,10000 --seconds 10 --rounds 30
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.runner import Options, run

QUICK = dict(sizes=[150], rounds=3, seconds=2.0, throughput_rounds=1, threads=4, warmup=1.0, build_sample=50,
             build_repeats=1)


def parse_args(argv: list[str]) -> Options:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="comma-separated document counts (default 10000,100000)")
    ap.add_argument("--quick", action="store_true", help="a smoke run on 150 documents (about a minute)")
    ap.add_argument("--seconds", type=float, help="length of each throughput window per system (default 10)")
    ap.add_argument("--rounds", type=int, help="latency rounds of the query mix (default 30)")
    ap.add_argument("--throughput-rounds", type=int, help="throughput windows per system (default 3)")
    ap.add_argument("--threads", type=int, help="concurrent clients in the throughput run (default 8)")
    ap.add_argument("--warmup", type=float, help="seconds of concurrent warm-up per system (default 5)")
    ap.add_argument("--naive-every", type=int, help="naive Whoosh takes every k-th latency round (default 1, 3 above 20,000)")
    ap.add_argument("--build-sample", type=int, help="pages both builds index for the speed ratio, 0 for all (default 10000)")
    ap.add_argument("--build-repeats", type=int, help="builds of the sample per system, interleaved (default 2)")
    ap.add_argument("--fts5-from", choices=("index", "pages"),
                    help="load FTS5 from the indexer's stored documents (default) or extract the pages again")
    ap.add_argument("--skip-builds", action="store_true", help="reuse var/bench/index-N; no build timings")
    ap.add_argument("--seed", type=int, help="generator seed (default 8)")
    ap.add_argument("--out", type=Path, help="working folder (default var/bench)")
    args = ap.parse_args(argv)
    values = dict(QUICK) if args.quick else {"sizes": [10_000, 100_000]}
    if args.sizes:
        values["sizes"] = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    for name in ("seconds", "rounds", "throughput_rounds", "threads", "warmup", "naive_every", "build_sample", "build_repeats",
                 "fts5_from", "seed", "out"):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    values["skip_builds"] = args.skip_builds
    return Options(**values)


def main(argv: list[str] | None = None) -> int:
    run(parse_args(sys.argv[1:] if argv is None else argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
