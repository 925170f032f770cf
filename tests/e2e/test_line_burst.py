"""Every LINE event that got 200 is answered exactly once: real `serve`
processes on SQLite and PostgreSQL, a burst of signed events from many
clients, a slow fake LINE API (100-300 ms a call, single-use reply tokens),
and kill -9 in the middle. What reached the fake is counted per event: one
answer, by reply or by push, never two."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import open_store
from tests.e2e.line_load import (
    Burst,
    answers_by_event,
    events,
    line_env,
    send,
    start,
    wait_answered,
)
from tests.fakes import FakeLineApi

# the DATABASE_URLs of both backends (PostgreSQL from TEST_DATABASE_URL)
from tests.store.conftest import database_url, postgres_schema_url  # noqa: F401

LEASE_SECONDS = 2
LATENCY = (0.1, 0.3)


@pytest.fixture
def slow_line() -> Iterator[FakeLineApi]:
    with FakeLineApi(latency=LATENCY, single_use_tokens=True) as fake:
        yield fake  # type: ignore[misc]


def assert_answered_once(line: FakeLineApi, batch: list, accepted: set[str]) -> None:
    counts = answers_by_event(line, batch)
    twice = {e: n for e, n in counts.items() if n > 1}
    assert twice == {}, "no event is answered twice"
    assert accepted <= set(counts), "every event that got 200 is answered"


def test_a_burst_of_2000_events_from_32_clients_is_answered_once_each(
    database_url: str,  # noqa: F811
    slow_line: FakeLineApi,
    tmp_path: Path,
) -> None:
    batch = events(2000, users=200)
    burst = Burst()
    with (tmp_path / "serve.log").open("w") as log:
        service = start(tmp_path, line_env(database_url, slow_line, 60), log)
        try:
            asyncio.run(send([service.base], batch, clients=32, burst=burst))
            assert len(burst.accepted) == 2000, burst.refused
            wait_answered(slow_line, batch, burst.accepted, timeout=60)
            time.sleep(1.5)  # room for a repeat to show up
        finally:
            service.stop()
    assert_answered_once(slow_line, batch, burst.accepted)
    assert len(slow_line.answers()) == 2000
    with open_store(database_url) as store:
        assert store.line_inbox.pending_count() == 0
    errors = [line for line in (tmp_path / "serve.log").read_text().splitlines() if " ERROR " in line]
    assert errors == []


def kill_during_burst(
    urls_of: list, batch: list, kill_after: int, line: FakeLineApi
) -> Burst:
    """Send `batch` to the services; kill -9 the first once `kill_after`
    answers reached LINE."""
    burst = Burst()

    async def run() -> None:
        sending = asyncio.create_task(
            send([s.base for s in urls_of], batch, clients=16, burst=burst)
        )
        while len(line.answers()) < kill_after and not sending.done():
            await asyncio.sleep(0.02)
        urls_of[0].kill9()
        await sending

    asyncio.run(run())
    return burst


def test_kill_9_during_a_burst_on_sqlite_every_accepted_event_is_answered_after_restart(
    slow_line: FakeLineApi, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    env = line_env(url, slow_line, LEASE_SECONDS)
    batch = events(600, users=100, prefix="K")
    with (tmp_path / "serve.log").open("w") as log:
        first = start(tmp_path, env, log)
        try:
            burst = kill_during_burst([first], batch, kill_after=150, line=slow_line)
        finally:
            first.stop()
        answered_before = len(answers_by_event(slow_line, batch))
        assert 0 < answered_before < len(burst.accepted), "killed with events in flight"
        second = start(tmp_path, env, log)
        try:
            wait_answered(slow_line, batch, burst.accepted, timeout=30)
            time.sleep(LEASE_SECONDS + 1.5)  # a repeat would come after the lease
        finally:
            second.stop()
    assert_answered_once(slow_line, batch, burst.accepted)


@pytest.mark.postgres
def test_kill_9_of_one_of_two_processes_on_postgresql_the_other_answers_what_it_accepted(
    postgres_schema_url: str,  # noqa: F811
    slow_line: FakeLineApi,
    tmp_path: Path,
) -> None:
    env = line_env(postgres_schema_url, slow_line, LEASE_SECONDS)
    batch = events(600, users=100, prefix="P")
    with (tmp_path / "serve.log").open("w") as log:
        doomed, survivor = start(tmp_path, env, log), start(tmp_path, env, log)
        try:
            burst = kill_during_burst([doomed, survivor], batch, kill_after=150, line=slow_line)
            wait_answered(slow_line, batch, burst.accepted, timeout=30)
            time.sleep(LEASE_SECONDS + 1.5)
        finally:
            doomed.stop()
            survivor.stop()
    assert_answered_once(slow_line, batch, burst.accepted)
