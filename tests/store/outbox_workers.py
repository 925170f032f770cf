"""Code run in separate processes by the outbox, inquiry and rate limit tests
(importable under spawn).

Each worker puts exactly one item on `results`: what it found, or the error it
met as a string, so the test fails with the reason instead of timing out.
Workers that wait to be killed set `ready` first, then sleep.
"""

from __future__ import annotations

import datetime as dt
import time
from multiprocessing.queues import Queue
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Barrier, Event

from bot.store import Store, open_store

FIXED_NOW = dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.UTC)


def deliver_all(url: str, start: Barrier, results: Queue) -> None:
    """Claim and complete until nothing is left; report what was claimed, and
    any item claimed while an older item of its ordering key was not done."""
    try:
        store = open_store(url)
        try:
            start.wait(timeout=60)
            claimed: list[int] = []
            out_of_order: list[int] = []
            while True:
                items = store.outbox.claim(limit=3)
                if not items:
                    if store.outbox.pending_count() == 0:
                        break
                    time.sleep(0.002)  # the rest waits behind other workers' items
                    continue
                for item in items:
                    claimed.append(item.id)
                    with store.db.session() as s:
                        (earlier,) = s.fetchone(
                            "SELECT COUNT(*) FROM outbox WHERE ordering_key = ? AND id < ?"
                            " AND status <> 'done'",
                            (item.ordering_key, item.id),
                        )
                    if earlier:
                        out_of_order.append(item.id)
                    store.outbox.complete(item.id, {"by": "worker"})
            results.put({"claimed": claimed, "out_of_order": out_of_order})
        finally:
            store.close()
    except Exception as error:
        results.put(f"error: {error!r}")


def hang(url: str, stage: str, ready: Event, reported: Synchronized, errors: Queue) -> None:
    """Open an inquiry and wait to be killed (kill -9) at `stage`:

    "mid-transaction": the inquiry is inserted, its outbox item not yet;
    "stored": open_inquiry has returned (the resident was told the number);
    "claimed": a worker has claimed the inquiry's post and not completed it.

    `reported` (shared memory, so it is there before `ready` is set): the
    inquiry's number once open_inquiry has returned, -2 after an error (put on
    `errors`), else untouched.
    """
    try:
        store = open_store(url)
        if stage == "mid-transaction":

            def stall(*args: object, **kwargs: object) -> None:
                ready.set()
                time.sleep(600)

            store.outbox.enqueue = stall  # type: ignore[method-assign]
        inquiry = store.desk.open_inquiry("line", "U-kill", "停電の時はどうなりますか", "…")
        if stage == "claimed":
            store.outbox.claim(limit=10)
        reported.value = inquiry.id
        ready.set()
        time.sleep(600)
    except Exception as error:
        errors.put(f"error: {error!r}")
        reported.value = -2
        ready.set()


def allow_many(
    url: str, key: str, attempts: int, limit: int, start: Barrier, results: Queue
) -> None:
    """Ask the rate limiter `attempts` times at one fixed moment; report the answers."""
    try:
        opened = open_store(url)
        try:
            limiter = Store(opened.db, clock=lambda: FIXED_NOW).limiter
            start.wait(timeout=60)
            results.put(
                [
                    limiter.allow(key, "message", limit, dt.timedelta(minutes=1))
                    for _ in range(attempts)
                ]
            )
        finally:
            opened.close()
    except Exception as error:
        results.put(f"error: {error!r}")
