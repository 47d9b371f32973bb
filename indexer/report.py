"""`python -m indexer report`: how well the metadata rules do on a labelled set.

Each labelled page goes through the same path as at ingest (read_file, then
extract), so the figures measure what the index will hold.
"""
from __future__ import annotations

from pathlib import Path

from indexer.document import Failure
from indexer.extract import ExtractionError, extract
from indexer.metadata.evaluation import Evaluation, Labelled, evaluate, read_labels
from indexer.sources import read_file


def extracted(root: Path, label: Labelled) -> tuple[Labelled | None, str]:
    """What the extractor makes of one labelled page, or (None, why it failed)."""
    page = read_file(root / label.file, root=root)
    if isinstance(page, Failure):
        return None, page.reason
    try:
        doc = extract(page)
    except ExtractionError as exc:
        return None, str(exc)
    m = doc.metadata
    return Labelled(label.file, doc.date.isoformat() if doc.date else "", m.meeting or "", tuple(m.topics),
                    m.location or "", m.lang, tuple(m.people), m.occurrence.id if m.occurrence else ""), ""


def run_report(label_files: list[Path]) -> Evaluation:
    pairs = []
    for path in label_files:
        root = path.parent
        for label in read_labels(path):
            got, why = extracted(root, label)
            pairs.append((label, got, why))
    return evaluate(pairs)


def format_report(ev: Evaluation, sources: list[str]) -> str:
    def line(name: str, ratio, note: str = "") -> str:
        return f"  {name:<26}{ratio.value:6.3f}  ({ratio.hits}/{ratio.total}){note}"

    def grouping(name: str, score) -> str:
        return (f"  {name:<26}{score.value:6.3f}  (pairs: precision {score.precision.value:.3f} "
                f"{score.precision.hits}/{score.precision.total}, recall {score.recall.value:.3f} "
                f"{score.recall.hits}/{score.recall.total})")

    out = [f"Metadata extraction: {ev.documents} labelled pages ({', '.join(sources)})",
           line("meeting accuracy", ev.meeting),
           grouping("meeting grouping pair-F1", ev.meeting_grouping),
           line("no meeting correct", ev.no_meeting, "  pages labelled with no meeting"),
           *([grouping("occurrence pair-F1", ev.occurrence_grouping)] if ev.occurrence_grouping else []),
           line("topics precision", ev.topics_precision, "  micro-averaged"),
           line("topics recall", ev.topics_recall, "  micro-averaged"),
           line("location accuracy", ev.location),
           line("places precision", ev.places_precision, "  the location, when one is given"),
           line("places recall", ev.places_recall),
           line("language accuracy", ev.lang),
           line("people precision", ev.people_precision),
           line("people recall", ev.people_recall),
           line("date accuracy", ev.date),
           "",
           f"Disagreements ({len(ev.disagreements)}):"]
    if ev.disagreements:
        out.append("  file\tfield\texpected\tgot")
        out += [f"  {d.file}\t{d.field}\t{d.expected or '-'}\t{d.got or '-'}" for d in ev.disagreements]
    else:
        out.append("  none")
    return "\n".join(out)
