"""Deterministic synthetic communiqués, as HTML pages, in any number.

Page `n` of seed `s` is always the same bytes: each page draws from its own
random stream (seeded by "s:n:revision"), so pages can be generated in any
order, in parallel, and one page can be regenerated alone (the benchmark's 1%
update rewrites pages at revision 1: same id, one more paragraph).

    python -m benchmarks.generator 1000 var/bench/pages-demo
"""
from __future__ import annotations

import bisect
import functools
import itertools
import json
import multiprocessing
import os
import random
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from benchmarks import french, layouts
from benchmarks import vocabulary as V

GENERATOR_VERSION = "2"
DEFAULT_SEED = 8
PAGES_PER_SHARD = 1000
MANIFEST = "MANIFEST.json"
FIRST_DAY = date(2000, 1, 3)
LAST_DAY = date(2026, 6, 30)
TAIL_SIZE = 300_000        # rare words: the vocabulary keeps growing with the archive (Heaps' law)
FEMININE_FIRST_NAMES = {"Mathilde", "Hélène", "Cécile", "Joëlle", "Anne-Sophie"}


class ZipfSampler:
    """Draws item r (0-based rank) with probability proportional to 1 / (r + offset) ** exponent."""

    def __init__(self, items, exponent: float = 1.05, offset: float = 2.7):
        self.items = list(items)
        weights = [1.0 / (r + offset) ** exponent for r in range(len(self.items))]
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect_left(self.cumulative, rng.random() * self.total)]


@dataclass
class SyntheticCommunique:
    number: int
    lang: str
    published: date
    kind: str
    title: str
    paragraphs: list[str]
    caption: str
    slug: str
    meeting: str | None = None
    topics: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    dateline_place: str | None = None


@dataclass(frozen=True)
class GeneratedPage:
    number: int
    relpath: str            # where the page is written, relative to the output folder
    layout: str             # cms, article or legacy
    content: bytes
    communique: SyntheticCommunique


@dataclass(frozen=True)
class _Noun:
    singular: str
    plural: str
    feminine: bool


# how a rare name joins a noun phrase: "le soutien du projet Kavelin"
_NAMED = ("de M.", "de Mme", "du projet", "de la commune de", "de l’association", "du programme", "de la province de")
KINDS = ("meeting", "visit", "reception", "phone", "aid", "nominations", "travel", "statement")
KIND_WEIGHTS = (45, 13, 8, 7, 11, 4, 4, 8)


