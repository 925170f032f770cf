"""The office's dashboard: GET /admin (login required), off unless ADMIN_PASSWORD is set.

- Login: the password is compared in constant time (hmac.compare_digest);
  after 5 failed attempts from one IP in 15 minutes, that IP is refused
  until the window ends (counted in the store, so every process agrees).
- Session: a cookie holding its expiry and a CSRF token, signed with
  HMAC-SHA256 under a key derived from the password (changing the password
  ends every session); HttpOnly, SameSite=Strict, Path=/admin, Secure unless
  ADMIN_SECURE_COOKIE=false, Max-Age ADMIN_SESSION_MINUTES.
- Actions (dismissing a queue row, logging out) are POST forms carrying the
  session's CSRF token; a request whose Origin is another site is refused.
- Charts are SVG drawn here (bot.analytics.charts): the page loads nothing
  but its own stylesheet; the CSP forbids every other source.
- Residents appear only as counts and hashed tags; staff by Slack user id.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from html import escape
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.analytics.charts import bars_svg, per_day_svg
from bot.analytics.grouping import QueueGroup, find_group, group_questions
from bot.analytics.records import (
    AUDIT_DISMISS,
    AUDIT_LABELS,
    OUTCOME_LABELS,
    OUTCOMES,
    QUEUE_DISMISSED,
    AuditEntry,
    Figures,
    QuestionRecord,
)
from bot.analytics.report import duration
from bot.clock import JST
from bot.knowledge.era import to_wareki
from bot.knowledge.models import KnowledgeBase

COOKIE = "nagai_admin"
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
DAYS_SHOWN = 30
MAX_FORM_BYTES = 4096
ADMIN_ACTOR = "admin"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
FIELD_LABELS = {
    "certified": "認定日", "round": "認定の回", "changes": "変更", "period": "計画期間",
    "status": "実施状況", "overview": "概要", "partners": "連携自治体", "contact": "問い合わせ先",
}  # fmt: skip

STYLE = """
body{font-family:sans-serif;margin:0;background:#f6f7f9;color:#222}
header{background:#1d4e89;color:#fff;padding:12px 24px;display:flex;justify-content:space-between}
header form{margin:0} header button{background:#fff;color:#1d4e89;border:0;padding:6px 12px}
main{padding:16px 24px;display:grid;gap:16px;
grid-template-columns:repeat(auto-fit,minmax(440px,1fr))}
section{background:#fff;border-radius:6px;padding:12px 16px;box-shadow:0 1px 2px #0002}
section.wide{grid-column:1/-1} h2{font-size:16px;margin:4px 0 12px}
table{border-collapse:collapse;width:100%;font-size:13px} td,th{border-bottom:1px solid #ddd;
padding:4px 6px;text-align:left} .num{text-align:right} .big{font-size:28px;font-weight:bold}
.login{max-width:360px;margin:80px auto;background:#fff;padding:24px;border-radius:6px}
.login input{width:100%;padding:8px;margin:8px 0;box-sizing:border-box}
.error{color:#b00020} button{cursor:pointer}
"""


@dataclass(frozen=True)
class AdminConfig:
    password: str
    session_seconds: int = 8 * 3600
    secure_cookie: bool = True

    @property
    def key(self) -> bytes:
        return hashlib.sha256(b"nagai-admin-session\x00" + self.password.encode()).digest()


class Dashboard(Protocol):
    """What the page reads and changes (bot.store.analytics.AnalyticsStore)."""

    def figures(self, since: dt.date | None = ..., until: dt.date | None = ...) -> Figures: ...
    def open_queue(self, limit: int = ...) -> list[QuestionRecord]: ...
    def audit_trail(
        self, limit: int = ..., since: dt.datetime | None = ...
    ) -> list[AuditEntry]: ...
    def close_questions(
        self, question_ids: tuple[int, ...], state: str, actor: str, action: str,
        detail: dict[str, Any],
    ) -> int: ...  # fmt: skip


class Limiter(Protocol):
    def allow(self, key: str, action: str, limit: int, window: dt.timedelta) -> bool: ...
    def count(self, key: str, action: str, window: dt.timedelta) -> int: ...


# -- the session cookie ----------------------------------------------------------------


def make_session(config: AdminConfig, now: float | None = None) -> str:
    data = {
        "exp": int((now or time.time()) + config.session_seconds),
        "csrf": secrets.token_hex(16),
    }
    body = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return body + "." + _sign(config, body)


def read_session(config: AdminConfig, value: str | None, now: float | None = None) -> dict | None:
    """The session's data when the cookie is ours and unexpired, else None."""
    if not value or "." not in value:
        return None
    body, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(config, body)):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        return None
    if not isinstance(data, dict) or int(data.get("exp", 0)) < (now or time.time()):
        return None
    return data


def _sign(config: AdminConfig, body: str) -> str:
    return hmac.new(config.key, body.encode(), hashlib.sha256).hexdigest()


# -- the routes ------------------------------------------------------------------------


def admin_routes(
    config: AdminConfig, kb: KnowledgeBase, dashboard: Dashboard, limiter: Limiter
) -> list[BaseRoute]:
    async def page(request: Request) -> Response:
        session = read_session(config, request.cookies.get(COOKIE))
        if session is None:
            return _html(login_page(), 200)
        html = await run_in_threadpool(dashboard_page, kb, dashboard, session["csrf"])
        return _html(html, 200)

    async def style(request: Request) -> Response:
        return Response(STYLE, media_type="text/css; charset=utf-8", headers=HEADERS)

    async def login(request: Request) -> Response:
        if not _same_origin(request):
            return _html(login_page("この画面から送信してください。"), 403)
        ip = request.client.host if request.client else "unknown"
        key = f"admin:{ip}"
        failures = await run_in_threadpool(limiter.count, key, "admin_login_failed", FAILURE_WINDOW)
        if failures >= MAX_FAILURES:
            message = "ログインの失敗が続いたため、しばらく時間をおいてからお試しください。"
            return _html(login_page(message), 429)
        form = await _form(request)
        given = (form.get("password") or "").encode()
        if not hmac.compare_digest(given, config.password.encode()):
            await run_in_threadpool(
                limiter.allow, key, "admin_login_failed", MAX_FAILURES + 1000, FAILURE_WINDOW
            )
            return _html(login_page("パスワードが違います。"), 401)
        response = RedirectResponse("/admin", status_code=303, headers=HEADERS)
        _set_cookie(response, config, make_session(config))
        return response

    async def logout(request: Request) -> Response:
        if await _checked(request, config) is None:
            return _html(login_page("もう一度ログインしてください。"), 403)
        response = RedirectResponse("/admin", status_code=303, headers=HEADERS)
        response.delete_cookie(COOKIE, path="/admin")
        return response

    async def dismiss(request: Request) -> Response:
        if await _checked(request, config) is None:
            return _html(login_page("もう一度ログインしてください。"), 403)
        key = int(request.path_params["key"])
        groups = group_questions(await run_in_threadpool(dashboard.open_queue))
        group = find_group(groups, key)
        if group is not None:
            await run_in_threadpool(
                dashboard.close_questions, group.question_ids, QUEUE_DISMISSED, ADMIN_ACTOR,
                AUDIT_DISMISS, {"text": group.text[:200], "via": "admin"},
            )  # fmt: skip
        return RedirectResponse("/admin", status_code=303, headers=HEADERS)

    return [
        Route("/admin", page, methods=["GET"], name="admin"),
        Route("/admin/admin.css", style, methods=["GET"], name="admin_css"),
        Route("/admin/login", login, methods=["POST"], name="admin_login"),
        Route("/admin/logout", logout, methods=["POST"], name="admin_logout"),
        Route("/admin/queue/{key:int}/dismiss", dismiss, methods=["POST"], name="admin_dismiss"),
    ]


async def _form(request: Request) -> dict[str, str]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in fields.items()}


def _same_origin(request: Request) -> bool:
    """A browser names the page a form came from; refuse any other site's."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return request.headers.get("sec-fetch-site") in (None, "same-origin", "none")
    return urlsplit(origin).netloc == request.headers.get("host")


async def _checked(request: Request, config: AdminConfig) -> dict | None:
    """The session of a state-changing request: same origin, signed cookie, CSRF token."""
    if not _same_origin(request):
        return None
    session = read_session(config, request.cookies.get(COOKIE))
    form = await _form(request)
    if session is None or not hmac.compare_digest(form.get("csrf", ""), session["csrf"]):
        return None
    return session


def _set_cookie(response: Response, config: AdminConfig, value: str) -> None:
    response.set_cookie(
        COOKIE, value, max_age=config.session_seconds, path="/admin",
        secure=config.secure_cookie, httponly=True, samesite="strict",
    )  # fmt: skip


def _html(body: str, status: int) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=HEADERS)


# -- the pages -------------------------------------------------------------------------


def _document(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="ja"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width"><title>{escape(title)}</title>'
        '<link rel="stylesheet" href="/admin/admin.css"></head>'
        f"<body>{body}</body></html>"
    )


def login_page(error: str = "") -> str:
    message = f'<p class="error">{escape(error)}</p>' if error else ""
    return _document(
        "ログイン - 地域再生計画ボット",
        '<form class="login" method="post" action="/admin/login">'
        "<h1>職員用ページ</h1>"
        f"{message}"
        '<label>パスワード<input type="password" name="password" autocomplete="current-password"'
        " required autofocus></label>"
        '<button type="submit">ログイン</button></form>',
    )


def dashboard_page(kb: KnowledgeBase, dashboard: Dashboard, csrf: str) -> str:
    today = dt.datetime.now(JST).date()
    figures = dashboard.figures(since=today - dt.timedelta(days=DAYS_SHOWN - 1), until=today)
    groups = group_questions(dashboard.open_queue())
    trail = dashboard.audit_trail(limit=30)
    title = lambda p: kb.by_id[p].title if p in kb.by_id else p  # noqa: E731
    totals = "".join(
        f'<tr><td>{OUTCOME_LABELS[o]}</td><td class="num">{figures.outcomes[o]}</td></tr>'
        for o in OUTCOMES
    )
    body = (
        "<header><strong>地域再生計画ボット 職員用ページ</strong>"
        '<form method="post" action="/admin/logout">'
        f'<input type="hidden" name="csrf" value="{csrf}"><button>ログアウト</button></form>'
        "</header><main>"
        f'<section class="wide"><h2>日ごとの質問（直近{DAYS_SHOWN}日、'
        f"{to_wareki(figures.per_day[0][0]) if figures.per_day else ''}から）</h2>"
        f"{per_day_svg(figures.per_day, width=900)}</section>"
        f'<section><h2>質問の結果</h2><p class="big">{figures.questions}件</p>'
        f"<table>{totals}</table></section>"
        "<section><h2>回答の評価</h2>"
        + bars_svg([("役に立った", figures.up), ("役に立たなかった", figures.down)], "#009E73")
        + "</section>"
        "<section><h2>よく聞かれた計画</h2>"
        + bars_svg([(title(p), n) for p, n in figures.top_plans[:6]])
        + "</section>"
        "<section><h2>よく聞かれた項目</h2>"
        + bars_svg([(FIELD_LABELS.get(f, f), n) for f, n in figures.top_fields[:6]], "#CC79A7")
        + "</section>"
        f'<section><h2>お問い合わせ</h2><p>対応中: <span class="big">{figures.open_inquiries}'
        f"</span>件</p><p>最初の職員の返信までの時間（中央値）: "
        f"{duration(figures.median_first_reply)}</p></section>"
        + _queue(groups, csrf)
        + _audit(trail)
        + "</main>"
    )
    return _document("職員用ページ - 地域再生計画ボット", body)


def _queue(groups: list[QueueGroup], csrf: str) -> str:
    rows = "".join(
        f"<tr><td>{escape(g.text[:120])}</td><td class='num'>{g.count}</td>"
        f"<td class='num'>{g.residents}</td><td>{_when(g.last_at)}</td>"
        f'<td><form method="post" action="/admin/queue/{g.key}/dismiss">'
        f'<input type="hidden" name="csrf" value="{csrf}"><button>対象外にする</button>'
        "</form></td></tr>"
        for g in groups[:30]
    )
    empty = "<tr><td colspan='5'>未回答の質問はありません。</td></tr>"
    return (
        '<section class="wide"><h2>未回答の質問（似た言い方はまとめています）</h2>'
        "<table><tr><th>質問</th><th>件数</th><th>人数</th><th>最後</th><th></th></tr>"
        f"{rows or empty}</table>"
        "<p>計画の呼び方の登録と回答は Slack のアプリのホームからできます。</p></section>"
    )


def _audit(trail: list[AuditEntry]) -> str:
    rows = "".join(
        f"<tr><td>{_when(e.created_at)}</td><td>{escape(e.actor)}</td>"
        f"<td>{escape(AUDIT_LABELS.get(e.action, e.action))}</td><td>{escape(e.subject)}</td>"
        f"<td>{escape(_detail(e.detail))}</td></tr>"
        for e in trail
    )
    empty = "<tr><td colspan='5'>まだ記録はありません。</td></tr>"
    return (
        '<section class="wide"><h2>操作の記録</h2><table><tr><th>日時</th><th>職員</th>'
        f"<th>操作</th><th>対象</th><th>内容</th></tr>{rows or empty}</table></section>"
    )


def _detail(detail: dict[str, Any]) -> str:
    return "、".join(f"{k}: {v}" for k, v in detail.items())[:200]


def _when(moment: dt.datetime) -> str:
    local = moment.astimezone(JST)
    return f"{to_wareki(local.date())} {local.hour}時{local.minute:02d}分"
