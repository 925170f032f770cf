"""The deliverers behind the worker, against the fake Slack and LINE APIs on
both stores: the rarer paths that the end-to-end tests do not reach."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from bot.app import build_delivery
from bot.core.inquiry import SLACK_POST_INQUIRY, SLACK_UPDATE_INQUIRY
from bot.knowledge import KnowledgeBase
from bot.outbox import DeliveryService
from bot.settings import Settings
from bot.store import Store
from bot.store.outbox import FAILED, PENDING, SENDING
from tests.fakes import FakeLineApi, FakeSlackApi, Recorded
from tests.fakes.slack_api import HISTORY, POST_MESSAGE, UPDATE
from tests.outbox.helpers import FAST, INQUIRY_CHANNEL, RESIDENT, STAFF
from tests.platforms import LINE_TOKEN, SLACK_TOKEN


@pytest.fixture
async def service(
    store: Store, kb: KnowledgeBase, fake_slack: FakeSlackApi, fake_line: FakeLineApi
) -> AsyncIterator[DeliveryService]:
    settings = Settings(
        slack_bot_token=SLACK_TOKEN,
        slack_api_base_url=fake_slack.api_url,
        slack_inquiry_channel=INQUIRY_CHANNEL,
        line_channel_access_token=LINE_TOKEN,
        line_api_base_url=fake_line.url,
    )
    started = build_delivery(settings, kb, store, FAST)
    await started.start()
    yield started
    await started.stop()


async def drained(service: DeliveryService) -> None:
    assert service.worker is not None
    await service.worker.drained()


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def open_inquiry(store: Store, channel: str = "line", user: str = RESIDENT) -> int:
    return store.desk.open_inquiry(channel, user, "停電の時はどうなりますか", "お答えできません").id


async def test_a_post_that_lost_the_race_for_the_thread_is_deleted(
    store: Store, kb: KnowledgeBase, fake_slack: FakeSlackApi
) -> None:
    number = open_inquiry(store)

    def another_worker_posts_first(request: Recorded) -> None:
        if request.path == POST_MESSAGE:
            store.desk.record_slack_post(number, INQUIRY_CHANNEL, "1764000000.000001")

    fake_slack.subscribe(another_worker_posts_first)
    settings = Settings(slack_bot_token=SLACK_TOKEN, slack_api_base_url=fake_slack.api_url,
                        slack_inquiry_channel=INQUIRY_CHANNEL)
    service = build_delivery(settings, kb, store, FAST)
    await service.start()
    try:
        await drained(service)
    finally:
        await service.stop()

    [ours] = fake_slack.deleted
    assert fake_slack.channel_messages(INQUIRY_CHANNEL) == []
    record = store.desk.get_inquiry(number)
    assert record is not None and record.slack_ts == "1764000000.000001"
    [item] = store.outbox.for_inquiry(number)
    assert item.result == {"channel": INQUIRY_CHANNEL, "ts": "1764000000.000001",
                           "deleted": ours["ts"]}


async def test_a_thread_message_after_a_given_up_post_posts_the_inquiry_first(
    store: Store, fake_slack: FakeSlackApi, service: DeliveryService
) -> None:
    fake_slack.fail(POST_MESSAGE, status=200, body={"ok": False, "error": "msg_too_long"})
    number = open_inquiry(store)
    await drained(service)
    [post_item] = store.outbox.for_inquiry(number)
    assert post_item.status == FAILED

    store.desk.add_resident_message(number, "追加の質問です")
    await drained(service)

    [post] = fake_slack.channel_messages(INQUIRY_CHANNEL)
    [followup] = fake_slack.thread(INQUIRY_CHANNEL, post["ts"])
    assert "追加の質問です" in followup["text"]
    [message] = [m for m in store.desk.messages(number) if m.text == "追加の質問です"]
    assert message.delivered_at is not None


async def test_a_misconfigured_slack_app_is_waited_for_not_given_up(
    store: Store, fake_slack: FakeSlackApi, service: DeliveryService
) -> None:
    fake_slack.fail(POST_MESSAGE, status=200, body={"ok": False, "error": "not_in_channel"},
                    times=None)
    number = open_inquiry(store)
    [queued] = store.outbox.for_inquiry(number)

    await eventually(lambda: (r := store.outbox.get(queued.id)) is not None and r.attempts >= 3)
    record = store.outbox.get(queued.id)
    assert record is not None and record.status in (PENDING, SENDING)  # not failed
    assert "not_in_channel" in (record.last_error or "")

    fake_slack.clear()  # someone invited the app to the channel
    await drained(service)
    assert len(fake_slack.channel_messages(INQUIRY_CHANNEL)) == 1


async def test_redrawing_a_post_someone_deleted_is_given_up(
    store: Store, fake_slack: FakeSlackApi, service: DeliveryService
) -> None:
    number = open_inquiry(store)
    await drained(service)
    fake_slack.conversations[INQUIRY_CHANNEL].clear()

    store.desk.assign(number, STAFF)
    await drained(service)

    assert len(fake_slack.received(UPDATE)) == 1
    [update] = [i for i in store.outbox.for_inquiry(number) if i.kind == SLACK_UPDATE_INQUIRY]
    assert update.status == FAILED
    assert "message_not_found" in (update.last_error or "")


async def test_a_resident_who_asked_in_slack_is_answered_by_dm(
    store: Store, fake_slack: FakeSlackApi, service: DeliveryService
) -> None:
    number = open_inquiry(store, "slack", "U0RESID01")
    await drained(service)

    store.desk.add_staff_reply(number, STAFF, "DMでのお返事です", "1764000100.000100")
    await drained(service)

    [dm] = fake_slack.channel_messages("D0RESID01")
    assert "DMでのお返事です" in dm["text"]
    post = fake_slack.channel_messages(INQUIRY_CHANNEL)[0]
    [note] = fake_slack.thread(INQUIRY_CHANNEL, post["ts"])
    assert "SlackのDMでお届けしました" in note["text"]


async def test_without_the_history_scope_a_retried_post_still_goes_out(
    store: Store, fake_slack: FakeSlackApi, service: DeliveryService
) -> None:
    fake_slack.fail(HISTORY, status=200, body={"ok": False, "error": "missing_scope"},
                    times=None)
    fake_slack.fail(POST_MESSAGE, disconnect=True)  # nothing posted, so it must go again
    number = open_inquiry(store)

    await drained(service)

    assert len(fake_slack.channel_messages(INQUIRY_CHANNEL)) == 1
    [item] = store.outbox.for_inquiry(number)
    assert item.kind == SLACK_POST_INQUIRY and item.attempts == 2


async def test_an_answer_marked_delivered_before_a_crash_is_not_pushed_again(
    store: Store, fake_slack: FakeSlackApi, fake_line: FakeLineApi, service: DeliveryService
) -> None:
    number = open_inquiry(store)
    await drained(service)
    await service.stop()  # the worker "crashed" right after LINE took the answer
    message_id = store.desk.add_staff_reply(number, STAFF, "お返事です", "1764000100.000200")
    assert message_id is not None
    store.desk.mark_delivered(message_id)

    await service.start()
    await drained(service)

    assert fake_line.pushes() == []
    post = fake_slack.channel_messages(INQUIRY_CHANNEL)[0]
    assert len(fake_slack.thread(INQUIRY_CHANNEL, post["ts"])) == 1  # the note still comes
