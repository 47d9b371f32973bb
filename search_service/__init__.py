"""Answers queries over the communiqué index: a query layer (search_service.search) and thin Flask views.

The query layer imports without Flask (`import search_service.search...` loads no web framework): the
app factory lives in search_service.app and is only imported when `create_app` is asked for.
"""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

__all__ = ["PROJECT_ROOT", "create_app"]



def template_folder() -> Path:
    """The copy of templates/ a wheel carries inside the package (setup.py), else the top-level templates/
    of a source checkout or an editable install."""
    packaged = Path(__file__).resolve().parent / "templates"
    return packaged if packaged.is_dir() else PROJECT_ROOT / "templates"

def __getattr__(name: str):
    if name == "create_app":
        from search_service.app import create_app
        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
