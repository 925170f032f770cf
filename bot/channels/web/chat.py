"""The browser chat page and its JSON API.

GET /                  the page (static HTML; its script and style are files under /static/)
GET /static/{name}     chat.js, chat.css, favicon.svg, widget.js
GET /widget.js         what a city's site includes with one <script> tag: a floating
                       button that opens this page in a panel (an iframe)
POST /api/ask          {"text"} -> Reply.to_dict()
GET /api/greeting      the greeting Reply.to_dict()
GET /api/inbox         ?after=<message id> -> what the contact office sent
                       this browser's resident since that message (see _inbox_item)

Which browser asks is the server-issued HttpOnly cookie (identity.py), set by
/api/greeting or /api/ask when missing; /api/inbox only reads it. The id is
never in a URL. Per client IP and for all web inquiries an hour, limits.py.

The page and its files use relative URLs, so the routes also work when the app
mounts them under a prefix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.safety import parse_json
from bot.channels.web.identity import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    LEGACY_HEADER,
    Browser,
    BrowserIds,
)
from bot.channels.web.limits import WebLimits
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
# Where the notice under the input links to the city's page, when city.yaml knows it.
_CITY_LINK = "<!--city-link-->"
# How long what residents type is kept (the retention settings), in the notice.
_RETENTION = "<!--retention-->"
# JSON is data, never a document: forbid everything if a browser renders it.
API_CSP = "default-src 'none'; frame-ancestors 'none'"

_STATIC_TYPES = {
    "chat.js": "text/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
    "widget.js": "text/javascript; charset=utf-8",
}

# What a visitor reads when a request is refused (polite Japanese, shown in the page).
MSG_NOT_JSON = (
    "送信内容を読み取れませんでした。ページを再読み込みしてから、もう一度お試しください。"
)
MSG_BUSY = (
    "ただいまアクセスが集中しているため、お答えできませんでした。"
    "少し時間をおいてから、もう一度お試しください。"
)
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


def chat_routes(
    bot: Bot,
    inbox: Inbox | None = None,
    *,
    frame_ancestors: Sequence[str] = (),
    ids: BrowserIds | None = None,
    limits: WebLimits | None = None,
    retention_note: str = "",
) -> list[BaseRoute]:
    """The routes of the chat page and its API, answering with `bot`.

    `inbox` (the store's desk) gives the staff replies and notices delivered
    to web residents; without it /api/inbox always answers with an empty list.
    `frame_ancestors` (WEB_FRAME_ANCESTORS) are the sites that may show the
    page in a frame (the widget); none by default.
    `ids` signs the browsers' cookies (default: a key for this process only,
    so cookies die with it: the app passes a key every process shares).
    `limits` (the same object the Bot has as its RateLimiter) adds the per-IP
    and hourly limits; without it, only the Bot's own limits apply.
    """
    ids = ids or BrowserIds(secrets.token_bytes(32))
    # In another site's frame a SameSite=Strict cookie is never sent back.
    embedded = bool(frame_ancestors)
    page = _page(bot.kb, retention_note)
    assets = {name: _load(name, media_type) for name, media_type in _STATIC_TYPES.items()}
    page_csp, page_headers = _page_policy(frame_ancestors)

    async def index(request: Request) -> Response:
        return _serve(request, page, page_csp, page_headers)

    async def widget(request: Request) -> Response:
        # a script another site runs: it may be loaded from any origin
        return _serve(request, assets["widget.js"], API_CSP,
                      {"Cross-Origin-Resource-Policy": "cross-origin"})  # fmt: skip

    async def static(request: Request) -> Response:
        asset = assets.get(request.path_params["name"])
        if asset is None:
            return Response("Not Found", 404, headers=_headers(API_CSP), media_type="text/plain")
        return _serve(request, asset, API_CSP)

    def client_ip(request: Request) -> str | None:
        return request.client.host if request.client else None

    def browser(request: Request, *, may_issue: bool) -> Browser | None:
        legacy = request.headers.get(LEGACY_HEADER) if may_issue else None
        return ids.of(dict(request.cookies), legacy, may_issue=may_issue)

    async def ask(request: Request) -> Response:
        who = browser(request, may_issue=True)
        assert who is not None
        ip = client_ip(request)

        async def answer() -> Reply:
            text = _text((await _json_body(request)).get("text"))
            _check_rate(limits, ip)  # only a readable question counts, and is counted
            message = Message("web", web_user(who.id), text)
            if limits is None:
                return await run_in_threadpool(bot.handle, message)

            def handle() -> Reply:
                with limits.asking_from(ip) as asking:
                    reply = bot.handle(message)
                    hourly = asking.hourly_cap_hit
                return _hourly_refusal(bot.kb) if hourly else reply

            return await run_in_threadpool(handle)

        return _with_cookie(request, await _reply(answer), who, ids, embedded=embedded)

    async def greeting(request: Request) -> Response:
        who = browser(request, may_issue=True)
        assert who is not None
        ip = client_ip(request)

        async def answer() -> Reply:
            _check_rate(limits, ip)
            return await run_in_threadpool(bot.greet, Message("web", web_user(who.id), ""))

        return _with_cookie(request, await _reply(answer), who, ids, embedded=embedded)

    async def staff_messages(request: Request) -> Response:
        try:
            after = _after(request.query_params.get("after"))
        except _Refused as refused:
            return _json({"error": refused.message, "code": refused.code}, refused.status)
        who = browser(request, may_issue=False)
        if inbox is None or who is None:
            return _json([], 200)  # no cookie yet: nothing can have been sent to it
        # The same key as the Messages /api/ask hands the bot, so the desk
        # finds the inquiries this browser opened, and only those.
        user_key = Message("web", web_user(who.id), "").user_key
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
        Route("/widget.js", widget, methods=["GET"], name="chat_widget"),
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
    return _asset((STATIC_DIR / name).read_bytes(), media_type)


def _asset(body: bytes, media_type: str) -> _Asset:
    return _Asset(body, media_type, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')


def _page(kb: KnowledgeBase, retention_note: str = "") -> _Asset:
    """index.html with how long what is typed is kept and the link to the
    city's page in the notice, when known."""
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    url = kb.city.source.url
    link = ""
    if url:
        name = escape(kb.city.source.title)
        anchor = f'<a href="{escape(url)}" target="_blank" rel="noopener">{name}</a>'
        link = f"市のページ「{anchor}」もご覧ください。"
    html = html.replace(_RETENTION, escape(retention_note))
    return _asset(html.replace(_CITY_LINK, link).encode(), "text/html; charset=utf-8")


