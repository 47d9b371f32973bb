"""The golden indexes under golden/: the same 300 documents written by stock Whoosh 2.7.4 and by SegmentBuilder.

They are committed, not rebuilt by the tests: they stand for indexes already on disk, which every later
version of the reader must read and which the writer must keep producing. Regenerate them only for a
deliberate format change (and say so in the commit):

    .venv/bin/python -m tests.indexer.whoosh_format.golden

Every document has "ministre", most have "conseil", so those posting lists run over several 128-posting
blocks; rarer words, names and pairs give one-block and inlined lists; some documents lack a date, a
meeting or a place.
"""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.analysis import analyze_document
from indexer.schema import SCHEMA
from indexer.whoosh_format import SegmentBuilder, commit_with_segments

GOLDEN = Path(__file__).parent / "golden"
STOCK = GOLDEN / "stock-whoosh-2.7.4"
BUILDER = GOLDEN / "segment-builder"
COUNT = 300

SUBJECTS = ("Le ministre", "La ministre", "Le Conseil", "Les ministres des Affaires étrangères", "L'Union européenne")
VERBS = ("a rencontré", "a discuté avec", "s'est entretenu avec", "a reçu", "a salué l'engagement de")
OBJECTS = ("son homologue ukrainien", "le secrétaire général de l'OTAN", "la délégation du Benelux",
           "les représentants des Nations unies", "l'ambassadeur de Géorgie", "le commissaire européen")
TOPICS = ("la sécurité en Europe", "la lutte contre le terrorisme", "l'aide humanitaire", "le climat",
          "les sanctions contre la Russie", "la coopération au développement", "l'élargissement")
PLACES = ("Bruxelles", "Luxembourg", "Vienne", "Genève", "New York", None)
PEOPLE = ("Jean Asselborn", "Jens Stoltenberg", "Federica Mogherini", "Josep Borrell")


def sentence(i: int, k: int) -> str:
    pick = (i * 31 + k * 17) % 997
    return (f"{SUBJECTS[pick % len(SUBJECTS)]} {VERBS[(pick // 5) % len(VERBS)]} "
            f"{OBJECTS[(pick // 7) % len(OBJECTS)]} au sujet de {TOPICS[(pick // 3) % len(TOPICS)]}.")


def documents() -> list[dict]:
    """Keyword arguments of add_document (and SegmentBuilder.add), deterministic."""
    docs = []
    for i in range(COUNT):
        place = PLACES[i % len(PLACES)]
        title = f"Communiqué : le ministre à {place or 'Luxembourg'}" + (f" ({i})" if i % 10 == 0 else "")
        body = " ".join(sentence(i, k) for k in range(1 + i % 3))
        body += f" Dossier {i % 17}." + (" Réunion du Conseil." if i % 4 else "")
        terms = analyze_document(title, body)
        fields = dict(id=f"golden/{i:03}", url=f"https://example.lu/golden/{i}" if i % 3 else "",
                      source="golden", source_key=f"g{i:03}.html", content_hash=f"{i:08x}",
                      title=terms.title, _stored_title=title, body=terms.body, _stored_body=body,
                      exact=terms.exact, pairs=terms.pairs, date_inferred=bool(i % 2), lang="fr" if i % 7 else "en",
                      topics=",".join(["Sécurité et défense", "Climat"][: i % 3]),
                      people=PEOPLE[i % len(PEOPLE)] if i % 4 == 0 else "")
        if i % 6:
            fields["date"] = datetime(2014 + i % 11, 1 + i % 12, 1 + i % 28)
            fields["year"] = str(2014 + i % 11)
        if i % 5 == 1:
            fields["meeting"] = "Conseil Affaires étrangères"
        if place:
            fields["location"] = place
        docs.append(fields)
    return docs


def write_stock(folder: Path) -> None:
    """Whoosh's own writer, untouched."""
    ix = whoosh_index.create_in(str(folder), SCHEMA)
    with ix.writer() as writer:
        for fields in documents():
            writer.add_document(**fields)


def write_builder(folder: Path):
    """The project's writer: one SegmentBuilder segment in one commit. Returns the segment."""
    ix = whoosh_index.create_in(str(folder), SCHEMA)
    builder = SegmentBuilder(ix)
    for fields in documents():
        builder.add(**fields)
    segment = builder.finish()
    commit_with_segments(ix.writer(), [segment])
    return segment


def main() -> None:
    for folder, write in ((STOCK, write_stock), (BUILDER, write_builder)):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        write(folder)
        (folder / "MAIN_WRITELOCK").unlink(missing_ok=True)     # an empty lock file, not part of the index
        print(folder, sum(p.stat().st_size for p in folder.iterdir()), "bytes")


if __name__ == "__main__":
    main()
