"""Baseline (b): SQLite FTS5 over the same extracted documents, behind the same HTTP API.

The full-text table (tokenize="unicode61 remove_diacritics 2", no stemming) indexes
title and body of a `docs` table; multi-valued facets live in their own tables.
A search materialises the matching row ids once per request in a temporary table,
then counts each facet with GROUP BY under every filter but its own (disjunctive,
like the service), takes the page of hits ranked by bm25 with snippet()
highlights, and, when nothing matched, retries with words one edit away found in
the fts5vocab table. Browsing without a query reads the date index, newest first.
Related documents: an OR query of the document's most distinctive words.

    python -m benchmarks.baselines.fts5 serve --db var/bench/fts5-10000.sqlite --port 5102
"""
from __future__ import annotations

import argparse
import math
import os
import random
import re
import sqlite3
import sys
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable

from flask import Flask, jsonify, request

from benchmarks.baselines.common import (FACETS, RELATED_COUNT, BadRequest, Params, default_workers,
                                         facet_list, hit_json, leading_text, read_params, search_json, serve,
                                         split_values)

TOKENIZER = "unicode61 remove_diacritics 2"
TITLE_WEIGHT = 3.0         # as the service's title boost
COLUMNS = {"meeting": "meeting", "year": "year", "location": "location", "lang": "lang"}
VALUE_TABLES = {"topic": "doc_topics", "person": "doc_people"}
RELATED_TERMS = 12
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_ELIDED = re.compile(r"^(?:[lmtnsjdc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\w)", re.I)
_HIT_COLUMNS = "d.id, d.url, d.title, d.date, d.date_inferred, d.year, d.meeting, d.topics, d.location, d.people, d.lang"

SCHEMA_SQL = f"""
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, title TEXT, body TEXT, date TEXT,
                  date_inferred INTEGER, year TEXT, meeting TEXT, location TEXT, lang TEXT, topics TEXT, people TEXT);
CREATE TABLE doc_topics(doc INTEGER NOT NULL, value TEXT NOT NULL);
CREATE TABLE doc_people(doc INTEGER NOT NULL, value TEXT NOT NULL);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs', content_rowid='rowid', tokenize="{TOKENIZER}");
CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
"""
INDEX_SQL = """
CREATE INDEX docs_date ON docs(date);
CREATE INDEX docs_year ON docs(year);
CREATE INDEX docs_meeting ON docs(meeting);
CREATE INDEX docs_location ON docs(location);
CREATE INDEX docs_lang ON docs(lang);
CREATE INDEX doc_topics_value ON doc_topics(value, doc);
CREATE INDEX doc_topics_doc ON doc_topics(doc, value);
CREATE INDEX doc_people_value ON doc_people(value, doc);
CREATE INDEX doc_people_doc ON doc_people(doc, value);
"""


# --- building -------------------------------------------------------------------------------------
def build_database(db_path: str, documents: Iterable, meta: dict[str, str] | None = None) -> dict:
    """Load (source id, Communique or None) pairs into a new database at `db_path` (replaced atomically)."""
    started = time.perf_counter()
    tmp = db_path + ".tmp"
    for leftover in (tmp, tmp + "-journal"):
        if os.path.exists(leftover):
            os.remove(leftover)
    conn = sqlite3.connect(tmp)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA_SQL)
    docs = rejected = text_bytes = 0
    rows, topics, people = [], [], []
    for _, doc in documents:
        if doc is None:
            rejected += 1
            continue
        docs += 1
        m = doc.metadata
        text_bytes += len(doc.title.encode()) + len(doc.body.encode())
        rows.append((docs, doc.id, doc.url, doc.title, doc.body, doc.date.isoformat() if doc.date else None,
                     int(doc.date_inferred), str(doc.date.year) if doc.date else None, m.meeting, m.location, m.lang,
                     ",".join(m.topics), ",".join(m.people)))
        topics += [(docs, t) for t in m.topics]
        people += [(docs, p) for p in m.people]
        if len(rows) >= 2000:
            _flush(conn, rows, topics, people)
    _flush(conn, rows, topics, people)
    conn.execute("INSERT INTO fts(fts) VALUES('rebuild')")
    conn.execute("INSERT INTO fts(fts) VALUES('optimize')")
    conn.executescript(INDEX_SQL)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted((meta or {}).items()))
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    os.replace(tmp, db_path)
    return {"docs": docs, "rejected": rejected, "text_bytes": text_bytes,
            "seconds": round(time.perf_counter() - started, 2), "db_bytes": os.path.getsize(db_path)}


