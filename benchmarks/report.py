"""Turn raw measurements into the result record, the targets of issues 8, 17 and 22, and a printed table."""
from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlsplit

from benchmarks.measure import Samples, Window, percentile, summary
from benchmarks.querymix import CACHED_CLASSES, CLASSES, GROUPS

SYSTEMS = ("service", "tantivy", "fts5", "naive")
PEER = "tantivy"
# Issue 22: the service against the Tantivy peer, search with a query; the p95 limit depends on the size.
PEER_P50_LIMIT = 1.0
PEER_P95_LIMITS = ((100_000, 1.5), (0, 2.0))      # (from this many documents, limit)
# Issue 22: a first ingest without --rebuild against the --rebuild build of the same pages.
FIRST_INGEST_LIMIT = 1.2
MEMORY_LIMIT_MB = 400
MEMORY_FLAT_SHARE = 0.10      # growth after warm-up tolerated as "flat" (plus a few MB of allocator noise)
MEMORY_FLAT_SLACK_MB = 10
# Issue 17, the semantic channel: hybrid against keyword p50 on the service, same run; a service worker holding
# the model and the vectors; the embedding pass of a first 100,000-page archive on this 2-core machine.
HYBRID_P50_LIMIT = 2.0
SEMANTIC_MEMORY_LIMIT_MB = 600
EMBEDDING_PASS_LIMIT_S = 45 * 60
EMBEDDING_PASS_AT = 100_000


def latency_record(samples: Samples, adjacent_totals: dict[str, int] | None = None) -> dict:
    classes = {cls: {s: summary(samples.ms[s].get(cls, [])) for s in SYSTEMS if s in samples.ms} for cls in CLASSES}
    groups = {}
    for group, members in GROUPS.items():
        groups[group] = {s: summary([v for cls in members for v in samples.ms[s].get(cls, [])])
                         for s in SYSTEMS if s in samples.ms}
    ratios = {name: _ratios(table) for name, table in {**groups, **classes}.items()}
    zero_hits = {s: _zero_share(totals) for s, totals in samples.totals.items()}
    return {"classes": classes, "groups": groups, "ratios": ratios, "zero_hit_share": zero_hits,
            "errors": {s: len(e) for s, e in samples.errors.items()},
            "error_examples": {s: e[:5] for s, e in samples.errors.items() if e},
            "cached_classes": list(CACHED_CLASSES),
            "uncached_requests_sent_twice": {s: samples.repeats.get(s, 0) for s in samples.ms},
            "phrase_totals": phrase_totals(samples, adjacent_totals)}


def _ratios(table: dict) -> dict:
    def ratio(a: str, b: str, key: str):
        x, y = (table.get(a) or {}).get(key), (table.get(b) or {}).get(key)
        return round(x / y, 2) if x and y else None
    return {f"service/{PEER}": {"p50": ratio("service", PEER, "p50"), "p95": ratio("service", PEER, "p95")},
            "service/fts5": {"p50": ratio("service", "fts5", "p50"), "p95": ratio("service", "fts5", "p95")},
            "naive/service": {"p50": ratio("naive", "service", "p50"), "p95": ratio("naive", "service", "p95")}}