class CommuniqueGenerator:
    def __init__(self, seed: int = DEFAULT_SEED):
        self.seed = seed
        nouns = [_Noun(n, french.plural_noun(n), True) for n in V.NOUNS_F]
        nouns += [_Noun(n, french.plural_noun(n), False) for n in V.NOUNS_M]
        # interleave the two frequency-ordered lists so both genders are among the frequent words
        nouns.sort(key=lambda n: (V.NOUNS_F.index(n.singular) if n.feminine else V.NOUNS_M.index(n.singular) + 0.5))
        self.nouns = ZipfSampler(nouns)
        self.adjectives = ZipfSampler([french.adjective_forms(a) for a in V.ADJECTIVES])
        self.verbs = ZipfSampler([french.verb_forms(v) for v in V.VERBS])
        self.adverbs = ZipfSampler(V.ADVERBS)
        self.tail = ZipfSampler(V.tail_words(TAIL_SIZE, seed), exponent=1.0, offset=20)
        self.topics = list(V.TOPIC_PHRASES)
        self.counterparts = ZipfSampler(V.COUNTERPARTS, exponent=0.8)
        self.cities = ZipfSampler(V.MEETING_CITIES, exponent=0.9)
        self.countries = ZipfSampler(V.COUNTRIES, exponent=0.7)
        self.days = (LAST_DAY - FIRST_DAY).days

    # --- one page ----------------------------------------------------------------------------
    def page(self, number: int, revision: int = 0) -> GeneratedPage:
        rng = random.Random(f"{self.seed}:{number}")
        doc = self.communique(number, rng)
        if revision:
            self._revise(doc, random.Random(f"{self.seed}:{number}:rev{revision}"), revision)
        layout = self._layout(rng, doc.published.year)
        straight_quotes = rng.random() < 0.25
        if straight_quotes:
            doc.title = doc.title.replace("’", "'")
            doc.paragraphs = [p.replace("’", "'") for p in doc.paragraphs]
        if layout == "cms":
            content = layouts.cms(doc, rng.randrange(3), [self._title(rng, k) for k in ("meeting", "aid", "visit")])
        elif layout == "article":
            content = layouts.article(doc)
        else:
            content = layouts.legacy(doc)
        ext = "htm" if layout == "legacy" else "html"
        relpath = f"{number // PAGES_PER_SHARD:03d}/{layout}-{number:06d}-{doc.slug}.{ext}"
        return GeneratedPage(number, relpath, layout, content, doc)

    def communique(self, number: int, rng: random.Random) -> SyntheticCommunique:
        published = self._date(rng)
        roll = rng.random()
        lang = "en" if roll < 0.03 else "de" if roll < 0.05 else "fr"
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        ctx = _Context(self, rng, published, kind)
        if lang == "fr":
            title, paragraphs = ctx.title(), ctx.body()
        else:
            title, paragraphs = ctx.foreign(lang)
        caption = f"{ctx.minister.name} à {ctx.city}" if rng.random() < 0.7 else f"Photo : {ctx.city}, {published.year}"
        return SyntheticCommunique(
            number=number, lang=lang, published=published, kind=kind, title=title, paragraphs=paragraphs,
            caption=caption, slug=slugify(title), meeting=ctx.meeting.label if ctx.meeting else None,
            topics=ctx.topics, people=ctx.people, dateline_place="Luxembourg" if rng.random() < 0.8 else ctx.city)

    def _revise(self, doc: SyntheticCommunique, rng: random.Random, revision: int) -> None:
        """A correction published a few days later: one more paragraph, same page otherwise."""
        ctx = _Context(self, rng, doc.published, doc.kind)
        when = french.long_date(doc.published + timedelta(days=rng.randint(1, 6)))
        doc.paragraphs.append(f"Mise à jour du {when} (version {revision}) : " + ctx.filler_sentence())

    def _date(self, rng: random.Random) -> date:
        # archives grow: later years hold more communiqués (about 3x more in 2026 than in 2000)
        x = rng.random()    # inverse of the CDF (t + t^2) / 2 of a density growing from 1 to 3
        offset = int(self.days * ((1 + 8 * x) ** 0.5 - 1) / 2)
        day = FIRST_DAY + timedelta(days=min(self.days, offset))
        if day.weekday() >= 5:      # a ministry publishes on working days
            day -= timedelta(days=day.weekday() - 4)
        return day

    @staticmethod
    def _layout(rng: random.Random, year: int) -> str:
        if year < 2008:
            return "legacy" if rng.random() < 0.7 else "article"
        if year < 2014:
            return rng.choices(("legacy", "cms", "article"), (3, 5, 2))[0]
        return "cms" if rng.random() < 0.7 else "article"

    def _title(self, rng: random.Random, kind: str) -> str:
        return _Context(self, rng, self._date(rng), kind).title()

    # --- many pages --------------------------------------------------------------------------
    def write(self, folder: Path, numbers, revision: int = 0) -> int:
        count = 0
        made: set[Path] = set()
        for number in numbers:
            page = self.page(number, revision)
            path = folder / page.relpath
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(page.content)
            count += 1
        return count


