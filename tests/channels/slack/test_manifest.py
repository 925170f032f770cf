"""The Slack app manifest against what the app really registers and calls:
every subscription reaches a listener, every listener is reached by a
subscription, and the scopes are exactly those of the methods the code calls."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.app import create_app
from bot.channels.slack import blocks as slack_blocks
from bot.channels.slack import render as slack_render
from bot.channels.slack.manifest import (
    EVENT_SCOPES,
    EVENTS_PATH,
    METHOD_SCOPES,
    ManifestError,
    manifest,
)
from bot.store import Store
from tests.fakes import FakeSlackApi
from tests.platforms import slack_settings

ROOT = Path(__file__).resolve().parents[3]
SLACK_SOURCES = sorted((ROOT / "bot" / "channels" / "slack").glob("*.py"))
URL = "https://bot.example.jp"


@pytest.fixture
def bolt(fake_slack: FakeSlackApi, store: Store) -> Any:
    """The Bolt app as the service builds it, with the staff side on."""
    settings = slack_settings(fake_slack, slack_inquiry_channel="C0INQUIRY")
    return create_app(settings, store=store).state.slack.app


def requests_for(m: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A request body Slack would send for each thing the manifest declares."""
    bodies: dict[str, dict[str, Any]] = {}
    for name in m["settings"]["event_subscriptions"]["bot_events"]:
        kind, _, where = name.partition(".")
        event: dict[str, Any] = {"type": kind, "user": "U1", "text": "こんにちは", "ts": "1.0"}
        if where:
            event["channel_type"] = {"channels": "channel", "groups": "group"}.get(where, where)
        bodies[f"event {name}"] = {"type": "event_callback", "team_id": "T1", "event": event}
    for command in m["features"]["slash_commands"]:
        bodies[f"command {command['command']}"] = {
            "command": command["command"], "text": "一覧", "user_id": "U1", "team_id": "T1",
        }  # fmt: skip
    for shortcut in m["features"]["shortcuts"]:
        kind = "message_action" if shortcut["type"] == "message" else "shortcut"
        bodies[f"shortcut {shortcut['callback_id']}"] = {
            "type": kind, "callback_id": shortcut["callback_id"], "team": {"id": "T1"},
        }  # fmt: skip
    if m["settings"]["interactivity"]["is_enabled"]:
        # the buttons the code's Block Kit carries
        action_ids = [
            slack_render.SUGGESTION_ACTION.format(index=0),
            slack_blocks.ASSIGN_ACTION,
            slack_blocks.CLOSE_ACTION,
        ]
        for action_id in action_ids:
            bodies[f"button {action_id}"] = {
                "type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"},
                "actions": [{"type": "button", "action_id": action_id, "block_id": "b",
                             "value": "x"}],
            }  # fmt: skip
    return bodies


async def matching(listener: Any, body: dict[str, Any]) -> bool:
    request = AsyncBoltRequest(body=body, mode="socket_mode")
    return await listener.async_matches(req=request, resp=BoltResponse(status=200))


async def test_every_declared_subscription_reaches_a_listener(bolt: Any) -> None:
    unheard = [
        what
        for what, body in requests_for(manifest(URL)).items()
        if not [x for x in bolt._async_listeners if await matching(x, body)]
    ]

    assert unheard == []


async def test_every_listener_is_reached_by_something_the_manifest_declares(bolt: Any) -> None:
    bodies = list(requests_for(manifest(URL)).values())
    listeners = bolt._async_listeners
    assert len(listeners) >= 7  # mention, message, command, suggestion, 2 staff buttons, shortcut

    unreached = [
        x.ack_function.__qualname__
        for x in listeners
        if not [b for b in bodies if await matching(x, b)]
    ]

    assert unreached == []


async def test_a_listener_for_an_undeclared_event_is_caught(bolt: Any) -> None:
    """The positive control of the test above: a new listener without a
    subscription is found."""

    async def on_reaction(event: dict[str, Any]) -> None: ...

    bolt.event("reaction_added")(on_reaction)
    bodies = list(requests_for(manifest(URL)).values())

    assert not [b for b in bodies if await matching(bolt._async_listeners[-1], b)]


def called_methods() -> set[str]:
    """The Web API methods the Slack code calls, read from its source."""
    found: set[str] = set()
    for path in SLACK_SOURCES:
        source = path.read_text(encoding="utf-8")
        for name in re.findall(r'_call\(\s*"([a-z]+_[A-Za-z]+)"', source):
            found.add(name)
        for name in re.findall(r"client\.([a-z]+_[A-Za-z]+)\(", source):
            found.add(name)
    return {name.replace("_", ".", 1) for name in found}


def test_the_scopes_are_exactly_those_the_calls_and_events_need() -> None:
    methods = called_methods()
    assert {"chat.postMessage", "conversations.members", "conversations.open"} <= methods
    assert methods <= set(METHOD_SCOPES), f"add to METHOD_SCOPES: {methods - set(METHOD_SCOPES)}"
    m = manifest(URL)
    events = m["settings"]["event_subscriptions"]["bot_events"]
    needed = {s for name in methods for s in METHOD_SCOPES[name]} | {"commands"}
    needed |= {EVENT_SCOPES[e] for e in events}

    assert set(m["oauth_config"]["scopes"]["bot"]) == needed
    assert "im:read" not in needed


def test_every_url_is_the_route_the_service_serves(bolt: Any, fake_slack: FakeSlackApi,
                                                   store: Store) -> None:  # fmt: skip
    m = manifest(URL + "/")
    urls = [c["url"] for c in m["features"]["slash_commands"]]
    urls += [m["settings"]["event_subscriptions"]["request_url"],
             m["settings"]["interactivity"]["request_url"]]  # fmt: skip
    app = create_app(slack_settings(fake_slack), store=store)
    paths = {getattr(r, "path", None) for r in app.routes}

    assert set(urls) == {URL + EVENTS_PATH}
    assert EVENTS_PATH in paths


@pytest.mark.parametrize("bad", ["http://bot.example.jp", "bot.example.jp", "https://", ""])
def test_an_address_that_is_not_https_is_refused(bad: str) -> None:
    with pytest.raises(ManifestError, match="https://"):
        manifest(bad)


def test_the_command_prints_yaml_slack_reads() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "slack", "manifest", "--url", URL],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    printed = yaml.safe_load(done.stdout)
    assert printed == json.loads(json.dumps(manifest(URL)))
    assert printed["display_information"]["name"] == "長井市 計画案内ボット"
