"""A webhook event redelivered (LINE) or retried (Slack) is handled once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading

from bot.store import Store
from bot.store.base import utc_now
from tests.store import workers


def test_first_claim_wins_and_a_redelivery_loses(store: Store) -> None:
    assert store.claim_event("line", "01HXYZ") is True
    assert store.claim_event("line", "01HXYZ") is False
    assert store.claim_event("line", "01HXYZ") is False


def test_event_ids_are_per_source(store: Store) -> None:
    assert store.claim_event("line", "Ev1") is True
    assert store.claim_event("slack", "Ev1") is True
    assert store.claim_event("line", "Ev2") is True


def test_threads_racing_for_the_same_events_win_each_exactly_once(store: Store) -> None:
    event_ids = [f"Ev{i}" for i in range(200)]
    start = threading.Barrier(8)
    results: list[list[bool]] = []
    lock = threading.Lock()

    def claim() -> None:
        start.wait(timeout=30)
        mine = [store.claim_event("slack", event_id) for event_id in event_ids]
        with lock:
            results.append(mine)

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(results) == 8
    wins_per_event = [sum(column) for column in zip(*results, strict=True)]
    assert wins_per_event == [1] * len(event_ids)


def test_processes_racing_for_the_same_events_win_each_exactly_once(
    database_url: str,
) -> None:
    # Spawned, not forked: each process is a fresh interpreter, as `serve` is.
    ctx = multiprocessing.get_context("spawn")
    n = 3
    event_ids = [f"Ev{i}" for i in range(150)]
    start, results = ctx.Barrier(n), ctx.Queue()
    procs = [
        ctx.Process(target=workers.claim_all, args=(database_url, event_ids, start, results))
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)

    assert [o for o in outcomes if isinstance(o, str)] == []
    wins_per_event = [sum(column) for column in zip(*outcomes, strict=True)]
    assert wins_per_event == [1] * len(event_ids)


def test_pruned_event_ids_are_forgotten_and_recent_ones_kept(store: Store) -> None:
    three_days_ago = Store(store.db, clock=lambda: utc_now() - dt.timedelta(days=3))
    three_days_ago.claim_event("line", "old")
    store.claim_event("line", "recent")

    assert store.prune_events(older_than=dt.timedelta(days=1)) == 1

    assert store.claim_event("line", "recent") is False  # still remembered
    assert store.claim_event("line", "old") is True  # forgotten, so new again
    assert store.prune_events(older_than=dt.timedelta(days=1)) == 0
