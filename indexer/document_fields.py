"""The Whoosh fields of one communiqué: what the indexer writes for a page (the schema is indexer.schema)."""
from __future__ import annotations

from datetime import datetime, time

from indexer.analysis import DocumentTerms, analyze_document
from indexer.document import Communique
from indexer.indexed import source_key_column


def document_fields(doc: Communique, source_key: str, terms: DocumentTerms | None = None) -> dict:
    """The Whoosh fields of a communiqué (the schema lives in indexer.schema).

    Text fields get their terms counted beforehand (in the parser processes when
    `terms` is given); the texts themselves are stored as they are.
    """
    m = doc.metadata
    terms = terms or analyze_document(doc.title, doc.body)
    fields = dict(
        id=doc.id, url=doc.url or None, source=doc.source, source_key=source_key_column(source_key, doc.id),
        content_hash=doc.content_hash,
        title=terms.title, _stored_title=doc.title, body=terms.body, _stored_body=doc.body,
        exact=terms.exact, pairs=terms.pairs,
        # Indexed either way; stored only when true (most dates are declared), read back as false.
        date_inferred=doc.date_inferred, _stored_date_inferred=True if doc.date_inferred else None,
        lang=m.lang, topics=",".join(m.topics), people=",".join(m.people),
    )
    if doc.date:
        fields["date"] = datetime.combine(doc.date, time())
        fields["year"] = str(doc.date.year)
    if m.meeting:
        fields["meeting"] = m.meeting
    if m.location:
        fields["location"] = m.location
    if m.occurrence:
        fields["occurrence"] = m.occurrence.id
        fields["occurrence_info"] = m.occurrence.as_dict()
    return fields
