"""Hostile requests to every endpoint: each gets a 4xx, and nothing happens —
no call at the fake platform API, no row in any table of the store. Beside
each refusal, a positive control: the same app, a valid request, and it does
act (so "nothing happened" is not the app being unable to act at all)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from bot.app import create_app
from bot.store import Store
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import REPLY, sign_line, text_event, webhook_body
from tests.fakes.slack_api import POST_MESSAGE, event_body, mention_event, slack_headers
from tests.platforms import (
    LINE_SECRET,
    SLACK_SECRET,
    SLACK_TOKEN,
    RunningApp,
    line_settings,
    running,
)

TABLES = (
    "contexts", "processed_events", "line_inbox", "inquiries", "inquiry_messages", "outbox",
    "rate_limits",
)  # fmt: skip
NESTED = b"[" * 30_000 + b"]" * 30_000


def rows(store: Store) -> dict[str, int]:
    counts = {}
    with store.db.session() as s:
        for table in TABLES:
            row = s.fetchone(f"SELECT COUNT(*) FROM {table}")
            assert row is not None
            counts[table] = int(row[0])
    return counts


def untouched(store: Store) -> dict[str, int]:
    return dict.fromkeys(TABLES, 0)


@pytest.fixture
async def app(
    fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
) -> AsyncIterator[RunningApp]:
    """Every channel on: LINE and Slack at their fakes, and the web chat."""
    settings = line_settings(
        fake_line,
        slack_bot_token=SLACK_TOKEN,
        slack_signing_secret=SLACK_SECRET,
        slack_api_base_url=fake_slack.api_url,
    )
    assert settings.line_enabled and settings.slack_enabled
    async for running_app in running(create_app(settings, store=store)):
        yield running_app


async def settled(app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi) -> int:
    await app.drain()
    return len(fake_line.requests) + len(fake_slack.requests)


# -- LINE ------------------------------------------------------------------------------


def line_headers(body: bytes, **extra: str) -> dict[str, str]:
    return {"content-type": "application/json", "x-line-signature": sign_line(LINE_SECRET, body),
            **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        pytest.param(NESTED, line_headers(NESTED), 400, id="signed-30000-nested-arrays"),
        pytest.param(b'{"events":' + NESTED + b"}", None, 400, id="signed-nested-in-object"),
        pytest.param(b"\xff\xfe garbage", None, 400, id="signed-garbage-bytes"),
        pytest.param(b"xxxx", {"content-type": "application/json"}, 400, id="unsigned"),
        pytest.param(b"{}", {"x-line-signature": "not base64!"}, 400, id="malformed-signature"),
        pytest.param(b"{}", {"x-line-signature": ""}, 400, id="empty-signature"),
        pytest.param(b"x" * (1024 * 1024 + 1), None, 413, id="signed-over-1MB"),
    ],
)
async def test_line_webhook_refuses_with_4xx_and_touches_nothing(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store,
    body: bytes, headers: dict[str, str] | None, status: int,
) -> None:  # fmt: skip
    response = await app.client.post(
        "/line/webhook", content=body, headers=headers or line_headers(body)
    )

    assert response.status_code == status, response.text
    assert await settled(app, fake_line, fake_slack) == 0
    assert rows(store) == untouched(store)


async def test_positive_control_a_signed_line_event_is_answered(
    app: RunningApp, fake_line: FakeLineApi, store: Store
) -> None:
    body = webhook_body(text_event("電話番号を教えて"))

    response = await app.client.post("/line/webhook", content=body, headers=line_headers(body))
    await app.drain()

    assert response.status_code == 200
    assert len(fake_line.received(REPLY)) == 1
    assert rows(store)["line_inbox"] == 1
    assert rows(store)["contexts"] == 1


async def test_line_refuses_a_large_declared_body_before_reading_it(app: RunningApp) -> None:
    response = await app.client.post(
        "/line/webhook",
        content=b"{}",
        headers={**line_headers(b"{}"), "content-length": str(300 * 1024 * 1024)},
    )
    assert response.status_code == 413


# -- Slack -----------------------------------------------------------------------------

JSON = "application/json"


def slack_signed(
    body: bytes, *, timestamp: int | None = None, content_type: str = JSON
) -> dict[str, str]:
    return slack_headers(SLACK_SECRET, body, timestamp=timestamp, content_type=content_type)


def with_timestamp(value: str) -> dict[str, str]:
    body = b'{"type":"event_callback"}'
    return {**slack_signed(body), "x-slack-request-timestamp": value}


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        pytest.param(b"\xff\xfe\x00garbage", None, 400, id="signed-garbage-bytes"),
        pytest.param(b"xxxx", None, 400, id="signed-xxxx-as-json"),
        pytest.param(b"[1, 2]", None, 400, id="signed-json-array"),
        pytest.param(NESTED, None, 400, id="signed-30000-nested-arrays"),
        pytest.param(
            b"payload=" + b"%5B" * 30_000,
            slack_signed(
                b"payload=" + b"%5B" * 30_000, content_type="application/x-www-form-urlencoded"
            ),
            400,
            id="signed-form-payload-not-json",
        ),
        pytest.param(b"xxxx", {"content-type": JSON}, 401, id="unsigned-xxxx-as-json"),
        pytest.param(b'{"type":"event_callback"}', with_timestamp("abc"), 401, id="timestamp-abc"),
        pytest.param(b'{"type":"event_callback"}', with_timestamp(""), 401, id="timestamp-empty"),
        pytest.param(b'{"type":"event_callback"}', with_timestamp("1e9"), 401, id="timestamp-1e9"),
        pytest.param(
            b'{"type":"event_callback"}',
            {**slack_signed(b"{}"), "x-slack-signature": "v0=zz"},
            401,
            id="malformed-signature",
        ),
        pytest.param(b'{"a":1}', slack_signed(b"other body"), 401, id="wrong-signature"),
        pytest.param(b"{}", slack_signed(b"{}", timestamp=1_000_000_000), 401, id="stale"),
        pytest.param(b"x" * (1024 * 1024 + 1), None, 413, id="signed-over-1MB"),
    ],
)
async def test_slack_events_refuse_with_4xx_and_touch_nothing(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store,
    body: bytes, headers: dict[str, str] | None, status: int,
) -> None:  # fmt: skip
    response = await app.client.post(
        "/slack/events", content=body, headers=headers or slack_signed(body)
    )

    assert response.status_code == status, response.text
    assert await settled(app, fake_line, fake_slack) == 0
    assert rows(store) == untouched(store)


async def test_positive_control_a_signed_slack_mention_is_answered(
    app: RunningApp, fake_slack: FakeSlackApi, store: Store
) -> None:
    body = event_body(mention_event("電話番号を教えて"), event_id="EvOK1")

    response = await app.client.post("/slack/events", content=body, headers=slack_signed(body))
    await app.drain()

    assert response.status_code == 200
    assert len(fake_slack.received(POST_MESSAGE)) == 1
    assert rows(store)["processed_events"] >= 1


# -- the web chat ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(NESTED, id="30000-nested-arrays"),
        pytest.param(b'{"text":' + NESTED + b"}", id="nested-text"),
        pytest.param(b"\xff\xfe garbage", id="garbage-bytes"),
    ],
)
async def test_web_ask_refuses_with_4xx_and_touches_nothing(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store, body: bytes
) -> None:
    response = await app.client.post(
        "/api/ask", content=body, headers={"content-type": "application/json"}
    )

    assert 400 <= response.status_code < 500, response.text
    assert "error" in response.json()
    assert await settled(app, fake_line, fake_slack) == 0
    assert rows(store) == untouched(store)


async def test_positive_control_a_web_question_is_answered(app: RunningApp, store: Store) -> None:
    response = await app.client.post(
        "/api/ask",
        content=json.dumps({"text": "電話番号を教えて"}),
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 200
    assert response.json()["answer"]
    assert rows(store)["contexts"] == 1


async def test_2000_ligatures_that_expand_18_fold_leave_a_bounded_key(app: RunningApp) -> None:
    # U+FDFA is one character that NFKC makes 18 (15 without spaces); the matcher cuts again
    # after normalizing, so the text it works on stays bounded.
    from bot.core.matcher import MAX_KEY_LENGTH
    from bot.core.normalize import normalize

    text = "\ufdfa" * 2000
    assert len(normalize(text)) >= 15 * 2000  # what an uncut key would be
    parsed = app.app.state.bot.core.parser.parse(text)
    assert len(parsed.key) <= MAX_KEY_LENGTH

    response = await app.client.post(
        "/api/ask",
        content=json.dumps({"text": text}),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["answer"]
