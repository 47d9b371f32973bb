"""The query layer, usable as a library (no Flask, no Werkzeug: a test imports it alone).

    handle = IndexHandle("var/index")           # search_service.search.index_handle
    engine = SearchEngine(handle)               # search_service.search.engine
    result = engine.search(SearchParams(q="sécurité"))

See README.md ("The query layer as a library").
"""
