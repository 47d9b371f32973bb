"""Metadata of a communiqué: meeting, topics, location, people, language."""
from __future__ import annotations

from indexer.document import Metadata


def extract_metadata(title: str, paragraphs: list[str], lang_hint: str | None = None) -> Metadata:
    return Metadata(lang=lang_hint or "fr")
