"""The extraction evaluation scores as trafilatura's does, and gates the cleaner on pages nobody here wrote.

The gate reads the shared half of trafilatura's evaluation set (482 real pages) from
../shared/extraction-eval beside the checkout, or from $COMMUNIQUES_EXTRACTION_EVAL; the floors are
the figures measured when the cleaner last changed, less a small margin (docs/extraction.md).
"""
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.extraction_eval import (Counts, EvalPage, EvalSetError, evaluate, project_extraction, read_evalset,
                                     score)

ROOT = Path(__file__).resolve().parents[2]
SHARED_EVAL = Path(os.environ.get("COMMUNIQUES_EXTRACTION_EVAL") or ROOT.parent / "shared" / "extraction-eval")

# Measured at the commit that set them: precision 0.904, recall 0.955, F1 0.928 (trafilatura 2.3.1: 0.902,
# 0.955, 0.928), no page without body.
FLOORS = {"precision": 0.900, "recall": 0.950, "f1": 0.925}
MAX_SHARE_WITHOUT_BODY = 0.01

ARTICLE = ("Le ministre des Affaires étrangères a reçu son homologue allemand à Luxembourg pour un entretien "
           "sur la situation en Ukraine. Les deux ministres ont souligné l’importance d’une réponse commune.")
PAGE = f"""<html><head><title>Entretien avec le ministre allemand</title></head><body>
<nav><a href="/">Accueil</a> <a href="/actualites">Actualités</a></nav>
<main><h1>Entretien avec le ministre allemand</h1><p>{ARTICLE}</p></main>
<footer>Mentions légales du site</footer></body></html>"""


def test_a_snippet_found_is_a_true_positive_and_boilerplate_found_a_false_positive():
    page = EvalPage("u", "f.html", ("homologue allemand", "texte absent"), ("Mentions légales", "Accueil"))
    assert score("… reçu son  homologue\nallemand … Mentions légales", page) == Counts(1, 1, 1, 1)


def test_a_page_without_text_finds_nothing_and_leaks_nothing():
    page = EvalPage("u", "f.html", ("a", "b"), ("c",))
    assert score("   ", page) == Counts(true_pos=0, false_neg=2, false_pos=0, true_neg=1)


def test_counts_are_summed_before_the_ratios_are_taken():
    total = Counts(3, 1, 1, 5) + Counts(1, 3, 0, 2)
    assert total == Counts(4, 4, 1, 7)
    assert total.precision == pytest.approx(0.8)
    assert total.recall == pytest.approx(0.5)
    assert total.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert total.accuracy == pytest.approx(11 / 16)


def _eval_folder(tmp_path: Path, pages: dict[str, tuple[str, list[str], list[str]]]) -> Path:
    (tmp_path / "pages").mkdir()
    data = {}
    for name, (html, expected, forbidden) in pages.items():
        (tmp_path / "pages" / name).write_text(html, encoding="utf-8")
        data[f"https://example.org/{name}"] = {"file": name, "with": expected, "without": forbidden}
    (tmp_path / "evaldata.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_the_project_extractor_keeps_the_article_and_leaves_menus_out(tmp_path):
    folder = _eval_folder(tmp_path, {"a.html": (PAGE, ["reçu son homologue allemand"], ["Accueil", "Mentions légales"])})
    ev = evaluate(folder, project_extraction)
    assert ev.counts == Counts(1, 0, 0, 2)
    assert not ev.pages_without_body and not ev.crashes


def test_a_missing_page_is_a_clear_error(tmp_path):
    folder = _eval_folder(tmp_path, {"a.html": (PAGE, [], [])})
    (folder / "pages" / "a.html").unlink()
    with pytest.raises(EvalSetError, match="a.html"):
        read_evalset(folder)


def test_the_command_prints_the_figures_and_what_was_tried_on_a_page_without_body(tmp_path):
    menu_only = ("<html><head><title>Une page de menus</title></head><body><div class='menu'>"
                 + " ".join(f"<a href='/{i}'>Rubrique numéro {i}</a>" for i in range(12)) + "</div></body></html>")
    folder = _eval_folder(tmp_path, {"a.html": (PAGE, ["reçu son homologue allemand"], ["Accueil"]),
                                     "b.html": (menu_only, ["Un texte qui n’est pas là"], ["Rubrique"])})
    result = CliRunner().invoke(main, ["extraction-eval", str(folder)])
    assert result.exit_code == 0, result.output
    assert "precision 1.000  recall 0.500" in result.output
    assert "pages without body: 1 (50.0%), crashes: 0" in result.output
    assert "b.html: no body text (tried: " in result.output and "refused: class word 'menu'" in result.output


def test_the_command_rejects_a_folder_without_evaldata(tmp_path):
    result = CliRunner().invoke(main, ["extraction-eval", str(tmp_path)])
    assert result.exit_code == 1
    assert "evaldata.json" in result.output


@pytest.mark.skipif(not (SHARED_EVAL / "evaldata.json").exists(),
                    reason=f"the shared extraction evaluation set is not at {SHARED_EVAL} "
                           "(set COMMUNIQUES_EXTRACTION_EVAL to its folder)")
def test_the_cleaner_holds_its_floors_on_pages_nobody_here_wrote():
    ev = evaluate(SHARED_EVAL, project_extraction)
    c = ev.counts
    figures = {"precision": c.precision, "recall": c.recall, "f1": c.f1}
    assert not ev.crashes, [r.extraction.failure for r in ev.crashes]
    assert {k: v for k, v in figures.items() if v < FLOORS[k]} == {}, figures
    assert len(ev.pages_without_body) <= MAX_SHARE_WITHOUT_BODY * len(ev.results), \
        [f"{r.page.file}: {r.extraction.failure}" for r in ev.pages_without_body]
