"""At start, the inquiry channel is checked (conversations.info at the fake
Slack API): a public one without SLACK_STAFF_USER_IDS refuses the staff side
with a clear message; with listed staff, only they have staff rights."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import create_app
from bot.channels.slack.blocks import CLOSE_ACTION
from bot.store import Store
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.slack_api import INFO
from tests.outbox.helpers import (
    FAST,
    INQUIRY_CHANNEL,
    OUTSIDER,
    RESIDENT,
    STAFF,
    both_settings,
    inquiry_posts,
    open_inquiry_on_line,
    post_of,
    press,
    settle,
    staff_replies,
)
from tests.platforms import RunningApp, running


async def started(
    fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store, **settings: Any
) -> AsyncIterator[RunningApp]:
    app = create_app(both_settings(fake_line, fake_slack, **settings), store=store, delivery=FAST)
    async for running_app in running(app):
        yield running_app


async def tried_once(store: Store, inquiry_id: int) -> None:
    """Until the worker has tried (and, refused, put back) the inquiry's post."""
    for _ in range(200):
        items = store.outbox.for_inquiry(inquiry_id)
        if items and items[0].attempts >= 1 and items[0].status == "pending":
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the worker never tried inquiry {inquiry_id}")


async def test_a_public_channel_without_listed_staff_refuses_the_staff_side(
    fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    fake_slack.public_channels.add(INQUIRY_CHANNEL)
    with caplog.at_level(logging.INFO):
        async for app in started(fake_line, fake_slack, store):
            number = await open_inquiry_on_line(app, fake_line)
            await tried_once(store, number)

            assert inquiry_posts(fake_slack) == []  # residents' words not shown to everyone
            assert store.desk.get_inquiry(number) is not None  # kept: nothing is lost
            [item] = store.outbox.for_inquiry(number)
            assert item.status == "pending"

    assert len(fake_slack.received(INFO)) == 1
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    message = error.getMessage()
    assert INQUIRY_CHANNEL in message
    assert "公開チャンネル" in message
    assert "SLACK_STAFF_USER_IDS" in message
    assert "再起動" in message


async def test_positive_control_a_private_channel_gets_the_inquiry(
    fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
) -> None:
    async for app in started(fake_line, fake_slack, store):
        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)
        assert post_of(fake_slack, number)
    assert len(fake_slack.received(INFO)) == 1


async def test_a_channel_that_cannot_be_checked_refuses_the_staff_side(
    fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    fake_slack.missing_channels.add(INQUIRY_CHANNEL)
    with caplog.at_level(logging.ERROR):
        async for app in started(fake_line, fake_slack, store):
            number = await open_inquiry_on_line(app, fake_line)
            await tried_once(store, number)
            assert inquiry_posts(fake_slack) == []
    assert any("channel_not_found" in r.getMessage() for r in caplog.records)


async def test_in_a_public_channel_with_listed_staff_only_they_have_staff_rights(
    fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
) -> None:
    fake_slack.public_channels.add(INQUIRY_CHANNEL)
    # STAFF is a member of the channel but not listed; OUTSIDER is listed
    async for app in started(fake_line, fake_slack, store, slack_staff_user_ids=OUTSIDER):
        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)
        post = post_of(fake_slack, number)

        await staff_replies(app, "メンバーというだけの人の返信です", post["ts"], user=STAFF)
        await press(app, fake_slack, CLOSE_ACTION, number, post["ts"], user=STAFF)
        await settle(app)
        assert fake_line.delivered(RESIDENT) == []
        record = store.desk.get_inquiry(number)
        assert record is not None and record.is_open

        await staff_replies(app, "職員からのお返事です", post["ts"], user=OUTSIDER)
        await settle(app)
        [push] = fake_line.delivered(RESIDENT)
        assert "職員からのお返事です" in push.json["messages"][0]["text"]
