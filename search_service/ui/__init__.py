"""Pieces of the HTML search interface that need no Flask: links, labels, timeline, pagination, exports."""
