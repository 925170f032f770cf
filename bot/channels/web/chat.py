"""The browser chat page and its JSON API.

GET /                  the page (static HTML; its script and style are files under /static/)
GET /static/{name}     chat.js, chat.css, favicon.svg
POST /api/ask          {"user", "text"} -> Reply.to_dict()
GET /api/greeting      ?user=... -> the greeting Reply.to_dict()
GET /api/inbox         ?user=...&after=<message id> -> what the contact office sent
                       this browser's resident since that message (see _inbox_item)

The page and its files use relative URLs, so the routes also work when the app
mounts them under a prefix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.safety import parse_json
from bot.clock import JST
from bot.core.bot import Bot
from bot.core.inquiry import NOTICE_CLOSED, STAFF, closed_notice_text, staff_reply_text
from bot.core.types import Message, Reply
from bot.knowledge.era import to_wareki
from bot.knowledge.models import KnowledgeBase

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
MAX_TEXT_CHARS = 2000
# A 2000-character question is at most ~12 KB even with every character
# JSON-escaped as \uXXXX; anything far bigger is not a question.
MAX_BODY_BYTES = 64 * 1024

# The page makes the id from 16 random bytes (32 hex digits); accept a little
# more so that other clients of the API are not refused for a different format.
_USER_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# The page asks again at once when it gets a full page, so this only bounds
# one response; a resident rarely has more than a few messages.
INBOX_PAGE_SIZE = 50
# Message ids are database ids; the page keeps them as JavaScript numbers.
MAX_MESSAGE_ID = 2**53 - 1
_MESSAGE_ID = re.compile(r"^[0-9]{1,16}$")
# Control characters other than tab and newline: a NUL cannot be stored in
# PostgreSQL text, and none of them mean anything in a question.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# JSON is data, never a document: forbid everything if a browser renders it.
API_CSP = "default-src 'none'; frame-ancestors 'none'"

_STATIC_TYPES = {
    "chat.js": "text/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}

# What a visitor reads when a request is refused (polite Japanese, shown in the page).
MSG_NOT_JSON = (
    "送信内容を読み取れませんでした。ページを再読み込みしてから、もう一度お試しください。"
)
MSG_BAD_USER = "利用者の識別情報が正しくありません。ページを再読み込みしてください。"
MSG_NOT_TEXT = "ご質問は文字で入力してください。"
MSG_EMPTY = "ご質問を入力してください。"
MSG_TOO_LONG = f"ご質問が長すぎます。{MAX_TEXT_CHARS}文字以内でお願いいたします。"
MSG_BAD_AFTER = "お返事の読み込み位置が正しくありません。ページを再読み込みしてください。"
MSG_FAILED = (
    "申し訳ありません。ただいま回答できませんでした。時間をおいて、もう一度お試しください。"
)


@dataclass(frozen=True)
class _Asset:
    body: bytes
    media_type: str
    etag: str


class _Refused(Exception):
    """A request the API answers with an error (status, Japanese message, code)."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.message = message
        self.code = code


class InboxMessage(Protocol):
    """A message to a resident, as bot.core.inquiry.InquiryMessage holds it."""

    @property
    def id(self) -> int: ...
    @property
    def inquiry_id(self) -> int: ...
    @property
    def author(self) -> str: ...  # 'staff' or 'system'
    @property
    def text(self) -> str: ...
    @property
    def notice(self) -> str | None: ...  # 'closed' for the closure notice
    @property
    def created_at(self) -> dt.datetime: ...


class Inbox(Protocol):
    """Where the page finds what staff sent a web resident (bot.store's desk)."""

    def web_inbox(
        self, user_key: str, after_id: int = 0, limit: int = 100
    ) -> Sequence[InboxMessage]: ...


def chat_routes(bot: Bot, inbox: Inbox | None = None) -> list[BaseRoute]:
    """The routes of the chat page and its API, answering with `bot`.

    `inbox` (the store's desk) gives the staff replies and notices delivered
    to web residents; without it /api/inbox always answers with an empty list.
    """
    page = _load("index.html", "text/html; charset=utf-8")
    assets = {name: _load(name, media_type) for name, media_type in _STATIC_TYPES.items()}

    async def index(request: Request) -> Response:
        return _serve(request, page, PAGE_CSP)

    async def static(request: Request) -> Response:
        asset = assets.get(request.path_params["name"])
        if asset is None:
            return Response("Not Found", 404, headers=_headers(API_CSP), media_type="text/plain")
        return _serve(request, asset, API_CSP)

    async def ask(request: Request) -> Response:
        async def answer() -> Reply:
            data = await _json_body(request)
            user = _user(data.get("user"))
            text = _text(data.get("text"))
            return await run_in_threadpool(bot.handle, Message("web", user, text))

        return await _reply(answer)

    async def greeting(request: Request) -> Response:
        async def answer() -> Reply:
            user = _user(request.query_params.get("user"))
            return await run_in_threadpool(bot.greet, Message("web", user, ""))

        return await _reply(answer)

    async def staff_messages(request: Request) -> Response:
        try:
            # The same key as the Messages /api/ask hands the bot, so the
            # desk finds the inquiries this browser opened, and only those.
            user_key = Message("web", _user(request.query_params.get("user")), "").user_key
            after = _after(request.query_params.get("after"))
        except _Refused as refused:
            return _json({"error": refused.message, "code": refused.code}, refused.status)
        if inbox is None:
            return _json([], 200)
        try:
            found = await run_in_threadpool(inbox.web_inbox, user_key, after, INBOX_PAGE_SIZE)
            items = [item for m in found if (item := _inbox_item(bot.kb, m)) is not None]
        except Exception:
            log.exception("web chat: reading the inbox failed")
            return _json({"error": MSG_FAILED, "code": "internal_error"}, 500)
        return _json(items, 200)

    return [
        Route("/", index, methods=["GET"], name="chat_page"),
        Route("/static/{name}", static, methods=["GET"], name="chat_static"),
        Route("/api/ask", ask, methods=["POST"], name="chat_ask"),
        Route("/api/greeting", greeting, methods=["GET"], name="chat_greeting"),
        Route("/api/inbox", staff_messages, methods=["GET"], name="chat_inbox"),
    ]