class _Context:
    """The choices one communiqué is made of (minister, place, meeting, topics), and its sentences."""

    def __init__(self, gen: CommuniqueGenerator, rng: random.Random, published: date, kind: str):
        self.gen, self.rng, self.published, self.kind = gen, rng, published, kind
        year = published.year
        pool = V.COOPERATION_MINISTERS if kind == "aid" else V.FOREIGN_MINISTERS
        if kind == "meeting" and rng.random() < 0.1:
            pool = V.DEFENCE_MINISTERS
        self.minister = next((m for m in pool if m.start <= year <= m.end), pool[-1])
        self.feminine = self.minister.name.split()[0] in FEMININE_FIRST_NAMES
        self.meeting = rng.choice(V.MEETINGS) if kind == "meeting" else None
        self.country = gen.countries(rng)
        if self.meeting:
            self.city = rng.choice(self.meeting.cities)
        elif kind in ("visit", "aid", "travel"):
            self.city = self.country.capital
        elif kind in ("reception", "nominations"):
            self.city = "Luxembourg"
        else:
            self.city = gen.cities(rng)
        topics = list(self.meeting.topics) if self.meeting else []
        rng.shuffle(topics)
        default = {"aid": "Action humanitaire", "nominations": "Nominations", "travel": "Affaires consulaires",
                   "visit": "Commerce et économie"}.get(kind)
        if default:
            topics.insert(0, default)
        while len(topics) < rng.choice((1, 2, 2, 3)):
            topics.append(rng.choice(gen.topics))
        self.topics = list(dict.fromkeys(topics))[:4]
        self.counterpart = gen.counterparts(rng)
        self.people = [self.minister.name, self.counterpart[0]]
        self.event_day = published - timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
        self.two_days = kind == "meeting" and rng.random() < 0.4

    # --- words ---------------------------------------------------------------------------------
    def noun_phrase(self, article: str = "def", depth: int = 0) -> str:
        rng, gen = self.rng, self.gen
        noun = gen.nouns(rng)
        plural = rng.random() < 0.25
        word = noun.plural if plural else noun.singular
        if rng.random() < 0.45:
            adj = gen.adjectives(rng)
            word += " " + adj[(2 if plural else 0) + (1 if noun.feminine else 0)]
        if article == "def":
            phrase = french.definite(word, noun.feminine, plural)
        elif article == "indef":
            phrase = french.indefinite(word, noun.feminine, plural)
        else:
            phrase = ("leurs " if plural else "leur ") + word
        r = rng.random()
        if depth == 0 and r < 0.3:
            phrase += " " + french.with_de(self.noun_phrase("def", depth + 1))
        elif depth == 0 and r < 0.42:
            phrase += " " + rng.choice(_NAMED) + " " + self.gen.tail(rng).capitalize()
        return phrase

    def topic_phrase(self) -> str:
        return self.rng.choice(V.TOPIC_PHRASES[self.rng.choice(self.topics)])

    def person(self) -> str:
        name, role = self.gen.counterparts(self.rng)
        if name not in self.people:
            self.people.append(name)
        return f"{name}, {role}"

    def date_phrase(self) -> str:
        d = self.event_day
        if self.two_days:
            nxt = d + timedelta(days=1)
            if nxt.month == d.month:
                return f"les {french.day_text(d.day)} et {nxt.day} {french.MONTHS[d.month - 1]} {d.year}"
        return f"le {french.long_date(d)}"

    def subject(self) -> tuple[str, bool]:
        """A grammatical subject and whether it is plural."""
        r = self.rng.random()
        if r < 0.3:
            return self.minister.name, False
        if r < 0.5:
            return ("La ministre" if self.feminine else "Le ministre"), False
        return self.rng.choice([("Les ministres", True), ("Les participants", True), ("Les Alliés", True),
                                ("Les États membres", True), ("Les deux ministres", True), ("La délégation", False),
                                ("Le Luxembourg", False), ("Le Gouvernement", False), ("Les interlocuteurs", True)])

    def complement(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            return ""
        if r < 0.4:
            return " dans le cadre " + french.with_de(self.noun_phrase())
        if r < 0.5:
            return f" à {self.city}"
        if r < 0.6:
            return " en vue " + french.with_de(self.noun_phrase())
        if r < 0.7:
            return ", en particulier " + self.topic_phrase()
        if r < 0.78:
            return " dans la région de " + self.gen.tail(rng).capitalize()
        if r < 0.86:
            return f" avec le soutien de M. {self.gen.tail(rng).capitalize()}"
        if r < 0.93:
            return f" ({self.gen.tail(rng)})"
        return f" pour un montant de {rng.randint(2, 95) / 10:.1f}".replace(".", ",") + " millions d’euros"

    # --- sentences -----------------------------------------------------------------------------
    def filler_sentence(self) -> str:
        rng, gen = self.rng, self.gen
        subject, plural = self.subject()
        inf, v3s, v3p, pp = gen.verbs(rng)
        aux = "ont" if plural else "a"
        r = rng.random()
        if r < 0.3:
            s = f"{subject} {aux} {pp} {self.noun_phrase(rng.choice(('def', 'def', 'indef')))}{self.complement()}."
        elif r < 0.45:
            s = f"{subject} {v3p if plural else v3s} {self.noun_phrase()}{self.complement()}."
        elif r < 0.58:
            s = (f"{subject} {aux} {rng.choice(('souligné', 'rappelé', 'réaffirmé'))} l’importance "
                 f"{french.with_de(self.noun_phrase())}{self.complement()}.")
        elif r < 0.68:
            s = (f"{subject} {aux} {rng.choice(('estimé', 'rappelé', 'indiqué', 'souligné'))} qu’il était "
                 f"{rng.choice(('essentiel', 'nécessaire', 'urgent', 'indispensable'))} "
                 f"{french.elide('de', inf)} {self.noun_phrase()}.")
        elif r < 0.78:
            s = (f"Les échanges ont {rng.choice(('également permis', 'porté sur', 'mis l’accent sur'))} "
                 f"{self._topic_object()}.")
        elif r < 0.86:
            s = f"{subject} {aux} {pp} {gen.adverbs(rng)} {self.noun_phrase()}{self.complement()}."
        elif r < 0.93:
            s = f"La mise en œuvre {french.with_de(self.noun_phrase())} reste au cœur {french.with_de(self.noun_phrase())}."
        else:
            s = f"{subject} {aux} {pp} {self.noun_phrase()} et {self.noun_phrase('indef')}."
        if rng.random() < 0.2 and not s.startswith(("Les échanges", "La mise")):
            s = rng.choice(V.CONNECTORS) + " " + (s[:1].lower() + s[1:] if s.startswith(("Le ", "La ", "Les ")) else s)
        return french.capitalise(s)

    def _topic_object(self) -> str:
        phrase = self.topic_phrase()
        if self.rng.random() < 0.5:
            return phrase
        return f"{phrase} et {self.noun_phrase()}"

    def quote(self) -> str:
        rng, gen = self.rng, self.gen
        inf = gen.verbs(rng)[0]
        inner = rng.choice([
            f"Nous devons {inf} {self.noun_phrase()} {gen.adverbs(rng)}",
            f"Le Luxembourg reste attaché à {self.topic_phrase()}",
            f"Il est essentiel {french.elide('de', inf)} {self.noun_phrase()}",
            f"{french.capitalise(self.topic_phrase())} n’est pas négociable",
            f"C’est dans notre intérêt commun {french.elide('de', inf)} {self.noun_phrase()}",
        ])
        speaker = self.minister.name if rng.random() < 0.7 else self.person().split(",")[0]
        verb = rng.choice(("a déclaré", "a souligné", "a affirmé", "a ajouté"))
        return f"« {inner} », {verb} {speaker}."

    def lead(self) -> str:
        m, rng = self.minister, self.rng
        who = f"{m.name}, {m.role},"
        done = "e" if self.feminine else ""
        c = self.country
        if self.kind == "meeting":
            return f"{who} a participé {self.date_phrase()} à {self.city} {french.with_a(self.meeting.phrase)}."
        if self.kind == "visit":
            return (f"{who} s’est rendu{done} {self.date_phrase()} {c.prep} {c.name} pour une visite de travail "
                    f"consacrée {french.with_a(self.topic_phrase())} et {french.with_a(self.noun_phrase())}.")
        if self.kind == "reception":
            return f"{who} a reçu {self.date_phrase()} à Luxembourg {self.person()}, pour un entretien bilatéral."
        if self.kind == "phone":
            return f"{who} a eu {self.date_phrase()} un entretien téléphonique avec {self.person()}."
        if self.kind == "aid":
            amount = f"{rng.randint(1, 60) * 50_000:,}".replace(",", " ")
            return (f"{who} a annoncé {self.date_phrase()} une contribution de {amount} euros en faveur "
                    f"{french.with_de(self.topic_phrase())} {c.prep} {c.name}.")
        if self.kind == "nominations":
            return (f"Sur proposition {french.with_de(m.name)}, le Gouvernement en conseil a approuvé "
                    f"{self.date_phrase()} la nomination de {rng.randint(2, 9)} chefs de mission diplomatique.")
        if self.kind == "travel":
            return (f"Compte tenu de la situation {rng.choice(('sécuritaire', 'sanitaire', 'politique'))} "
                    f"{c.prep} {c.name}, le ministère déconseille jusqu’à nouvel ordre tout voyage non essentiel "
                    f"à destination de {c.capital}.")
        return (f"{m.name} condamne avec la plus grande fermeté les violences survenues {self.date_phrase()} "
                f"à {self.city} et exprime sa solidarité avec les victimes.")

    def title(self) -> str:
        m, rng, c = self.minister, self.rng, self.country
        if self.kind == "meeting":
            return rng.choice([
                f"{m.name} {french.with_a(self.meeting.phrase)} à {self.city}",
                f"Participation {french.with_de(m.name)} {french.with_a(self.meeting.phrase)}",
                f"{french.capitalise(self.meeting.phrase.split(',')[0])} à {self.city} : {self.topic_phrase()}",
            ])
        return rng.choice({
            "visit": [f"Visite de travail {french.with_de(m.name)} {c.prep} {c.name}", f"{m.name} en visite officielle à {c.capital}"],
            "reception": [f"{m.name} reçoit {self.counterpart[0]}", f"Entrevue bilatérale avec {self.counterpart[0]}"],
            "phone": [f"Entretien téléphonique avec {self.counterpart[0]}", f"{m.name} s’entretient avec {self.counterpart[0]}"],
            "aid": [f"Aide humanitaire d’urgence {c.prep} {c.name}", f"Le Luxembourg soutient {self.topic_phrase()} {c.prep} {c.name}"],
            "nominations": ["Nominations de chefs de mission diplomatique", f"Nomination d’un nouvel ambassadeur à {self.city}"],
            "travel": [f"Conseils aux voyageurs : {c.name}", f"Situation {c.prep} {c.name} – recommandations aux ressortissants"],
            "statement": [f"Déclaration {french.with_de(m.name)} sur {self.topic_phrase()}", f"{m.name} condamne les violences à {self.city}"],
        }[self.kind])

    def body(self) -> list[str]:
        rng = self.rng
        paragraphs = [self.lead()]
        if self.kind == "nominations":
            paragraphs.append("; ".join(f"{self.gen.tail(rng).capitalize()} {rng.choice(V.COUNTERPARTS)[0].split()[-1]}, "
                                        f"ambassadeur à {self.gen.cities(rng)}" for _ in range(rng.randint(2, 5))) + ".")
        for _ in range(rng.choice((3, 4, 4, 5, 5, 6, 7, 8))):
            sentences = [self.filler_sentence() for _ in range(rng.choice((2, 3, 3, 4)))]
            if rng.random() < 0.25:
                sentences.append(self.quote())
            paragraphs.append(" ".join(sentences))
        if rng.random() < 0.3:
            paragraphs.append("Communiqué par le ministère des Affaires étrangères et européennes")
        return paragraphs

    def foreign(self, lang: str) -> tuple[str, list[str]]:
        """A short communiqué in English or German, from templates in that language."""
        rng, words, d = self.rng, V.FOREIGN[lang], self.event_day
        slots = dict(minister=self.minister.name, counterpart=self.counterpart[0], city=self.city,
                     country=self.country.name, day=d.day, month=words["months"][d.month - 1], year=d.year)

        def fill(template: str) -> str:
            out = template.format(**slots, topic="{topic}", noun="{noun}", adj="{adj}")
            while "{noun}" in out:
                out = out.replace("{noun}", rng.choice(words["nouns"]), 1)
            return out.replace("{topic}", rng.choice(words["topics"])).replace("{adj}", rng.choice(words["adjectives"]))

        paragraphs = [fill(words["lead"])]
        for _ in range(rng.randint(2, 4)):
            paragraphs.append(" ".join(fill(t) for t in rng.sample(words["sentences"], rng.randint(2, 3))))
        return fill(words["title"]), paragraphs


def slugify(title: str, max_words: int = 7) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)[:max_words]
    return "-".join(words)[:60] or "communique"


