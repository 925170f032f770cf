"""Talking to the app as LINE, the web page and Slack do, really signed."""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import urlencode

from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import REPLY, sign_line, text_event, webhook_body
from tests.fakes.slack_api import TEAM_ID, command_body, slack_headers
from tests.outbox.helpers import settle
from tests.platforms import LINE_SECRET, SLACK_SECRET, RunningApp

_events = itertools.count(1)
VIEWS_PUBLISH = "/api/views.publish"
VIEWS_OPEN = "/api/views.open"


def line_user(n: int) -> str:
    return "U" + f"{n:x}".rjust(32, "0")


async def line_says(app: RunningApp, fake: FakeLineApi, user: str, text: str) -> dict[str, Any]:
    """Send a LINE text message; the reply LINE received (its first message)."""
    n = next(_events)
    before = len(fake.received(REPLY))
    body = webhook_body(
        text_event(text, user=user, event_id=f"01EV{n:022d}", reply_token=f"rt-{n}")
    )
    response = await app.client.post(
        "/line/webhook",
        content=body,
        headers={"content-type": "application/json", "x-line-signature": sign_line(LINE_SECRET, body)},
    )
    assert response.status_code == 200
    await settle(app)
    replies = fake.received(REPLY)
    assert len(replies) == before + 1
    return replies[-1].json["messages"][0]


def quick_replies(message: dict[str, Any]) -> list[str]:
    return [i["action"]["text"] for i in (message.get("quickReply") or {"items": []})["items"]]


async def slack_post(app: RunningApp, body: bytes, content_type: str) -> Any:
    headers = slack_headers(SLACK_SECRET, body, content_type=content_type)
    response = await app.client.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 200, response.text
    await settle(app)
    return response


async def slack_command(app: RunningApp, fake: FakeSlackApi, text: str, user: str) -> dict[str, Any]:
    """/keikaku <text>; what was posted to the response_url."""
    before = len(fake.responses())
    body = command_body(text, response_url=fake.response_url, user=user)
    await slack_post(app, body, "application/x-www-form-urlencoded")
    responses = fake.responses()
    assert len(responses) == before + 1
    return responses[-1].json


def _interaction(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


async def home_action(
    app: RunningApp, fake: FakeSlackApi, user: str, action: dict[str, Any]
) -> None:
    """A click in the App Home tab (the container is the Home view)."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "api_app_id": "A0APP0001",
        "container": {"type": "view", "view_id": "V0HOME01"},
        "view": {"id": "V0HOME01", "type": "home"},
        "trigger_id": "9.8.7",
        "actions": [{"action_ts": "1764000004.0", "block_id": "b", **action}],
    }
    await slack_post(app, _interaction(payload), "application/x-www-form-urlencoded")


async def submit_answer(
    app: RunningApp, user: str, key: str, text: str
) -> Any:
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "api_app_id": "A0APP0001",
        "trigger_id": "9.8.6",
        "view": {
            "id": "V0MODAL1",
            "type": "modal",
            "callback_id": "queue_answer_modal",
            "private_metadata": key,
            "state": {"values": {"answer": {"text": {"type": "plain_text_input", "value": text}}}},
        },
    }
    return await slack_post(app, _interaction(payload), "application/x-www-form-urlencoded")


async def open_home(app: RunningApp, fake: FakeSlackApi, user: str) -> list[dict[str, Any]]:
    """app_home_opened; the blocks of the Home view published for `user`."""
    n = next(_events)
    event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
             "event_ts": f"1764000{n:03d}.0"}  # fmt: skip
    body = json.dumps({
        "token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0APP0001",
        "type": "event_callback", "event_id": f"EvHome{n}", "event_time": 1764000000,
        "event": event,
        "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOTUSER1", "is_bot": True}],
    }).encode()  # fmt: skip
    await slack_post(app, body, "application/json")
    published = [r for r in fake.received(VIEWS_PUBLISH) if _args(r)["user_id"] == user]
    assert published, "no Home view was published"
    return _args(published[-1])["view"]["blocks"]


def _args(request: Any) -> dict[str, Any]:
    args = dict(request.json)
    if isinstance(args.get("view"), str):
        args["view"] = json.loads(args["view"])
    return args


def home_text(blocks: list[dict[str, Any]]) -> str:
    parts = []
    for block in blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            if "text" in element and isinstance(element["text"], str):
                parts.append(element["text"])
    return "\n".join(parts)


def row_keys(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["block_id"].split(":", 1)[1] for b in blocks if b.get("block_id", "").startswith("queue:")]
