"""Hostile requests for the search service: Hypothesis strategies for the query language and the
parameters, the hand-picked expensive queries, and what a response must never contain."""
from __future__ import annotations

import json
import re
from importlib import resources

from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

SPEC = json.loads(resources.files("search_service").joinpath("openapi.json").read_text("utf-8"))

# Words that occur in the corpus and in the generated communiqués, so operators combine with real terms.
WORDS = ["otan", "ministre", "affaires", "étrangères", "réunion", "conseil", "Bruxelles", "sécurité", "Ukraine",
         "l’Union", "d'une", "coopération", "sommet", "Gymnich", "Asselborn", "œuvre", "a", "le", "de", "x"]
OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "and", "or", "-", "+", "*", "?", "~", "~2", "~99", "^",
             "^2", ":", '"', "'", "’", "(", ")", "[", "]", "{", "}", "\\", "/", "!", "&&", "||", "title:", "body:",
             "exact:", "id:", "url:", "source_key:", "meeting:", "year:", "nope:", "*:*", "a*", "*a", "é*", "œ*",
             "\x00", "\x01", "\x1b", "\x7f", "\u202e", "\ufeff", "\ud7ff", "𝕏", "%", "%00", "&", "=", "#", ";", "<script>"]

query_words = st.sampled_from(WORDS)
query_operators = st.sampled_from(OPERATORS)
joiners = st.sampled_from([" ", "", "  ", "\t", "\n"])


@st.composite
def query_language(draw) -> str:
    """Words, operators, quotes and brackets in any order and balance."""
    parts = draw(st.lists(st.one_of(query_words, query_operators, st.text(max_size=8)), max_size=25))
    out = ""
    for part in parts:
        out += draw(joiners) + part
    return out


def or_chain(count: int, prefix: str = "mot") -> str:
    return " OR ".join(f"{prefix}{i}" for i in range(count))


EXPENSIVE_QUERIES = [
    "*", "a*", "*a", "e*", "*e*", "?", "??", "d?*", "a* b* c* d* e*", "t*", "co*", "é*", "a*b*c*d*",
    "ministre~2", "conseil~2 réunion~2 sécurité~2", "x~2", "ab~2", "otan~99",
    or_chain(200), " OR ".join(WORDS * 10), " ".join(["a*"] * 40), "(" * 100 + "otan" + ")" * 100,
    '"' + " ".join(WORDS) + '"', " ".join(f'"{w} {w}"' for w in WORDS), "NOT " * 60 + "otan", "-a* -b* -c* conseil",
    "title:a* body:e* exact:c*", "a" * 500,
]

queries = st.one_of(
    query_language(),
    st.text(max_size=600),
    st.sampled_from(EXPENSIVE_QUERIES),
    st.integers(1, 250).map(or_chain),
    st.integers(490, 12_000).map(lambda n: "é" * n),
)

JSON_ENDPOINTS = ["/api/search", "/api/facets", "/healthz", "/api/openapi.json", "/api/", "/api/nothing/here"]
PAGE_ENDPOINTS = ["/", "/search.atom", "/search.csv"]
SEARCH_PARAMETERS = ["q", "meeting", "topic", "year", "location", "person", "lang", "from", "to", "sort", "page",
                     "per_page", "correct", "unknown", "q[]", "", "__debugger__", "cmd"]
parameter_values = st.one_of(
    st.text(max_size=40), queries,
    st.integers(-10**12, 10**12).map(str),
    st.sampled_from(["", "0", "1", "-1", "100", "101", "10000", "10001", "1e3", "0x10", "NaN", "true", "false", "yes",
                     "2017-02-31", "2017-12-06", "0000-01-01", "9999-12-31", "2017-1-1", "relevance", "newest", "oldest",
                     "Gymnich", "Ukraine", "2017", "fr", "de", "\x00", "%ff"]),
)
parameter_lists = st.lists(st.tuples(st.sampled_from(SEARCH_PARAMETERS), parameter_values), max_size=12)

# Ids and paths tried against /api/documents/<id> and /documents/<id>.
TRAVERSALS = [
    "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc%252fpasswd", "....//....//etc/passwd", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "..\\..\\etc\\passwd", "/etc/passwd", "%2Fetc%2Fpasswd", "file:///etc/passwd", "etc/passwd%00.html",
    "..%00/etc/passwd", "%00", "C:\\Windows\\win.ini", "../" * 20 + "etc/passwd", "~root/.ssh/id_rsa",
    "../../../../proc/self/environ", "..%5c..%5cetc%5cpasswd", "%u002e%u002e/etc/passwd",
]
FILE_CONTENT_MARKERS = ("root:x:0:0", "[extensions]", "BEGIN OPENSSH", "PATH=")

# What a response must never show: a traceback, the debugger, source paths.
LEAK_MARKERS = re.compile(r"Traceback \(most recent call last\)|File \"/|site-packages|werkzeug\.debug|"
                          r"The debugger caught an exception|Werkzeug Debugger|\bline \d+, in ")


def leaks(body: bytes | str) -> str | None:
    """The first leak marker found in a response body, if any."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    m = LEAK_MARKERS.search(text)
    return m.group(0) if m else None


def response_validator(path: str, status: int) -> Draft202012Validator | None:
    """The JSON schema the OpenAPI description gives for this path and status (None when it gives none)."""
    operation = SPEC["paths"].get(path, {}).get("get", {})
    response = operation.get("responses", {}).get(str(status))
    schema = ((response or {}).get("content") or {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    return Draft202012Validator({**schema, "components": SPEC.get("components", {})}, format_checker=FormatChecker())


def error_validator() -> Draft202012Validator:
    return Draft202012Validator({"$ref": "#/components/schemas/Error", "components": SPEC["components"]})


def check_response(reply, path: str) -> None:
    """No server error, no leak; JSON replies match the OpenAPI description for their status."""
    assert reply.status_code < 500, f"{path}: {reply.status_code} {reply.data[:300]!r}"
    assert leaks(reply.data) is None, f"{path}: leaks {leaks(reply.data)!r}"
    if reply.mimetype == "application/json" and path.startswith(("/api/", "/healthz")):
        body = reply.get_json()
        if reply.status_code >= 400:
            error_validator().validate(body)
        elif (validator := response_validator(_documented(path), reply.status_code)) is not None:
            validator.validate(body)


def _documented(path: str) -> str:
    return "/api/documents/{id}" if path.startswith("/api/documents/") else path
