"""A polite, incremental crawler of ministry news sites, plugged in as the http/https page source.

Importing the package registers it: `python -m indexer ingest https://…/actualites.html` crawls.
"""
from indexer.crawl.source import url_source
from indexer.sources import register_url_source

register_url_source("http", url_source)
register_url_source("https", url_source)
