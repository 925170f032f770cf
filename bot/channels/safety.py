"""Safety steps in front of the webhooks, applied by the app before a route runs.

`RequestGuard` is a plain ASGI middleware; for each guarded path it refuses,
in this order and without ever holding more than `max_body` bytes:

1. a missing or malformed signature header (`refuse_status`, before one byte
   of the body is read: an unsigned 300 MB upload costs nothing);
2. a declared Content-Length over `max_body` (413, also before reading);
3. a streamed body that grows past `max_body` (413, reading stops there);
4. with `json_max_depth`, a body nested deeper than that (400): Python's
   json raises RecursionError on thousands of nested arrays, which the
   platform SDKs do not catch.

What passes reaches the route as one buffered body. Whether the signature is
*right* is still the channel's check; this only makes sure that checking it
is cheap and that no body is ever large.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
ASGIMessage = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[ASGIMessage]]
Send = Callable[[ASGIMessage], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# LINE and Slack send a few kilobytes; a megabyte is generous for both.
WEBHOOK_MAX_BODY = 1024 * 1024
# LINE's deepest payload (events > message > emojis/mention > ...) is about 6.
JSON_MAX_DEPTH = 32

_BASE64_SHA256 = re.compile(r"[A-Za-z0-9+/]{43}=")  # 32 bytes, as LINE signs
_SLACK_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
# Seconds since 1970 as Slack writes them: digits only ("1e9" and "" are not).
_UNIX_SECONDS = re.compile(r"[0-9]{1,12}")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS_ONLY = bytes.maketrans(b"", b"")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


@dataclass(frozen=True)
class GuardRule:
    """How one webhook path is guarded (see the module docstring)."""

    name: str  # for the logs: "line", "slack"
    headers: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    refuse_status: int = 400
    max_body: int = WEBHOOK_MAX_BODY
    json_max_depth: int | None = None


LINE_WEBHOOK = GuardRule(
    "line", {"x-line-signature": _BASE64_SHA256}, refuse_status=400, json_max_depth=JSON_MAX_DEPTH
)
# Slack's bodies are JSON or a form whose `payload` is JSON: the Slack adapter
# reads them itself, after the signature (bot/channels/slack/inbound.py).
SLACK_EVENTS = GuardRule(
    "slack",
    {"x-slack-signature": _SLACK_SIGNATURE, "x-slack-request-timestamp": _UNIX_SECONDS},
    refuse_status=401,
)


def json_depth_ok(body: bytes, max_depth: int = JSON_MAX_DEPTH) -> bool:
    """Whether `body`, read as JSON, nests arrays and objects at most `max_depth` deep.

    Only counts brackets outside strings, so it is exact for valid JSON and
    conservative for anything else; a body with few brackets needs no scan.
    """
    if body.count(b"[") + body.count(b"{") <= max_depth:
        return True
    brackets = _STRING.sub(b"", body).translate(_BRACKETS_ONLY, _NOT_BRACKETS)
    steps = (1 if b in b"[{" else -1 for b in brackets)
    return max(accumulate(steps, initial=0)) <= max_depth


def parse_json(body: bytes, max_depth: int = JSON_MAX_DEPTH) -> Any:
    """json.loads that raises ValueError (never RecursionError) for a body
    nested deeper than `max_depth`, or for bytes that are not UTF-8 JSON."""
    if not json_depth_ok(body, max_depth):
        raise ValueError("JSON nested too deeply")
    try:
        return json.loads(body)
    except (RecursionError, UnicodeDecodeError) as error:
        raise ValueError(type(error).__name__) from None


class _Refusal(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class RequestGuard:
    """The ASGI middleware: `rules` maps a path ("/line/webhook") to its GuardRule."""

    def __init__(self, app: ASGIApp, rules: Mapping[str, GuardRule]) -> None:
        self.app = app
        self.rules = dict(rules)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = self.rules.get(scope.get("path", "")) if scope["type"] == "http" else None
        if rule is None or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        try:
            self._check_headers(rule, scope)
            body = await self._read_body(rule, scope, receive)
            if rule.json_max_depth is not None and not json_depth_ok(body, rule.json_max_depth):
                raise _Refusal(400, "a body nested too deeply")
        except _Refusal as refusal:
            log.warning("%s: request refused: %s", rule.name, refusal.reason)
            await _plain(send, refusal.status, refusal.reason)
            return
        await self.app(scope, _replay(body, receive), send)

    @staticmethod
    def _check_headers(rule: GuardRule, scope: Scope) -> None:
        headers = _headers(scope)
        for name, pattern in rule.headers.items():
            value = headers.get(name)
            if value is None:
                raise _Refusal(rule.refuse_status, f"no {name} header")
            if not pattern.fullmatch(value):
                raise _Refusal(rule.refuse_status, f"a malformed {name} header")
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > rule.max_body):
            raise _Refusal(413, "a body over the size limit")

    @staticmethod
    async def _read_body(rule: GuardRule, scope: Scope, receive: Receive) -> bytes:
        # chunks joined once at the end: no growing buffer copied over and over
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Refusal(400, "the client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > rule.max_body:
                raise _Refusal(413, "a body over the size limit")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", []):
        # latin-1 is how HTTP carries header bytes; it never fails to decode
        found.setdefault(raw_name.decode("latin-1").lower(), raw_value.decode("latin-1").strip())
    return found


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> ASGIMessage:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: only the disconnect

    return replayed


async def _plain(send: Send, status: int, reason: str) -> None:
    text = f"refused: {reason}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(text)).encode()),
                # unread body bytes may still be on their way: do not reuse the connection
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text})
