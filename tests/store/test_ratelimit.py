"""Per-user rate limits: a fixed number per window, counted in the database so
that every process shares one count."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading

from bot.store import Store
from tests.store import outbox_workers
from tests.store.conftest import FakeClock

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
JST = dt.timezone(dt.timedelta(hours=9))


def answers(store: Store, n: int, key: str = "line:U1", action: str = "message",
            limit: int = 3, window: dt.timedelta = MINUTE) -> list[bool]:  # fmt: skip
    return [store.limiter.allow(key, action, limit, window) for _ in range(n)]


def test_up_to_the_limit_is_allowed_then_refused_until_the_next_window(
    timed: Store, clock: FakeClock
) -> None:
    clock.now = dt.datetime(2026, 11, 26, 10, 0, 5, tzinfo=JST)
    assert answers(timed, 5) == [True, True, True, False, False]
    clock.advance(dt.timedelta(seconds=54))  # 10:00:59, the same minute
    assert answers(timed, 1) == [False]
    clock.advance(dt.timedelta(seconds=1))  # 10:01:00, a new window
    assert answers(timed, 4) == [True, True, True, False]
    assert timed.limiter.count("line:U1", "message", MINUTE) == 4


def test_users_and_actions_are_counted_apart(timed: Store) -> None:
    assert answers(timed, 4, key="line:U1") == [True, True, True, False]
    assert answers(timed, 1, key="line:U2") == [True]
    assert answers(timed, 1, key="web:U1") == [True]
    assert answers(timed, 1, key="line:U1", action="inquiry", window=DAY) == [True]


def test_a_day_is_the_calendar_day_in_nagai(timed: Store, clock: FakeClock) -> None:
    clock.now = dt.datetime(2026, 11, 26, 0, 0, tzinfo=JST)
    assert answers(timed, 5, action="inquiry", limit=5, window=DAY) == [True] * 5
    clock.now = dt.datetime(2026, 11, 26, 23, 59, 59, tzinfo=JST)
    assert answers(timed, 1, action="inquiry", limit=5, window=DAY) == [False]
    clock.now = dt.datetime(2026, 11, 27, 0, 0, tzinfo=JST)  # 15:00 UTC the day before
    assert answers(timed, 1, action="inquiry", limit=5, window=DAY) == [True]


def test_threads_at_once_get_exactly_the_limit(store: Store) -> None:
    start = threading.Barrier(8)
    allowed: list[bool] = []
    lock = threading.Lock()

    def ask() -> None:
        start.wait(timeout=30)
        mine = answers(store, 10, limit=25)
        with lock:
            allowed.extend(mine)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(allowed) == 80 and allowed.count(True) == 25


def test_processes_share_one_count(database_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    n = 3
    start, results = ctx.Barrier(n), ctx.Queue()
    procs = [
        ctx.Process(
            target=outbox_workers.allow_many,
            args=(database_url, "line:U-busy", 20, 30, start, results),
        )
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)

    assert [o for o in outcomes if isinstance(o, str)] == []
    assert sum(o.count(True) for o in outcomes) == 30
    assert sum(len(o) for o in outcomes) == 60


def test_ended_windows_are_pruned_and_the_current_one_kept(timed: Store, clock: FakeClock) -> None:
    answers(timed, 2, key="line:old")
    answers(timed, 1, key="line:day", action="inquiry", window=DAY)
    clock.advance(2 * MINUTE)
    answers(timed, 2, key="line:now")

    assert timed.limiter.prune() == 1  # line:old's minute; the day is not over
    assert timed.limiter.count("line:now", "message", MINUTE) == 2
    assert timed.limiter.count("line:day", "inquiry", DAY) == 1
    with timed.db.session() as s:
        assert s.fetchone("SELECT COUNT(*) FROM rate_limits WHERE key = 'line:old'") == (0,)


def test_the_limiter_prunes_by_itself_now_and_then(timed: Store, clock: FakeClock) -> None:
    answers(timed, 1, key="line:old")
    clock.advance(dt.timedelta(hours=1))
    answers(timed, 1, key="line:new")  # more than prune_every later
    with timed.db.session() as s:
        assert s.fetchone("SELECT COUNT(*) FROM rate_limits") == (1,)
