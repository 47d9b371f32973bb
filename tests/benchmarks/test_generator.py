"""The synthetic communiqués: deterministic, French, in the corpus's three layouts, and ingestible."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from benchmarks import generator
from benchmarks.generator import CommuniqueGenerator, ZipfSampler, generator_for, read_manifest, write_pages
from benchmarks.vocabulary import MEETINGS, TOPIC_PHRASES
from indexer.document import RawPage
from indexer.extract import extract
from indexer.ingest import ingest
from indexer.store import IndexStore

SAMPLE = 200


@pytest.fixture(scope="module")
def gen() -> CommuniqueGenerator:
    return generator_for(generator.DEFAULT_SEED)


@pytest.fixture(scope="module")
def pages(gen):
    return [gen.page(n) for n in range(SAMPLE)]


def test_the_same_seed_and_number_give_the_same_bytes(gen):
    again = CommuniqueGenerator(generator.DEFAULT_SEED)
    for n in (0, 17, 4321):
        assert gen.page(n).content == again.page(n).content
        assert gen.page(n).relpath == again.page(n).relpath


def test_another_seed_gives_other_pages(gen):
    other = generator_for(99)
    assert gen.page(5).content != other.page(5).content


def test_pages_do_not_depend_on_the_order_they_are_made_in(gen):
    forward = [gen.page(n).content for n in (3, 4, 5)]
    backward = [gen.page(n).content for n in (5, 4, 3)][::-1]
    assert forward == backward


def test_a_revision_keeps_the_path_and_id_and_adds_a_dated_paragraph(gen):
    first, revised = gen.page(42), gen.page(42, revision=1)
    assert revised.relpath == first.relpath
    assert revised.content != first.content
    assert revised.communique.paragraphs[:-1] == first.communique.paragraphs
    assert re.match(r"Mise à jour du \d", revised.communique.paragraphs[-1])
    a = extract(RawPage(first.relpath, first.relpath, first.content))
    b = extract(RawPage(revised.relpath, revised.relpath, revised.content))
    assert a.id == b.id and a.content_hash != b.content_hash


def test_the_three_layouts_of_the_corpus_are_all_used(pages):
    layouts = Counter(p.layout for p in pages)
    assert set(layouts) == {"cms", "article", "legacy"}
    assert all(count >= SAMPLE // 10 for count in layouts.values())


def test_legacy_pages_are_windows_1252_with_their_declaration(pages):
    legacy = [p for p in pages if p.layout == "legacy"]
    for p in legacy:
        assert b"charset=windows-1252" in p.content
        p.content.decode("cp1252")
    assert any(b"\x92" in p.content or b"\xe9" in p.content for p in legacy)   # ’ and é as single bytes
    with pytest.raises(UnicodeDecodeError):
        b"".join(p.content for p in legacy).decode("utf-8")


def test_cms_pages_carry_the_chrome_the_cleaner_must_remove(pages):
    cms = next(p for p in pages if p.layout == "cms")
    for marker in (b"cookie-banner", b"breadcrumb", b"<figcaption>", b"\xc3\x80 lire aussi", b"<footer"):
        assert marker in cms.content


def test_the_project_extractor_recovers_title_body_and_date_of_every_layout(pages):
    chosen = [p for p in pages if p.communique.lang != "fr"][:6]
    for layout in ("cms", "article", "legacy"):
        chosen += [p for p in pages if p.layout == layout and p.communique.lang == "fr"][:12]
    for p in chosen:
        doc = extract(RawPage(p.relpath, p.relpath, p.content))
        assert doc.title == p.communique.title
        assert doc.body == "\n\n".join(p.communique.paragraphs)
        assert doc.date == p.communique.published
        assert doc.metadata.lang == p.communique.lang


def test_text_is_french_with_elisions_accents_and_ligatures(pages):
    text = " ".join(par for p in pages for par in p.communique.paragraphs)
    for elided in ("l’", "d’", "qu’"):
        assert elided in text
    assert "l'" in text                 # some pages use the straight apostrophe
    for accented in ("é", "è", "à", "ç", "ô", "œ"):
        assert accented in text
    assert re.search(r"\b(?:du|au|des|aux) \w", text)     # contracted articles


def test_dates_span_2000_to_2026_on_working_days(pages):
    dates = [p.communique.published for p in pages]
    assert min(dates) >= date(2000, 1, 1) and max(dates) <= date(2026, 12, 31)
    assert {d.year for d in dates} >= set(range(2001, 2026, 4))
    assert all(d.weekday() < 5 for d in dates)


def test_meetings_and_topics_come_from_the_taxonomy(pages):
    labels = {m.label for m in MEETINGS}
    meetings = Counter(p.communique.meeting for p in pages if p.communique.meeting)
    assert set(meetings) <= labels and len(meetings) >= 8
    topics = Counter(t for p in pages for t in p.communique.topics)
    assert set(topics) <= set(TOPIC_PHRASES) and len(topics) >= 15
    kinds = Counter(p.communique.kind for p in pages)
    assert len(kinds) == len(generator.KINDS)


def test_some_pages_are_in_english_or_german(pages):
    assert {"en", "de"} <= {p.communique.lang for p in pages}


def test_word_frequencies_fall_like_zipf(pages):
    words = Counter(w.lower() for p in pages for par in p.communique.paragraphs for w in re.findall(r"\w{4,}", par))
    ranked = [c for _, c in words.most_common()]
    assert ranked[0] > 10 * ranked[99]          # a steep head
    assert sum(1 for c in ranked if c == 1) > len(ranked) / 4     # and a long tail of words seen once


def test_zipf_sampler_draws_low_ranks_most_often():
    import random
    sampler = ZipfSampler(list(range(100)))
    rng = random.Random(1)
    counts = Counter(sampler(rng) for _ in range(20_000))
    assert counts[0] > counts[5] > counts[50]


def test_write_pages_shards_files_and_records_a_manifest(tmp_path):
    manifest = write_pages(tmp_path / "pages", 1003, procs=1)
    files = sorted(p for p in (tmp_path / "pages").rglob("*") if p.suffix in (".html", ".htm"))
    assert manifest["count"] == len(files) == 1003
    assert {f.parent.name for f in files} == {"000", "001"}
    assert read_manifest(tmp_path / "pages")["seed"] == generator.DEFAULT_SEED


def test_rewriting_a_folder_removes_pages_of_an_earlier_generation(tmp_path):
    stale = tmp_path / "pages" / "000" / "cms-000000-old-title.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<html></html>")
    (tmp_path / "pages" / "notes.txt").write_text("kept")
    write_pages(tmp_path / "pages", 5, procs=1)
    assert not stale.exists() and (tmp_path / "pages" / "notes.txt").exists()
    assert len(list((tmp_path / "pages" / "000").iterdir())) == 5


def test_the_real_indexer_ingests_generated_pages_without_failures(tmp_path, gen):
    gen.write(tmp_path / "pages", range(30))
    summary = ingest([str(tmp_path / "pages")], IndexStore(tmp_path / "index"), procs=1)
    assert summary.added == 30 and not summary.failed
    with IndexStore(tmp_path / "index").open().searcher() as s:
        titles = {f["title"] for f in s.all_stored_fields()}
    assert titles == {gen.page(n).communique.title for n in range(30)}
