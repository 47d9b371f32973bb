"""Reading a large folder of pages keeps memory mappings bounded: a per-page read buffer sized for the
largest page (12 MB) stays a mapping of its own, and at vm.max_map_count (65,530) the indexer dies."""
from __future__ import annotations

from indexer.sources import iter_directory


def _mappings() -> int:
    with open("/proc/self/maps") as f:
        return sum(1 for _ in f)


def test_reading_thousands_of_pages_adds_no_mapping_per_page(tmp_path):
    for i in range(3000):
        (tmp_path / f"{i:04d}.html").write_bytes(b"<html><body><p>%d</p></body></html>" % i)
    before = _mappings()
    pages = list(iter_directory(tmp_path))
    assert len(pages) == 3000
    assert _mappings() - before < 300
