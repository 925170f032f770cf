"""How long the hand-off takes through the outbox (`make bench`).

The real app (create_app, production delivery settings) on a SQLite file, and
on PostgreSQL when TEST_DATABASE_URL is set, with the fake LINE and Slack APIs
over real sockets. For each of N inquiries:
- resident → staff: from sending the signed LINE webhook 「送信する」 to the
  fake Slack API receiving the inquiry's chat.postMessage;
- staff → resident: from sending the signed Slack event of a staff reply in
  the thread to the fake LINE API receiving the push.
Times are the fakes' arrival times (perf_counter) minus the send time.
Printed: median and p99 of each.

Knob: BENCH_INQUIRIES (default 100).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path

import pytest

from bot.app import create_app
from bot.store import open_store
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import PUSH
from tests.fakes.slack_api import POST_MESSAGE
from tests.outbox.helpers import (
    both_settings,
    line_says,
    post_of,
    staff_replies,
)
from tests.platforms import running

INQUIRIES = int(os.environ.get("BENCH_INQUIRIES", "100"))


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(s * 1000 for s in seconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{name:<28} n={len(ordered):4d}  median {statistics.median(ordered):6.1f} ms  p99 {p99:6.1f} ms"


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_hand_off_latency(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                request: pytest.FixtureRequest) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    else:
        if not os.environ.get("TEST_DATABASE_URL"):
            pytest.skip("TEST_DATABASE_URL is not set")
        url = request.getfixturevalue("postgres_schema_url")
    to_staff: list[float] = []
    to_resident: list[float] = []
    with FakeLineApi() as line, FakeSlackApi() as slack, open_store(url) as store:
        settings = both_settings(line, slack)  # type: ignore[arg-type]
        async for app in running(create_app(settings, store=store)):
            for n in range(INQUIRIES):
                user = f"U{n:032x}"
                await line_says(app, "市長に意見を伝えたい", user)
                await line_says(app, "担当者に問い合わせたい", user)
                posts = len(slack.received(POST_MESSAGE))
                sent = time.perf_counter()
                await line_says(app, "送信する", user)
                [post] = (await asyncio.to_thread(slack.wait_for, POST_MESSAGE, posts + 1))[posts:]
                to_staff.append(post.received_at - sent)

                # staff answer once the post is recorded (people take seconds)
                await app.app.state.delivery.worker.drained(30)
                thread = post_of(slack, n + 1)["ts"]  # type: ignore[arg-type]
                pushes = len(line.pushes())
                sent = time.perf_counter()
                await staff_replies(app, "お返事です", thread)
                [push] = (await asyncio.to_thread(line.wait_for, PUSH, pushes + 1))[pushes:]
                to_resident.append(push.received_at - sent)
                await app.app.state.delivery.worker.drained(30)  # its thread note too
    print()
    print(f"hand-off through the outbox ({backend})")
    print(summary("resident → Slack post", to_staff))
    print(summary("staff reply → LINE push", to_resident))


# PostgreSQL schema per run, as the store tests make it
from tests.store.conftest import postgres_schema_url  # noqa: E402, F401
