"""A long follow-up in an open inquiry reaches staff whole (LINE allows 5,000
characters a message), while the resident is told it was passed on."""

from __future__ import annotations

from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import REPLY
from tests.outbox.helpers import (
    INQUIRY_CHANNEL,
    RESIDENT,
    line_says,
    open_inquiry_on_line,
    post_of,
    settle,
)
from tests.platforms import RunningApp


async def test_a_5000_character_follow_up_reaches_the_thread_whole(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
) -> None:
    number = await open_inquiry_on_line(app, fake_line)
    await settle(app)
    follow_up = "".join(f"{n:04d}番目の文です。" for n in range(500))[:4999] + "終"
    assert len(follow_up) == 5000

    await line_says(app, follow_up, RESIDENT)
    await settle(app)

    [thread_message] = fake_slack.thread(INQUIRY_CHANNEL, post_of(fake_slack, number)["ts"])
    assert follow_up in thread_message["text"]
    told = fake_line.received(REPLY)[-1].json["messages"][0]["text"]
    assert "担当者にお伝えしました" in told


async def test_positive_control_a_short_follow_up_reaches_it_too(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
) -> None:
    number = await open_inquiry_on_line(app, fake_line)
    await settle(app)
    await line_says(app, "追加です", RESIDENT)
    await settle(app)
    [thread_message] = fake_slack.thread(INQUIRY_CHANNEL, post_of(fake_slack, number)["ts"])
    assert "追加です" in thread_message["text"]
