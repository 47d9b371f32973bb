"""The meeting labels an index holds, with their counts and a few communiqués each.

Behind `python -m indexer meetings`: an editor reads which meetings the rules
discovered (labels made up from how communiqués name them, not listed in
meetings.toml) and promotes the ones worth keeping into the taxonomy.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from indexer.indexed import records
from indexer.metadata.meetings import default_matcher
from indexer.store import IndexStore


@dataclass(frozen=True)
class MeetingLabel:
    label: str
    count: int
    discovered: bool
    examples: tuple[tuple[str, str], ...]     # (title, document id), newest first


def meeting_labels(store: IndexStore, examples: int = 3) -> list[MeetingLabel]:
    """Every meeting label of the index, most used first (ties: alphabetical)."""
    counts: Counter[str] = Counter()
    seen: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    ix = store.open()
    with ix.searcher() as searcher:
        for _, fields in records(searcher.reader()):
            label = fields.get("meeting")
            if not label:
                continue
            counts[label] += 1
            when = fields.get("date")
            seen[label].append((when.isoformat() if when else "", fields.get("title", ""), fields["id"]))
    matcher = default_matcher()
    out = []
    for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        newest = sorted(seen[label], reverse=True)[:examples]
        out.append(MeetingLabel(label, n, matcher.is_discovered(label), tuple((t, i) for _, t, i in newest)))
    return out
