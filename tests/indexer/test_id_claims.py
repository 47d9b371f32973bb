"""Which page holds a document id: the first claim in a run, unless the page holding it in the index is read
again in this run, which keeps it; claims that only the end of the stream can settle wait."""
from __future__ import annotations

from indexer.id_claims import DEFER, KEEP, ClaimContext, Outcome, Verdict, arbitrate, settle


def context(owner=None, contested=False, holder=None, seen=(), expected=None) -> ClaimContext:
    return ClaimContext(owner=owner, contested=contested, holder=holder, seen=set(seen),
                        expected=set(expected) if expected is not None else None)


def test_a_new_id_goes_to_the_first_page_claiming_it():
    assert arbitrate("a.html", context()) == KEEP


def test_the_page_that_won_the_id_keeps_it_and_a_second_page_is_refused():
    assert arbitrate("a.html", context(owner="a.html")) == KEEP
    assert arbitrate("b.html", context(owner="a.html")) == Verdict(Outcome.TAKEN, "a.html")


def test_the_page_holding_the_id_in_the_index_may_claim_it_again():
    assert arbitrate("a.html", context(holder="a.html")) == KEEP


def test_another_page_waits_while_the_holder_may_still_come_in_the_stream():
    assert arbitrate("b.html", context(holder="a.html")) == DEFER
    assert arbitrate("b.html", context(holder="a.html", expected={"a.html", "b.html"})) == DEFER


def test_another_page_is_refused_once_the_holder_was_read_in_this_run():
    assert arbitrate("b.html", context(holder="a.html", seen={"a.html"})) == Verdict(Outcome.TAKEN, "a.html")


def test_another_page_takes_the_id_when_the_listed_sources_no_longer_hold_its_holder():
    assert arbitrate("b.html", context(holder="a.html", expected={"b.html"})) == KEEP


def test_once_contested_an_id_waits_for_the_end_of_the_stream_for_every_claimant():
    assert arbitrate("c.html", context(contested=True, holder="a.html")) == DEFER


def test_at_the_end_the_winner_of_the_run_then_the_holder_read_again_then_the_claimant_hold_the_id():
    assert settle("b.html", owner="c.html", holder="a.html", seen={"a.html"}) == "c.html"
    assert settle("b.html", owner=None, holder="a.html", seen={"a.html", "b.html"}) == "a.html"
    assert settle("b.html", owner=None, holder="a.html", seen={"b.html"}) == "b.html"
    assert settle("b.html", owner=None, holder=None, seen={"b.html"}) == "b.html"
