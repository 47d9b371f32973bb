"""Load the editable data files (indexer/data/*.toml) into plain dataclasses.

Staff edit the TOML files, not code; `python -m indexer retag` applies an edit to
the whole index. Each loader validates what it reads, so a typo in a label fails
loudly instead of silently tagging nothing.
"""
from __future__ import annotations

import re

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

MEETINGS_FILE = "meetings.toml"
TOPICS_FILE = "topics.toml"
PLACES_FILE = "places.toml"
PEOPLE_FILE = "people.toml"


class TaxonomyError(ValueError):
    """A data file is malformed; the message names the file and the entry."""


def data_path(name: str) -> Path:
    return Path(str(resources.files("indexer").joinpath("data", name)))


def read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{path}: {exc}") from None


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TaxonomyError(f"{where}: expected a list of strings")
    return tuple(value)


def _number(table: dict, key: str, where: str) -> float:
    value = table.get(key)
    if not isinstance(value, (int, float)):
        raise TaxonomyError(f"{where}: `{key}` must be a number")
    return float(value)


# --- meetings ---------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingKind:
    label: str
    forms: tuple[str, ...]
    weak_forms: tuple[str, ...]
    anchors: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Cues:
    """Words around a mention that tell whether an event is reported, announced or recalled."""

    reporting: tuple[str, ...]
    upcoming: tuple[str, ...]
    past: tuple[str, ...]
    role: tuple[str, ...]
    role_links: tuple[str, ...]
    future_endings: tuple[str, ...]


@dataclass(frozen=True)
class MeetingScoring:
    min_score: float
    weak_factor: float
    reported_factor: float
    upcoming_factor: float
    past_factor: float
    window_before: int
    window_after: int
    role_window: int


@dataclass(frozen=True)
class Formation:
    """A configuration of the Council of the EU and the parts it meets in."""

    name: str
    aliases: tuple[str, ...]
    parts: tuple[str, ...]
    topics: tuple[str, ...] = ()
    part_topics: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, part: str | None = None) -> str:
        return f"Conseil {self.name}{' – ' + part if part else ''} (UE)"


@dataclass(frozen=True)
class Discovery:
    """How meetings missing from the list are recognised from the way they are named."""

    heads: tuple[str, ...]
    wrappers: tuple[str, ...]
    dropped_words: tuple[str, ...]
    factor: float
    max_words: int
    not_meetings: tuple[str, ...]
    organisations: dict[str, tuple[str, ...]]   # canonical name (with its article) -> other names
    organisation_topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    english: EnglishNaming | None = None
    # « Conférence des chefs d'État et de gouvernement de la CEDEAO » is the CEDEAO's summit: who meets, when
    # they are these, makes the meeting a summit (summit_head), whatever the head word.
    summit_participants: tuple[str, ...] = ()
    summit_head: str = "Sommet"
    # adjectives that name no meeting by themselves: a discovered « Conférence internationale de Paris » keeps
    # its city in its label
    generic_adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnglishHead:
    label: str              # the French head of the label: « Réunion »
    feminine: bool          # which form of an adjective goes with it


@dataclass(frozen=True)
class EnglishNaming:
    """How a meeting named in English (« G20 Foreign Ministers' Meeting ») is labelled in French, so that
    pages in both languages share a label: its head, the adjectives before it, who meets."""

    heads: dict[str, EnglishHead]                  # « Meeting » -> Réunion (f)
    adjectives: dict[str, tuple[str, str]]         # « Ministerial » -> (ministériel, ministérielle); ("", "") drops it
    participants: dict[str, str]                   # « Foreign Ministers » -> « des ministres des Affaires étrangères »


@dataclass(frozen=True)
class MeetingRules:
    kinds: tuple[MeetingKind, ...]
    cues: Cues
    scoring: MeetingScoring
    formations: tuple[Formation, ...] = ()
    discovery: Discovery | None = None
    # phrase of the forms -> other words for it ([equivalents]): « chefs de la diplomatie » for
    # « ministres des Affaires étrangères »
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(k.label for k in self.kinds)

    def forms_with_equivalents(self, forms: tuple[str, ...]) -> list[str]:
        """The forms, and each form containing a phrase of [equivalents] written with each of its other words
        (case aside), so that one line of the file covers every meeting named with that phrase."""
        out = list(forms)
        for phrase, others in self.equivalents.items():
            pattern = re.compile(re.escape(phrase), re.IGNORECASE)
            for form in forms:
                if pattern.search(form):
                    out += [pattern.sub(lambda _, other=other: other, form) for other in others]
        return out


