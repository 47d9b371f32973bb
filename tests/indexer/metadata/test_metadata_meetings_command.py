"""`python -m indexer meetings`: the discovered meetings of an index, with counts and examples."""
from click.testing import CliRunner

from indexer.cli import main
from tests.conftest import page


def test_meetings_lists_discovered_labels_with_counts_and_examples(build_index):
    index = build_index({
        "g20-a.html": page("Sommet du G20 à Osaka", "Le Premier ministre a participé au sommet du G20 le 28 juin 2019."),
        "g20-b.html": page("Bilan du sommet du G-20", "Le sommet du G20, qui s'est tenu à Osaka, a adopté une déclaration."),
        "cae.html": page("Conseil « Affaires étrangères » à Bruxelles",
                         "Le ministre a participé ce lundi au Conseil des affaires étrangères à Bruxelles."),
    })
    result = CliRunner().invoke(main, ["meetings", "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "1 discovered meetings, 2 in all" in result.output
    assert "    2  Sommet du G20  [discovered]" in result.output
    assert "Bilan du sommet du G-20  (g20-b.html)" in result.output
    assert "Conseil Affaires étrangères (UE)" not in result.output
    everything = CliRunner().invoke(main, ["meetings", "--index", str(index), "--all"]).output
    assert "    1  Conseil Affaires étrangères (UE)\n" in everything


def test_meetings_without_an_index_says_so(tmp_path):
    result = CliRunner().invoke(main, ["meetings", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "error:" in result.output