def _inbox_item(kb: KnowledgeBase, message: InboxMessage) -> dict[str, Any] | None:
    """One message for the page: {id, inquiry, kind, text, created, created_label}.

    kind is "staff" (an answer) or "closed" (the closure notice); text is
    worded as LINE residents get it (bot.core.inquiry.notices); created is ISO
    8601 in UTC, created_label the time in Japan as the city writes it.
    None for a notice this page does not know how to word.
    """
    if message.author == STAFF:
        kind, text = "staff", staff_reply_text(kb, message.inquiry_id, message.text)
    elif message.notice == NOTICE_CLOSED:
        kind, text = "closed", closed_notice_text(kb, message.inquiry_id)
    else:
        log.warning("web chat: no wording for notice %r (message %d)", message.notice, message.id)
        return None
    created = message.created_at.astimezone(dt.UTC)
    local = created.astimezone(JST)
    return {
        "id": message.id,
        "inquiry": message.inquiry_id,
        "kind": kind,
        "text": text,
        "created": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "created_label": f"{to_wareki(local.date())} {local.hour}時{local.minute:02d}分",
    }


def _load(name: str, media_type: str) -> _Asset:
    body = (STATIC_DIR / name).read_bytes()
    return _Asset(body, media_type, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')


def _headers(csp: str) -> dict[str, str]:
    return {**_SECURITY_HEADERS, "Content-Security-Policy": csp}


def _serve(request: Request, asset: _Asset, csp: str) -> Response:
    # no-cache = revalidate every time: a deploy shows the new page at once,
    # and the ETag keeps the revalidation cheap.
    headers = {**_headers(csp), "Cache-Control": "no-cache", "ETag": asset.etag}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


async def _reply(answer: Callable[[], Awaitable[Reply]]) -> Response:
    try:
        reply = await answer()
    except _Refused as refused:
        return _json({"error": refused.message, "code": refused.code}, refused.status)
    except Exception:
        # The bot promises not to raise; if it does anyway, the visitor gets a
        # polite JSON error the page can show instead of a bare 500 page.
        log.exception("web chat: the bot failed to answer")
        return _json({"error": MSG_FAILED, "code": "internal_error"}, 500)
    return _json(reply.to_dict(), 200)


def _json(content: dict[str, Any] | list[Any], status: int) -> JSONResponse:
    headers = {**_headers(API_CSP), "Cache-Control": "no-store"}
    return JSONResponse(content, status_code=status, headers=headers)


async def _json_body(request: Request) -> dict[str, Any]:
    # Requiring application/json also makes a cross-site form or fetch
    # need a CORS preflight, which this API never grants.
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise _Refused(415, MSG_NOT_JSON, "unsupported_media_type")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _Refused(413, MSG_TOO_LONG, "too_long")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise _Refused(413, MSG_TOO_LONG, "too_long")
    try:
        data = parse_json(bytes(body))  # never RecursionError for deep nesting
    except ValueError:
        raise _Refused(400, MSG_NOT_JSON, "invalid_json") from None
    if not isinstance(data, dict):
        raise _Refused(400, MSG_NOT_JSON, "invalid_json")
    return data


def web_user(browser_id: str) -> str:
    """The Message user for a browser's id, hashed: the store never holds what
    the browser sent, and the id is only a conversation key, never an identity."""
    return hashlib.sha256(f"web-chat:{browser_id}".encode()).hexdigest()[:32]


def _user(raw: object) -> str:
    if not isinstance(raw, str) or not _USER_ID.match(raw):
        raise _Refused(400, MSG_BAD_USER, "invalid_user")
    return web_user(raw)


def _after(raw: str | None) -> int:
    """The id of the last message the page showed; 0 (or absent) for none yet."""
    if raw is None or raw == "":
        return 0
    if not _MESSAGE_ID.match(raw) or int(raw) > MAX_MESSAGE_ID:
        raise _Refused(400, MSG_BAD_AFTER, "invalid_after")
    return int(raw)


def _text(raw: object) -> str:
    if not isinstance(raw, str):
        raise _Refused(400, MSG_NOT_TEXT, "invalid_text")
    if len(raw) > MAX_TEXT_CHARS:
        raise _Refused(413, MSG_TOO_LONG, "too_long")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") from a hand-made request
        raise _Refused(400, MSG_NOT_TEXT, "invalid_text") from None
    text = _CONTROL.sub("", raw)
    if not text.strip():
        raise _Refused(400, MSG_EMPTY, "empty_text")
    return text
