"""What the service exposes: security headers on every HTML page, no traceback or debugger anywhere,
request size and parameter limits, and no way to write to the index over HTTP."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from search_service import create_app
from tests.reliability.hostile_pages import good_pages
from tests.reliability.hostile_queries import leaks

WRITE_METHODS = ("POST", "PUT", "DELETE", "PATCH")


@pytest.fixture(scope="module")
def client(corpus_app):
    return corpus_app.test_client()


def csp_directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = [w.lower() for w in words[1:]]
    return out


def html_urls(client) -> list[str]:
    """HTML pages in every state: results, empty, errors, a document, missing things, hostile q."""
    doc_id = client.get("/api/search?q=OTAN").get_json()["hits"][0]["id"]
    return ["/", "/?q=OTAN", "/?q=zzzzqqq", "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/?page=0", "/?from=2017-02-31",
            "/?q=%22otan", "/documents/" + quote(doc_id, safe=""), "/documents/none", "/nope", "/static/nope.css",
            "/documents/%3Cscript%3E"]


def test_every_html_response_carries_the_security_headers(client):
    seen = 0
    for url in html_urls(client):
        reply = client.get(url)
        if reply.mimetype != "text/html":
            continue
        seen += 1
        h = reply.headers
        csp = csp_directives(h.get("Content-Security-Policy", ""))
        assert csp.get("default-src") == ["'none'"] or csp.get("default-src") == ["'self'"], (url, csp)
        script = csp.get("script-src", csp.get("default-src"))
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, (url, script)
        assert csp.get("frame-ancestors") in (["'none'"], ["'self'"]), (url, csp)
        assert h.get("X-Content-Type-Options") == "nosniff", url
        assert h.get("Referrer-Policy"), url
    assert seen >= 8


def test_html_pages_hold_no_inline_script_and_echo_hostile_input_escaped(client):
    for url in html_urls(client):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html, re.I), f"inline <script> in {url}"
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), f"inline event handler in {url}"
        assert "<script>alert(1)" not in html


def test_every_json_response_says_nosniff(client):
    for url in ("/api/search?q=otan", "/api/facets", "/healthz", "/api/openapi.json", "/api/nothing", "/api/search?page=0"):
        assert client.get(url).headers.get("X-Content-Type-Options") == "nosniff", url


def test_no_debugger_and_no_traceback_even_when_the_index_is_corrupt(tmp_path, corpus_index):
    broken = tmp_path / "index"
    shutil.copytree(corpus_index, broken)
    segment = next(broken.glob("gen-*/*.seg"))
    with open(segment, "r+b") as f:
        f.truncate(100)
    app = create_app({"INDEX": str(broken)})
    assert not app.debug and not app.testing
    client = app.test_client()
    for url in ("/api/search?q=otan", "/", "/healthz", "/api/facets", "/documents/x", "/search.atom", "/search.csv",
                "/console", "/?__debugger__=yes&cmd=resource&f=debugger.js"):
        reply = client.get(url)
        assert leaks(reply.data) is None, (url, leaks(reply.data))
        assert b"debugger.js" not in reply.data or reply.status_code >= 400
        if url.startswith("/api/") or url == "/healthz":
            assert reply.status_code == 503 and reply.get_json()["error"]["code"] == "index_unavailable", url
            assert reply.headers.get("Retry-After"), url
        elif url in ("/", "/documents/x", "/search.atom", "/search.csv"):
            assert reply.status_code == 503 and reply.mimetype == "text/html", url


def test_parameter_count_and_query_string_length_are_limited(client, corpus_app):
    limit = int(corpus_app.config["MAX_PARAMS"])
    many = "&".join(f"p{i}=1" for i in range(limit + 1))
    reply = client.get("/api/search?" + many)
    assert reply.status_code == 400 and reply.get_json()["error"]["code"] == "too_many_parameters"
    assert client.get("/?" + many).status_code == 400
    assert client.get("/api/search?q=" + "a" * 17_000).status_code == 414


def test_request_bodies_are_refused(client):
    big = b"x" * (1024 * 1024)
    for url in ("/api/search", "/", "/api/facets", "/healthz", "/search.csv"):
        reply = client.post(url, data=big, content_type="application/octet-stream")
        assert reply.status_code in (404, 405, 413), (url, reply.status_code)
        assert leaks(reply.data) is None


def fingerprint(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file of the index folder: (size, mtime in ns, sha256)."""
    out = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            st = path.stat()
            out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def test_nothing_reachable_over_http_writes_to_the_index(build_index):
    index_dir = build_index(good_pages(5))
    app = create_app({"INDEX": str(index_dir), "TESTING": True})
    client = app.test_client()
    doc_id = client.get("/api/search").get_json()["hits"][0]["id"]
    before = fingerprint(index_dir)
    urls = []
    for rule in app.url_map.iter_rules():
        url = re.sub(r"<(?:path:)?(\w+)>", lambda m: quote(doc_id, safe="") if "id" in m.group(1) else "x", rule.rule)
        urls.append(url)
    urls += ["/api/documents/" + quote(doc_id, safe=""), "/api/index", "/api/admin", "/api/ingest", "/api/reindex"]
    for url in urls:
        for method in WRITE_METHODS:
            reply = client.open(url, method=method, json={"id": doc_id, "title": "écrasé", "body": "x"})
            assert reply.status_code in (404, 405), (method, url, reply.status_code)
        assert client.get(url).status_code < 500
    assert fingerprint(index_dir) == before
    assert client.get("/api/search").get_json()["total"] == 5
