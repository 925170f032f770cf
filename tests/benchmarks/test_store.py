"""How long the store takes per call, on SQLite and PostgreSQL (`make bench`).

Each message costs one claim_event, one rate limit count, one context load and
one save, so these bound what the store adds to a reply. Prints median and p99
per call, the rate of claims with 8 threads at once (the web service's
workers), and what one outbox item costs to enqueue, claim and complete (the
delivery worker's overhead per Slack or LINE call), plus open_inquiry.
PostgreSQL runs when TEST_DATABASE_URL is set (see .ci/start-postgres.sh).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.core.types import Context
from bot.store import Store, open_store

ROUNDS = 500


@pytest.fixture(params=["sqlite", "postgres"])
def bench_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        with open_store(f"sqlite:///{tmp_path / 'bench.sqlite3'}") as store:
            yield store
        return
    admin_url = os.environ.get("TEST_DATABASE_URL")
    if not admin_url:
        pytest.skip("TEST_DATABASE_URL is not set")
    import psycopg

    from tests.store.conftest import with_search_path

    schema = f"bench_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        with open_store(with_search_path(admin_url, schema)) as store:
            yield store
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def timings_ms(call: Callable[[int], object]) -> list[float]:
    out = []
    for i in range(ROUNDS):
        t0 = time.perf_counter()
        call(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def report(name: str, dialect: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(
        f"\n{dialect:10} {name:22} median {statistics.median(samples):7.3f} ms"
        f"   p99 {p99:7.3f} ms   (n={len(samples)})"
    )


def test_latency_per_call(bench_store: Store) -> None:
    context = Context(plans=("dmo-tourism",), fields=("period",))
    claims = timings_ms(lambda i: bench_store.claim_event("line", f"Ev{i}"))
    saves = timings_ms(lambda i: bench_store.contexts.save(f"line:U{i % 50}", context))
    loads = timings_ms(lambda i: bench_store.contexts.load(f"line:U{i % 50}"))
    pings = timings_ms(lambda i: bench_store.ping())
    allows = timings_ms(
        lambda i: bench_store.limiter.allow(
            f"line:U{i % 50}", "message", 30, dt.timedelta(minutes=1)
        )
    )
    for name, samples in [
        ("claim_event", claims),
        ("limiter allow", allows),
        ("context save", saves),
        ("context load", loads),
        ("ping", pings),
    ]:
        report(name, bench_store.dialect, samples)
    assert bench_store.claim_event("line", "Ev0") is False


def test_claims_from_eight_threads(bench_store: Store) -> None:
    threads_n, per_thread = 8, 200
    start = threading.Barrier(threads_n + 1)
    wins: list[int] = []

    def claim(worker: int) -> None:
        start.wait()
        # Half the ids are shared between two threads: races as on a redelivery.
        won = sum(
            bench_store.claim_event("slack", f"Ev{(worker // 2) * per_thread + i}")
            for i in range(per_thread)
        )
        wins.append(won)

    threads = [threading.Thread(target=claim, args=(w,)) for w in range(threads_n)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    total = threads_n * per_thread
    print(
        f"\n{bench_store.dialect:10} 8 threads: {total} claims in {elapsed:.3f} s"
        f" = {total / elapsed:,.0f} claims/s"
    )
    assert sum(wins) == total // 2


def test_outbox_cost_per_item(bench_store: Store) -> None:
    outbox = bench_store.outbox

    def cycle(i: int) -> None:
        outbox.enqueue("line.push", {"inquiry_id": i}, ordering_key=f"resident:line:U{i % 20}",
                       idem_key=f"bench:{i}")  # fmt: skip
        for item in outbox.claim():
            outbox.complete(item.id, {"ok": True})

    enqueues = timings_ms(
        lambda i: outbox.enqueue("line.push", {"n": i}, ordering_key=f"k{i}", idem_key=f"e{i}")
    )
    claims = timings_ms(lambda i: outbox.claim(limit=1))
    completes = timings_ms(lambda i: outbox.complete(i + 1, {"ok": True}))
    cycles = timings_ms(cycle)
    opens = timings_ms(lambda i: bench_store.desk.open_inquiry("line", f"U{i}", "質問", "回答"))
    for name, samples in [
        ("outbox enqueue", enqueues),
        ("outbox claim 1", claims),
        ("outbox complete", completes),
        ("enqueue+claim+complete", cycles),
        ("open_inquiry", opens),
    ]:
        report(name, bench_store.dialect, samples)
    assert outbox.get(1).status == "done"
