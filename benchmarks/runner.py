"""One benchmark run: for each size, pages, builds, four servers, latency, throughput, memory.

Everything lives under var/bench/ (git-ignored): pages-N/ (generated once, reused),
index-N/ (the project's index), fts5-N.sqlite, tantivy-N/, logs-N/, and results-*.json.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from werkzeug.datastructures import MultiDict

from benchmarks import builds, measure, report, servers
from benchmarks.baselines import fts5, tantivy_peer
from benchmarks.baselines.common import read_params
from benchmarks.documents import extracted_documents, indexed_documents
from benchmarks.generator import DEFAULT_SEED, GENERATOR_VERSION, read_manifest, write_pages
from benchmarks.querymix import CLASSES, HYBRID_CLASSES, QueryMix, already_sent

UPDATE_FRACTION = 0.01
# Requests a second a throughput window's pool holds before it wraps round (and repeats requests): above
# what the fastest system (the Tantivy peer) serves here, so that no response cache helps it.
LOAD_POOL_RPS = 400


@dataclass
class Options:
    sizes: list[int]
    out: Path = Path("var/bench")
    seed: int = DEFAULT_SEED
    rounds: int = 30                 # latency rounds: each sends every query class once to each system
    seconds: float = 10.0            # one throughput window per system per round
    throughput_rounds: int = 3
    threads: int = 8                 # concurrent clients in the throughput run
    warmup: float = 5.0              # seconds of concurrent warm-up per system
    naive_every: int | None = None   # naive takes part in every k-th latency round (None: 1 up to 20,000 docs, else 3)
    # Pages both builds index for the build-speed ratio (0: all of them): the full build at 10,000, a tenth
    # at 100,000. Naive Whoosh's cost a page grows with the build (14.3 ms at 2,000 pages, 20.8 at 10,000),
    # so a smaller sample understates the ratio of full builds.
    build_sample: int = 10_000
    build_repeats: int = 2           # builds of the sample per system, interleaved A B B A
    workers: int = os.cpu_count() or 1
    baseline_threads: int = 4        # gthread threads per baseline worker, as the service's server uses
    fts5_from: str = "index"         # "index": the documents the indexer stored; "pages": extract again
    skip_builds: bool = False        # reuse var/bench/index-N as it is (no build timings)


def log(size: int, message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {size:,} docs: {message}", file=sys.stderr, flush=True)


def compile_project() -> None:
    """Write the bytecode of the project's modules, so that no timed process compiles them from source.

    With PYTHONDONTWRITEBYTECODE=1 (set on these machines) nothing writes it otherwise, and every build
    and server started here compiled the project modules it imports again (44 for an ingest), inside
    the builds' timings: `import indexer.cli` took 0.69 s without the bytecode, 0.47 s with it. pip
    writes the bytecode of installed packages; the project is installed editable.
    """
    import compileall
    for package in ("indexer", "search_service", "benchmarks"):
        compileall.compile_dir(servers.PROJECT_ROOT / package, quiet=1)


def run(options: Options) -> dict:
    started = time.perf_counter()
    options.out.mkdir(parents=True, exist_ok=True)
    compile_project()
    results = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "cpus": os.cpu_count(), "python": sys.version.split()[0],
               "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(options).items()}, "sizes": []}
    ratio = None
    for size in options.sizes:
        if ratio is None and not options.skip_builds:
            ratio = build_ratio(size, options)
        results["sizes"].append(run_size(size, options, ratio))
        report.print_size(results["sizes"][-1], sys.stdout)
        sys.stdout.flush()
    results["seconds"] = round(time.perf_counter() - started, 1)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = options.out / f"results-{stamp}.json"
    text = json.dumps(results, ensure_ascii=False, indent=1)
    path.write_text(text, "utf-8")
    (options.out / "results-latest.json").write_text(text, "utf-8")
    print(f"\nwhole run: {results['seconds']:.0f} s; results in {path}")
    return results


def run_size(size: int, o: Options, ratio: dict | None = None) -> dict:
    t0 = time.perf_counter()
    pages = o.out / f"pages-{size}"
    index = o.out / f"index-{size}"
    db = o.out / f"fts5-{size}.sqlite"
    peer = o.out / f"tantivy-{size}"
    logs = o.out / f"logs-{size}"
    logs.mkdir(parents=True, exist_ok=True)
    result: dict = {"size": size, "load_average_start": [round(x, 2) for x in os.getloadavg()]}

    result["pages"] = ensure_pages(pages, size, o.seed)
    numbers = builds.update_numbers(size, UPDATE_FRACTION, o.seed)
    if o.skip_builds:
        from indexer.generations import IndexStore
        if not IndexStore(index).exists():
            raise SystemExit(f"--skip-builds: no index in {index}; run once without it")
        result["build"] = {"skipped": f"--skip-builds: reused {index}"}
        builds.rewrite_pages(pages, numbers, 1, o.seed)
    else:
        result["build"] = build_all(size, pages, index, numbers, logs, o)
        result["build"]["same_pages"] = ratio
        result["build"]["speedup_vs_naive"] = ratio and ratio["speedup"]

    log(size, "loading the FTS5 baseline")
    documents = indexed_documents(index) if o.fts5_from == "index" else extracted_documents(pages)
    fts5_stats = fts5.build_database(str(db), documents, {"pages": str(pages), "size": str(size)})
    result["fts5_build"] = fts5_stats
    if "index_bytes" in result["build"]:
        b = result["build"]
        b["stored_text_bytes"] = fts5_stats["text_bytes"]
        b["index_to_text"] = round(b["index_bytes"] / fts5_stats["text_bytes"], 2) if fts5_stats["text_bytes"] else None
        b["fts5_db_bytes"] = fts5_stats["db_bytes"]

    log(size, "loading the Tantivy peer")
    documents = indexed_documents(index) if o.fts5_from == "index" else extracted_documents(pages)
    result["tantivy_build"] = tantivy_peer.build_index(str(peer), documents, {"pages": str(pages), "size": str(size)})

    mix = QueryMix(fts5.corpus_profile(str(db), seed=o.seed), seed=o.seed)
    warm_cases = [c for r in mix.rounds(_rounds_for(o.warmup, least=4)) for c in r]
    latency_rounds = mix.rounds(o.rounds)
    # The throughput pools hold the keyword classes only: every system serves the same work there.
    load_pools = [[c for r in mix.rounds(_rounds_for(o.seconds, least=20)) for c in r if c.cls not in HYBRID_CLASSES]
                  for _ in range(o.throughput_rounds)]
    # Requests of uncached classes the run sends a system more than once, in the order they go out (warm-up,
    # latency, throughput pools; a pool that wraps round repeats more, counted per window).
    result["uncached_cases_already_sent"] = already_sent([warm_cases, *latency_rounds, *load_pools])
    result.update(serve_and_measure(size, index, db, peer, logs, warm_cases, latency_rounds, load_pools, o))
    result["seconds"] = round(time.perf_counter() - t0, 1)
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["targets"] = report.targets(result)
    return result


def ensure_pages(pages: Path, size: int, seed: int) -> dict:
    manifest = read_manifest(pages)
    if manifest and manifest.get("count") == size and manifest.get("seed") == seed \
            and manifest.get("generator_version") == GENERATOR_VERSION:
        return {**manifest, "cached": True}
    log(size, f"generating {size:,} pages into {pages}")
    manifest = write_pages(pages, size, seed)
    log(size, f"generated in {manifest['seconds']:.1f} s")
    return {**manifest, "cached": False}


def build_all(size: int, pages: Path, index: Path, numbers: list[int], logs: Path, o: Options) -> dict:
    """The full build at this size (keyword-only, then with vectors), then the 1% incremental update (keyword-only,
    then the semantic run that embeds the updated pages)."""
    builds.rewrite_pages(pages, numbers, 0, o.seed)       # a previous run left them at revision 1
    builds.read_all(pages)
    log(size, "full build with the project's indexer")
    full = builds.ingest(pages, index, rebuild=True, log_path=logs / "ingest-full.log")
    log(size, f"full build: {full.seconds:.1f} s")
    index_size = builds.index_bytes(index)
    first = first_ingest(size, pages, o.out / f"first-ingest-{size}", logs)
    embedding = embedding_pass(size, pages, index, logs, full)
    builds.rewrite_pages(pages, numbers, 1, o.seed)
    builds.read_all(pages)
    log(size, f"incremental update of {len(numbers):,} pages")
    incremental = builds.ingest(pages, index, rebuild=False, log_path=logs / "ingest-update.log")
    log(size, f"incremental update: {incremental.seconds:.1f} s")
    embedding["after_update"] = embed(size, pages, index, logs / "ingest-embed-update.log", "the updated pages").to_json()
    return {"service_full": full.to_json(), "first_ingest": first.to_json(),
            "first_ingest_vs_rebuild": round(first.seconds / full.seconds, 2) if full.seconds else None,
            "incremental": incremental.to_json(),
            "incremental_share": round(incremental.seconds / full.seconds, 4) if full.seconds else None,
            "index_bytes": index_size, "index_bytes_after_update": builds.index_bytes(index), "embedding": embedding}


def first_ingest(size: int, pages: Path, scratch: Path, logs: Path) -> builds.BuildResult:
    """The same pages without --rebuild into an empty folder, right after the --rebuild build: what the README
    shows first and `make serve` runs (issue 22: at most 1.2 times the --rebuild build)."""
    shutil.rmtree(scratch, ignore_errors=True)
    log(size, "first ingest into an empty index, without --rebuild")
    try:
        first = builds.ingest(pages, scratch, rebuild=False, log_path=logs / "ingest-first.log")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log(size, f"first ingest: {first.seconds:.1f} s")
    return first


def embedding_pass(size: int, pages: Path, index: Path, logs: Path, keyword: builds.BuildResult) -> dict:
    """The build again with the semantic channel on, and the embedding pass it adds, on its own (issue 17).

    The first build is keyword-only (--no-semantic: the build-speed ratio compares the same work as before);
    this one rebuilds the same pages with vectors, embedded in the ingest's worker processes as in a first
    build of an archive (the keyword-only generation it replaces has none to reuse). What it costs more than
    the keyword build is the embedding pass. A second run on the unchanged pages must embed nothing.
    """
    log(size, "full build with vectors (semantic on)")
    full = builds.ingest(pages, index, rebuild=True, log_path=logs / "ingest-full-semantic.log", semantic=True)
    log(size, f"full build with vectors: {full.embedded} embedded, {full.seconds:.1f} s ({full.cpu_seconds:.1f} s CPU)")
    vectors = builds.vectors_bytes(index)
    again = embed(size, pages, index, logs / "ingest-embed-again.log", "the unchanged pages")
    return {"full": full.to_json(), "unchanged": again.to_json(),
            "pass_seconds": round(full.seconds - keyword.seconds, 3),
            "pass_cpu_seconds": round(full.cpu_seconds - keyword.cpu_seconds, 2),
            "vectors_bytes": vectors,
            "vectors_bytes_per_doc": round(vectors / full.embedded) if vectors and full.embedded else None}


def embed(size: int, pages: Path, index: Path, log_path: Path, what: str) -> builds.BuildResult:
    """An incremental ingest with the semantic channel on: embeds only the pages whose text has no vector."""
    log(size, f"ingest of {what}, semantic on")
    done = builds.ingest(pages, index, rebuild=False, log_path=log_path, semantic=True)
    log(size, f"  {done.embedded} vectors embedded in {done.seconds:.1f} s ({done.cpu_seconds:.1f} s CPU)")
    return done


def build_ratio(size: int, o: Options) -> dict:
    """Both builds over the same sample of pages, interleaved (A B B A …): the build-speed ratio.

    Page n is the same at every size, so the sample serves every size of the run.
    """
    count = min(size, o.build_sample) if o.build_sample else size
    pages = o.out / f"pages-{count}"
    ensure_pages(pages, count, o.seed)
    builds.read_all(pages)
    logs = o.out / "logs-build-ratio"
    logs.mkdir(parents=True, exist_ok=True)
    scratch = o.out / "build-ratio-index"
    order = [("service", "naive"), ("naive", "service")] * ((o.build_repeats + 1) // 2)
    seconds: dict[str, list[float]] = {"service": [], "naive": []}
    for i, who in enumerate(w for pair in order for w in pair):
        if len(seconds[who]) >= o.build_repeats:
            continue
        log(size, f"build-speed sample: {who} build of {count:,} pages ({i + 1}/{2 * o.build_repeats})")
        if who == "service":
            shutil.rmtree(scratch, ignore_errors=True)
            seconds[who].append(builds.ingest(pages, scratch, rebuild=True, log_path=logs / f"service-{i}.log").seconds)
        else:
            seconds[who].append(builds.naive_build(pages, o.out / "naive-build", None, logs / f"naive-{i}.log")["wall_seconds"])
    shutil.rmtree(scratch, ignore_errors=True)
    service, naive = statistics.median(seconds["service"]), statistics.median(seconds["naive"])
    return {"pages": count, "service_seconds": seconds["service"], "naive_seconds": seconds["naive"],
            "service_docs_per_s": round(count / service, 2), "naive_docs_per_s": round(count / naive, 2),
            "speedup": round(naive / service, 2)}


def adjacent_phrase_totals(peer: Path, samples: measure.Samples) -> dict[str, int]:
    """The peer's total for each quoted-phrase request of the run, its phrases read as adjacent stems (stop
    words out), asked of the index in this process after the timed run: what tells a phrase total that the
    stop words explain from one they do not (report.phrase_totals)."""
    engine = tantivy_peer.TantivySearch(tantivy_peer.open_index(str(peer)))
    paths = [p for p in samples.totals.get("service", {}) if report.quoted_query(p)]
    return {p: engine.total(read_params(MultiDict(parse_qsl(urlsplit(p).query))), "adjacent") for p in paths}


def _rounds_for(seconds: float, least: int) -> int:
    """Rounds of the mix a window of `seconds` needs not to wrap around its pool below LOAD_POOL_RPS
    requests per second: a window (a warm-up too) that replays a few dozen requests only reads the
    response cache."""
    return max(least, math.ceil(seconds * LOAD_POOL_RPS / len(CLASSES)))


def serve_and_measure(size: int, index: Path, db: Path, peer: Path, logs: Path, warm_cases, latency_rounds,
                      load_pools, o: Options) -> dict:
    log(size, "starting the four servers")
    running = []
    try:
        running.append(servers.start_service(str(index), logs, o.workers))
        running.append(servers.start_tantivy(str(peer), logs, o.workers, o.baseline_threads))
        running.append(servers.start_fts5(str(db), logs, o.workers, o.baseline_threads))
        running.append(servers.start_naive(str(index), logs, o.workers, o.baseline_threads))
        for s in running:
            servers.wait_ready(s, workers=o.workers)
            if s.name == "service":
                servers.wait_warmed(s, o.workers)
        time.sleep(1.0)
        ports = {s.name: s.port for s in running}
        memory = {s.name: {"workers": len(s.worker_pids()), "start": s.worker_rss_mb()} for s in running}
        log(size, f"warming up ({o.warmup:.0f} s per system)")
        measure.warm_up(ports, warm_cases, o.threads, o.warmup)
        warm_at = time.monotonic()
        for s in running:
            memory[s.name]["warm"] = s.worker_rss_mb()
        naive_every = o.naive_every or (1 if size <= 20_000 else 3)
        log(size, f"latency: {len(latency_rounds)} rounds of {len(latency_rounds[0])} requests per system")
        samples = measure.latency_run(
            ports, latency_rounds, {"naive": naive_every},
            progress=lambda done, total: done % max(1, total // 5) == 0 and log(size, f"  latency round {done}/{total}"))
        latency = report.latency_record(samples, adjacent_phrase_totals(peer, samples))
        latency.update(rounds=len(latency_rounds), naive_every=naive_every)
        log(size, f"throughput: {o.threads} threads, {o.seconds:.0f} s x {o.throughput_rounds} rounds per system")
        windows = measure.throughput_run(
            ports, load_pools, o.threads, o.seconds,
            progress=lambda name, w: log(size, f"  {name}: {w.per_second:.1f} req/s, {w.errors} errors"))
        throughput = report.throughput_record(windows, o.threads, o.seconds)
        for s in running:
            memory[s.name]["end"] = s.worker_rss_mb()
            memory[s.name]["serving_seconds"] = round(time.monotonic() - warm_at, 1)
        return {"latency": latency, "throughput": throughput, "memory": memory,
                "server_commands": {s.name: " ".join(s.command[1:]) for s in running}}
    finally:
        for s in running:
            servers.stop(s)
