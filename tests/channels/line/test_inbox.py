"""The LINE inbox behind the webhook: what a process that died leaves behind
is answered, once, whether by a redelivery or by a sweep; a full queue still
stores and answers."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import threading

from bot.app import create_app
from bot.channels.line.inbound import LineEvent, retry_key
from bot.store import Store
from tests.fakes import FakeLineApi
from tests.fakes.line_api import INVALID_REPLY_TOKEN, REPLY, sign_line, text_event, webhook_body
from tests.platforms import LINE_SECRET, RunningApp, line_settings, running

USER = "U" + "c" * 32


def died_with(store: Store, event_id: str, token: str, *, attempted: bool = False) -> None:
    """The state a process leaves when kill -9 ends it after the 200 and
    before the answer went out (or, `attempted`, while the reply was on its way)."""
    event = LineEvent(event_id, USER, "question", "電話番号を教えて", token)
    [item] = store.line_inbox.accept([event], owner="dead", lease=dt.timedelta(0), take=1)
    if attempted:
        store.line_inbox.start_send(
            item.event_id, owner="dead", answer=[{"type": "text", "text": "前の答え"}],
            lease=dt.timedelta(0),
        )  # fmt: skip


def without_sweeps(fake: FakeLineApi, store: Store):
    """The app, with its background sweep off: only what the test does finds old events."""
    app = create_app(line_settings(fake), store=store)
    app.state.line.sweep_every = None
    return running(app)


async def redeliver(app: RunningApp, event_id: str, token: str) -> None:
    body = webhook_body(
        text_event("電話番号を教えて", user=USER, event_id=event_id, reply_token=token,
                   redelivery=True)
    )
    headers = {"content-type": "application/json", "x-line-signature": sign_line(LINE_SECRET, body)}
    response = await app.client.post("/line/webhook", content=body, headers=headers)
    assert response.status_code == 200
    await app.drain()


async def test_a_redelivered_event_that_was_never_answered_is_answered_once(
    fake_line: FakeLineApi, store: Store
) -> None:
    fake_line.single_use_tokens = True
    died_with(store, "NEVER", "rt-first")
    async for app in without_sweeps(fake_line, store):  # only the redelivery may find it
        await redeliver(app, "NEVER", "rt-again")
        await redeliver(app, "NEVER", "rt-third")

    assert fake_line.answers() == [("reply", "rt-again")]
    assert store.line_inbox.status("NEVER") == ("done", "reply", 1)


async def test_control_a_redelivery_of_an_answered_event_is_not_answered_again(
    fake_line: FakeLineApi, store: Store
) -> None:
    fake_line.single_use_tokens = True
    async for app in running(create_app(line_settings(fake_line), store=store)):
        await redeliver(app, "ONCE", "rt-1")
        await redeliver(app, "ONCE", "rt-2")

    assert fake_line.answers() == [("reply", "rt-1")]


async def test_after_a_restart_an_event_the_dead_process_left_is_answered_by_the_sweep(
    fake_line: FakeLineApi, store: Store
) -> None:
    died_with(store, "LEFT", "rt-left")
    async for app in without_sweeps(fake_line, store):
        assert await app.app.state.line.sweep() == 1
        await app.drain()

    [reply] = fake_line.replies()
    assert reply.json["replyToken"] == "rt-left"
    assert store.line_inbox.pending_count() == 0


async def test_a_reply_attempted_before_the_crash_is_finished_with_the_stored_answer(
    fake_line: FakeLineApi, store: Store
) -> None:
    died_with(store, "HALF", "rt-half", attempted=True)
    async for app in running(create_app(line_settings(fake_line), store=store)):
        await app.app.state.line.sweep()
        await app.drain()

    [reply] = fake_line.replies()
    assert reply.json["messages"] == [{"type": "text", "text": "前の答え"}], "not asked twice"


async def test_a_reply_token_used_before_the_crash_means_the_answer_arrived(
    fake_line: FakeLineApi, store: Store
) -> None:
    fake_line.single_use_tokens = True
    died_with(store, "USED", "rt-used", attempted=True)
    fake_line.used_tokens["rt-used"] = None  # type: ignore[assignment]  # the dead process's reply
    async for app in running(create_app(line_settings(fake_line), store=store)):
        await app.app.state.line.sweep()
        await app.drain()

    assert fake_line.pushes() == [], "the token was used: no second answer by push"
    assert store.line_inbox.status("USED") == ("done", "reply", 2)


async def test_a_refused_token_on_a_first_attempt_is_pushed_with_the_events_retry_key(
    fake_line: FakeLineApi, store: Store
) -> None:
    died_with(store, "EXPIRED", "rt-old")
    fake_line.fail(REPLY, status=400, body=INVALID_REPLY_TOKEN)
    async for app in running(create_app(line_settings(fake_line), store=store)):
        await app.app.state.line.sweep()
        await app.drain()

    [push] = fake_line.pushes()
    assert push.headers["x-line-retry-key"] == retry_key("EXPIRED")
    assert push.json["to"] == USER


async def test_events_beyond_a_full_queue_are_stored_acknowledged_and_answered_later(
    fake_line: FakeLineApi, store: Store
) -> None:
    async for app in without_sweeps(fake_line, store):
        line = app.app.state.line
        line.queue_size = 0  # no room at all: everything goes by the sweep
        body = webhook_body(
            *[text_event("電話番号", user=USER, event_id=f"Q{i}", reply_token=f"rt-q{i}")
              for i in range(3)]
        )
        headers = {"content-type": "application/json",
                   "x-line-signature": sign_line(LINE_SECRET, body)}  # fmt: skip
        assert (await app.client.post("/line/webhook", content=body, headers=headers)).status_code == 200
        await app.drain()
        assert fake_line.replies() == []
        assert store.line_inbox.pending_count() == 3

        line.queue_size = 1000
        assert await line.sweep() == 3
        await app.drain()

    assert sorted(r.json["replyToken"] for r in fake_line.replies()) == ["rt-q0", "rt-q1", "rt-q2"]


async def test_an_event_arriving_while_another_writer_holds_the_database_is_answered_once(
    fake_line: FakeLineApi, store: Store
) -> None:
    # SQLite has one writer at a time: the webhook neither fails nor stops the
    # event loop while another process (here: a plain connection) writes
    other = sqlite3.connect(store.db.path, isolation_level=None, check_same_thread=False)
    releasing = threading.Timer(0.3, other.execute, ("COMMIT",))
    async for app in without_sweeps(fake_line, store):
        await asyncio.sleep(0.2)  # the start's own writes (the first prune) done
        other.execute("BEGIN IMMEDIATE")
        releasing.start()
        body = webhook_body(text_event("電話番号", user=USER, event_id="BUSY", reply_token="rt-b"))
        headers = {"content-type": "application/json",
                   "x-line-signature": sign_line(LINE_SECRET, body)}  # fmt: skip
        assert (await app.client.post("/line/webhook", content=body, headers=headers)).status_code == 200
        assert (await app.client.get("/healthz")).status_code == 200
        await app.drain()
    releasing.join()
    other.close()

    assert [r.json["replyToken"] for r in fake_line.replies()] == ["rt-b"]
    assert store.line_inbox.status("BUSY") == ("done", "reply", 1)
