"""POST /line/webhook, end to end: signed webhook in, LINE API calls out."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from typing import Any

import aiohttp
import pytest

from bot.app import create_app
from bot.channels.line.inbound import retry_key
from bot.core.types import Message
from bot.knowledge import KnowledgeBase
from bot.knowledge.era import to_wareki
from bot.privacy import user_tag
from bot.store import Store, open_store
from tests.fakes import FakeLineApi, Fault
from tests.fakes.line_api import (
    INVALID_REPLY_TOKEN,
    PUSH,
    REPLY,
    follow_event,
    message_event,
    postback_event,
    sign_line,
    text_event,
    unfollow_event,
    webhook_body,
)
from tests.platforms import (
    LINE_SECRET,
    LINE_TOKEN,
    RunningApp,
    Twin,
    line_settings,
    running,
)

USER = "U" + "a" * 32
OTHER_USER = "U" + "b" * 32


class SlowBot:
    """The app's Bot, answering `seconds` late."""

    def __init__(self, bot: Any, seconds: float) -> None:
        self._bot = bot
        self._seconds = seconds

    def handle(self, message: Message) -> Any:
        time.sleep(self._seconds)
        return self._bot.handle(message)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bot, name)


async def post(app: RunningApp, body: bytes, signature: str | None = "sign") -> int:
    headers = {"content-type": "application/json"}
    if signature == "sign":
        headers["x-line-signature"] = sign_line(LINE_SECRET, body)
    elif signature is not None:
        headers["x-line-signature"] = signature
    response = await app.client.post("/line/webhook", content=body, headers=headers)
    return response.status_code


async def deliver(app: RunningApp, *events: dict[str, Any]) -> None:
    """Deliver events as LINE does and wait until the bot has handled them."""
    assert await post(app, webhook_body(*events)) == 200
    await app.drain()


def _escaped(text: str) -> bytes:
    return json.dumps(text)[1:-1].encode()


def sent_text(request: Any) -> str:
    # a Flex card (contact, plan, list) carries the reply's text as its altText
    message = request.json["messages"][0]
    return message["text"] if message["type"] == "text" else message["altText"]


def quick_replies(request: Any) -> list[dict[str, Any]]:
    quick = request.json["messages"][0].get("quickReply") or {"items": []}
    return [item["action"] for item in quick["items"]]


