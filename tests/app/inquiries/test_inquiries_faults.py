"""Nothing lost, nothing twice: the hand-off to staff while Slack or LINE fail
(500, timeouts, 429 with Retry-After, dropped connections, refusals, being
switched off), through the real app on both stores. Faults are injected in
the local fake APIs; the assertions read what the fakes' "workspace" and
"phones" ended up with."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.app import create_app
from bot.core.inquiry import LINE_PUSH
from bot.store import Store
from bot.store.outbox import FAILED
from tests.fakes import FakeLineApi, FakeSlackApi, Fault
from tests.fakes.line_api import PUSH, REPLY
from tests.fakes.slack_api import HISTORY, POST_MESSAGE
from tests.outbox.helpers import (
    FAST,
    INQUIRY_CHANNEL,
    RESIDENT,
    both_settings,
    inquiry_posts,
    line_says,
    open_inquiry_on_line,
    post_of,
    settle,
    staff_replies,
)
from tests.platforms import LINE_SECRET, LINE_TOKEN, TODAY, RunningApp, running

TIMEOUT = FAST.slack_timeout + 1.0  # a delay the clients give up on


async def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for something the worker does in its own time (no fixed sleeps)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def answered_inquiry(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
) -> tuple[int, str]:
    """An inquiry posted to Slack, and its post's ts."""
    number = await open_inquiry_on_line(app, fake_line)
    await settle(app)
    return number, post_of(fake_slack, number)["ts"]


def notes(fake_slack: FakeSlackApi, thread_ts: str) -> list[str]:
    return [m["text"] for m in fake_slack.thread(INQUIRY_CHANNEL, thread_ts)]


