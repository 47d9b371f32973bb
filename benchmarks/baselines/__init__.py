"""The two systems the service is measured against: naive Whoosh and SQLite FTS5, behind the same HTTP API."""
