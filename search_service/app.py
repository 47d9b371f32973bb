"""The Flask app factory: configuration, the engine, security and the blueprints."""
from __future__ import annotations

from flask import Flask

from search_service import template_folder
from search_service import config as config_module


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
    from search_service import api, security, views
    from search_service.search.engine import SearchEngine
    from search_service.search.index_handle import IndexHandle
    from search_service.search.synonyms import Synonyms
    from search_service.search.versions import VersionHistory

    size_word_caches(int(app.config["WORD_CACHE"]))
    app.extensions["engine"] = SearchEngine(
        IndexHandle(app.config["INDEX"], cache_size=int(app.config["CACHE_SIZE"]),
                    postings_mb=int(app.config["POSTINGS_CACHE_MB"])),
        Synonyms.load(app.config["SYNONYMS"] or None),
    )
    app.extensions["versions"] = VersionHistory(app.config["INDEX"])
    security.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(views.bp)
    return app
