"""Driving the real app through a whole inquiry: a resident on LINE, staff on
Slack, each request really signed; and reading back what the fakes received."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette

from bot.app import DeliveryOptions
from bot.outbox import RetryPolicy, WorkerOptions
from bot.settings import Settings
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import REPLY, sign_line, text_event, webhook_body
from tests.fakes.slack_api import TEAM_ID, event_body, slack_headers
from tests.platforms import (
    LINE_SECRET,
    LINE_TOKEN,
    SLACK_SECRET,
    SLACK_TOKEN,
    TODAY,
    RunningApp,
)

INQUIRY_CHANNEL = "C0INQUIRY1"
STAFF = "U0STAFF01"
OUTSIDER = "U0OUTSIDE9"
RESIDENT = "U" + "a1" * 16  # a LINE user id; must never reach Slack
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

# Fast enough for tests, same shape as production: the retries are real.
FAST = DeliveryOptions(
    worker=WorkerOptions(
        policy=RetryPolicy(base=0.05, cap=0.4, jitter=0.0, max_attempts=5,
                           unavailable_interval=0.3),
        lease=dt.timedelta(seconds=3),
        poll_interval=0.5,
    ),
    slack_timeout=0.5,
    line_timeout=0.5,
)


def both_settings(fake_line: FakeLineApi, fake_slack: FakeSlackApi, **extra: Any) -> Settings:
    fake_slack.members.setdefault(INQUIRY_CHANNEL, [STAFF, "U0STAFF02"])
    return Settings(
        line_channel_secret=LINE_SECRET,
        line_channel_access_token=LINE_TOKEN,
        line_api_base_url=fake_line.url,
        slack_bot_token=SLACK_TOKEN,
        slack_signing_secret=SLACK_SECRET,
        slack_api_base_url=fake_slack.api_url,
        slack_inquiry_channel=INQUIRY_CHANNEL,
        bot_today=TODAY,
        **extra,
    )


async def settle(app: RunningApp, timeout: float = 10.0) -> None:
    """Wait for the webhooks' background work, then for the outbox to empty."""
    await app.drain()
    await worker(app.app).drained(timeout)
    await app.drain()


def worker(app: Starlette) -> Any:
    return app.state.delivery.worker


# -- the resident on LINE ------------------------------------------------------------


async def line_says(app: RunningApp, text: str, user: str = RESIDENT) -> None:
    event = text_event(text, user=user, event_id=uuid.uuid4().hex.upper()[:26],
                       reply_token=f"rt-{uuid.uuid4().hex}")
    body = webhook_body(event)
    response = await app.client.post(
        "/line/webhook",
        content=body,
        headers={"x-line-signature": sign_line(LINE_SECRET, body), "content-type": JSON},
    )
    assert response.status_code == 200, response.text
    await app.drain()


async def open_inquiry_on_line(
    app: RunningApp, fake_line: FakeLineApi, question: str = "市長に意見を伝えたい",
    user: str = RESIDENT,
) -> int:
    """The resident's three steps: a question the bot cannot answer, the
    request for staff, 送信する. Returns the number the bot told them."""
    await line_says(app, question, user)
    await line_says(app, "担当者に問い合わせたい", user)
    await line_says(app, "送信する", user)
    last = fake_line.received(REPLY)[-1].json["messages"][0]["text"]
    found = re.search(r"受付番号は (\d+)", last)
    assert found, last
    return int(found.group(1))


# -- staff on Slack ---------------------------------------------------------------


async def slack_post(app: RunningApp, body: bytes, content_type: str = JSON,
                     headers: dict[str, str] | None = None) -> None:
    signed = slack_headers(SLACK_SECRET, body, content_type=content_type)
    signed.update(headers or {})
    response = await app.client.post("/slack/events", content=body, headers=signed)
    assert response.status_code == 200, response.text
    await app.drain()


def thread_reply(text: str, thread_ts: str, *, user: str = STAFF, ts: str | None = None,
                 channel: str = INQUIRY_CHANNEL, **extra: Any) -> dict[str, Any]:
    ts = ts or f"{dt.datetime.now().timestamp():.6f}"
    return {"type": "message", "channel": channel, "channel_type": "channel", "user": user,
            "text": text, "ts": ts, "thread_ts": thread_ts, "event_ts": ts, **extra}


async def staff_replies(app: RunningApp, text: str, thread_ts: str, *, user: str = STAFF,
                        event_id: str | None = None, ts: str | None = None,
                        headers: dict[str, str] | None = None) -> bytes:
    body = event_body(thread_reply(text, thread_ts, user=user, ts=ts),
                      event_id=event_id or f"Ev{uuid.uuid4().hex[:10]}")
    await slack_post(app, body, headers=headers)
    return body


def button_body(action_id: str, inquiry_id: int, *, user: str, message_ts: str,
                response_url: str) -> bytes:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "api_app_id": "A0APP0001",
        "container": {"type": "message", "message_ts": message_ts,
                      "channel_id": INQUIRY_CHANNEL, "is_ephemeral": False},
        "channel": {"id": INQUIRY_CHANNEL},
        "message": {"type": "message", "ts": message_ts, "text": "…"},
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b",
                     "value": str(inquiry_id), "action_ts": "1764000004.0"}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


async def press(app: RunningApp, fake_slack: FakeSlackApi, action_id: str, inquiry_id: int,
                message_ts: str, user: str = STAFF) -> None:
    body = button_body(action_id, inquiry_id, user=user, message_ts=message_ts,
                       response_url=fake_slack.response_url)
    await slack_post(app, body, FORM)


def command_body(text: str, *, user: str, response_url: str) -> bytes:
    return urlencode(
        {"token": "legacy", "team_id": TEAM_ID, "channel_id": "C0PLANS01", "user_id": user,
         "command": "/keikaku", "text": text, "response_url": response_url,
         "trigger_id": "1.2.3", "api_app_id": "A0APP0001"}
    ).encode()


def shortcut_body(message_text: str, *, user: str, response_url: str) -> bytes:
    payload = {
        "type": "message_action",
        "callback_id": "draft_answer",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "api_app_id": "A0APP0001",
        "channel": {"id": "C0MAIL0001"},
        "message": {"type": "message", "user": "U0CLERK01", "ts": "1764000050.000100",
                    "text": message_text},
        "message_ts": "1764000050.000100",
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "action_ts": "1764000051.0",
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


# -- reading the fakes -----------------------------------------------------------------


def inquiry_posts(fake_slack: FakeSlackApi) -> list[dict[str, Any]]:
    return fake_slack.channel_messages(INQUIRY_CHANNEL)


def post_of(fake_slack: FakeSlackApi, inquiry_id: int) -> dict[str, Any]:
    [post] = [m for m in inquiry_posts(fake_slack)
              if (m.get("metadata") or {}).get("event_payload", {}).get("inquiry_id") == inquiry_id]
    return post


def blocks_text(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or [], ensure_ascii=False) + message.get("text", "")


def everything_sent_to_slack(fake_slack: FakeSlackApi) -> str:
    return "\n".join(r.body.decode("utf-8", "replace") for r in fake_slack.received())
