"""The LINE inbox on both backends: stored before the 200, one holder at a
time, nothing a resident wrote kept once answered."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from bot.store import Finished, InboxEvent, Store
from tests.store.conftest import FakeClock

LEASE = dt.timedelta(seconds=60)


def event(event_id: str, token: str = "rt") -> InboxEvent:
    return InboxEvent(event_id, "U1", "question", "電話番号を教えて", token)


def test_an_event_is_accepted_once_and_a_copy_is_not_handed_out_again(timed: Store) -> None:
    inbox = timed.line_inbox
    [item] = inbox.accept([event("E1")], owner="a", lease=LEASE, take=10)
    assert (item.event_id, item.text, item.attempts) == ("E1", "電話番号を教えて", 0)

    assert inbox.accept([event("E1", "rt-2")], owner="b", lease=LEASE, take=10) == []
    assert inbox.claim(owner="b", lease=LEASE, limit=10) == []


def test_a_pending_event_whose_holder_died_is_taken_over_once(
    timed: Store, clock: FakeClock
) -> None:
    inbox = timed.line_inbox
    inbox.accept([event("E1")], owner="dead", lease=LEASE, take=10)
    clock.advance(LEASE)

    [taken] = inbox.claim(owner="b", lease=LEASE, limit=10)
    assert taken.event_id == "E1"
    assert inbox.claim(owner="c", lease=LEASE, limit=10) == []
    assert inbox.start_send("E1", owner="dead", answer=[], lease=LEASE) is None
    assert inbox.start_send("E1", owner="b", answer=[], lease=LEASE) == 0


def test_a_redelivery_keeps_the_first_reply_token_once_an_attempt_started(
    timed: Store, clock: FakeClock
) -> None:
    inbox = timed.line_inbox
    inbox.accept([event("E1", "rt-1")], owner="dead", lease=LEASE, take=10)
    inbox.start_send("E1", owner="dead", answer=[{"type": "text", "text": "答え"}], lease=LEASE)
    clock.advance(LEASE)

    [item] = inbox.accept([event("E1", "rt-2")], owner="b", lease=LEASE, take=10)
    assert item.reply_token == "rt-1", "rt-1 may have been used: only it cannot show twice"
    assert item.attempts == 1
    assert item.answer == [{"type": "text", "text": "答え"}]


def test_events_beyond_take_are_stored_for_anyone_to_claim(timed: Store) -> None:
    inbox = timed.line_inbox
    mine = inbox.accept([event("A"), event("B"), event("C")], owner="a", lease=LEASE, take=1)
    assert [i.event_id for i in mine] == ["A"]
    assert sorted(i.event_id for i in inbox.claim(owner="b", lease=LEASE, limit=10)) == ["B", "C"]


def test_finished_events_keep_no_text_and_are_pruned_later(
    timed: Store, clock: FakeClock
) -> None:
    inbox = timed.line_inbox
    inbox.accept([event("E1")], owner="a", lease=LEASE, take=1)
    inbox.start_send("E1", owner="a", answer=[{"type": "text", "text": "答え"}], lease=LEASE)
    inbox.finish([Finished("E1", "done", "reply")])

    with timed.db.session() as s:
        assert s.fetchone("SELECT text, answer, user_id FROM line_inbox") == ("", None, "")
    assert inbox.status("E1") == ("done", "reply", 1)
    assert inbox.prune(dt.timedelta(days=7)) == 0
    clock.advance(dt.timedelta(days=8))
    assert inbox.prune(dt.timedelta(days=7)) == 1
    assert inbox.status("E1") is None


def test_concurrent_claims_never_hand_one_event_to_two_holders(store: Store) -> None:
    inbox = store.line_inbox
    inbox.accept([event(f"E{i}") for i in range(40)], owner="x", lease=LEASE, take=0)

    def claim(owner: str) -> list[str]:
        got: list[str] = []
        for _ in range(10):
            got += [i.event_id for i in inbox.claim(owner=owner, lease=LEASE, limit=3)]
        return got

    with ThreadPoolExecutor(4) as pool:
        claimed = [e for got in pool.map(claim, "abcd") for e in got]
    assert sorted(claimed) == sorted(f"E{i}" for i in range(40))