def parse_english_naming(data: dict | None, where: str) -> EnglishNaming | None:
    if not data:
        return None
    heads = {}
    for word, entry in (data.get("heads") or {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise TaxonomyError(f"{where}.heads {word}: expected {{ label = \"...\", feminine = true|false }}")
        heads[word] = EnglishHead(entry["label"], bool(entry.get("feminine")))
    adjectives = {}
    for word, forms in (data.get("adjectives") or {}).items():
        forms = _strings(forms, f"{where}.adjectives {word}")
        if len(forms) != 2:
            raise TaxonomyError(f"{where}.adjectives {word}: expected [masculine, feminine]")
        adjectives[word] = (forms[0], forms[1])
    participants = dict(data.get("participants") or {})
    if not all(isinstance(v, str) for v in participants.values()):
        raise TaxonomyError(f"{where}.participants: expected strings")
    return EnglishNaming(heads, adjectives, participants)


def parse_meetings(data: dict, where: str = MEETINGS_FILE) -> MeetingRules:
    kinds = []
    for i, entry in enumerate(data.get("meeting") or []):
        label = entry.get("label")
        if not isinstance(label, str) or not label:
            raise TaxonomyError(f"{where}: meeting #{i + 1} has no label")
        ctx = f"{where}: meeting {label!r}"
        forms = _strings(entry.get("forms"), f"{ctx} forms")
        if not forms:
            raise TaxonomyError(f"{ctx}: no forms")
        kinds.append(MeetingKind(label, forms, _strings(entry.get("weak_forms"), f"{ctx} weak_forms"),
                                 _strings(entry.get("anchors"), f"{ctx} anchors"),
                                 _strings(entry.get("topics"), f"{ctx} topics")))
    if len({k.label for k in kinds}) != len(kinds):
        raise TaxonomyError(f"{where}: a meeting label is listed twice")
    cues = data.get("cues") or {}
    s = data.get("scoring") or {}
    ctx = f"{where} [scoring]"
    formations = []
    for i, entry in enumerate(data.get("formation") or []):
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise TaxonomyError(f"{where}: formation #{i + 1} has no name")
        fctx = f"{where}: formation {name!r}"
        parts = _strings(entry.get("parts"), f"{fctx} parts")
        part_topics = {part: _strings(t, f"{fctx} part_topics") for part, t in (entry.get("part_topics") or {}).items()}
        if set(part_topics) - set(parts):
            raise TaxonomyError(f"{fctx}: part_topics names a part it does not list")
        formations.append(Formation(name, _strings(entry.get("aliases"), f"{fctx} aliases") or (name,), parts,
                                    _strings(entry.get("topics"), f"{fctx} topics"), part_topics))
    d = data.get("discovery")
    discovery = None
    if d is not None:
        dctx = f"{where} [discovery]"
        organisations = {name: _strings(v, f"{where} [organisations] {name}")
                         for name, v in (data.get("organisations") or {}).items()}
        discovery = Discovery(_strings(d.get("heads"), f"{dctx} heads"), _strings(d.get("wrappers"), dctx),
                              _strings(d.get("dropped_words"), dctx),
                              _number(d, "factor", dctx), int(_number(d, "max_words", dctx)),
                              _strings(d.get("not_meetings"), f"{dctx} not_meetings"), organisations,
                              {org: _strings(t, f"{dctx} organisation_topics")
                               for org, t in (d.get("organisation_topics") or {}).items()},
                              parse_english_naming(d.get("english"), f"{dctx}.english"),
                              _strings(d.get("summit_participants"), f"{dctx} summit_participants"),
                              d.get("summit_head") or "Sommet",
                              _strings(d.get("generic_adjectives"), f"{dctx} generic_adjectives"))
    equivalents = {phrase: _strings(others, f"{where} [equivalents] {phrase}")
                   for phrase, others in (data.get("equivalents") or {}).items()}
    return MeetingRules(
        formations=tuple(formations), discovery=discovery, equivalents=equivalents,
        kinds=tuple(kinds),
        cues=Cues(*(_strings(cues.get(name), f"{where} [cues] {name}") for name in
                    ("reporting", "upcoming", "past", "role", "role_links", "future_endings"))),
        scoring=MeetingScoring(
            min_score=_number(s, "min_score", ctx), weak_factor=_number(s, "weak_factor", ctx),
            reported_factor=_number(s, "reported_factor", ctx), upcoming_factor=_number(s, "upcoming_factor", ctx),
            past_factor=_number(s, "past_factor", ctx), window_before=int(_number(s, "window_before", ctx)),
            window_after=int(_number(s, "window_after", ctx)), role_window=int(_number(s, "role_window", ctx))),
    )


# --- topics -----------------------------------------------------------------------

@dataclass(frozen=True)
class Topic:
    label: str
    terms: tuple[tuple[str, float], ...]     # (word or phrase, weight)
    place: bool = False                      # a region or country: named once in passing, it is no subject
    without_places: bool = False             # when it leads, the places named are postings, not subjects


@dataclass(frozen=True)
class TopicScoring:
    title_weight: float
    lead_weight: float
    body_weight: float
    repeat_factor: float      # share of a term's weight counted again for each further occurrence
    focus_factor: float       # multiplies a term introduced as an agenda item ("la situation en Libye")
    focus_window: int         # how many words may sit between the focus cue and the term
    meeting_bonus: float      # added to the topics the reported meeting implies
    min_score: float
    min_share: float          # of the best topic's score
    max_topics: int
    place_mentions: int       # a place topic named only in the body, never as an agenda item, needs this many mentions
    name_term_weight: float   # a term in the reported meeting's name at least this heavy makes its topic the meeting's


@dataclass(frozen=True)
class TopicRules:
    topics: tuple[Topic, ...]
    ignore: tuple[str, ...]   # phrases whose words say nothing about the subject (job titles)
    focus: tuple[str, ...]    # words that introduce an agenda item ("situation en", "relations avec")
    scoring: TopicScoring

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(t.label for t in self.topics)


def _flag(entry: dict, key: str, where: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise TaxonomyError(f"{where}: `{key}` must be true or false")
    return value


def parse_topics(data: dict, where: str = TOPICS_FILE) -> TopicRules:
    topics = []
    for label, entry in (data.get("topics") or {}).items():
        terms = entry.get("terms") if isinstance(entry, dict) else None
        if not isinstance(terms, dict) or not terms:
            raise TaxonomyError(f"{where}: topic {label!r} has no [terms]")
        for term, weight in terms.items():
            if not isinstance(weight, (int, float)):
                raise TaxonomyError(f"{where}: topic {label!r}, term {term!r}: weight must be a number")
        place, without_places = (_flag(entry, key, f"{where}: topic {label!r}") for key in ("place", "without_places"))
        topics.append(Topic(label, tuple((t, float(w)) for t, w in terms.items()), place, without_places))
    s = data.get("scoring") or {}
    ctx = f"{where} [scoring]"
    scoring = TopicScoring(
        title_weight=_number(s, "title_weight", ctx), lead_weight=_number(s, "lead_weight", ctx),
        body_weight=_number(s, "body_weight", ctx), repeat_factor=_number(s, "repeat_factor", ctx),
        focus_factor=_number(s, "focus_factor", ctx), focus_window=int(_number(s, "focus_window", ctx)),
        meeting_bonus=_number(s, "meeting_bonus", ctx),
        min_score=_number(s, "min_score", ctx), min_share=_number(s, "min_share", ctx),
        max_topics=int(_number(s, "max_topics", ctx)),
        place_mentions=int(_number(s, "place_mentions", ctx)),
        name_term_weight=_number(s, "name_term_weight", ctx))
    if not 1 <= scoring.max_topics <= 4:
        raise TaxonomyError(f"{ctx}: max_topics must be between 1 and 4")
    return TopicRules(tuple(topics), _strings((data.get("ignore") or {}).get("phrases"), f"{where} [ignore]"),
                      _strings((data.get("focus") or {}).get("phrases"), f"{where} [focus]"), scoring)


# --- places -----------------------------------------------------------------------

@dataclass(frozen=True)
class PlaceScoring:
    min_score: float
    no_event_factor: float
    meeting_factor: float
    upcoming_factor: float
    past_factor: float


@dataclass(frozen=True)
class Gazetteer:
    cities: dict[str, tuple[str, ...]]     # French name -> other spellings
    venues: dict[str, tuple[str, ...]]     # French name -> venue phrases ("siège de l'OTAN")
    prepositions: tuple[str, ...]
    remote: tuple[str, ...]
    events: tuple[str, ...]
    postings: tuple[str, ...]
    scoring: PlaceScoring


def parse_places(data: dict, where: str = PLACES_FILE) -> Gazetteer:
    s = data.get("scoring") or {}
    ctx = f"{where} [scoring]"
    cities = {name: _strings(v, f"{where} [cities] {name}") for name, v in (data.get("cities") or {}).items()}
    venues = {name: _strings(v, f"{where} [venues] {name}") for name, v in (data.get("venues") or {}).items()}
    if not cities:
        raise TaxonomyError(f"{where}: no [cities]")
    context = data.get("context") or {}
    return Gazetteer(
        cities=cities, venues=venues,
        prepositions=_strings(s.get("prepositions"), f"{ctx} prepositions"),
        remote=_strings(context.get("remote"), f"{where} [context] remote"),
        events=_strings(context.get("events"), f"{where} [context] events"),
        postings=_strings(context.get("postings"), f"{where} [context] postings"),
        scoring=PlaceScoring(_number(s, "min_score", ctx), _number(s, "no_event_factor", ctx),
                             _number(s, "meeting_factor", ctx), _number(s, "upcoming_factor", ctx),
                             _number(s, "past_factor", ctx)),
    )


# --- people -----------------------------------------------------------------------

@dataclass(frozen=True)
class PeopleRules:
    known: dict[str, tuple[str, ...]]      # "First Last" -> other spellings
    titles: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    particles: tuple[str, ...]
    connectors: tuple[str, ...]
    complement_stops: tuple[str, ...]
    not_names: tuple[str, ...]
    forms_of_address: tuple[str, ...] = ()    # "Mme", "L'honorable", "Me": before a name, never part of it
    portfolio_words: tuple[str, ...] = ()     # "Foreign", "Affairs", "Cooperation": an English minister's portfolio


def parse_people(data: dict, where: str = PEOPLE_FILE) -> PeopleRules:
    known = {name: _strings(v, f"{where} [known] {name}") for name, v in (data.get("known") or {}).items()}
    for name in known:
        if len(name.split()) < 2:
            raise TaxonomyError(f"{where}: known person {name!r} must be written \"First Last\"")
    p = data.get("pattern") or {}
    return PeopleRules(known, *(_strings(p.get(k), f"{where} [pattern] {k}") for k in
                                ("titles", "speech_verbs", "particles", "connectors", "complement_stops", "not_names",
                                 "forms_of_address", "portfolio_words")))


# --- cached loaders (one parse per process) ------------------------------------------

@lru_cache(maxsize=None)
def meeting_rules() -> MeetingRules:
    return parse_meetings(read_toml(data_path(MEETINGS_FILE)), MEETINGS_FILE)


@lru_cache(maxsize=None)
def topic_rules() -> TopicRules:
    return parse_topics(read_toml(data_path(TOPICS_FILE)), TOPICS_FILE)


@lru_cache(maxsize=None)
def gazetteer() -> Gazetteer:
    return parse_places(read_toml(data_path(PLACES_FILE)), PLACES_FILE)


@lru_cache(maxsize=None)
def people_rules() -> PeopleRules:
    return parse_people(read_toml(data_path(PEOPLE_FILE)), PEOPLE_FILE)


def reload() -> None:
    """Forget the parsed data files (after an edit, in a long-running process)."""
    for loader in (meeting_rules, topic_rules, gazetteer, people_rules):
        loader.cache_clear()
