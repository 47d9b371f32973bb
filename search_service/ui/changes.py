"""Edits to communiqués after publication, in French: the diff marked up for the page, and /changes.atom."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from markupsafe import Markup, escape

from search_service.search.versions import FieldDiff, VersionView
from search_service.ui.export import ATOM_NS, _tag, _text
from search_service.ui.french import long_date

FIELD_LABELS = {"title": "Titre", "date": "Date", "body": "Texte"}


def diff_html(diff: FieldDiff) -> Markup:
    """Deleted words in <del>, inserted ones in <ins>, each announced in words for screen readers."""
    out = []
    for part in diff.parts:
        text = escape(part.text)
        if part.op == "delete":
            out.append(Markup('<del><span class="visually-hidden">[supprimé : </span>{}'
                              '<span class="visually-hidden">]</span></del>').format(text))
        elif part.op == "insert":
            out.append(Markup('<ins><span class="visually-hidden">[ajouté : </span>{}'
                              '<span class="visually-hidden">]</span></ins>').format(text))
        else:
            out.append(text)
    return Markup(" ").join(out).replace("\n\n", Markup("<br><br>"))


def captured_label(iso: str) -> str:
    """'2024-11-28T09:15:00+00:00' -> '28 novembre 2024 à 09:15 (UTC)'."""
    try:
        when = datetime.fromisoformat(iso).astimezone(timezone.utc)
    except ValueError:
        return iso
    return f"{long_date(when.date().isoformat())} à {when:%H:%M} (UTC)"


def diff_text(changes: list[FieldDiff]) -> str:
    """The edit as plain French text, for a feed reader: [-supprimé-] {+ajouté+}, changed fields only."""
    lines = []
    for diff in changes:
        if not diff.changed:
            continue
        marked = " ".join(f"[-{p.text}-]" if p.op == "delete" else f"{{+{p.text}+}}" if p.op == "insert" else p.text
                          for p in diff.parts)
        lines.append(f"{FIELD_LABELS[diff.field]} : {marked}")
    return "\n\n".join(lines)


def changes_atom(edits: list[tuple[str, VersionView, VersionView]], self_href: str,
                 document_href: Callable[..., str]) -> bytes:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(_tag("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(feed, "title", "Communiqués modifiés après publication")
    _text(feed, "id", self_href)
    updated = _atom_time(edits[0][2].captured_at) if edits else datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _text(feed, "updated", updated)
    ET.SubElement(feed, _tag("link"), rel="self", type="application/atom+xml", href=self_href)
    author = ET.SubElement(feed, _tag("author"))
    _text(author, "name", "Recherche dans les communiqués")
    for url, previous, edited in edits:
        entry = ET.SubElement(feed, _tag("entry"))
        _text(entry, "title", f"Modifié : {edited.title}")
        _text(entry, "id", f"{document_href(url)}#version-{edited.number}")
        _text(entry, "updated", _atom_time(edited.captured_at))
        ET.SubElement(entry, _tag("link"), rel="alternate", type="text/html", href=document_href(url))
        ET.SubElement(entry, _tag("link"), rel="via", type="text/html", href=document_href(url, previous.number))
        _text(entry, "summary", f"Version {edited.number}, capturée le {captured_label(edited.captured_at)}, "
                                f"remplace la version {previous.number} du {captured_label(previous.captured_at)}.\n\n"
                                + diff_text(edited.changes))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _atom_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return iso
