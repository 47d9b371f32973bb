"""« Citer » : a communiqué quoted as a journalist or a researcher writes it, in French typographic style.

Ministère des Affaires étrangères et européennes, « Titre », communiqué de presse, 6 décembre 2017,
https://…, consulté le 7 décembre 2026.
"""
from __future__ import annotations

from datetime import date

from search_service.ui.french import long_date

NBSP = "\u00a0"


def french_quoted(title: str) -> str:
    """« Titre » with no-break spaces; quotation marks inside the title become “ ” (quotes within quotes)."""
    inner = " ".join(title.replace("«", "“").replace("»", "”").split())
    inner = inner.replace(f"“{NBSP}", "“").replace(f"{NBSP}”", "”").replace("“ ", "“").replace(" ”", "”")
    return f"«{NBSP}{inner}{NBSP}»"


def citation_text(publisher: str, title: str, iso_date: str | None, url: str, consulted: date) -> str:
    when = long_date(iso_date) if iso_date else "sans date"
    return (f"{publisher}, {french_quoted(title)}, communiqué de presse, {when}, {url}, "
            f"consulté le {long_date(consulted.isoformat())}.")
