"""Where an index's bytes go: `python -m benchmarks.index_sizes INDEX_DIR`.

Per field, the posting blocks of its terms (each term's extent in the .pst file)
and its terms-table records (length header, key, W3 term info); the rest of the
terms table (its hash index) is shared out per term. Stored fields and columns
are the files of the same name inside each segment. The parts add up to the
segments' files, so the table answers "what would dropping this field save".
"""
from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field

from indexer.generations import IndexStore
from indexer.whoosh_format.sizes import segment_file_sizes, term_costs


@dataclass
class IndexSizes:
    files: Counter = field(default_factory=Counter)          # file kind (".pst", "._stored.col"…) -> bytes
    postings: Counter = field(default_factory=Counter)       # field -> bytes of posting blocks
    records: Counter = field(default_factory=Counter)        # field -> bytes of terms-table records
    terms: Counter = field(default_factory=Counter)          # field -> number of terms

    @property
    def total(self) -> int:
        return sum(self.files.values())

    def hash_index_per_term(self) -> float:
        return (self.files[".trm"] - sum(self.records.values())) / max(1, sum(self.terms.values()))

    def by_field(self) -> dict[str, int]:
        """Bytes each indexed field costs: its postings, its records and its share of the hash index."""
        share = self.hash_index_per_term()
        return {f: round(self.postings[f] + self.records[f] + share * self.terms[f]) for f in self.terms}

    def parts(self) -> dict[str, int]:
        """Everything in the segments' files, by field or by file kind; the values add up to `total`."""
        out = dict(sorted(self.by_field().items(), key=lambda kv: -kv[1]))
        out["(stored fields)"] = self.files["._stored.col"]
        out["(columns)"] = sum(v for k, v in self.files.items() if k.endswith(".col") and k != "._stored.col")
        accounted = sum(out.values())
        out["(other)"] = self.total - accounted
        return out


def measure(index_dir: str) -> IndexSizes:
    ix = IndexStore(index_dir).open()
    sizes = IndexSizes()
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            sizes.files.update(segment_file_sizes(ix, leaf))
            for cost in term_costs(leaf):
                sizes.terms[cost.fieldname] += 1
                sizes.records[cost.fieldname] += cost.record_bytes
                sizes.postings[cost.fieldname] += cost.posting_bytes
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.index_sizes", description=__doc__.splitlines()[0])
    parser.add_argument("index_dir")
    args = parser.parse_args(argv)
    sizes = measure(args.index_dir)
    print(f"{sizes.total / 1e6:,.1f} MB in segment files; terms-table hash index "
          f"{sizes.hash_index_per_term():.0f} bytes a term")
    for name, size in sizes.parts().items():
        terms = f"{sizes.terms[name]:>10,} terms" if name in sizes.terms else ""
        print(f"  {name:18} {size / 1e6:9.1f} MB {size / sizes.total:6.1%}  {terms}")


if __name__ == "__main__":
    main()
