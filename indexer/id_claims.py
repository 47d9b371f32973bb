"""Which page holds a document id when several claim it: a decision with no state of its own.

A document's id is its page's canonical URL, so two pages can claim one id (a CMS bug, a hostile
page). The first claim stands and the others are reported, never silently written over it; but a page
already in the index keeps its id when its source is read again in this run, even later in the stream.
A claim on such an id can only be settled once that source has been seen: it is deferred, unless the
run listed its sources up front and the holder's is not among them.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Outcome(Enum):
    KEEP = "keep"      # the claiming page holds the id
    TAKEN = "taken"    # another page holds it (Verdict.owner)
    DEFER = "defer"    # only the end of the stream can tell


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    owner: str | None = None      # the source key holding the id, for TAKEN


KEEP = Verdict(Outcome.KEEP)
DEFER = Verdict(Outcome.DEFER)


@dataclass(frozen=True)
class ClaimContext:
    """What is known about an id when a page claims it."""

    owner: str | None            # the source key that already won it in this run
    contested: bool              # an earlier claim on it was deferred
    holder: str | None           # the source key holding it in the index before the run
    seen: frozenset[str] | set[str]       # source keys read so far in this run
    expected: frozenset[str] | set[str] | None   # every source key of the run, when listed up front


def arbitrate(source_key: str, context: ClaimContext) -> Verdict:
    """The verdict on a page's claim to an id (the caller records owners and contested ids)."""
    if context.owner is not None:
        return KEEP if context.owner == source_key else Verdict(Outcome.TAKEN, context.owner)
    if context.contested:
        return DEFER
    holder = context.holder
    if holder is not None and holder != source_key:
        if holder in context.seen:
            return Verdict(Outcome.TAKEN, holder)
        if context.expected is None or holder in context.expected:
            return DEFER
    return KEEP


def settle(source_key: str, owner: str | None, holder: str | None, seen: frozenset[str] | set[str]) -> str:
    """Who holds an id whose claim was deferred, once every source has been seen: the page that won it
    meanwhile, else its holder in the index if that page was read again, else the claiming page."""
    if owner is not None:
        return owner
    return holder if holder is not None and holder in seen else source_key