def quoted_query(path: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(q, filters) of a search request whose query quotes a phrase; None for any other request."""
    if not path.startswith("/api/search?"):
        return None
    params = parse_qsl(urlsplit(path).query)
    q = next((v for k, v in params if k == "q"), "")
    if q.count('"') < 2:
        return None
    return q, [(k, v) for k, v in params if k not in ("q", "page", "per_page", "mode")]


def phrase_totals(samples: Samples, adjacent_totals: dict[str, int] | None = None) -> dict:
    """For every request of the run that quotes a phrase: the service's total against the peer's.

    Issue 22: a phrase should match exactly the documents containing it after the analysis chain, which
    a positional engine answers. Where the totals differ, `adjacent_totals` (path -> the peer's total with
    its phrases read as adjacent stems, stop words taken out: benchmarks.baselines.tantivy_peer.PHRASE_MODES)
    tells a difference the stop words explain (the service's total equals it) from one they do not. The FTS5
    total is listed beside them (positional too, but unstemmed).
    """
    service, peer = samples.totals.get("service", {}), samples.totals.get(PEER, {})
    adjacent = adjacent_totals or {}
    compared, differences = 0, []
    for path in sorted(service):
        quoted = quoted_query(path)
        if quoted is None or path not in peer:
            continue
        compared += 1
        if service[path] != peer[path]:
            q, filters = quoted
            explained = "stop words" if path in adjacent and adjacent[path] == service[path] else None
            differences.append({"q": q, "filters": [f"{k}={v}" for k, v in filters], "service": service[path],
                                PEER: peer[path], f"{PEER}_adjacent": adjacent.get(path),
                                "fts5": samples.totals.get("fts5", {}).get(path), "explained_by": explained})
    differences.sort(key=lambda d: (d["explained_by"] is not None, -abs((d["service"] or 0) - (d[PEER] or 0)), d["q"]))
    unexplained = sum(1 for d in differences if d["explained_by"] is None)
    return {"compared": compared, "equal": compared - len(differences),
            "explained_by_stop_words": len(differences) - unexplained, "unexplained": unexplained,
            "differences": differences}


def _zero_share(totals: dict) -> float | None:
    values = [t for t in totals.values() if t is not None]
    return round(sum(1 for t in values if t == 0) / len(values), 3) if values else None


def throughput_record(windows: dict[str, list[Window]], threads: int, seconds: float) -> dict:
    out = {"threads": threads, "seconds": seconds}
    for name, ws in windows.items():
        rates = [w.per_second for w in ws]
        all_ms = [m for w in ws for m in w.ms]
        out[name] = {"rps": [round(r, 2) for r in rates], "median_rps": round(percentile(rates, 50), 2) if rates else None,
                     "completed": sum(w.completed for w in ws), "errors": sum(w.errors for w in ws),
                     "uncached_requests_sent_twice": sum(w.repeats for w in ws),
                     "p50_ms": _round(percentile(all_ms, 50)), "p95_ms": _round(percentile(all_ms, 95)),
                     "error_examples": [e for w in ws for e in w.error_examples][:5]}
    return out


def _round(x):
    return round(x, 2) if x is not None else None


def targets(result: dict) -> list[dict]:
    """Each target of issues 8 and 22 with the measured value and whether it is met in this run."""
    out = []

    def add(name, value, limit, ok):
        out.append({"target": name, "value": value, "limit": limit, "met": None if value is None else bool(ok)})

    lat = result.get("latency") or {}
    r = (lat.get("ratios") or {})
    search = r.get("search with a query", {})
    v = search.get("service/fts5", {}).get("p50")
    add("search with a query: median service/FTS5", v, "≤ 1.5", v is not None and v <= 1.5)
    v = search.get("service/fts5", {}).get("p95")
    add("search with a query: p95 service/FTS5", v, "≤ 2", v is not None and v <= 2)
    v = search.get("naive/service", {}).get("p50")
    add("search with a query: median naive/service", v, "≥ 10", v is not None and v >= 10)
    for group in ("browse", "repeated"):
        v = r.get(group, {}).get("service/fts5", {}).get("p50")
        add(f"{group}: median service/FTS5", v, "≤ 1", v is not None and v <= 1)
    peer = search.get(f"service/{PEER}") or {}
    if (lat.get("groups") or {}).get("search with a query", {}).get(PEER):
        size = result.get("size") or 0
        p95_limit = next(limit for least, limit in PEER_P95_LIMITS if size >= least)
        v = peer.get("p50")
        add("issue 22: search with a query: median service/Tantivy", v, f"≤ {PEER_P50_LIMIT:g}",
            v is not None and v <= PEER_P50_LIMIT)
        v = peer.get("p95")
        add("issue 22: search with a query: p95 service/Tantivy", v, f"≤ {p95_limit:g} at {size:,} docs",
            v is not None and v <= p95_limit)
        totals = lat.get("phrase_totals") or {}
        if totals.get("compared"):
            v = totals["unexplained"]
            add(f"issue 22: quoted phrases whose total differs from Tantivy's, stop words aside "
                f"(of {totals['compared']}; {totals['explained_by_stop_words']} differ by the stop words only)", v,
                "0", v == 0)
    tp = result.get("throughput") or {}
    if "service" in tp and "fts5" in tp:
        s, f = tp["service"], tp["fts5"]
        v = round(s["median_rps"] / f["median_rps"], 2) if s["median_rps"] and f["median_rps"] else None
        add("throughput: service/FTS5 (req/s), zero errors", v, "≥ 1, 0 errors",
            v is not None and v >= 1 and s["errors"] == 0)
    b = result.get("build") or {}
    add("full build: service speed ÷ naive speed, same pages", b.get("speedup_vs_naive"), "≥ 3",
        (b.get("speedup_vs_naive") or 0) >= 3)
    add("issue 22: first ingest without --rebuild / --rebuild, same pages", b.get("first_ingest_vs_rebuild"),
        f"≤ {FIRST_INGEST_LIMIT:g}", b.get("first_ingest_vs_rebuild") is not None
        and b["first_ingest_vs_rebuild"] <= FIRST_INGEST_LIMIT)
    add("incremental 1% / full build time", b.get("incremental_share"), "≤ 0.05",
        b.get("incremental_share") is not None and b["incremental_share"] <= 0.05)
    add("index size / stored text", b.get("index_to_text"), "≤ 1.5",
        b.get("index_to_text") is not None and b["index_to_text"] <= 1.5)
    hybrid = ((lat.get("groups") or {}).get("hybrid search") or {}).get("service") or {}
    keyword = ((lat.get("groups") or {}).get("search with a query") or {}).get("service") or {}
    if hybrid.get("p50") is not None:
        v = round(hybrid["p50"] / keyword["p50"], 2) if keyword.get("p50") else None
        add("issue 17: search with a query, service: median hybrid/keyword", v, f"≤ {HYBRID_P50_LIMIT:g}",
            v is not None and v <= HYBRID_P50_LIMIT)
    emb = b.get("embedding") or {}
    if emb.get("unchanged"):
        v = emb["unchanged"].get("embedded")
        add("issue 17: vectors embedded by a second ingest of unchanged pages", v, "0", v == 0)
    if emb.get("pass_seconds") is not None and result.get("size"):
        v = round(emb["pass_seconds"] * EMBEDDING_PASS_AT / result["size"])
        add(f"issue 17: embedding pass (build with vectors − keyword build), wall, scaled linearly to "
            f"{EMBEDDING_PASS_AT:,} pages (s)", v, f"≤ {EMBEDDING_PASS_LIMIT_S:,}", v <= EMBEDDING_PASS_LIMIT_S)
    mem = (result.get("memory") or {}).get("service")
    if mem and mem.get("end"):
        peak = max(mem["end"] + mem.get("warm", []))
        add("memory: largest service worker RSS (MB)", peak, f"≤ {MEMORY_LIMIT_MB}", peak <= MEMORY_LIMIT_MB)
        add("issue 17: largest service worker RSS, model and vectors loaded (MB)", peak,
            f"≤ {SEMANTIC_MEMORY_LIMIT_MB}", peak <= SEMANTIC_MEMORY_LIMIT_MB)
        warm, end = sum(mem.get("warm") or mem["start"]), sum(mem["end"])
        growth = round(end - warm, 1)
        add(f"memory: service workers' growth after warm-up over {mem.get('serving_seconds', 0):.0f} s (MB)", growth,
            f"≤ {int(MEMORY_FLAT_SHARE * 100)}% + {MEMORY_FLAT_SLACK_MB} MB",
            growth <= warm * MEMORY_FLAT_SHARE + MEMORY_FLAT_SLACK_MB)
    return out


# --- printing --------------------------------------------------------------------------------------
def _fmt(x, digits=1) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def print_size(result: dict, out) -> None:
    n = result["size"]
    w = lambda line="": print(line, file=out)   # noqa: E731
    w()
    w(f"==== {n:,} documents  ({result['seconds']:.0f} s for this size; load average "
      f"{result['load_average_start'][0]:.1f} at the start, {result['load_average_end'][0]:.1f} at the end, "
      f"on {os.cpu_count()} CPUs) ====")
    b = result.get("build") or {}
    if b.get("service_full"):
        full, same, inc = b["service_full"], b.get("same_pages") or {}, b.get("incremental") or {}
        w(f"build     full, python -m indexer ingest --rebuild: {full['seconds']:.1f} s for {full['added']:,} docs = "
          f"{_fmt(full['docs_per_s'])} docs/s, {full['failed']} failed")
        if same:
            w(f"          speed on the same {same['pages']:,} pages, builds interleaved: service {same['service_seconds']} s, "
              f"naive Whoosh (1 process, html.parser, 1 writer) {same['naive_seconds']} s")
            w(f"          -> service {_fmt(same['service_docs_per_s'])} docs/s, naive {_fmt(same['naive_docs_per_s'])} docs/s, "
              f"speed-up {_fmt(same['speedup'], 2)}x (medians)")
        if b.get("first_ingest"):
            w(f"          first ingest without --rebuild (empty index, same pages): {b['first_ingest']['seconds']:.1f} s "
              f"= {_fmt(b.get('first_ingest_vs_rebuild'), 2)}x the --rebuild build")
        w(f"          incremental update of {inc.get('updated', 0):,} pages (1%): {inc.get('seconds', 0):.1f} s "
          f"= {_fmt((b.get('incremental_share') or 0) * 100)}% of the full build")
        w(f"          index {b['index_bytes'] / 1e6:,.1f} MB (live generation) for {b['stored_text_bytes'] / 1e6:,.1f} MB "
          f"of stored text = {_fmt(b.get('index_to_text'), 2)}x;  FTS5 database {b.get('fts5_db_bytes', 0) / 1e6:,.1f} MB")
        print_embedding(b.get("embedding"), full, out)
    elif b.get("skipped"):
        w(f"build     skipped ({b['skipped']})")
    peer = result.get("tantivy_build")
    if peer:
        w(f"          Tantivy peer: {peer['docs']:,} documents indexed in {peer['seconds']:.1f} s, "
          f"{peer['index_bytes'] / 1e6:,.1f} MB, {peer['segments']} segment(s)")
    lat = result.get("latency")
    if lat:
        w()
        w(f"latency, ms over HTTP, one request at a time, interleaved ({lat['rounds']} rounds; naive in every "
          f"{lat['naive_every']}. round)")
        head = (f"{'class':<28}" + "".join(f"{s + ' p50/p95/p99':>24}" for s in SYSTEMS)
                + f"{'svc/' + PEER[:3] + ' p50 p95':>19}{'svc/fts5 p50 p95':>19}{'naive/svc p50 p95':>19}")
        w(head)
        w("-" * len(head))
        rows = [(c + " (cached)" * (c in CACHED_CLASSES), lat["classes"][c], lat["ratios"][c]) for c in CLASSES]
        rows += [("", None, None)] + [(g, lat["groups"][g], lat["ratios"][g]) for g in lat["groups"]]
        for name, table, ratio in rows:
            if table is None:
                w("-" * len(head))
                continue
            cells = ""
            for s in SYSTEMS:
                t = table.get(s) or {}
                cells += f"{_fmt(t.get('p50'))}/{_fmt(t.get('p95'))}/{_fmt(t.get('p99'))}".rjust(24)
            sp, sf, ns = ratio.get(f"service/{PEER}") or {}, ratio["service/fts5"], ratio["naive/service"]
            w(f"{name[:28]:<28}{cells}{(_fmt(sp.get('p50'), 2) + ' ' + _fmt(sp.get('p95'), 2)).rjust(19)}"
              f"{(_fmt(sf['p50'], 2) + ' ' + _fmt(sf['p95'], 2)).rjust(19)}"
              f"{(_fmt(ns['p50'], 1) + ' ' + _fmt(ns['p95'], 1)).rjust(19)}")
        w(f"errors: {lat['errors'] or 'none'};  share of searches with no hit: "
          + ", ".join(f"{s} {_fmt((v or 0) * 100)}%" for s, v in lat["zero_hit_share"].items()))
        twice = lat.get("uncached_requests_sent_twice") or {}
        before = result.get("uncached_cases_already_sent")
        w(f"uncached requests sent twice to a system during the latency run: {sum(twice.values())}"
          + (f"; in the whole run (warm-up, latency, pools): {sum(before.values())} {before or ''}"
             if before is not None else "")
          + f" (cached classes, apart: {', '.join(lat.get('cached_classes') or CACHED_CLASSES)})")
        print_phrase_totals(lat.get("phrase_totals"), out)
    tp = result.get("throughput")
    if tp:
        w()
        w(f"throughput, {tp['threads']} client threads, {tp['seconds']:.0f} s windows, systems taking turns "
          f"(median of {len(tp['service']['rps'])} windows)")
        for s in SYSTEMS:
            if s in tp:
                t = tp[s]
                w(f"  {s:<8} {_fmt(t['median_rps'])} req/s  (windows {t['rps']}), {t['errors']} errors, "
                  f"p50 {_fmt(t['p50_ms'])} ms, p95 {_fmt(t['p95_ms'])} ms, "
                  f"{t.get('uncached_requests_sent_twice', 0)} uncached requests sent twice (pool wrapped)")
    mem = result.get("memory")
    if mem:
        w()
        w("memory, RSS per worker in MB (after start / after warm-up / at the end)")
        for s in SYSTEMS:
            if s in mem:
                m = mem[s]
                w(f"  {s:<8} {m['workers']} workers: {m['start']} / {m.get('warm')} / {m['end']}")
    w()
    w("targets of issues 8, 17 and 22 (set for 100,000 documents; shown at every size)")
    for t in result.get("targets", []):
        status = {True: "MET", False: "NOT MET", None: "n/a"}[t["met"]]
        value = t["value"]
        shown = f"{value:,}" if isinstance(value, int) else _fmt(value, 2) if isinstance(value, float) else value
        w(f"  [{status:^7}] {t['target']}: {shown}"
          f" (target {t['limit']})")


def print_embedding(embedding: dict | None, keyword: dict, out) -> None:
    """The semantic channel's build figures (issue 17): with and without vectors, the pass, the vector file."""
    if not embedding or not embedding.get("full"):
        return
    full, again, update = embedding["full"], embedding.get("unchanged") or {}, embedding.get("after_update") or {}
    w = lambda line: print(line, file=out)   # noqa: E731
    w(f"embedding full build with vectors (--rebuild, semantic on): {full['seconds']:.1f} s, {_fmt(full.get('cpu_seconds'))} s CPU, "
      f"{full.get('embedded')} vectors; keyword-only: {keyword['seconds']:.1f} s, {_fmt(keyword.get('cpu_seconds'))} s CPU")
    w(f"          -> the embedding pass: {_fmt(embedding.get('pass_seconds'))} s wall, {_fmt(embedding.get('pass_cpu_seconds'))} s CPU; "
      f"vector file {(embedding.get('vectors_bytes') or 0) / 1e6:,.1f} MB ({_fmt(embedding.get('vectors_bytes_per_doc'), 0)} bytes/doc)")
    w(f"          ingest again, pages unchanged: {again.get('embedded')} embedded in {_fmt(again.get('seconds'))} s; "
      f"after the 1% update: {update.get('embedded')} embedded in {_fmt(update.get('seconds'))} s")


def print_phrase_totals(totals: dict | None, out) -> None:
    """The quoted phrases whose total differs between the service and the peer, largest gap first."""
    if not totals or not totals.get("compared"):
        return
    print(f"quoted phrases, total hits service vs {PEER}: {totals['equal']} of {totals['compared']} equal; "
          f"{totals['explained_by_stop_words']} differ by the stop words only (the service's total is the peer's "
          f"with the phrase's stems adjacent once stop words are out); {totals['unexplained']} otherwise:", file=out)
    for d in totals["differences"]:
        filters = f"  [{' '.join(d['filters'])}]" if d["filters"] else ""
        why = "  (stop words)" if d["explained_by"] else "  UNEXPLAINED"
        print(f"  {d['q']}{filters}: service {_fmt(d['service'], 0)}, {PEER} {_fmt(d[PEER], 0)}, "
              f"{PEER} adjacent stems {_fmt(d.get(PEER + '_adjacent'), 0)}, fts5 {_fmt(d.get('fts5'), 0)}{why}",
              file=out)