def _flush(conn, rows, topics, people) -> None:
    conn.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO doc_topics VALUES (?, ?)", topics)
    conn.executemany("INSERT INTO doc_people VALUES (?, ?)", people)
    rows.clear()
    topics.clear()
    people.clear()


def read_meta(db_path: str) -> dict[str, str]:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def corpus_profile(db_path: str, sample: int = 1500, seed: int = 8):
    """What the query mix draws from: ids, a sample of bodies, document frequencies, facet values."""
    from benchmarks.querymix import CorpusProfile
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM docs ORDER BY rowid")]
        rowids = random.Random(f"profile:{seed}").sample(range(1, len(ids) + 1), min(sample, len(ids)))
        texts = []
        for i in range(0, len(rowids), 500):
            chunk = rowids[i:i + 500]
            texts += [r[0] for r in conn.execute(
                f"SELECT body FROM docs WHERE rowid IN ({','.join('?' * len(chunk))}) ORDER BY rowid", chunk)]
        doc_freq = dict(conn.execute("SELECT term, doc FROM vocab"))
        facet_values = {}
        for name in FACETS:
            if name in VALUE_TABLES:
                sql = f"SELECT value, count(*) FROM {VALUE_TABLES[name]} GROUP BY value"
            else:
                sql = f"SELECT {COLUMNS[name]}, count(*) FROM docs WHERE {COLUMNS[name]} IS NOT NULL GROUP BY 1"
            facet_values[name] = sorted(conn.execute(sql).fetchall(), key=lambda vc: (-vc[1], vc[0]))
    finally:
        conn.close()
    return CorpusProfile(size=len(ids), doc_ids=ids, texts=texts, doc_freq=doc_freq, facet_values=facet_values)