def _page_policy(frame_ancestors: Sequence[str]) -> tuple[str, dict[str, str]]:
    """The page's CSP and extra headers: framed by nobody, or by the sites named.
    X-Frame-Options cannot name sites, so it is sent only when none may frame."""
    if not frame_ancestors:
        return PAGE_CSP, {}
    csp = PAGE_CSP.replace("frame-ancestors 'none'", "frame-ancestors " + " ".join(frame_ancestors))
    return csp, {"X-Frame-Options": ""}


def _headers(csp: str) -> dict[str, str]:
    return {**_SECURITY_HEADERS, "Content-Security-Policy": csp}


def _serve(
    request: Request, asset: _Asset, csp: str, extra: dict[str, str] | None = None
) -> Response:
    # no-cache = revalidate every time: a deploy shows the new page at once,
    # and the ETag keeps the revalidation cheap.
    headers = {**_headers(csp), "Cache-Control": "no-cache", "ETag": asset.etag, **(extra or {})}
    headers = {name: value for name, value in headers.items() if value}  # "" drops a header
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


def _check_rate(limits: WebLimits | None, ip: str | None) -> None:
    if limits is not None and not limits.request_allowed(ip):
        raise _Refused(429, MSG_BUSY, "rate_limited")


def _hourly_refusal(kb: KnowledgeBase) -> Reply:
    c = kb.city.contact
    return Reply(
        "申し訳ありません。ただいまWebページからのお問い合わせが大変多いため、"
        "受け付けを一時的に止めています。1時間ほどたってから、もう一度お試しください。"
        f"お急ぎの場合は、{kb.city.office}（電話: {c.phone}）へお電話ください。",
        "handoff.limited",
        facts=("city.contact",),
    )


def _with_cookie(
    request: Request, response: Response, who: Browser, ids: BrowserIds, *, embedded: bool
) -> Response:
    """Set the browser's cookie when it is new. Embedded in other sites'
    frames (WEB_FRAME_ANCESTORS), it must be SameSite=None, hence Secure, and
    is Partitioned: kept per embedding site, as browsers now require."""
    if who.issue and response.status_code < 500:
        response.set_cookie(
            COOKIE_NAME,
            ids.signed(who.id),
            max_age=COOKIE_MAX_AGE,
            # the API's folder, so the cookie also works under a mount prefix
            path=request.url.path.rsplit("/", 1)[0] or "/",
            secure=embedded or request.url.scheme == "https",
            httponly=True,
            samesite="none" if embedded else "strict",
        )
        if embedded:
            # http.cookies (before Python 3.14) cannot write the attribute itself
            name, value = response.raw_headers[-1]
            response.raw_headers[-1] = (name, value + b"; Partitioned")
    return response


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