class TestTextMessage:
    async def test_is_answered_through_the_reply_api_with_the_bots_answer(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin
    ) -> None:
        await deliver(line_app, text_event("電話番号を教えて", user=USER, reply_token="rt-1"))

        [reply] = fake_line.replies()
        assert reply.json["replyToken"] == "rt-1"
        assert reply.headers["authorization"] == f"Bearer {LINE_TOKEN}"
        assert sent_text(reply) == twin.ask("line", USER, "電話番号を教えて").text
        assert fake_line.pushes() == []

    async def test_asking_for_the_phone_number_gives_the_offices_number(
        self, line_app: RunningApp, fake_line: FakeLineApi, kb: KnowledgeBase
    ) -> None:
        await deliver(line_app, text_event("電話番号を教えて", user=USER))

        assert kb.city.contact.phone in sent_text(fake_line.replies()[0])

    async def test_a_certification_question_gets_the_date_in_the_citys_era_form(
        self, line_app: RunningApp, fake_line: FakeLineApi, kb: KnowledgeBase
    ) -> None:
        plan = kb.plans[0]
        await deliver(line_app, text_event(f"{plan.title}の認定日はいつですか", user=USER))

        assert to_wareki(plan.certification.date) in sent_text(fake_line.replies()[0])

    async def test_an_answer_ready_at_once_is_sent_without_the_loading_animation(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        await deliver(line_app, text_event("計画の一覧を見せて", user=USER))

        assert len(fake_line.replies()) == 1
        assert fake_line.loadings() == []

    async def test_control_a_slow_answer_shows_the_loading_animation_before_the_reply(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        # the same question, with the core slowed down (as by a busy database)
        line_app.app.state.line.bot = SlowBot(line_app.app.state.line.bot, seconds=0.6)
        await deliver(line_app, text_event("計画の一覧を見せて", user=USER))

        [loading] = fake_line.loadings()
        assert loading.json["chatId"] == USER
        assert 5 <= loading.json["loadingSeconds"] <= 60
        assert loading.received_at < fake_line.replies()[0].received_at

    async def test_suggestions_become_quick_reply_buttons_that_send_the_question(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin
    ) -> None:
        await deliver(line_app, text_event("こんにちは", user=USER))

        expected = twin.ask("line", USER, "こんにちは").suggestions
        assert expected, "the greeting offers example questions"
        actions = quick_replies(fake_line.replies()[0])
        assert [a["text"] for a in actions] == [s.text for s in expected][:13]
        assert all(a["type"] == "message" and 1 <= len(a["label"]) <= 20 for a in actions)

    async def test_a_tapped_quick_reply_is_answered_like_a_question(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin
    ) -> None:
        await deliver(line_app, text_event("こんにちは", user=USER, event_id="E1"))
        tapped = quick_replies(fake_line.replies()[0])[0]["text"]
        await deliver(line_app, text_event(tapped, user=USER, event_id="E2", reply_token="rt-2"))

        twin.ask("line", USER, "こんにちは")
        assert sent_text(fake_line.replies()[1]) == twin.ask("line", USER, tapped).text

    async def test_a_postback_is_answered_like_a_question(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin
    ) -> None:
        event = postback_event("問い合わせ先を教えて", user=USER, event_id="P1", reply_token="rt-p")
        await deliver(line_app, event)

        [reply] = fake_line.replies()
        assert reply.json["replyToken"] == "rt-p"
        assert sent_text(reply) == twin.ask("line", USER, "問い合わせ先を教えて").text

    async def test_messages_in_a_group_are_not_answered(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        event = text_event("計画の一覧", user=USER)
        event["source"] = {"type": "group", "groupId": "C" + "9" * 32, "userId": USER}
        await deliver(line_app, event)

        assert fake_line.received() == []

    async def test_control_the_same_message_one_on_one_is_answered(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        # beside the two tests that expect silence: the same event from a user
        # in an active chat does reach the reply API
        await deliver(line_app, text_event("計画の一覧", user=USER))

        assert len(fake_line.replies()) == 1

    async def test_a_chat_in_standby_mode_is_left_to_the_channel_that_owns_it(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        event = text_event("計画の一覧", user=USER)
        event["mode"] = "standby"
        await deliver(line_app, event)

        assert fake_line.received() == []


class TestOtherEvents:
    async def test_follow_is_greeted_with_example_questions(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin
    ) -> None:
        await deliver(line_app, follow_event(user=USER, event_id="F1", reply_token="rt-f"))

        [reply] = fake_line.replies()
        greeting = twin.greet("line", USER)
        assert sent_text(reply) == greeting.text
        assert [a["text"] for a in quick_replies(reply)] == [s.text for s in greeting.suggestions]

    @pytest.mark.parametrize(
        "content",
        [
            {"id": "1", "type": "sticker", "packageId": "446", "stickerId": "1988",
             "stickerResourceType": "STATIC", "quoteToken": "q"},
            {"id": "2", "type": "image", "quoteToken": "q",
             "contentProvider": {"type": "line"}},
            {"id": "3", "type": "audio", "duration": 1000, "contentProvider": {"type": "line"}},
            {"id": "4", "type": "location", "title": "長井市役所", "address": "長井市ままの上",
             "latitude": 38.1, "longitude": 140.0},
            {"id": "5", "type": "file", "fileName": "a.pdf", "fileSize": 10},
        ],
        ids=["sticker", "image", "audio", "location", "file"],
    )
    async def test_non_text_messages_get_the_polite_text_only_note(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin, content: dict[str, Any]
    ) -> None:
        await deliver(line_app, message_event(content, user=USER, event_id="N1", reply_token="rt"))

        [reply] = fake_line.replies()
        assert sent_text(reply) == twin.not_text("line", USER).text

    async def test_unfollow_forgets_the_users_context(
        self, line_app: RunningApp, fake_line: FakeLineApi, store: Store, kb: KnowledgeBase
    ) -> None:
        key = Message("line", USER, "").user_key
        await deliver(line_app, text_event(f"{kb.plans[0].title}の概要", user=USER, event_id="A"))
        assert store.contexts.load(key) is not None

        await deliver(line_app, unfollow_event(user=USER, event_id="U1"))

        assert store.contexts.load(key) is None
        assert len(fake_line.replies()) == 1  # nothing is sent to someone who left


class TestSignature:
    @pytest.mark.parametrize(
        "signature",
        [None, "", "not-base64!", sign_line("another-secret", b"{}")],
        ids=["missing", "empty", "garbage", "other-secret"],
    )
    async def test_a_request_without_a_valid_signature_gets_400_and_nothing_happens(
        self, line_app: RunningApp, fake_line: FakeLineApi, store: Store, signature: str | None
    ) -> None:
        body = webhook_body(text_event("電話番号", user=USER, event_id="S1"))

        assert await post(line_app, body, signature=signature) == 400
        await line_app.drain()

        assert fake_line.received() == []
        assert store.line_inbox.status("S1") is None, "a refused request stores no event"

    async def test_control_the_same_request_correctly_signed_is_answered(
        self, line_app: RunningApp, fake_line: FakeLineApi, store: Store
    ) -> None:
        body = webhook_body(text_event("電話番号", user=USER, event_id="S1"))

        assert await post(line_app, body, signature=sign_line(LINE_SECRET, body)) == 200
        await line_app.drain()

        assert len(fake_line.replies()) == 1
        assert store.line_inbox.status("S1") == ("done", "reply", 1)

    async def test_a_body_changed_after_signing_is_refused(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        body = webhook_body(text_event("電話番号", user=USER))
        signature = sign_line(LINE_SECRET, body)
        tampered = body.replace(_escaped("電話番号"), _escaped("住所"))
        assert tampered != body

        assert await post(line_app, tampered, signature=signature) == 400
        await line_app.drain()
        assert fake_line.received() == []

    async def test_a_signed_body_that_is_not_a_webhook_is_refused(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        assert await post(line_app, b"not json at all") == 400
        await line_app.drain()
        assert fake_line.received() == []

    async def test_the_consoles_verify_request_gets_200(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        assert await post(line_app, json.dumps({"destination": "U0", "events": []}).encode()) == 200
        await line_app.drain()
        assert fake_line.received() == []


class TestDeliveryGuarantees:
    async def test_a_redelivered_event_is_answered_once(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        first = text_event("計画の一覧", user=USER, event_id="R1", reply_token="rt-a")
        again = text_event("計画の一覧", user=USER, event_id="R1", reply_token="rt-b",
                           redelivery=True)
        await deliver(line_app, first)
        await deliver(line_app, again)

        assert [r.json["replyToken"] for r in fake_line.replies()] == ["rt-a"]
        assert fake_line.pushes() == []

    async def test_two_servers_sharing_one_database_answer_a_redelivery_once(
        self, fake_line: FakeLineApi, database_url: str
    ) -> None:
        event = text_event("計画の一覧", user=USER, event_id="TWO", reply_token="rt")
        with open_store(database_url) as store_a, open_store(database_url) as store_b:
            async for one in running(create_app(line_settings(fake_line), store=store_a)):
                async for two in running(create_app(line_settings(fake_line), store=store_b)):
                    await deliver(one, event)
                    await deliver(two, event)

        assert len(fake_line.replies()) == 1

    async def test_a_refused_reply_token_falls_back_to_a_push_with_a_retry_key(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin
    ) -> None:
        fake_line.fail(REPLY, status=400, body=INVALID_REPLY_TOKEN)
        await deliver(line_app, text_event("電話番号", user=USER, event_id="EXP"))

        [push] = fake_line.pushes()
        assert push.json["to"] == USER
        assert sent_text(push) == twin.ask("line", USER, "電話番号").text
        key = push.headers["x-line-retry-key"]
        assert key == retry_key("EXP")
        assert uuid.UUID(key).version == 5

    async def test_a_failed_push_is_retried_with_the_same_retry_key(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        fake_line.fail(REPLY, status=400, body=INVALID_REPLY_TOKEN)
        fake_line.fail(PUSH, status=500)
        await deliver(line_app, text_event("電話番号", user=USER, event_id="RETRY"))

        pushes = fake_line.pushes()
        assert len(pushes) == 2
        assert {p.headers["x-line-retry-key"] for p in pushes} == {retry_key("RETRY")}

    async def test_a_push_already_accepted_under_its_key_is_not_sent_again(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        fake_line.fail(REPLY, status=400, body=INVALID_REPLY_TOKEN)
        fake_line.fail(PUSH, status=409, body={"message": "The retry key is already accepted"})
        await deliver(line_app, text_event("電話番号", user=USER, event_id="DUP"))

        assert len(fake_line.pushes()) == 1

    async def test_a_reply_api_failing_for_a_moment_is_retried_and_answers_once(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin
    ) -> None:
        fake_line.fail(REPLY, status=500, times=2)
        await deliver(line_app, text_event("電話番号", user=USER, reply_token="rt-500"))

        assert [r.json["replyToken"] for r in fake_line.replies()] == ["rt-500"] * 3
        assert sent_text(fake_line.replies()[-1]) == twin.ask("line", USER, "電話番号").text
        assert fake_line.pushes() == []

    async def test_a_reply_line_refuses_for_good_is_logged_as_lost_with_the_user_tag(
        self, line_app: RunningApp, fake_line: FakeLineApi, store: Store,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        fake_line.fail(REPLY, status=403, body={"message": "forbidden"})
        with caplog.at_level(logging.ERROR, logger="bot.channels.line.inbound"):
            await deliver(line_app, text_event("電話番号", user=USER, event_id="LOST"))

        [error] = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert "lost" in error and user_tag("line", USER) in error
        assert USER not in error, "the LINE user id itself is never logged"
        assert store.line_inbox.status("LOST") == ("failed", None, 1)

    async def test_a_reply_that_timed_out_is_sent_again_with_its_single_use_token(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        line_app.app.state.line.api.timeout = aiohttp.ClientTimeout(sock_read=0.3)
        # LINE never acted on the first request: the retry is what delivers
        fake_line.fail(REPLY, Fault(status=200, delay=2.0))
        await deliver(line_app, text_event("電話番号", user=USER, reply_token="rt-slow"))

        assert [r.json["replyToken"] for r in fake_line.replies()] == ["rt-slow"] * 2
        assert fake_line.pushes() == []

    async def test_a_reply_that_arrived_unseen_is_not_pushed_again(
        self, fake_line: FakeLineApi, store: Store
    ) -> None:
        fake_line.single_use_tokens = True
        # LINE used the token but its answer was lost; the retry is refused
        fake_line.fail(REPLY, Fault(delay=2.0, effect=True))
        async for app in running(create_app(line_settings(fake_line), store=store)):
            app.app.state.line.api.timeout = aiohttp.ClientTimeout(sock_read=0.3)
            await deliver(app, text_event("電話番号", user=USER, event_id="UNSEEN"))

        assert fake_line.answers() == [("reply", "reply-token-1")]
        assert len(fake_line.replies()) == 2
        assert store.line_inbox.status("UNSEEN") == ("done", "reply", 1)

    async def test_a_line_api_refusing_connections_for_a_moment_still_gets_the_answer(
        self, line_app: RunningApp, fake_line: FakeLineApi
    ) -> None:
        fake_line.refuse_connections()
        assert await post(line_app, webhook_body(text_event("電話番号", user=USER))) == 200
        await asyncio.sleep(0.3)
        fake_line.accept_connections()
        await line_app.drain()

        assert len(fake_line.replies()) == 1
        assert fake_line.pushes() == []

    async def test_one_users_answer_is_not_sent_to_another(
        self, line_app: RunningApp, fake_line: FakeLineApi, twin: Twin, kb: KnowledgeBase
    ) -> None:
        plan = kb.plans[0]
        await deliver(
            line_app,
            text_event(f"{plan.title}の概要", user=USER, event_id="M1", reply_token="rt-u"),
            text_event("電話番号", user=OTHER_USER, event_id="M2", reply_token="rt-o"),
        )

        by_token = {r.json["replyToken"]: sent_text(r) for r in fake_line.replies()}
        assert by_token["rt-u"] == twin.ask("line", USER, f"{plan.title}の概要").text
        assert by_token["rt-o"] == twin.ask("line", OTHER_USER, "電話番号").text
