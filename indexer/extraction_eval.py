"""`python -m indexer extraction-eval DIR`: how much of each page's main text the extractor keeps.

An evaluation folder holds pages/ and evaldata.json, `{url: {"file", "with", "without"}}`: per page,
snippets a correct extraction must contain and snippets of boilerplate it must not contain. The
scoring is trafilatura's own (its public evaluation set comes in this shape), so the figures compare
with that library's: whitespace in the extracted text is normalised; per page, a `with` snippet found
is a true positive and one missing a false negative, a `without` snippet found a false positive and
one absent a true negative; a page with no extracted text finds nothing. The counts are summed over
all pages before the ratios are taken (micro-averaging), so a long page weighs as many snippets as it has.

Each page goes through the ingest path (bytes -> `indexer.extract.extract_body`, the body `extract` gives
without the metadata it also works out): the figures measure what the index would hold.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.document import RawPage
from indexer.extract import ExtractionError, extract_body

EVALDATA = "evaldata.json"
PAGES = "pages"


class EvalSetError(ValueError):
    """The evaluation folder cannot be read (missing evaldata.json, a page named there is absent...)."""


@dataclass(frozen=True)
class EvalPage:
    key: str                       # the page's URL in evaldata.json
    file: str                      # its file under pages/
    expected: tuple[str, ...]      # "with": snippets of the main text
    forbidden: tuple[str, ...]     # "without": snippets of boilerplate


@dataclass(frozen=True)
class Counts:
    true_pos: int = 0
    false_neg: int = 0
    false_pos: int = 0
    true_neg: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.true_pos + other.true_pos, self.false_neg + other.false_neg,
                      self.false_pos + other.false_pos, self.true_neg + other.true_neg)

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = self.true_pos + self.false_neg
        return self.true_pos / expected if expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.true_pos + self.false_neg + self.false_pos + self.true_neg
        return (self.true_pos + self.true_neg) / total if total else 0.0


@dataclass(frozen=True)
class Extraction:
    """What an extractor made of one page: its text, or why there is none."""
    text: str
    failure: str = ""       # the extractor's reason when text is empty ("no body text: tried ...")


@dataclass(frozen=True)
class PageResult:
    page: EvalPage
    counts: Counts
    extraction: Extraction
    seconds: float
    crashed: bool = False   # the extractor raised something other than its own "cannot use this page"

    @property
    def without_body(self) -> bool:
        return not self.extraction.text.strip()


@dataclass
class ExtractionEvaluation:
    extractor: str
    results: list[PageResult] = field(default_factory=list)

    @property
    def counts(self) -> Counts:
        return sum((r.counts for r in self.results), Counts())

    @property
    def pages_without_body(self) -> list[PageResult]:
        return [r for r in self.results if r.without_body]

    @property
    def crashes(self) -> list[PageResult]:
        return [r for r in self.results if r.crashed]

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.results)


Extractor = Callable[[bytes], Extraction]


def read_evalset(folder: Path) -> list[EvalPage]:
    """The pages of an evaluation folder, in the order of evaldata.json."""
    data_file = folder / EVALDATA
    try:
        data = json.loads(data_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalSetError(f"cannot read {data_file}: {exc}") from None
    pages = []
    for key, item in data.items():
        try:
            page = EvalPage(key, item["file"], tuple(item.get("with") or ()), tuple(item.get("without") or ()))
        except (KeyError, TypeError):
            raise EvalSetError(f"{data_file}: entry {key!r} has no file name") from None
        if not (folder / PAGES / page.file).is_file():
            raise EvalSetError(f"{data_file}: {page.file} is not in {folder / PAGES}")
        pages.append(page)
    return pages


def normalise_whitespace(text: str) -> str:
    return " ".join(text.split())


def score(text: str, page: EvalPage) -> Counts:
    if not text.strip():
        return Counts(false_neg=len(page.expected), true_neg=len(page.forbidden))
    text = normalise_whitespace(text)
    found = sum(snippet in text for snippet in page.expected)
    leaked = sum(snippet in text for snippet in page.forbidden)
    return Counts(found, len(page.expected) - found, leaked, len(page.forbidden) - leaked)


def project_extraction(raw: bytes) -> Extraction:
    """The body the indexer would store for these bytes."""
    try:
        return Extraction(extract_body(RawPage(source_id="page.html", location="page.html", content=raw)))
    except ExtractionError as exc:
        return Extraction("", str(exc))


def trafilatura_extraction(raw: bytes) -> Extraction:
    """trafilatura's main text with its defaults, for comparison (it is not a dependency of the project)."""
    import trafilatura
    text = trafilatura.extract(raw)
    return Extraction(text or "", "" if text else "trafilatura found no text")


EXTRACTORS: dict[str, Extractor] = {"project": project_extraction, "trafilatura": trafilatura_extraction}


def evaluate(folder: Path, extractor: Extractor, name: str = "project",
             pages: Iterable[EvalPage] | None = None) -> ExtractionEvaluation:
    evaluation = ExtractionEvaluation(name)
    for page in (read_evalset(folder) if pages is None else pages):
        raw = (folder / PAGES / page.file).read_bytes()
        start = time.perf_counter()
        crashed = False
        try:
            extraction = extractor(raw)
        except Exception as exc:     # noqa: BLE001 - a crash is a finding of the evaluation, reported per page
            extraction, crashed = Extraction("", f"crash: {type(exc).__name__}: {exc}"), True
        elapsed = time.perf_counter() - start
        evaluation.results.append(PageResult(page, score(extraction.text, page), extraction, elapsed, crashed))
    return evaluation


def format_evaluation(ev: ExtractionEvaluation, show_pages: bool = False) -> str:
    c = ev.counts
    n = len(ev.results)
    lost = ev.pages_without_body
    out = [f"Main-text extraction ({ev.extractor}): {n} pages",
           f"  precision {c.precision:.3f}  recall {c.recall:.3f}  F1 {c.f1:.3f}  accuracy {c.accuracy:.3f}",
           f"  snippets: {c.true_pos} found, {c.false_neg} missed, {c.false_pos} boilerplate kept, "
           f"{c.true_neg} boilerplate left out",
           f"  pages without body: {len(lost)} ({len(lost) / max(n, 1):.1%}), crashes: {len(ev.crashes)}",
           f"  time: {ev.seconds:.2f} s, {1000 * ev.seconds / max(n, 1):.1f} ms a page"]
    if lost:
        out.append("")
        out.append("Pages without body:")
        out += [f"  {r.page.file}: {r.extraction.failure or 'empty text'}" for r in lost]
    if show_pages:
        out.append("")
        out.append("Pages with a missed or leaked snippet (file, found/expected, leaked/forbidden):")
        out += [f"  {r.page.file}\t{r.counts.true_pos}/{len(r.page.expected)}\t{r.counts.false_pos}/{len(r.page.forbidden)}"
                for r in ev.results if r.counts.false_neg or r.counts.false_pos]
    return "\n".join(out)
