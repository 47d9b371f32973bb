"""`python -m indexer report`: figures and disagreements on a labelled set of real pages."""
from click.testing import CliRunner

from indexer.cli import main
from tests.conftest import page, write_pages

HEADER = "file\tdate\tmeeting\ttopics\tlocation\tlang\tpeople\n"
NATO_FM = "Réunion des ministres des Affaires étrangères de l'OTAN"


def labelled_set(tmp_path):
    folder = write_pages(tmp_path / "set", {
        "otan.html": page("Jean Asselborn à la réunion des ministres des Affaires étrangères de l'OTAN à Bruxelles",
                          "Le ministre des Affaires étrangères et européennes, Jean Asselborn, a participé le 5 décembre "
                          "2017 à Bruxelles à la réunion des ministres des Affaires étrangères de l'OTAN, présidée par le "
                          "secrétaire général, Jens Stoltenberg.",
                          "Les ministres ont renforcé la posture de dissuasion et de défense de l'Alliance.",
                          date_line="5 décembre 2017"),
        "visite.html": page("Visite de travail de Jean Asselborn à Rabat",
                            "Le ministre a effectué le 14 mars 2023 une visite de travail à Rabat, où il a été reçu par "
                            "le ministre marocain des Affaires étrangères, Nasser Bourita.",
                            "La question migratoire et la situation au Sahel ont occupé une place importante.",
                            date_line="14 mars 2023"),
        "vide.html": b"",
    })
    (folder / "LABELS.tsv").write_text(
        HEADER
        + f"otan.html\t2017-12-05\t{NATO_FM}\tSécurité et défense\tBruxelles\tfr\tJean Asselborn|Jens Stoltenberg\n"
        + "visite.html\t2023-03-14\t\tAfrique|Migration et asile\tLuxembourg\tfr\tJean Asselborn|Nasser Bourita\n"
        + "vide.html\t2020-01-01\t\tNominations\t\tfr\t\n", "utf-8")
    return folder / "LABELS.tsv"


def test_report_prints_the_figures_and_every_disagreement(tmp_path):
    labels = labelled_set(tmp_path)
    result = CliRunner().invoke(main, ["report", "--labels", str(labels)])
    assert result.exit_code == 0, result.output
    out = result.output
    figures = " ".join(out.split())
    assert "3 labelled pages" in figures
    assert "meeting accuracy 0.667 (2/3)" in figures        # the empty page is not in the index: wrong everywhere
    assert "location accuracy 0.333 (1/3)" in figures       # the label says Luxembourg, the text says Rabat
    assert "language accuracy 0.667 (2/3)" in figures
    assert "topics precision 1.000 (3/3)" in figures
    assert "topics recall 0.750 (3/4)" in figures
    assert "visite.html\tlocation\tLuxembourg\tRabat" in out
    assert "vide.html\textraction\ta communiqué\tempty file" in out


def test_report_refuses_a_malformed_labels_file(tmp_path):
    bad = tmp_path / "LABELS.tsv"
    bad.write_text("file\tmeeting\n", "utf-8")
    result = CliRunner().invoke(main, ["report", "--labels", str(bad)])
    assert result.exit_code == 1
    assert "header" in result.output
