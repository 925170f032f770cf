"""POST /slack/events, end to end: signed Events API / command / action
requests in, Slack Web API (and response_url) calls out."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from bot.channels.slack.render import render_blocks
from bot.knowledge import KnowledgeBase
from tests.fakes import FakeSlackApi
from tests.fakes.slack_api import (
    AUTH_TEST,
    BOT_ID,
    BOT_USER_ID,
    POST_MESSAGE,
    action_body,
    command_body,
    dm_event,
    event_body,
    mention_event,
    slack_headers,
)
from tests.platforms import SLACK_SECRET, SLACK_TOKEN, RunningApp, Twin

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
STAFF = "U0STAFF01"


async def post(
    app: RunningApp,
    body: bytes,
    *,
    content_type: str = JSON,
    secret: str = SLACK_SECRET,
    timestamp: int | None = None,
    extra_headers: dict[str, str] | None = None,
) -> Any:
    headers = slack_headers(secret, body, timestamp=timestamp, content_type=content_type)
    headers.update(extra_headers or {})
    return await app.client.post("/slack/events", content=body, headers=headers)


async def deliver(app: RunningApp, body: bytes, **options: Any) -> Any:
    response = await post(app, body, **options)
    assert response.status_code == 200, response.text
    await app.drain()
    return response


def section_text(blocks: list[dict[str, Any]]) -> str:
    return "".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def posted_blocks(request: Any) -> list[dict[str, Any]]:
    blocks = request.json["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


class TestMentionsAndDirectMessages:
    async def test_a_mention_is_answered_in_its_thread_with_blocks_and_fallback_text(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi, twin: Twin
    ) -> None:
        event = mention_event("電話番号を教えて", ts="1764000001.000100", channel="C0PLANS01")
        await deliver(slack_app, event_body(event, event_id="Ev1"))

        [post_] = fake_slack.posts()
        expected = twin.ask("slack", STAFF, "電話番号を教えて")
        assert post_.headers["authorization"] == f"Bearer {SLACK_TOKEN}"
        assert post_.json["channel"] == "C0PLANS01"
        assert post_.json["thread_ts"] == "1764000001.000100"
        assert post_.json["text"] == expected.text
        assert posted_blocks(post_) == render_blocks(expected)

    async def test_the_mention_itself_is_not_part_of_the_question(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi, kb: KnowledgeBase
    ) -> None:
        await deliver(slack_app, event_body(mention_event("電話番号"), event_id="Ev2"))

        assert kb.city.contact.phone in fake_slack.posts()[0].json["text"]

    async def test_a_mention_inside_a_thread_is_answered_in_that_thread(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        event = mention_event("計画の一覧", ts="1764000009.000900", thread_ts="1764000000.000001")
        await deliver(slack_app, event_body(event, event_id="Ev3"))

        assert fake_slack.posts()[0].json["thread_ts"] == "1764000000.000001"

    async def test_a_direct_message_is_answered_in_its_thread(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi, twin: Twin
    ) -> None:
        event = dm_event("問い合わせ先を教えて", channel="D0DIRECT1", ts="1764000002.000200")
        await deliver(slack_app, event_body(event, event_id="Ev4"))

        [post_] = fake_slack.posts()
        assert post_.json["channel"] == "D0DIRECT1"
        assert post_.json["thread_ts"] == "1764000002.000200"
        assert post_.json["text"] == twin.ask("slack", STAFF, "問い合わせ先を教えて").text

    async def test_a_plain_channel_message_is_left_to_the_people_there(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        event = dm_event("計画の一覧", channel="C0PLANS01")
        event["channel_type"] = "channel"
        await deliver(slack_app, event_body(event, event_id="Ev5"))

        assert fake_slack.posts() == []

    async def test_control_the_same_message_in_a_dm_is_answered(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        await deliver(slack_app, event_body(dm_event("計画の一覧"), event_id="Ev5"))

        assert len(fake_slack.posts()) == 1

    async def test_a_mention_in_a_dm_arriving_twice_is_answered_once(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        ts = "1764000005.000500"
        await deliver(slack_app, event_body(dm_event("計画の一覧", ts=ts), event_id="EvA"))
        mention = mention_event("計画の一覧", channel="D0DIRECT1", ts=ts)
        await deliver(slack_app, event_body(mention, event_id="EvB"))

        assert len(fake_slack.posts()) == 1

    @pytest.mark.parametrize(
        "own",
        [{"user": BOT_USER_ID}, {"bot_id": BOT_ID, "subtype": "bot_message"}],
        ids=["as-user", "as-bot"],
    )
    async def test_the_bots_own_messages_are_ignored(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi, own: dict[str, str]
    ) -> None:
        event = dm_event("電話番号は 0238-87-0714 です。", **own)
        await deliver(slack_app, event_body(event, event_id="EvOwn"))

        assert fake_slack.posts() == []

    async def test_control_the_same_text_from_a_person_is_answered(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        await deliver(slack_app, event_body(dm_event("電話番号は 0238-87-0714 です。"), event_id="Ev1"))

        assert len(fake_slack.posts()) == 1


class TestRequestChecks:
    async def test_a_stale_timestamp_gets_401_and_no_call_is_made(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        body = event_body(mention_event("電話番号"), event_id="Old")

        response = await post(slack_app, body, timestamp=int(time.time()) - 10 * 60)
        await slack_app.drain()

        assert response.status_code == 401
        assert fake_slack.received() == []

    async def test_a_wrong_signature_gets_401_and_no_call_is_made(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        body = event_body(mention_event("電話番号"), event_id="Bad")

        response = await post(slack_app, body, secret="not-the-signing-secret")
        await slack_app.drain()

        assert response.status_code == 401
        assert fake_slack.received() == []

    async def test_control_the_same_event_signed_now_is_answered(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        # beside the two 401 tests: a fresh timestamp and the right secret do reach Slack
        body = event_body(mention_event("電話番号"), event_id="Good")

        response = await post(slack_app, body)
        await slack_app.drain()

        assert response.status_code == 200
        assert len(fake_slack.posts()) == 1

    async def test_a_retried_event_is_answered_once_and_the_retry_gets_200(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        body = event_body(mention_event("計画の一覧"), event_id="EvRetry")
        await deliver(slack_app, body)

        retry = await deliver(
            slack_app,
            body,
            extra_headers={"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"},
        )

        assert retry.status_code == 200
        assert len(fake_slack.posts()) == 1

    async def test_the_url_verification_challenge_is_echoed(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        body = json.dumps(
            {"token": "t", "challenge": "c-123", "type": "url_verification"}
        ).encode()

        response = await deliver(slack_app, body)

        assert response.json() == {"challenge": "c-123"}
        assert fake_slack.posts() == []


class TestCommandAndButtons:
    async def test_the_slash_command_answers_through_its_response_url(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi, twin: Twin
    ) -> None:
        body = command_body("電話番号", response_url=fake_slack.response_url)
        await deliver(slack_app, body, content_type=FORM)

        [answer] = fake_slack.responses()
        assert answer.json["text"] == twin.ask("slack", STAFF, "電話番号").text
        assert answer.json["response_type"] == "in_channel"
        assert section_text(answer.json["blocks"])

    async def test_did_you_mean_candidates_are_buttons_and_a_click_answers_in_the_thread(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi, twin: Twin
    ) -> None:
        question = "観光"
        expected = twin.ask("slack", STAFF, question)
        assert expected.suggestions, "an ambiguous word offers candidates"
        event = mention_event(question, ts="1764000007.000700")
        await deliver(slack_app, event_body(event, event_id="EvAmb"))

        [offer] = fake_slack.posts()
        shown = buttons(posted_blocks(offer))
        assert [b["value"] for b in shown] == [s.text for s in expected.suggestions]
        assert all(b["action_id"].startswith("suggest_") for b in shown)

        click = action_body(
            shown[0]["value"],
            response_url=fake_slack.response_url,
            message_ts="1764000099.000001",
            thread_ts="1764000007.000700",
            action_id=shown[0]["action_id"],
        )
        await deliver(slack_app, click, content_type=FORM)

        answer = fake_slack.posts()[1]
        assert answer.json["thread_ts"] == "1764000007.000700"
        assert answer.json["text"] == twin.ask("slack", STAFF, shown[0]["value"]).text

    async def test_a_click_in_a_message_only_its_user_sees_is_answered_through_response_url(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi, twin: Twin
    ) -> None:
        click = action_body("計画の一覧を見せて", response_url=fake_slack.response_url,
                            ephemeral=True)
        await deliver(slack_app, click, content_type=FORM)

        assert fake_slack.posts() == []
        [answer] = fake_slack.responses()
        assert answer.json["text"] == twin.ask("slack", STAFF, "計画の一覧を見せて").text
        assert answer.json["replace_original"] is False

    async def test_when_the_bot_may_not_post_in_the_channel_the_click_is_answered_anyway(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        fake_slack.fail(POST_MESSAGE, status=200, body={"ok": False, "error": "not_in_channel"})
        click = action_body("計画の一覧を見せて", response_url=fake_slack.response_url)
        await deliver(slack_app, click, content_type=FORM)

        assert len(fake_slack.posts()) == 1
        assert len(fake_slack.responses()) == 1

    async def test_authorization_is_checked_once_not_per_request(
        self, slack_app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        for number in range(3):
            event = mention_event("計画の一覧", ts=f"1764000010.00000{number}")
            await deliver(slack_app, event_body(event, event_id=f"EvAuth{number}"))

        assert len(fake_slack.received(AUTH_TEST)) == 1
        assert len(fake_slack.posts()) == 3
