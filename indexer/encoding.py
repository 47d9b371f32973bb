"""Decode page bytes the way a browser would, with a safety net for lying headers."""
from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
# Browsers read these labels as Windows-1252 (WHATWG encoding standard).
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1", "cp819"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# The encodings a browser reads (WHATWG), as Python names. Any other label is ignored as browsers do:
# Python also knows codecs no web page can mean (unicode_escape, idna, cp037, "undefined", which raises).
WEB_ENCODINGS = frozenset({
    "utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp866", "koi8-r", "koi8-u", "mac-roman", "cp874",
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr", "cp949",
})
# A well-formed UTF-8 sequence of two to four bytes.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_NON_ASCII_BYTES = bytes(range(0x80, 0x100))


class UndecodableError(ValueError):
    pass


def _normalise_label(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return name if name in WEB_ENCODINGS else None


def declared_encoding(raw: bytes, content_type: str | None = None) -> str | None:
    """The charset the HTTP header or the page's <meta> declares, if any."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and (enc := _normalise_label(m.group(1))):
            return enc
    m = _META_CHARSET.search(raw[:4096])
    enc = _normalise_label(m.group(1).decode("ascii", "ignore")) if m else None
    # A <meta> readable as ASCII cannot be UTF-16: browsers read such a page as UTF-8.
    return "utf-8" if enc and enc.startswith("utf-16") else enc


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
        if declared in ("cp1252", "iso8859-15", "iso8859_15"):
            if utf8 is not None and not raw.isascii():
                return utf8
            if utf8 is None and _mostly_utf8(raw):
                return decode_mixed(raw)
        text = _try(raw, declared)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    if _mostly_utf8(raw):
        return decode_mixed(raw)
    return raw.decode("cp1252", errors="replace")


def _mostly_utf8(raw: bytes) -> bool:
    """More non-ASCII bytes belong to well-formed UTF-8 sequences than not: a UTF-8 page with pasted
    Windows-1252 fragments, rather than a Windows-1252 page (where such sequences are rare accidents)."""
    in_sequences = len(raw) - len(_UTF8_MULTIBYTE.sub(b"", raw))
    non_ascii = len(raw) - len(raw.translate(None, _NON_ASCII_BYTES))
    return in_sequences > 0 and in_sequences >= non_ascii - in_sequences


def decode_mixed(raw: bytes) -> str:
    """UTF-8 where the bytes are UTF-8, Windows-1252 for the stray bytes between (mixed-encoding pages)."""
    return raw.decode("utf-8", errors=_CP1252_FALLBACK)


def _cp1252_for_invalid_utf8(exc: UnicodeError):
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


_CP1252_FALLBACK = "indexer.cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_for_invalid_utf8)


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
