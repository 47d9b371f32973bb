"""Decode page bytes the way a browser would, with a safety net for lying headers."""
from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
# Browsers read these labels as Windows-1252 (WHATWG encoding standard).
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1", "cp819"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


class UndecodableError(ValueError):
    pass


def _normalise_label(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(raw: bytes, content_type: str | None = None) -> str | None:
    """The charset the HTTP header or the page's <meta> declares, if any."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and (enc := _normalise_label(m.group(1))):
            return enc
    m = _META_CHARSET.search(raw[:4096])
    return _normalise_label(m.group(1).decode("ascii", "ignore")) if m else None


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """BOM first, then the declared charset, then UTF-8, then Windows-1252.

    A page declaring a single-byte charset whose bytes are valid multi-byte UTF-8
    is read as UTF-8: such a declaration is a leftover from an old template.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, errors="replace")
    if b"\x00" in raw[:1024] and raw.count(b"\x00") > len(raw[:1024]) // 4:
        raise UndecodableError("binary content (NUL bytes)")
    declared = declared_encoding(raw, content_type)
    utf8 = _try(raw, "utf-8")
    if declared and declared not in ("utf-8", "utf_8"):
        if utf8 is not None and not raw.isascii() and declared in ("cp1252", "iso8859-15", "iso8859_15"):
            return utf8
        text = _try(raw, declared)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    return raw.decode("cp1252", errors="replace")


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
