"""benchmarks.index_sizes: an index's bytes, field by field, adding up to its segment files."""
from __future__ import annotations

from benchmarks.builds import directory_bytes
from benchmarks.index_sizes import main, measure
from indexer.ingest import ingest
from indexer.store import IndexStore
from tests.conftest import page, write_pages


def small_index(tmp_path):
    pages = {f"p{i}.html": page(f"Réunion des ministres numéro {i}",
                                f"Le ministre s’est rendu à Bruxelles pour le Conseil Affaires étrangères {i}.",
                                "Les ministres ont évoqué la situation en Ukraine et l’aide humanitaire.",
                                date_line=f"Publié le {1 + i}.03.2019")
             for i in range(12)}
    # Keyword-only: these tests measure Whoosh's files, and the vector file (vectors.npz) is none of them.
    ingest([str(write_pages(tmp_path / "pages", pages))], IndexStore(tmp_path / "ix"), semantic=False)
    return tmp_path / "ix"


def test_the_parts_add_up_to_the_segment_files(tmp_path):
    index = small_index(tmp_path)
    sizes = measure(str(index))
    parts = sizes.parts()
    on_disk = directory_bytes(IndexStore(index).current_dir())      # the segment files, plus TOC and file tables
    assert 0 < sizes.total <= on_disk <= sizes.total * 1.02 + 16_384
    assert abs(parts["(other)"]) < 0.01 * sizes.total       # everything is put down to a field or a file kind
    assert parts["(stored fields)"] > 0 and parts["(columns)"] > 0


def test_fields_are_counted_by_their_terms(tmp_path):
    sizes = measure(str(small_index(tmp_path)))
    assert sizes.terms["id"] == 12
    assert sizes.terms["pairs"] > sizes.terms["body"] > 0     # adjacent stem pairs outnumber the stems
    assert "source_key" not in sizes.terms                    # a column, not terms
    assert all(sizes.by_field()[f] > 0 for f in ("body", "exact", "pairs", "title"))


def test_the_command_prints_a_line_per_part(tmp_path, capsys):
    main([str(small_index(tmp_path))])
    out = capsys.readouterr().out
    assert "MB in segment files" in out and "pairs" in out and "(stored fields)" in out