# --- writing a folder of pages ------------------------------------------------------------------
@functools.lru_cache(maxsize=2)
def generator_for(seed: int) -> CommuniqueGenerator:
    """One generator per seed and process (building its samplers takes about a second)."""
    return CommuniqueGenerator(seed)


def _write_chunk(args) -> int:
    folder, seed, numbers, revision = args
    return generator_for(seed).write(Path(folder), numbers, revision)


def write_pages(folder: str | os.PathLike, count: int, seed: int = DEFAULT_SEED, procs: int | None = None) -> dict:
    """Write pages 0..count-1 into `folder` (sharded by thousands) and a manifest; returns the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)
    for shard in folder.iterdir():      # pages of an earlier generation would otherwise stay beside the new ones
        if shard.is_dir() and re.fullmatch(r"\d{3}", shard.name):
            shutil.rmtree(shard)
    started = time.perf_counter()
    procs = max(1, min(procs or os.cpu_count() or 1, count // 2000 + 1))
    generator_for(seed)         # built before forking: the workers inherit it
    chunks = [(str(folder), seed, range(i, min(count, i + PAGES_PER_SHARD)), 0) for i in range(0, count, PAGES_PER_SHARD)]
    if procs == 1:
        written = sum(_write_chunk(c) for c in chunks)
    else:
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            written = sum(pool.imap_unordered(_write_chunk, chunks))
    manifest = {"count": written, "seed": seed, "generator_version": GENERATOR_VERSION,
                "seconds": round(time.perf_counter() - started, 2)}
    (folder / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    return manifest


def read_manifest(folder: str | os.PathLike) -> dict | None:
    try:
        return json.loads((Path(folder) / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m benchmarks.generator COUNT FOLDER [SEED]", file=sys.stderr)
        return 2
    manifest = write_pages(argv[1], int(argv[0]), int(argv[2]) if len(argv) > 2 else DEFAULT_SEED)
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
