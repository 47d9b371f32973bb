"""Site profiles: what to crawl on a site, read from a small TOML file so adding a site needs no code.

Built-in profiles live in indexer/data/sites/NAME.toml; `--profile` also accepts a path to a
TOML file of the same shape. Without --profile, the first profile whose `match_hosts` covers the
start URL's host is used, else "generic".
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import soupsieve
from unidecode import unidecode

GENERIC = "generic"
_TOP_KEYS = {"name", "description", "match_hosts", "start_urls", "feeds", "scope", "listing", "content", "discovery"}
_SECTION_KEYS = {
    "scope": {"extra_hosts", "allow", "deny"},
    "listing": {"link_area", "ignore_areas", "communique_links", "next_page", "next_page_texts", "trust_links"},
    "content": {"selector"},
    "discovery": {"hub_words", "hub_links"},
}


class ProfileError(ValueError):
    """A profile that does not exist or cannot be read (a usage error: exit status 2)."""


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    match_hosts: tuple[str, ...]          # auto-selected for these hosts and their subdomains
    start_urls: tuple[str, ...]           # news listings, crawled when no URL is given
    feeds: tuple[str, ...]                # RSS/Atom feeds, crawled with the start URLs
    extra_hosts: tuple[str, ...]          # hosts besides the start URL's one that may be fetched
    allow: tuple[re.Pattern, ...]         # when set, a URL must match one of these to be in scope
    deny: tuple[re.Pattern, ...]          # a URL matching one of these is out of scope
    link_area: tuple[str, ...]            # CSS selectors: the first that matches holds the links
    ignore_areas: tuple[str, ...]         # CSS selectors removed from that area before collecting
    communique_links: tuple[re.Pattern, ...]
    next_page: tuple[str, ...]            # CSS selectors of the "next listing page" link
    next_page_texts: tuple[str, ...]      # link texts meaning "next page", when no selector matches
    content_selector: str | None = None   # passed to the cleaner, when set
    # A link matching communique_links is a communiqué whatever its page holds (an override); when
    # False, those patterns only choose which links to try, and the page's content decides (judge.py).
    trust_links: bool = False
    hub_words: tuple[str, ...] = ()       # link text or URL words leading to listings (folded, lower case)
    hub_links: tuple[re.Pattern, ...] = ()   # URL patterns of listings: year and month archives

    def applies_to(self, host: str) -> bool:
        host = host.lower().split(":")[0]
        return any(host == h or host.endswith("." + h) for h in self.match_hosts)


def sites_dir() -> Path:
    return Path(str(resources.files("indexer") / "data" / "sites"))


def available_profiles() -> list[str]:
    return sorted(p.stem for p in sites_dir().glob("*.toml"))


def load_profile(name_or_path: str) -> Profile:
    path = Path(name_or_path)
    if not (name_or_path.endswith(".toml") and path.is_file()):
        path = sites_dir() / f"{name_or_path}.toml"
        if not path.is_file():
            raise ProfileError(f"no site profile {name_or_path!r} (built-in: {', '.join(available_profiles())}; "
                               "or give the path of a .toml file)")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"cannot read site profile {path}: {exc}") from None
    return parse_profile(data, origin=str(path))


def profile_for(url: str, name_or_path: str | None = None) -> Profile:
    """The profile asked for, else the built-in one that matches the URL's host, else the generic one."""
    if name_or_path:
        return load_profile(name_or_path)
    host = urlsplit(url).hostname or ""
    for name in available_profiles():
        profile = load_profile(name)
        if name != GENERIC and profile.applies_to(host):
            return profile
    return load_profile(GENERIC)


def parse_profile(data: dict, origin: str = "<profile>") -> Profile:
    _check_keys(data, _TOP_KEYS, origin)
    for section, keys in _SECTION_KEYS.items():
        if not isinstance(data.get(section, {}), dict):
            raise ProfileError(f"{origin}: [{section}] must be a table")
        _check_keys(data.get(section, {}), keys, f"{origin} [{section}]")
    scope, listing, content = data.get("scope", {}), data.get("listing", {}), data.get("content", {})
    discovery = data.get("discovery")
    if discovery is None:      # a profile without its own [discovery] uses the generic one's
        discovery = {} if Path(origin).stem == GENERIC else _generic_discovery()
    trust = listing.get("trust_links", False)
    if not isinstance(trust, bool):
        raise ProfileError(f"{origin}: trust_links must be true or false")
    name = data.get("name") or Path(origin).stem
    return Profile(
        name=str(name),
        description=str(data.get("description", "")),
        match_hosts=_strings(data, "match_hosts", origin, lower=True),
        start_urls=_strings(data, "start_urls", origin),
        feeds=_strings(data, "feeds", origin),
        extra_hosts=_strings(scope, "extra_hosts", origin, lower=True),
        allow=_patterns(scope, "allow", origin),
        deny=_patterns(scope, "deny", origin),
        link_area=_selectors(listing, "link_area", origin),
        ignore_areas=_selectors(listing, "ignore_areas", origin),
        communique_links=_patterns(listing, "communique_links", origin),
        next_page=_selectors(listing, "next_page", origin),
        next_page_texts=tuple(t.lower() for t in _strings(listing, "next_page_texts", origin)),
        content_selector=_selectors(content, "selector", origin, single=True) or None,
        trust_links=trust,
        hub_words=tuple(unidecode(w).lower().replace("_", " ").replace("-", " ")
                        for w in _strings(discovery, "hub_words", origin)),
        hub_links=_patterns(discovery, "hub_links", origin),
    )


@functools.cache
def _generic_discovery() -> dict:
    data = tomllib.loads((sites_dir() / f"{GENERIC}.toml").read_text("utf-8"))
    return data.get("discovery", {})


def _check_keys(table: dict, allowed: set[str], origin: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ProfileError(f"{origin}: unknown key(s) {', '.join(unknown)} "
                           f"(expected some of {', '.join(sorted(allowed))})")


def _strings(table: dict, key: str, origin: str, lower: bool = False) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{origin}: {key} must be a list of strings")
    return tuple(v.lower() if lower else v for v in value if v)


def _patterns(table: dict, key: str, origin: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in _strings(table, key, origin):
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ProfileError(f"{origin}: bad regular expression in {key}: {pattern!r} ({exc})") from None
    return tuple(compiled)


def _selectors(table: dict, key: str, origin: str, single: bool = False):
    selectors = _strings(table, key, origin)
    for selector in selectors:
        try:
            soupsieve.compile(selector)
        except (soupsieve.SelectorSyntaxError, ValueError) as exc:
            raise ProfileError(f"{origin}: bad CSS selector in {key}: {selector!r} ({exc})") from None
    if single:
        if len(selectors) > 1:
            raise ProfileError(f"{origin}: {key} must be one CSS selector")
        return selectors[0] if selectors else ""
    return selectors
