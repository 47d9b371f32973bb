"""Answers queries over the communiqué index: a query layer (search_service.search) and thin Flask views."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from search_service import config as config_module

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def template_folder() -> Path:
    """The copy of templates/ a wheel carries inside the package (setup.py), else the top-level templates/
    of a source checkout or an editable install."""
    packaged = Path(__file__).resolve().parent / "templates"
    return packaged if packaged.is_dir() else PROJECT_ROOT / "templates"


def create_app(config: dict | None = None) -> Flask:
    """App factory: defaults, then environment variables, then the given mapping (tests)."""
    app = Flask(__name__, template_folder=str(template_folder()), static_folder="static")
    app.config.update(config_module.from_environment())
    if config:
        app.config.update(config)
    app.config["TRUSTED_HOSTS"] = config_module.trusted_hosts(app.config.get("TRUSTED_HOSTS"))
    app.config.setdefault("MAX_CONTENT_LENGTH", 64 * 1024)
    app.url_map.merge_slashes = False     # document ids are URLs: keep their "//"
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from indexer.analysis import size_word_caches
    from search_service import api, errors, security, views
    from search_service.search.engine import SearchEngine
    from search_service.search.index_handle import IndexHandle
    from search_service.search.synonyms import Synonyms

    size_word_caches(int(app.config["WORD_CACHE"]))
    app.extensions["engine"] = SearchEngine(
        IndexHandle(app.config["INDEX"], cache_size=int(app.config["CACHE_SIZE"])),
        Synonyms.load(app.config["SYNONYMS"] or None),
    )
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(views.bp)
    return app
