"""The safety steps alone (bot/channels/safety.py), on a raw ASGI call, so
what the guard reads of a body can be counted."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.channels.safety import (
    LINE_WEBHOOK,
    SLACK_EVENTS,
    GuardRule,
    RequestGuard,
    json_depth_ok,
    parse_json,
)

SIGNATURE = "A" * 43 + "="


class Upload:
    """A client sending `chunks` chunks of `size` bytes, counting what was pulled."""

    def __init__(self, chunks: int, size: int = 64 * 1024) -> None:
        self.chunks = chunks
        self.size = size
        self.pulled = 0

    async def receive(self) -> dict[str, Any]:
        self.pulled += 1
        more = self.pulled < self.chunks
        return {"type": "http.request", "body": b"x" * self.size, "more_body": more}


class Downstream:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        self.bodies.append(message["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(rule: GuardRule, headers: dict[str, str], upload: Upload) -> tuple[int, Downstream]:
    downstream = Downstream()
    guard = RequestGuard(downstream, {"/hook": rule})
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/hook",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
    }
    await guard(scope, upload.receive, send)
    return sent[0]["status"], downstream


@pytest.mark.parametrize(
    "headers",
    [{}, {"x-line-signature": ""}, {"x-line-signature": "xxxx"}, {"x-line-signature": "é" * 44}],
)
async def test_a_missing_or_malformed_signature_is_refused_before_any_body_is_read(
    headers: dict[str, str],
) -> None:
    upload = Upload(chunks=300 * 16)  # 300 MB, had it been read
    status, downstream = await call(LINE_WEBHOOK, headers, upload)
    assert status == 400
    assert upload.pulled == 0
    assert downstream.bodies == []


async def test_a_large_streamed_body_is_cut_off_just_past_the_limit() -> None:
    upload = Upload(chunks=300 * 16)
    status, downstream = await call(LINE_WEBHOOK, {"x-line-signature": SIGNATURE}, upload)
    assert status == 413
    assert upload.pulled * upload.size <= LINE_WEBHOOK.max_body + upload.size
    assert downstream.bodies == []


async def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    upload = Upload(chunks=1)
    headers = {"x-line-signature": SIGNATURE, "content-length": str(300 * 1024 * 1024)}
    status, _ = await call(LINE_WEBHOOK, headers, upload)
    assert status == 413
    assert upload.pulled == 0


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "-1", "1" * 13])
async def test_slack_timestamps_that_are_not_seconds_are_refused_unread(timestamp: str) -> None:
    upload = Upload(chunks=1)
    headers = {"x-slack-signature": "v0=" + "0" * 64, "x-slack-request-timestamp": timestamp}
    status, _ = await call(SLACK_EVENTS, headers, upload)
    assert status == 401
    assert upload.pulled == 0


async def test_positive_control_a_well_formed_request_reaches_the_route_whole() -> None:
    upload = Upload(chunks=4, size=1000)
    status, downstream = await call(LINE_WEBHOOK, {"x-line-signature": SIGNATURE}, upload)
    assert status == 200
    assert downstream.bodies == [b"x" * 4000]


def test_depth_counts_brackets_outside_strings_only() -> None:
    assert json_depth_ok(json.dumps({"text": "[" * 100}).encode(), 4)
    assert json_depth_ok(b"[[[[]]]]", 4)
    assert not json_depth_ok(b"[[[[[]]]]]", 4)
    assert not json_depth_ok(b'{"a":"\\"",' + b'"b":' + b"[" * 10 + b"]" * 10 + b"}", 4)
    assert json_depth_ok(b"[1]," * 1000, 4)  # many, but shallow


def test_parse_json_refuses_deep_nesting_as_a_value_error() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        parse_json(b"[" * 30_000 + b"]" * 30_000)
    with pytest.raises(ValueError, match="UnicodeDecodeError"):
        parse_json(b"\xff")
    assert parse_json(b'{"a": [[1]]}') == {"a": [[1]]}
