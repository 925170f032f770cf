"""A fake LINE Messaging API (point LINE_API_BASE_URL at `fake.url`).

Rich menus are kept as LINE keeps them (create, list, delete, the default
for all users); their images arrive at a separate FakeLineDataApi (point
LINE_DATA_API_BASE_URL at it), which refuses what LINE refuses: an image
whose size is not the menu's, a second image for one menu, more than 1 MB.

Pushes behave like LINE's with `X-Line-Retry-Key`: the first request with a
key is accepted (and counts as delivered); a later one with the same key gets
409 and delivers nothing. `delivered()` is what the residents' phones showed.

For load and crash tests (`FakeLineApi(latency=(0.1, 0.3), single_use_tokens=True)`):
- latency: every request waits a random time in the range before LINE acts
  and answers (as a busy LINE would); a client that gives up meanwhile does
  not stop it taking effect;
- single-use reply tokens: a token's second reply gets 400 "Invalid reply
  token", as does any token passed to `expire()`;
- `answers()`: every message LINE accepted, by reply token or by retry key,
  so a test counts what reached the residents;
- `refuse_connections()` / `accept_connections()`: the port stops listening
  (new connections are refused) and starts again.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import itertools
import json
import random
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from PIL import Image

from tests.fakes.api_server import Canned, FakeApiServer, Recorded

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
LOADING = "/v2/bot/chat/loading/start"
INVALID_REPLY_TOKEN = {"message": "Invalid reply token"}
RICHMENU = "/v2/bot/richmenu"
RICHMENU_LIST = "/v2/bot/richmenu/list"
DEFAULT_RICHMENU = "/v2/bot/user/all/richmenu"
RICHMENU_SIZES = ((2500, 1686), (2500, 843))


class FakeLineApi(FakeApiServer):
    def __init__(
        self, *, latency: tuple[float, float] | None = None, single_use_tokens: bool = False
    ) -> None:
        super().__init__()
        ids = itertools.count(1)
        self.latency = latency
        self.single_use_tokens = single_use_tokens
        self.used_tokens: dict[str, Recorded] = {}
        self.expired_tokens: set[str] = set()
        self._random = random.Random(9)

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

        def reply(request: Recorded) -> Canned:
            token = (request.json or {}).get("replyToken")
            with self._lock:
                if self.single_use_tokens and (
                    token in self.used_tokens or token in self.expired_tokens
                ):
                    return Canned(400, INVALID_REPLY_TOKEN)
                self.used_tokens[token] = request
                self._lock.notify_all()
            return sent(request)

        self.respond(REPLY, reply)
        self.respond(PUSH, push)
        self.respond(LOADING, lambda request: Canned(202, {}))

        self.rich_menus: dict[str, StoredRichMenu] = {}  # in creation order
        self.default_rich_menu: str | None = None
        self.respond(RICHMENU, self._create_rich_menu)
        self.respond(RICHMENU_LIST, self._list_rich_menus)
        self.respond(DEFAULT_RICHMENU, self._default_rich_menu)
        self.respond("*", self._rich_menu_by_id)

    # -- rich menus -------------------------------------------------------------

    def _create_rich_menu(self, request: Recorded) -> Canned:
        body = request.json or {}
        size = body.get("size") or {}
        if (size.get("width"), size.get("height")) not in RICHMENU_SIZES:
            return Canned(400, {"message": "size must be 2500x1686 or 2500x843"})
        for area in body.get("areas") or []:
            b = area["bounds"]
            if b["x"] + b["width"] > size["width"] or b["y"] + b["height"] > size["height"]:
                return Canned(400, {"message": "an area is outside the rich menu"})
        with self._lock:
            menu_id = f"richmenu-{len(self.rich_menus) + 1:04d}"
            self.rich_menus[menu_id] = StoredRichMenu(menu_id, body)
        return Canned(200, {"richMenuId": menu_id})

    def _list_rich_menus(self, request: Recorded) -> Canned:
        with self._lock:
            menus = [{"richMenuId": m.id, **m.definition} for m in self.rich_menus.values()]
        return Canned(200, {"richmenus": menus})

    def _default_rich_menu(self, request: Recorded) -> Canned:
        if self.default_rich_menu is None:
            return Canned(404, {"message": "no default richmenu"})
        return Canned(200, {"richMenuId": self.default_rich_menu})

    def _rich_menu_by_id(self, request: Recorded) -> Canned:
        found = re.fullmatch(r"/v2/bot/(richmenu|user/all/richmenu)/([\w-]+)", request.path)
        if found is None:
            return Canned(404, {"message": "Not found"})
        kind, menu_id = found.groups()
        with self._lock:
            menu = self.rich_menus.get(menu_id)
            if menu is None:
                return Canned(404, {"message": "richmenu not found"})
            if kind == "richmenu" and request.method == "DELETE":
                del self.rich_menus[menu_id]
                if self.default_rich_menu == menu_id:
                    self.default_rich_menu = None
                return Canned(200, {})
            if kind == "user/all/richmenu" and request.method == "POST":
                if menu.image is None:
                    return Canned(400, {"message": "must upload richmenu image before applying it"})
                self.default_rich_menu = menu_id
                return Canned(200, {})
        return Canned(405, {"message": "Method not allowed"})

    def attach_image(self, menu_id: str, request: Recorded) -> Canned:
        """The data API's upload, applied to this fake's menus."""
        with self._lock:
            menu = self.rich_menus.get(menu_id)
            if menu is None:
                return Canned(404, {"message": "richmenu not found"})
            if menu.image is not None:
                return Canned(400, {"message": "An image has already been uploaded to the richmenu"})
            if request.headers.get("content-type") not in ("image/png", "image/jpeg"):
                return Canned(415, {"message": "Unsupported Media Type"})
            if len(request.body) > 1024 * 1024:
                return Canned(400, {"message": "image must be 1 MB or smaller"})
            try:
                with Image.open(io.BytesIO(request.body)) as image:
                    size = image.size
            except OSError:
                return Canned(400, {"message": "not an image"})
            expected = (menu.definition["size"]["width"], menu.definition["size"]["height"])
            if size != expected:
                return Canned(400, {"message": f"image size {size} is not the menu's {expected}"})
            menu.image = request.body
        return Canned(200, {})

    def replies(self) -> list[Recorded]:
        return self.received(REPLY)

    def pushes(self) -> list[Recorded]:
        return self.received(PUSH)

    def loadings(self) -> list[Recorded]:
        return self.received(LOADING)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if self.latency is not None:
            # shielded: like LINE, the fake finishes what it started even when
            # the client hangs up
            low, high = self.latency
            return await asyncio.shield(self._slow(request, self._random.uniform(low, high)))
        return await super()._handle(request)

    async def _slow(self, request: web.Request, delay: float) -> web.StreamResponse:
        await asyncio.sleep(delay)
        return await super()._handle(request)

    def expire(self, token: str) -> None:
        with self._lock:
            self.expired_tokens.add(token)

    def answers(self) -> list[tuple[str, str]]:
        """What LINE accepted: ("reply", reply token) and ("push", retry key)."""
        with self._lock:
            replies = [("reply", token) for token in self.used_tokens]
            pushes = [("push", key) for key in self.accepted_keys]
        return replies + pushes

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
            self.used_tokens.clear()
            self.expired_tokens.clear()


@dataclass
class StoredRichMenu:
    id: str
    definition: dict[str, Any]
    image: bytes | None = None


class FakeLineDataApi(FakeApiServer):
    """api-data.line.me: rich menu images, stored on `api`'s menus."""

    def __init__(self, api: FakeLineApi) -> None:
        super().__init__()

        def upload(request: Recorded) -> Canned:
            found = re.fullmatch(r"/v2/bot/richmenu/([\w-]+)/content", request.path)
            if found is None or request.method != "POST":
                return Canned(404, {"message": "Not found"})
            return api.attach_image(found.group(1), request)

        self.respond("*", upload)

    def uploads(self) -> list[Recorded]:
        return [r for r in self.received() if r.path.endswith("/content")]


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
