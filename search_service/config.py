"""Configuration from environment variables, with defaults that run the bundled corpus."""
from __future__ import annotations

import os

from search_service.search.postings import DEFAULT_POSTINGS_MB

ENV_PREFIX = "COMMUNIQUES_"
DEFAULTS = {
    "INDEX": "var/index",           # index directory written by `python -m indexer`
    "SYNONYMS": "",                 # path of a synonyms file; empty: the packaged search_service/data/synonyms.txt
    "CORS_ORIGINS": "",             # comma-separated origins allowed to call /api (empty: CORS off)
    "RATE_LIMIT": 0,                # API requests per minute per client and worker (0: off)
    "CACHE_SIZE": 128,              # finished responses cached per worker and index version (about 50 kB each)
    "POSTINGS_CACHE_MB": DEFAULT_POSTINGS_MB,   # decoded, scored posting lists kept per worker and index version
    "CSV_MAX_ROWS": 5000,           # rows in a CSV export at most
    "FEED_ENTRIES": 50,             # entries in an Atom feed
    "MAX_PARAMS": 60,               # query-string parameters per request at most
    "PUBLISHER": "Ministère des Affaires étrangères et européennes",   # who issued the communiqués, in citations
    "WORD_CACHE": 5000,             # memoised words, folds and stems per worker (indexer.analysis.size_word_caches)
    "BASE_URL": "",                 # public URL of the service (https://host/prefix) for absolute links in feeds;
                                    # empty: taken from the request's Host header
    "TRUSTED_HOSTS": "",            # comma-separated Host values served (Flask's TRUSTED_HOSTS); empty: any
}


def _coerce(default, raw: str):
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    return raw


def from_environment(environ=os.environ) -> dict:
    config = {}
    for key, default in DEFAULTS.items():
        raw = environ.get(ENV_PREFIX + key)
        config[key] = _coerce(default, raw) if raw not in (None, "") else default
    config["TRUSTED_HOSTS"] = trusted_hosts(config["TRUSTED_HOSTS"])
    return config


def trusted_hosts(value) -> list[str] | None:
    """Flask's TRUSTED_HOSTS from "a.example, .b.example" (None: every Host accepted, Flask's default)."""
    if value is None or isinstance(value, list):
        return value
    hosts = [h.strip() for h in str(value).split(",") if h.strip()]
    return hosts or None
