"""Turns communiqué pages (files, archives, web sites) into a Whoosh index."""
