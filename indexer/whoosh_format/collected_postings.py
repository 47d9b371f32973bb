"""One field's postings as a SegmentBuilder collects them, document by document, before it writes them.

Plain Python, no Whoosh: term bytes -> document numbers, weights and values, kept in the most compact
form the field's postings allow, with a rough count of the memory they take (the builder spills to a
sorted run on disk past its limit).
"""
from __future__ import annotations

from collections.abc import Iterator


class CollectedPostings:
    """One field's postings in memory: term bytes -> postings, in the cheapest of three forms that holds them.

    - "same": every posting has the same weight and no value (Existence fields: `exact`, `pairs`, ids):
      term -> [document numbers].
    - "weighted": no values (TermWeights fields: `title`, `body`): term -> [[document numbers], [weights]].
    - "general": term -> [document numbers, weights or None while all equal the first weight, first weight,
      values or None while all are empty].

    A field moves to a more general form, once, when a document does not fit the one it has.
    """

    __slots__ = ("terms", "mode", "weight")

    def __init__(self):
        self.terms: dict[bytes, list] = {}
        self.mode = None
        self.weight = None

    def add(self, docnum: int, items: list, boost: float) -> int:
        """Add one document's (term bytes, frequency, weight, value) items; returns the memory they took
        (estimated from CPython's object sizes: a dict slot, the key, a list, a float per weight)."""
        _, _, weights, values = zip(*items)
        plain = not any(values)
        if plain and self.mode in (None, "same"):
            distinct = set(weights)
            if len(distinct) == 1:
                weight = weights[0] * boost
                if self.mode is None:
                    self.mode, self.weight = "same", weight
                if weight == self.weight:
                    return self._add_same(docnum, (item[0] for item in items))
        if plain and self.mode == "same":
            self._become("weighted")
        if plain and self.mode in (None, "weighted"):
            self.mode = "weighted"
            return self._add_weighted(docnum, items, boost)
        if self.mode != "general":
            self._become("general")
        return self._add_general(docnum, items, boost)

    def add_terms(self, docnum: int, terms: list[bytes], weights: list[float] | None, weight: float | None) -> int:
        """Add one document's terms with their weights (None: all `weight`), none with a value."""
        if weights is None:
            if self.mode is None:
                self.mode, self.weight = "same", weight
            if self.mode == "same" and weight == self.weight:
                return self._add_same(docnum, terms)
            return self.add(docnum, [(t, 1, weight, b"") for t in terms], 1.0)
        if self.mode in (None, "weighted"):
            self.mode = "weighted"
            return self._add_weighted(docnum, [(t, 0, w, b"") for t, w in zip(terms, weights)], 1.0)
        return self.add(docnum, [(t, 0, w, b"") for t, w in zip(terms, weights)], 1.0)

    def _add_same(self, docnum: int, term_bytes) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes in term_bytes:
            ids = get(tbytes)
            if ids is None:
                terms[tbytes] = [docnum]
                size += 230 + len(tbytes)
            else:
                ids.append(docnum)
                size += 10
        return size

    def _add_weighted(self, docnum: int, items: list, boost: float) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes, _, weight, _ in items:
            entry = get(tbytes)
            if entry is None:
                terms[tbytes] = [[docnum], [weight * boost]]
                size += 380 + len(tbytes)
            else:
                entry[0].append(docnum)
                entry[1].append(weight * boost)
                size += 45
        return size

    def _add_general(self, docnum: int, items: list, boost: float) -> int:
        terms = self.terms
        get = terms.get
        size = 0
        for tbytes, _, weight, vbytes in items:
            weight *= boost
            entry = get(tbytes)
            if entry is None:
                terms[tbytes] = [[docnum], None, weight, [vbytes] if vbytes else None]
                size += 450 + len(tbytes)
                continue
            ids = entry[0]
            if entry[1] is not None:
                entry[1].append(weight)
            elif weight != entry[2]:
                entry[1] = [entry[2]] * len(ids)
                entry[1].append(weight)
            if vbytes:
                if entry[3] is None:
                    entry[3] = [b""] * len(ids)
                entry[3].append(vbytes)
            elif entry[3] is not None:
                entry[3].append(b"")
            ids.append(docnum)
            size += 60
        return size

    def _become(self, mode: str) -> None:
        self.terms = {tbytes: self._as(mode, tbytes, entry) for tbytes, entry in self.terms.items()}
        self.mode = mode

    def _as(self, mode: str, tbytes: bytes, entry: list) -> list:
        _, ids, weights, first_weight, values = self._normal(tbytes, entry)
        if mode == "weighted":
            return [ids, weights if weights is not None else [first_weight] * len(ids)]
        return [ids, weights, first_weight, values]

    def _normal(self, tbytes: bytes, entry: list) -> tuple:
        if self.mode == "same":
            return tbytes, entry, None, self.weight, None
        if self.mode == "weighted":
            return tbytes, entry[0], entry[1], entry[1][0], None
        return (tbytes, *entry)

    def sorted_items(self) -> Iterator[tuple]:
        """(term bytes, ids, weights or None, first weight, values or None), in term order."""
        terms = self.terms
        normal = self._normal
        for tbytes in sorted(terms):
            yield normal(tbytes, terms[tbytes])


def concatenate(a: tuple, b: tuple) -> tuple:
    """One term's postings from two runs (b's documents come after a's)."""
    tbytes, ids, weights, first_weight, values = a
    _, ids2, weights2, first_weight2, values2 = b
    if weights is None and weights2 is None and first_weight == first_weight2:
        new_weights = None
    else:
        new_weights = (weights if weights is not None else [first_weight] * len(ids)) + \
                      (weights2 if weights2 is not None else [first_weight2] * len(ids2))
    if values is None and values2 is None:
        new_values = None
    else:
        new_values = (values if values is not None else [b""] * len(ids)) + \
                     (values2 if values2 is not None else [b""] * len(ids2))
    return tbytes, ids + ids2, new_weights, first_weight, new_values
