"""A fake LINE Messaging API (point LINE_API_BASE_URL at `fake.url`).

Pushes behave like LINE's with `X-Line-Retry-Key`: the first request with a
key is accepted (and counts as delivered); a later one with the same key gets
409 and delivers nothing. `delivered()` is what the residents' phones showed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
from typing import Any

from tests.fakes.api_server import Canned, FakeApiServer, Recorded

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
LOADING = "/v2/bot/chat/loading/start"
INVALID_REPLY_TOKEN = {"message": "Invalid reply token"}


class FakeLineApi(FakeApiServer):
    def __init__(self) -> None:
        super().__init__()
        ids = itertools.count(1)

        def sent(request: Recorded) -> Canned:
            # the SDK's response model refuses an empty sentMessages list
            messages = (request.json or {}).get("messages") or [{}]
            return Canned(
                200, {"sentMessages": [{"id": str(next(ids)), "quoteToken": "q"} for _ in messages]}
            )

        self.accepted_keys: dict[str, Recorded] = {}
        self._delivered: list[Recorded] = []

        def push(request: Recorded) -> Canned:
            key = request.headers.get("x-line-retry-key")
            with self._lock:
                if key is not None and key in self.accepted_keys:
                    return Canned(
                        409,
                        {"message": "The retry key is already accepted"},
                        {"x-line-accepted-request-id": f"req-{key}"},
                    )
                if key is not None:
                    self.accepted_keys[key] = request
                self._delivered.append(request)
                self._lock.notify_all()
            return sent(request)

        self.respond(REPLY, sent)
        self.respond(PUSH, push)
        self.respond(LOADING, lambda request: Canned(202, {}))

    def replies(self) -> list[Recorded]:
        return self.received(REPLY)

    def pushes(self) -> list[Recorded]:
        return self.received(PUSH)

    def loadings(self) -> list[Recorded]:
        return self.received(LOADING)

    def delivered(self, to: str | None = None) -> list[Recorded]:
        """Pushes LINE accepted (a repeated retry key is not a second delivery)."""
        with self._lock:
            return [r for r in self._delivered if to is None or (r.json or {}).get("to") == to]

    def delivered_texts(self, to: str | None = None) -> list[str]:
        return [m.get("text", "") for r in self.delivered(to) for m in r.json.get("messages", [])]

    def clear(self) -> None:
        super().clear()
        with self._lock:
            self.accepted_keys.clear()
            self._delivered.clear()


def sign_line(channel_secret: str, body: bytes) -> str:
    """X-Line-Signature: base64 HMAC-SHA256 of the raw body with the channel secret."""
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def webhook_body(*events: dict[str, Any], destination: str = "Ubotdestination") -> bytes:
    return json.dumps({"destination": destination, "events": list(events)}).encode()


def _event(kind: str, user: str, event_id: str, redelivery: bool, **extra: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": 1764000000000,
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": redelivery},
        **extra,
    }


def text_event(
    text: str,
    *,
    user: str = "U" + "1" * 32,
    event_id: str = "01HZZZZZZZZZZZZZZZZZZZZZZZ",
    reply_token: str = "reply-token-1",
    redelivery: bool = False,
) -> dict[str, Any]:
    return _event(
        "message",
        user,
        event_id,
        redelivery,
        replyToken=reply_token,
        message={"id": "100001", "type": "text", "quoteToken": "qt", "text": text},
    )


def message_event(
    message: dict[str, Any], *, user: str, event_id: str, reply_token: str
) -> dict[str, Any]:
    """A message event with any content (sticker, image, location ...)."""
    return _event("message", user, event_id, False, replyToken=reply_token, message=message)


def follow_event(*, user: str, event_id: str, reply_token: str) -> dict[str, Any]:
    follow = {"isUnblocked": False}
    return _event("follow", user, event_id, False, replyToken=reply_token, follow=follow)


def unfollow_event(*, user: str, event_id: str) -> dict[str, Any]:
    return _event("unfollow", user, event_id, False)


def postback_event(data: str, *, user: str, event_id: str, reply_token: str) -> dict[str, Any]:
    postback = {"data": data}
    return _event("postback", user, event_id, False, replyToken=reply_token, postback=postback)
