"""The outbox worker on a real store (both backends), with deliverers that
play a script of outcomes: what is retried, when, what is given up, what
waits, and that nothing is delivered twice or out of order."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.outbox.outcomes import Permanent, Retryable, Unavailable
from bot.outbox.worker import OutboxWorker, RetryPolicy, WorkerOptions
from bot.store import Store, open_store
from bot.store.outbox import DONE, FAILED, PENDING, SENDING, OutboxItem

KIND = "test.kind"
QUICK = WorkerOptions(
    policy=RetryPolicy(base=0.01, cap=0.05, jitter=0.0, max_attempts=3,
                       unavailable_interval=0.05),
    lease=dt.timedelta(seconds=5),
    poll_interval=0.2,
)


class Scripted:
    """Plays `outcomes` in order (an exception is raised, anything else is the
    result), then succeeds; records every call and every give_up."""

    def __init__(self, *outcomes: Any) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[tuple[int, int]] = []  # (item id, attempts)
        self.given_up: list[tuple[int, str]] = []
        self.gate: asyncio.Event | None = None

    async def deliver(self, item: OutboxItem) -> dict[str, Any] | None:
        self.calls.append((item.id, item.attempts))
        if self.gate is not None:
            await self.gate.wait()
        outcome = self.outcomes.pop(0) if self.outcomes else {"sent": item.id}
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def give_up(self, item: OutboxItem, reason: str) -> None:
        self.given_up.append((item.id, reason))


def enqueue(store: Store, key: str = "k", **payload: Any) -> int:
    item_id = store.outbox.enqueue(KIND, payload, ordering_key=key)
    assert item_id is not None
    return item_id


@pytest.fixture
async def make_worker(store: Store) -> AsyncIterator[Callable[..., Any]]:
    """Starts workers on the store (or on another Store of the same database);
    every one is stopped after the test, whatever happened."""
    workers: list[OutboxWorker] = []

    async def make(deliverer: Any, options: WorkerOptions = QUICK,
                   on: Store | None = None) -> OutboxWorker:
        worker = OutboxWorker((on or store).outbox, {KIND: deliverer}, options)
        await worker.start()
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        await worker.stop(0.5)


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_an_item_is_delivered_and_its_result_kept(store: Store, make_worker: Any) -> None:
    item = enqueue(store, inquiry=1)
    deliverer = Scripted({"channel": "C1", "ts": "1.2"})

    worker = await make_worker(deliverer)
    await worker.drained()

    record = store.outbox.get(item)
    assert record is not None
    assert (record.status, record.result, record.attempts) == (DONE, {"channel": "C1", "ts": "1.2"}, 1)


async def test_a_retryable_failure_is_retried_until_it_succeeds(
    store: Store, make_worker: Any
) -> None:
    item = enqueue(store)
    deliverer = Scripted(Retryable("HTTP 500"), Retryable("timeout"))

    worker = await make_worker(deliverer)
    await worker.drained()

    assert deliverer.calls == [(item, 1), (item, 2), (item, 3)]
    record = store.outbox.get(item)
    assert record is not None and record.status == DONE
    assert deliverer.given_up == []


async def test_after_the_last_attempt_the_item_is_given_up_once(
    store: Store, make_worker: Any
) -> None:
    item = enqueue(store)
    deliverer = Scripted(*[Retryable("HTTP 500")] * 10)

    worker = await make_worker(deliverer)
    await worker.drained()

    assert len(deliverer.calls) == QUICK.policy.max_attempts
    [(given_up, reason)] = deliverer.given_up
    assert given_up == item
    assert f"{QUICK.policy.max_attempts}回" in reason and "HTTP 500" in reason
    record = store.outbox.get(item)
    assert record is not None and record.status == FAILED


async def test_a_permanent_failure_is_given_up_at_once(store: Store, make_worker: Any) -> None:
    item = enqueue(store)
    deliverer = Scripted(Permanent("blocked"))

    worker = await make_worker(deliverer)
    await worker.drained()

    assert deliverer.calls == [(item, 1)]
    assert deliverer.given_up == [(item, "blocked")]
    record = store.outbox.get(item)
    assert record is not None and (record.status, record.last_error) == (FAILED, "blocked")


async def test_retry_after_decides_the_next_attempt(store: Store, make_worker: Any) -> None:
    item = enqueue(store)
    deliverer = Scripted(Retryable("429", retry_after=30))

    await make_worker(deliverer)
    await eventually(lambda: (r := store.outbox.get(item)) is not None and r.status == PENDING
                     and r.attempts == 1)

    record = store.outbox.get(item)
    assert record is not None and record.next_attempt_at is not None
    wait = record.next_attempt_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(seconds=28) < wait <= dt.timedelta(seconds=30)


async def test_waits_the_platform_asked_for_do_not_count_towards_giving_up(
    store: Store, make_worker: Any
) -> None:
    item = enqueue(store)
    limited = [Retryable("429", retry_after=0.01)] * (QUICK.policy.max_attempts + 2)
    deliverer = Scripted(*limited)

    worker = await make_worker(deliverer)
    await worker.drained()

    record = store.outbox.get(item)
    assert record is not None and record.status == DONE
    assert deliverer.given_up == []


async def test_a_platform_that_is_off_is_waited_for_and_logged_once(
    store: Store, make_worker: Any, caplog: pytest.LogCaptureFixture
) -> None:
    item = enqueue(store)
    deliverer = Scripted(*[Unavailable("no token")] * (QUICK.policy.max_attempts + 3))

    with caplog.at_level(logging.INFO, logger="bot.outbox.worker"):
        worker = await make_worker(deliverer)
        await worker.drained()

    record = store.outbox.get(item)
    assert record is not None and record.status == DONE
    assert deliverer.given_up == []
    waiting = [r for r in caplog.records if "no token" in r.getMessage()]
    assert len(waiting) == 1
    assert any("work again" in r.getMessage() for r in caplog.records)


async def test_a_bug_in_a_deliverer_is_retried(store: Store, make_worker: Any) -> None:
    item = enqueue(store)
    deliverer = Scripted(KeyError("oops"))

    worker = await make_worker(deliverer)
    await worker.drained()

    record = store.outbox.get(item)
    assert record is not None and record.status == DONE and record.attempts == 2


async def test_a_kind_nobody_delivers_waits_instead_of_failing(
    store: Store, make_worker: Any
) -> None:
    other = store.outbox.enqueue("other.kind", {}, ordering_key="o")
    assert other is not None

    await make_worker(Scripted())
    await eventually(lambda: (r := store.outbox.get(other)) is not None and r.attempts >= 2)

    record = store.outbox.get(other)
    assert record is not None and record.status in (PENDING, SENDING)


async def test_it_wakes_for_new_items_instead_of_waiting_for_the_poll(
    store: Store, make_worker: Any
) -> None:
    deliverer = Scripted()
    worker = await make_worker(deliverer, WorkerOptions(policy=QUICK.policy, poll_interval=60))
    await worker.drained()

    item = enqueue(store)
    await worker.drained(timeout=5)  # far sooner than the 60 s poll

    assert deliverer.calls == [(item, 1)]


async def test_an_item_a_dead_worker_held_is_delivered_after_its_lease(
    store: Store, make_worker: Any
) -> None:
    item = enqueue(store)
    [held] = store.outbox.claim(lease=dt.timedelta(milliseconds=300))  # then "killed"

    deliverer = Scripted()
    worker = await make_worker(deliverer)
    await worker.drained()

    assert held.id == item
    assert deliverer.calls == [(item, 2)]


async def test_items_of_one_key_go_in_order_and_other_keys_do_not_wait(
    store: Store, make_worker: Any
) -> None:
    first = enqueue(store, "thread")
    blocked = enqueue(store, "thread")
    free = enqueue(store, "other")
    deliverer = Scripted(Retryable("HTTP 500"))  # the first item's first attempt

    worker = await make_worker(deliverer)
    await worker.drained()

    order = [item for item, _ in deliverer.calls]
    assert order.index(free) < order.index(blocked), "another key does not wait"
    assert [i for i in order if i != free] == [first, first, blocked]


async def test_stop_lets_a_delivery_in_flight_finish(store: Store, make_worker: Any) -> None:
    item = enqueue(store)
    deliverer = Scripted()
    deliverer.gate = asyncio.Event()
    worker = await make_worker(deliverer)
    await eventually(lambda: bool(deliverer.calls))

    stopping = asyncio.create_task(worker.stop(grace=5))
    await asyncio.sleep(0)
    deliverer.gate.set()
    await stopping

    record = store.outbox.get(item)
    assert record is not None and record.status == DONE


async def test_a_delivery_still_running_after_the_grace_is_left_for_later(
    store: Store, make_worker: Any
) -> None:
    item = enqueue(store)
    deliverer = Scripted()
    deliverer.gate = asyncio.Event()  # never set: the platform hangs
    worker = await make_worker(deliverer)
    await eventually(lambda: bool(deliverer.calls))

    await worker.stop(grace=0.05)

    record = store.outbox.get(item)
    assert record is not None and record.status == SENDING  # taken over after its lease


async def test_workers_of_several_processes_deliver_each_item_once(
    store: Store, database_url: str, make_worker: Any
) -> None:
    items = [enqueue(store, f"key-{n % 7}") for n in range(40)]
    deliverers = [Scripted(), Scripted()]
    with open_store(database_url) as other_process:
        workers = [await make_worker(deliverers[0]),
                   await make_worker(deliverers[1], on=other_process)]
        for worker in workers:
            await worker.drained()
        await workers[1].stop()  # before its database closes

    delivered = sorted(item for d in deliverers for item, _ in d.calls)
    assert delivered == items


class TestBackoff:
    def test_doubles_from_the_base_up_to_the_cap(self) -> None:
        policy = RetryPolicy(base=2, factor=2, cap=60, jitter=0)

        assert [policy.backoff(n) for n in range(1, 8)] == [2, 4, 8, 16, 32, 60, 60]

    def test_jitter_spreads_within_its_fraction(self) -> None:
        policy = RetryPolicy(base=10, cap=1000, jitter=0.2)

        assert policy.backoff(1, rand=lambda: 0.0) == pytest.approx(8)
        assert policy.backoff(1, rand=lambda: 1.0) == pytest.approx(12)

    def test_the_default_gives_a_platform_over_an_hour_to_come_back(self) -> None:
        policy = RetryPolicy(jitter=0)

        total = sum(policy.backoff(n) for n in range(1, policy.max_attempts))
        assert dt.timedelta(hours=1) < dt.timedelta(seconds=total) < dt.timedelta(hours=24)
