"""One error shape for the API: {"error": {"code", "message", "parameter"}}; and telling a damaged index apart.

A damaged index (a truncated, emptied, overwritten or missing file in the live
generation) makes reading it raise whatever the decoder trips on: EOFError,
OSError, struct.error, pickle.UnpicklingError, Whoosh's IndexError or
FileFormatError, even TypeError or ValueError (each seen by corrupting a real
index, see tests/search_service/test_api_damaged_index.py). Those classes are
also what a plain bug raises, so the exception's traceback decides: raised by
the code that decodes the index files, it becomes `IndexUnreadable` (as does any
failure to open the index, raised by the index handle), answered 503 like a missing index (JSON for the API,
the French "unavailable" page for HTML); anything else goes on to the generic
500 handler, as before.
"""
from __future__ import annotations

import pickle
import struct
import zlib

from flask import Flask, current_app, jsonify
from whoosh.filedb.filetables import FileFormatError
from whoosh.index import IndexError as WhooshIndexError
from whoosh.reading import TermNotFound

from search_service.search.index_handle import IndexUnreadable

RETRY_AFTER_S = 120      # a damaged index needs a rebuild: clients should not retry at once

INDEX_READ_ERRORS = (OSError, EOFError, struct.error, pickle.UnpicklingError, zlib.error, WhooshIndexError,
                     FileFormatError, TermNotFound, ValueError, TypeError, LookupError, ArithmeticError,
                     AttributeError, MemoryError)
# Modules that decode the bytes of index files (Whoosh's storage layer and the project's direct readers of it).
INDEX_DECODERS = ("whoosh.index", "whoosh.reading", "whoosh.filedb", "whoosh.codec", "whoosh.columns",
                  "whoosh.system", "whoosh.util.varints", "whoosh.util.numlists",
                  "search_service.search.postings", "search_service.search.lexicon")
CODE_PACKAGES = ("whoosh", "indexer", "search_service")




def api_error(status: int, code: str, message: str, parameter: str | None = None, headers=None):
    body = {"error": {"code": code, "message": message, "parameter": parameter}}
    response = jsonify(body)
    response.status_code = status
    if headers:
        response.headers.update(headers)
    return response


def _in(module: str, prefixes) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def damaged_index(exc: BaseException) -> bool:
    """True when `exc` was raised reading index files: by a decoder (the innermost frame of Whoosh or of the
    project is one). Failures while opening the index already arrive as IndexUnreadable (index_handle)."""
    innermost = None
    tb = exc.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__") or ""
        if _in(module, CODE_PACKAGES):
            innermost = module
        tb = tb.tb_next
    return innermost is not None and _in(innermost, INDEX_DECODERS)


def init_app(app: Flask) -> None:
    """Route the exceptions of a damaged index to the IndexUnreadable handlers (api.py, views.py)."""
    for cls in INDEX_READ_ERRORS:
        app.register_error_handler(cls, _read_error)


def _read_error(exc: Exception):
    if damaged_index(exc):
        current_app.logger.error("the index in %s cannot be read", current_app.config.get("INDEX"), exc_info=exc)
        unreadable = IndexUnreadable(f"{type(exc).__name__}: {exc}")
        unreadable.__cause__ = exc
        return current_app.handle_user_exception(unreadable)     # the blueprint's handler: JSON or HTML
    generic = current_app.error_handler_spec[None][None].get(Exception)
    if generic is None:
        raise exc
    return generic(exc)
