"""A fake Slack Web API (point SLACK_API_BASE_URL at `fake.api_url`), which
also serves response_url posts under /response/."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.fakes.api_server import Canned, FakeApiServer, Recorded

AUTH_TEST = "/api/auth.test"
POST_MESSAGE = "/api/chat.postMessage"
RESPONSE_URL_PATH = "/response/T1/cmd"

BOT_USER_ID = "UBOTUSER1"
BOT_ID = "BBOTID001"
TEAM_ID = "T0TEAM001"


class FakeSlackApi(FakeApiServer):
    def __init__(self) -> None:
        super().__init__()
        stamps = itertools.count(1)

        def posted(request: Recorded) -> Canned:
            body = request.json or {}
            ts = f"1764000000.{next(stamps):06d}"
            return Canned(200, {"ok": True, "channel": body.get("channel"), "ts": ts})

        self.respond(
            AUTH_TEST,
            lambda request: Canned(
                200,
                {"ok": True, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": TEAM_ID,
                 "team": "Nagai", "user": "keikaku-bot", "url": "https://nagai.example/"},
            ),
        )
        self.respond(POST_MESSAGE, posted)
        self.respond(RESPONSE_URL_PATH, lambda request: Canned(200, "ok"))
        self.respond("*", lambda request: Canned(200, {"ok": True}))

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    @property
    def response_url(self) -> str:
        return self.url + RESPONSE_URL_PATH

    def posts(self) -> list[Recorded]:
        return self.received(POST_MESSAGE)

    def responses(self) -> list[Recorded]:
        return self.received(RESPONSE_URL_PATH)


def slack_headers(
    signing_secret: str, body: bytes, *, timestamp: int | None = None, content_type: str
) -> dict[str, str]:
    """The headers Slack sends: v0 HMAC-SHA256 over "v0:{ts}:{body}"."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    signature = "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "x-slack-request-timestamp": ts,
        "x-slack-signature": signature,
        "content-type": content_type,
    }


def event_body(event: dict[str, Any], *, event_id: str) -> bytes:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "A0APP0001",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1764000000,
            "event": event,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
    ).encode()


def mention_event(text: str, *, user: str = "U0STAFF01", channel: str = "C0PLANS01",
                  ts: str = "1764000001.000100", thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}",
             "ts": ts, "channel": channel, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm_event(text: str, *, user: str = "U0STAFF01", channel: str = "D0DIRECT1",
             ts: str = "1764000002.000200", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts,
            "channel": channel, "event_ts": ts, **extra}


def command_body(text: str, *, response_url: str, user: str = "U0STAFF01",
                 channel: str = "C0PLANS01") -> bytes:
    return urlencode(
        {"token": "legacy", "team_id": TEAM_ID, "channel_id": channel, "user_id": user,
         "command": "/keikaku", "text": text, "response_url": response_url,
         "trigger_id": "1.2.3", "api_app_id": "A0APP0001"}
    ).encode()


def action_body(value: str, *, response_url: str, user: str = "U0STAFF01",
                channel: str = "C0PLANS01", message_ts: str = "1764000003.000300",
                thread_ts: str | None = None, action_id: str = "suggest_0",
                ephemeral: bool = False) -> bytes:
    message: dict[str, Any] = {"type": "message", "ts": message_ts, "text": "…"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "api_app_id": "A0APP0001",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                      "is_ephemeral": ephemeral},
        "channel": {"id": channel},
        **({} if ephemeral else {"message": message}),
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b1",
                     "value": value, "action_ts": "1764000004.0"}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()
