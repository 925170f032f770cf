"""The outbox: what must reach Slack or LINE is kept until it has, in order per
key, once per idempotency key, and never held by two workers at once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import uuid

import pytest

from bot.store import Store, open_store
from tests.store import outbox_workers
from tests.store.conftest import FakeClock

SECOND = dt.timedelta(seconds=1)
LEASE = dt.timedelta(seconds=30)


def enqueue(store: Store, key: str = "resident:line:U1", **kwargs: object) -> int:
    item_id = store.outbox.enqueue("line.push", {"n": 1}, ordering_key=key, **kwargs)
    assert item_id is not None
    return item_id


def claimed_ids(store: Store, now: dt.datetime, **kwargs: object) -> list[int]:
    return [item.id for item in store.outbox.claim(now, **kwargs)]


def test_an_enqueued_item_is_claimed_sent_and_done(timed: Store, clock: FakeClock) -> None:
    item_id = timed.outbox.enqueue(
        "slack.post_inquiry",
        {"inquiry_id": 7, "note": "長井市"},
        ordering_key="inquiry:7",
        idem_key="post_inquiry:7",
    )
    assert timed.outbox.pending_count() == 1

    (item,) = timed.outbox.claim(clock(), lease=LEASE)
    assert (item.id, item.kind, item.payload) == (
        item_id,
        "slack.post_inquiry",
        {"inquiry_id": 7, "note": "長井市"},
    )
    assert (item.ordering_key, item.idem_key, item.attempts) == ("inquiry:7", "post_inquiry:7", 1)
    assert item.created_at == clock()
    record = timed.outbox.get(item_id)
    assert record.status == "sending" and record.lease_until == clock() + LEASE

    assert timed.outbox.complete(item_id, {"channel": "C1", "ts": "1700000000.000100"}) is True
    done = timed.outbox.get(item_id)
    assert done.status == "done" and done.done_at == clock()
    assert done.result == {"channel": "C1", "ts": "1700000000.000100"}
    assert timed.outbox.pending_count() == 0
    assert timed.outbox.claim(clock() + dt.timedelta(days=1)) == []
    assert timed.outbox.complete(item_id, None) is False  # already done


def test_an_idem_key_already_used_adds_nothing(timed: Store, clock: FakeClock) -> None:
    first = enqueue(timed, idem_key="staff_reply:C1:1700000000.000200")
    again = timed.outbox.enqueue(
        "line.push", {"n": 2}, ordering_key="x", idem_key="staff_reply:C1:1700000000.000200"
    )
    assert again is None
    (item,) = timed.outbox.claim(clock())
    timed.outbox.complete(item.id)
    # Still deduplicated once sent: a late Slack retry must not push again.
    assert timed.outbox.enqueue("line.push", {}, ordering_key="x", idem_key=item.idem_key) is None
    assert item.id == first and timed.outbox.pending_count() == 0
    # Items without a key are never taken for repeats of each other.
    assert enqueue(timed) != enqueue(timed)


def test_an_item_enqueued_in_a_rolled_back_transaction_does_not_exist(store: Store) -> None:
    def enqueue_then_fail() -> None:
        with store.db.transaction() as s:
            store.outbox.enqueue("line.push", {}, ordering_key="k", idem_key="once", session=s)
            raise RuntimeError("the caller's other write failed")

    with pytest.raises(RuntimeError):
        enqueue_then_fail()
    assert store.outbox.pending_count() == 0
    assert store.outbox.enqueue("line.push", {}, ordering_key="k", idem_key="once") is not None


def test_an_item_is_not_claimed_before_its_time(timed: Store, clock: FakeClock) -> None:
    later = clock() + dt.timedelta(minutes=5)
    item_id = enqueue(timed, not_before=later)
    assert timed.outbox.claim(later - SECOND) == []
    assert claimed_ids(timed, later) == [item_id]


def test_retry_waits_until_the_given_time_and_counts_attempts(
    timed: Store, clock: FakeClock
) -> None:
    item_id = enqueue(timed)
    assert claimed_ids(timed, clock()) == [item_id]
    retry_at = clock() + dt.timedelta(seconds=40)  # e.g. a 429's Retry-After: 40
    assert timed.outbox.retry(item_id, "429 Too Many Requests", at=retry_at) is True

    record = timed.outbox.get(item_id)
    assert (record.status, record.last_error, record.next_attempt_at) == (
        "pending",
        "429 Too Many Requests",
        retry_at,
    )
    assert timed.outbox.claim(retry_at - SECOND) == []
    assert timed.outbox.wait_hint() == retry_at
    (item,) = timed.outbox.claim(retry_at)
    assert (item.id, item.attempts) == (item_id, 2)


def test_retry_or_fail_after_another_worker_finished_changes_nothing(
    timed: Store, clock: FakeClock
) -> None:
    item_id = enqueue(timed)
    timed.outbox.claim(clock(), lease=LEASE)
    # This worker stalls past its lease; another takes the item and sends it.
    timed.outbox.claim(clock() + 2 * LEASE, lease=LEASE)
    assert timed.outbox.complete(item_id, {"by": "second"}) is True
    assert timed.outbox.retry(item_id, "timeout", at=clock()) is False
    assert timed.outbox.fail(item_id, "timeout") is False
    record = timed.outbox.get(item_id)
    assert (record.status, record.result) == ("done", {"by": "second"})


def test_a_claimed_item_not_finished_is_claimed_again_after_its_lease(
    timed: Store, clock: FakeClock
) -> None:
    item_id = enqueue(timed)
    (first,) = timed.outbox.claim(clock(), lease=LEASE)
    # The worker died mid-delivery: nobody else may take it while leased ...
    assert timed.outbox.claim(clock() + LEASE - SECOND) == []
    assert timed.outbox.wait_hint() == clock() + LEASE
    # ... and afterwards someone must.
    (again,) = timed.outbox.claim(clock() + LEASE + SECOND, lease=LEASE)
    assert again.id == item_id and again.attempts == 2
    assert again.retry_key == first.retry_key  # so LINE answers a repeated push with 409
    assert uuid.UUID(again.retry_key).version == 5


def test_only_the_oldest_unfinished_item_of_a_key_is_claimed(
    timed: Store, clock: FakeClock
) -> None:
    post = enqueue(timed, key="inquiry:1")
    follow_up = enqueue(timed, key="inquiry:1")
    last = enqueue(timed, key="inquiry:1")
    other = enqueue(timed, key="inquiry:2")

    assert claimed_ids(timed, clock()) == [post, other]
    assert timed.outbox.claim(clock()) == []  # the thread does not exist yet
    timed.outbox.complete(post, {"ts": "1.0"})
    assert claimed_ids(timed, clock()) == [follow_up]
    # A head waiting for its retry holds up the rest of its key.
    timed.outbox.retry(follow_up, "503", at=clock() + dt.timedelta(minutes=1))
    assert timed.outbox.claim(clock()) == []
    assert timed.outbox.wait_hint() == clock() + dt.timedelta(minutes=1)
    assert claimed_ids(timed, clock() + dt.timedelta(minutes=1)) == [follow_up]
    timed.outbox.complete(follow_up)
    assert claimed_ids(timed, clock() + dt.timedelta(minutes=1)) == [last]


def test_a_failed_item_is_kept_and_no_longer_blocks_its_key(timed: Store, clock: FakeClock) -> None:
    blocked_user = enqueue(timed, key="resident:line:U9")
    next_push = enqueue(timed, key="resident:line:U9")
    assert claimed_ids(timed, clock()) == [blocked_user]
    assert timed.outbox.fail(blocked_user, "400 The user is not a friend") is True

    assert claimed_ids(timed, clock()) == [next_push]
    (failed,) = timed.outbox.failed()
    assert (failed.id, failed.status, failed.last_error) == (
        blocked_user,
        "failed",
        "400 The user is not a friend",
    )
    assert timed.outbox.pending_count() == 1  # only next_push, being sent

    # Staff may send it again later.
    assert timed.outbox.requeue(blocked_user) is True
    timed.outbox.complete(next_push)
    assert claimed_ids(timed, clock()) == [blocked_user]
    assert timed.outbox.failed() == []


def test_wait_hint_says_when_something_is_due(timed: Store, clock: FakeClock) -> None:
    assert timed.outbox.wait_hint() is None
    in_a_minute = clock() + dt.timedelta(minutes=1)
    enqueue(timed, key="a", not_before=in_a_minute)
    enqueue(timed, key="b", not_before=in_a_minute + dt.timedelta(minutes=1))
    assert timed.outbox.wait_hint() == in_a_minute
    # An item behind another of its key is not due before it, whatever its time.
    enqueue(timed, key="a")
    assert timed.outbox.wait_hint() == in_a_minute


def test_claim_takes_at_most_limit_oldest_first(timed: Store, clock: FakeClock) -> None:
    ids = [enqueue(timed, key=f"resident:line:U{i}") for i in range(5)]
    assert claimed_ids(timed, clock(), limit=2) == ids[:2]
    assert claimed_ids(timed, clock(), limit=10) == ids[2:]


def test_listeners_hear_of_new_and_freed_items(timed: Store, clock: FakeClock) -> None:
    heard: list[str] = []
    timed.outbox.add_listener(lambda: heard.append("work"))
    timed.outbox.add_listener(lambda: 1 / 0)  # a broken listener changes nothing
    item_id = enqueue(timed)
    assert heard == ["work"]
    timed.outbox.claim(clock())
    timed.outbox.complete(item_id)
    assert heard == ["work", "work"]


def test_done_items_are_pruned_after_a_while_but_failed_ones_kept(
    timed: Store, clock: FakeClock
) -> None:
    sent, failed, waiting = enqueue(timed, key="a"), enqueue(timed, key="b"), enqueue(timed)
    timed.outbox.claim(clock())
    timed.outbox.complete(sent)
    timed.outbox.fail(failed, "gone")
    clock.advance(dt.timedelta(days=31))
    assert timed.outbox.prune(older_than=dt.timedelta(days=30)) == 1
    assert timed.outbox.get(sent) is None
    assert timed.outbox.get(failed).status == "failed"
    assert timed.outbox.get(waiting).status == "sending"


def test_pending_items_survive_a_restart(database_url: str) -> None:
    with open_store(database_url) as store:
        waiting = enqueue(store, key="resident:line:U1")
        in_flight = enqueue(store, key="inquiry:1")
        untouched = enqueue(store, key="resident:web:W1")
        (item,) = store.outbox.claim(limit=1)
        assert item.id == waiting
        store.outbox.claim(limit=1, lease=dt.timedelta(milliseconds=1))

    with open_store(database_url) as restarted:
        assert restarted.outbox.pending_count() == 3
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
        got = {item.id: item for item in restarted.outbox.claim(later)}
        assert sorted(got) == [waiting, in_flight, untouched]
        assert [got[i].attempts for i in (waiting, in_flight, untouched)] == [2, 2, 1]
        assert got[untouched].payload == {"n": 1}


def test_threads_never_claim_the_same_item_and_keep_each_keys_order(store: Store) -> None:
    keys = [f"resident:line:U{i}" for i in range(20)]
    ids = [enqueue(store, key=keys[i % len(keys)]) for i in range(240)]
    key_of = {item_id: keys[i % len(keys)] for i, item_id in enumerate(ids)}
    start = threading.Barrier(8)
    log: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait(timeout=30)
            while store.outbox.pending_count():
                for item in store.outbox.claim(limit=3):
                    with lock:
                        log.append(item.id)
                    store.outbox.complete(item.id)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    assert sorted(log) == ids  # every item once, none twice
    for key in keys:
        in_key = [item_id for item_id in log if key_of[item_id] == key]
        assert in_key == sorted(in_key), key


def test_processes_never_claim_the_same_item_and_keep_each_keys_order(
    database_url: str,
) -> None:
    with open_store(database_url) as store:
        ids = [enqueue(store, key=f"inquiry:{i % 15}") for i in range(180)]
    ctx = multiprocessing.get_context("spawn")
    n = 3
    start, results = ctx.Barrier(n), ctx.Queue()
    procs = [
        ctx.Process(target=outbox_workers.deliver_all, args=(database_url, start, results))
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=30)

    assert [o for o in outcomes if isinstance(o, str)] == []
    claimed = [item_id for o in outcomes for item_id in o["claimed"]]
    assert sorted(claimed) == ids
    assert [o["out_of_order"] for o in outcomes] == [[], [], []]
    with open_store(database_url) as store:
        assert store.outbox.pending_count() == 0