def connect(db_path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
    conn.executescript("PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
                       "CREATE TEMP TABLE IF NOT EXISTS m(rowid INTEGER PRIMARY KEY);")
    return conn


# --- queries --------------------------------------------------------------------------------------
def fold(word: str) -> str:
    """What unicode61 with remove_diacritics makes of a word: lowercase, no accents."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain_words(q: str) -> list[str]:
    return [_ELIDED.sub("", w) for w in _WORD.findall(q.replace('"', " ").replace("*", " "))]


def match_expression(q: str) -> str | None:
    """The user's query as FTS5 syntax: quoted phrases, word* prefixes, other words AND-ed."""
    parts = []
    for phrase, token in _PHRASE_OR_WORD.findall(q):
        if phrase:
            words = re.findall(r"\w+", phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
            continue
        prefix = token.endswith("*")
        for word in _WORD.findall(token):
            pieces = re.findall(r"\w+", _ELIDED.sub("", word))
            if pieces:
                parts.append('"' + " ".join(pieces) + '"')
        if prefix and parts:
            parts[-1] += "*"
    return " AND ".join(parts) if parts else None


def _filters_sql(params: Params, skip: str | None = None) -> tuple[str, list]:
    clauses, args = [], []
    for name, values in params.filters.items():
        if name == skip:
            continue
        marks = ",".join("?" * len(values))
        if name in VALUE_TABLES:
            clauses.append(f"d.rowid IN (SELECT doc FROM {VALUE_TABLES[name]} WHERE value IN ({marks}))")
        else:
            clauses.append(f"d.{COLUMNS[name]} IN ({marks})")
        args += list(values)
    if params.date_from:
        clauses.append("d.date >= ?")
        args.append(params.date_from.isoformat())
    if params.date_to:
        clauses.append("d.date <= ?")
        args.append(params.date_to.isoformat())
    return (" AND ".join(clauses) or "1"), args


class Fts5Search:
    """Answers API requests on one connection (one per server thread)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.doc_count = conn.execute("SELECT count(*) FROM docs").fetchone()[0]

    def search(self, params: Params) -> dict:
        started = time.perf_counter()
        expression = match_expression(params.q) if params.q else None
        suggestion, corrected = None, False
        if expression:
            self._collect(expression)
            if self._total(params) == 0:
                fixes = self._corrections(plain_words(params.q))
                if fixes:
                    suggestion = params.q
                    for wrong, right in fixes.items():
                        suggestion = re.sub(r"(?<!\w)%s(?!\w)" % re.escape(wrong), right, suggestion)
                    alternative = match_expression(suggestion)
                    self._collect(alternative)
                    if self._total(params):
                        expression, corrected = alternative, True
                    else:
                        self._collect(expression)
        source = "temp.m AS m JOIN docs d ON d.rowid = m.rowid" if expression else "docs d"
        total = self._total(params, source)
        facets = {name: facet_list(name, self._facet_counts(name, params, source)) for name in FACETS}
        hits = self._hits(params, expression)
        return search_json(params, total, hits, facets, (time.perf_counter() - started) * 1000, suggestion, corrected)

    def _collect(self, expression: str) -> None:
        self.conn.execute("DELETE FROM temp.m")
        try:
            self.conn.execute("INSERT INTO temp.m SELECT rowid FROM fts WHERE fts MATCH ?", (expression,))
        except sqlite3.OperationalError:     # an expression FTS5 cannot read matches nothing
            pass

    def _total(self, params: Params, source: str = "temp.m AS m JOIN docs d ON d.rowid = m.rowid") -> int:
        where, args = _filters_sql(params)
        return self.conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", args).fetchone()[0]

    def _facet_counts(self, name: str, params: Params, source: str) -> dict[str, int]:
        where, args = _filters_sql(params, skip=name)
        if name in VALUE_TABLES:
            sql = (f"SELECT v.value, count(*) FROM {source} JOIN {VALUE_TABLES[name]} v ON v.doc = d.rowid "
                   f"WHERE {where} GROUP BY v.value")
        else:
            column = COLUMNS[name]
            sql = f"SELECT d.{column}, count(*) FROM {source} WHERE {where} AND d.{column} IS NOT NULL GROUP BY d.{column}"
        return dict(self.conn.execute(sql, args).fetchall())

    def _hits(self, params: Params, expression: str | None) -> list[dict]:
        where, args = _filters_sql(params)
        offset = (params.page - 1) * params.per_page
        if params.sort == "relevance" and expression:
            order = f"bm25(fts, {TITLE_WEIGHT}, 1.0)"
        elif params.sort == "oldest":
            order = "d.date IS NULL, d.date, d.rowid"
        else:
            order = "d.date DESC, d.rowid DESC"
        if expression:
            sql = (f"SELECT {_HIT_COLUMNS}, highlight(fts, 0, '<mark>', '</mark>'), "
                   f"snippet(fts, 1, '<mark>', '</mark>', '…', 40), bm25(fts, {TITLE_WEIGHT}, 1.0) "
                   f"FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ? AND {where} "
                   f"ORDER BY {order} LIMIT ? OFFSET ?")
            rows = self.conn.execute(sql, [expression, *args, params.per_page, offset]).fetchall()
            return [_hit_from_row(r[:11], title_html=r[11], snippet=r[12], score=round(-r[13], 4)) for r in rows]
        sql = f"SELECT {_HIT_COLUMNS}, d.body FROM docs d WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        rows = self.conn.execute(sql, [*args, params.per_page, offset]).fetchall()
        return [_hit_from_row(r[:11], title_html=r[2], snippet=leading_text(r[11]), score=None) for r in rows]

    def _corrections(self, words: list[str]) -> dict[str, str]:
        fixes = {}
        for word in words:
            folded = fold(word)
            if len(folded) < 4 or folded.isdigit() or self._doc_frequency([folded]):
                continue
            found = self._doc_frequency(sorted(_edits1(folded)))
            if found:
                fixes[word] = max(found, key=lambda t: (found[t], t))
        return fixes

    def _doc_frequency(self, terms: list[str]) -> dict[str, int]:
        out = {}
        for i in range(0, len(terms), 500):
            chunk = terms[i:i + 500]
            sql = f"SELECT term, doc FROM vocab WHERE term IN ({','.join('?' * len(chunk))})"
            out.update(self.conn.execute(sql, chunk).fetchall())
        return out

    def document(self, doc_id: str) -> dict | None:
        row = self.conn.execute(f"SELECT d.rowid, {_HIT_COLUMNS}, d.body FROM docs d WHERE d.id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        rowid, body = row[0], row[12]
        base = _hit_from_row(row[1:12], title_html="", snippet="", score=None)
        for key in ("title_html", "snippet", "score"):
            base.pop(key)
        return {**base, "body": body, "related": self._related(rowid, body)}

    def _related(self, rowid: int, body: str) -> list[dict]:
        counts = Counter(fold(w) for w in re.findall(r"\w+", body) if len(w) >= 4 and not w.isdigit())
        df = self._doc_frequency(list(counts))
        weight = {t: tf * math.log(self.doc_count / df[t]) for t, tf in counts.items() if df.get(t)}
        terms = sorted(weight, key=lambda t: (-weight[t], t))[:RELATED_TERMS]
        if not terms:
            return []
        expression = " OR ".join(f'"{t}"' for t in terms)
        sql = (f"SELECT {_HIT_COLUMNS}, d.body, bm25(fts, {TITLE_WEIGHT}, 1.0) FROM fts JOIN docs d ON d.rowid = fts.rowid "
               f"WHERE fts MATCH ? AND fts.rowid != ? ORDER BY bm25(fts, {TITLE_WEIGHT}, 1.0) LIMIT ?")
        rows = self.conn.execute(sql, (expression, rowid, RELATED_COUNT)).fetchall()
        return [_hit_from_row(r[:11], title_html=r[2], snippet=leading_text(r[11]), score=round(-r[12], 4)) for r in rows]


def _hit_from_row(r, *, title_html: str, snippet: str, score) -> dict:
    return hit_json(id=r[0], url=r[1], title=r[2], title_html=title_html, date=r[3], date_inferred=r[4], year=r[5],
                    meeting=r[6], topics=split_values(r[7]), location=r[8], people=split_values(r[9]), lang=r[10],
                    snippet=snippet.replace("\n", " "), score=score)


def _edits1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


# --- serving --------------------------------------------------------------------------------------
def make_app(db_path: str) -> Flask:
    app = Flask(__name__)
    app.json.ensure_ascii = False      # as the service: UTF-8 bodies, not \u escapes
    app.json.sort_keys = False
    local = threading.local()

    def engine() -> Fts5Search:
        if not hasattr(local, "engine"):
            local.engine = Fts5Search(connect(db_path))
        return local.engine

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok", "documents": engine().doc_count})

    @app.get("/api/search")
    def search():
        try:
            params = read_params(request.args)
        except BadRequest as exc:
            return jsonify({"error": {"message": str(exc)}}), 400
        return jsonify(engine().search(params))

    @app.get("/api/documents/<path:doc_id>")
    def document(doc_id):
        found = engine().document(doc_id)
        if found is None:
            return jsonify({"error": {"code": "not_found"}}), 404
        return jsonify(found)

    return app


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.baselines.fts5")
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--db", required=True)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--workers", type=int, default=default_workers())
    s.add_argument("--threads", type=int, default=4)
    args = ap.parse_args(argv)
    if not os.path.isfile(args.db):
        ap.error(f"no database at {args.db}")
    serve(lambda: make_app(args.db), f"{args.host}:{args.port}", args.workers, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