class TestSlackFailing:
    @pytest.mark.parametrize(
        "fault",
        [
            Fault(status=500, times=2),
            Fault(status=503, body="Service Unavailable"),
            Fault(status=200, body={"ok": False, "error": "internal_error"}),
            Fault(delay=TIMEOUT),  # answered too late, nothing posted
            Fault(disconnect=True),  # the connection dropped before Slack read it
            Fault(delay=TIMEOUT, effect=True),  # posted, but the answer came too late
            Fault(disconnect=True, effect=True),  # posted, then the connection dropped
        ],
        ids=["500-twice", "503", "internal_error", "timeout", "dropped", "timeout-after-posting",
             "dropped-after-posting"],
    )
    async def test_the_inquiry_is_posted_exactly_once(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store,
        fault: Fault,
    ) -> None:
        fake_slack.fail(POST_MESSAGE, fault)

        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)

        [post] = inquiry_posts(fake_slack)
        assert post_of(fake_slack, number) == post
        record = store.desk.get_inquiry(number)
        assert record is not None and record.slack_ts == post["ts"]
        if fault.effect:
            # found by its metadata instead of posted again
            assert len(fake_slack.posts()) == 1
            assert fake_slack.received(HISTORY)

    async def test_a_429_is_retried_no_sooner_than_retry_after(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        fake_slack.fail(POST_MESSAGE, status=429, body={"ok": False, "error": "ratelimited"},
                        headers={"Retry-After": "1"})

        await open_inquiry_on_line(app, fake_line)
        await settle(app)

        limited, accepted = fake_slack.posts()
        assert accepted.received_at - limited.received_at >= 1.0
        assert len(inquiry_posts(fake_slack)) == 1

    async def test_a_thread_note_is_not_doubled_by_a_timeout(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        _, ts = await answered_inquiry(app, fake_line, fake_slack)
        fake_slack.fail(POST_MESSAGE, delay=TIMEOUT, effect=True)

        await staff_replies(app, "お返事です", ts)
        await settle(app)

        assert len(notes(fake_slack, ts)) == 1
        assert len(fake_line.delivered(RESIDENT)) == 1

    async def test_without_a_staff_side_no_hand_off_is_offered_and_nothing_is_stored(
        self, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store,
    ) -> None:
        """Nobody could read an inquiry without Slack: the resident gets the
        office's phone instead of a 受付番号 for a message no one will see."""
        from bot.settings import Settings

        line_only = Settings(line_channel_secret=LINE_SECRET, line_channel_access_token=LINE_TOKEN,
                             line_api_base_url=fake_line.url, bot_today=TODAY)
        async for app in running(create_app(line_only, store=store, delivery=FAST)):
            await line_says(app, "市長に意見を伝えたい")
            fallback = fake_line.received(REPLY)[-1].json["messages"][0]
            labels = [i["action"]["label"] for i in fallback.get("quickReply", {}).get("items", [])]
            assert "担当者に問い合わせる" not in labels
            await line_says(app, "担当者に問い合わせたい")
            await line_says(app, "送信する")
            texts = [r.json["messages"][0]["text"] for r in fake_line.received(REPLY)]
            assert not any("受付番号" in t for t in texts)
            assert any("0238-87-0714" in t for t in texts[1:])
            assert store.desk.list_open() == []
        assert fake_slack.posts() == []

        # positive control: the same resident with the staff side set up is heard
        settings = both_settings(fake_line, fake_slack)
        async for app in running(create_app(settings, store=store, delivery=FAST)):
            number = await open_inquiry_on_line(app, fake_line)
            await settle(app)
            post_of(fake_slack, number)


class TestLineFailing:
    @pytest.mark.parametrize(
        "fault",
        [
            Fault(status=500),
            Fault(status=429, body={"message": "Too many requests"}, headers={"Retry-After": "1"}),
            Fault(delay=TIMEOUT),
            Fault(disconnect=True),
            Fault(delay=TIMEOUT, effect=True),  # LINE delivered, the answer was lost
            Fault(disconnect=True, effect=True),
            Fault(status=503, times=4),  # down for a while, then back
        ],
        ids=["500", "429", "timeout", "dropped", "timeout-after-delivering",
             "dropped-after-delivering", "down-for-a-while"],
    )
    async def test_the_staff_answer_reaches_the_resident_exactly_once(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store,
        fault: Fault,
    ) -> None:
        number, ts = await answered_inquiry(app, fake_line, fake_slack)
        fake_line.fail(PUSH, fault)

        await staff_replies(app, "お返事です。ご確認ください。", ts)
        await settle(app)

        [delivered] = fake_line.delivered(RESIDENT)
        assert "お返事です。ご確認ください。" in delivered.json["messages"][0]["text"]
        keys = {r.headers["x-line-retry-key"] for r in fake_line.pushes()}
        assert len(keys) == 1, "every attempt carries the same retry key"
        assert len(fake_line.pushes()) >= 2
        [note] = notes(fake_slack, ts)
        assert "LINEでお届けしました" in note
        staff_message = store.desk.messages(number)[-1]
        assert staff_message.delivered_at is not None

    async def test_a_429_push_waits_for_retry_after(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        _, ts = await answered_inquiry(app, fake_line, fake_slack)
        fake_line.fail(PUSH, status=429, body={"message": "Too many requests"},
                       headers={"Retry-After": "1"})

        await staff_replies(app, "お返事です", ts)
        await settle(app)

        limited, accepted = fake_line.pushes()
        assert accepted.received_at - limited.received_at >= 1.0

    async def test_a_refusal_is_not_retried_and_the_thread_says_why(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        number, ts = await answered_inquiry(app, fake_line, fake_slack)
        fake_line.fail(PUSH, status=400,
                       body={"message": "The user hasn't added the LINE Official Account as a friend."})

        await staff_replies(app, "お返事です", ts)
        await settle(app)

        assert len(fake_line.pushes()) == 1
        assert fake_line.delivered(RESIDENT) == []
        [note] = notes(fake_slack, ts)
        assert "お届けできませんでした" in note
        assert "ブロック" in note
        assert "friend" in note
        staff_message = store.desk.messages(number)[-1]
        assert staff_message.delivered_at is None
        assert staff_message.delivery_error
        [item] = [i for i in store.outbox.for_inquiry(number) if i.kind == LINE_PUSH]
        assert item.status == FAILED

    async def test_when_line_never_comes_back_the_thread_is_told_after_the_last_attempt(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        _, ts = await answered_inquiry(app, fake_line, fake_slack)
        fake_line.fail(PUSH, status=500, times=None)

        await staff_replies(app, "お返事です", ts)
        await settle(app)

        assert len(fake_line.pushes()) == FAST.worker.policy.max_attempts
        [note] = notes(fake_slack, ts)
        assert "お届けできませんでした" in note
        assert f"{FAST.worker.policy.max_attempts}回" in note

    async def test_the_closing_notice_survives_a_dropped_connection(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        from bot.channels.slack.blocks import CLOSE_ACTION
        from tests.outbox.helpers import press

        number, ts = await answered_inquiry(app, fake_line, fake_slack)
        fake_line.fail(PUSH, disconnect=True, effect=True)

        await press(app, fake_slack, CLOSE_ACTION, number, ts)
        await settle(app)

        [closing] = fake_line.delivered_texts(RESIDENT)
        assert "完了しました" in closing
        assert "完了のお知らせをLINEでお届けしました" in notes(fake_slack, ts)[0]


async def test_a_reply_to_a_post_not_yet_recorded_still_reaches_the_resident(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
) -> None:
    # The post is in the channel but its worker has not heard back (slow
    # Slack; or killed before recording it): the thread is known only to Slack.
    fake_slack.fail(POST_MESSAGE, delay=TIMEOUT, effect=True)
    number = await open_inquiry_on_line(app, fake_line)
    await asyncio.to_thread(fake_slack.wait_for, POST_MESSAGE)
    [post] = inquiry_posts(fake_slack)
    record = store.desk.get_inquiry(number)
    assert record is not None and record.slack_ts is None

    await staff_replies(app, "早速のお返事です", post["ts"])
    await settle(app)

    [delivered] = fake_line.delivered_texts(RESIDENT)
    assert "早速のお返事です" in delivered
    assert inquiry_posts(fake_slack) == [post_of(fake_slack, number)]
    record = store.desk.get_inquiry(number)
    assert record is not None and record.slack_ts == post["ts"]
