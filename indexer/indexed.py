"""What an index holds about each communiqué, read back whole: stored fields and the columns beside them.

The stored fields keep what a hit displays and what retag re-reads (title, body, url,
source, tags). The date, the year, the source key and the content hash are kept
once, in columns (indexer.schema): stored as well, they took ~190 compressed bytes
a document, 15% of the stored fields at 100,000 documents. Whatever rebuilds a
document from the index (retag, the benchmarks' FTS5 loader, reports) reads it here,
in the shape the stored fields had when they held everything.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterator

from whoosh.util.times import long_to_datetime

from indexer.document import Communique, Metadata, Occurrence

_NO_DATE = 2 ** 64 - 1     # the date column's value for an undated document


def source_key_column(source_key: str, doc_id: str) -> str:
    """The source key as its column keeps it: empty when it is the id (a page without a canonical URL),
    ~70 bytes a document less."""
    return "" if source_key == doc_id else source_key


def source_key_of(column_value: str, doc_id: str) -> str:
    """The source key a column value stands for (source_key_column, read back)."""
    return column_value or doc_id


def records(reader) -> Iterator[tuple[int, dict]]:
    """(document number, fields) of every live document: its stored fields with the column-only values
    (source_key, content_hash, date, year) put back."""
    # The date raw: translating an undated document's filler value overflows.
    columns = {name: reader.column_reader(name, translate=name != "date")
               for name in ("source_key", "content_hash", "date") if reader.has_column(name)}
    for docnum, stored in reader.iter_docs():
        yield docnum, with_columns(stored, columns, docnum)


def with_columns(stored: dict, columns: dict, docnum: int) -> dict:
    fields = dict(stored)
    if "source_key" in columns:
        fields["source_key"] = source_key_of(columns["source_key"][docnum], fields["id"])
    if "content_hash" in columns:
        fields["content_hash"] = columns["content_hash"][docnum]
    if "date" in columns:
        when = column_date(columns["date"][docnum])
        if when is not None:
            fields["date"] = when
            fields["year"] = str(when.year)
    return fields


def column_date(raw: int) -> datetime | None:
    """A value of the date column (Whoosh's microseconds since 0001-01-01) as a datetime; None when undated."""
    if not raw or raw == _NO_DATE:
        return None
    try:
        return long_to_datetime(raw)
    except (OverflowError, ValueError):
        return None


def communique(fields: dict) -> Communique:
    """The communiqué a record describes, with the metadata it was indexed with."""
    when = fields.get("date")
    return Communique(
        id=fields["id"], url=fields.get("url") or None, source=fields.get("source", ""),
        content_hash=fields.get("content_hash", ""), title=fields.get("title", ""), body=fields.get("body", ""),
        date=when.date() if when else None, date_inferred=bool(fields.get("date_inferred")),
        metadata=Metadata(meeting=fields.get("meeting") or None, topics=split_list(fields.get("topics")),
                          location=fields.get("location") or None, people=split_list(fields.get("people")),
                          lang=fields.get("lang") or "fr", occurrence=occurrence_of(fields)))


def occurrence_of(fields: dict) -> Occurrence | None:
    """The occurrence a record was indexed with (its id and its stored description), or None."""
    info = fields.get("occurrence_info")
    if not fields.get("occurrence") or not isinstance(info, dict):
        return None
    return Occurrence(fields["occurrence"], info.get("label", ""), date.fromisoformat(info["start"]),
                      date.fromisoformat(info["end"]), info.get("place"))


def split_list(value: str | None) -> list[str]:
    """A comma-joined KEYWORD value (topics, people) as a list."""
    return [v for v in (value or "").split(",") if v]
