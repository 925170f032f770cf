"""/admin through the real app: login, the session cookie, the per-IP limit on
failed attempts, CSRF-safe actions, and off when not configured. Each test
runs on SQLite and PostgreSQL (the failure counts and the queue live there)."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.app import create_app
from bot.channels.web.admin import COOKIE, AdminConfig, make_session
from bot.settings import Settings
from bot.store import Store, open_store
from tests.platforms import TODAY, running

PASSWORD = "correct horse battery staple"
HOST = "http://bot.test"


@pytest.fixture
def store(database_url: str) -> AsyncIterator[Store]:
    with open_store(database_url) as opened:
        yield opened


def settings(**extra: object) -> Settings:
    return Settings(bot_today=TODAY, admin_password=PASSWORD, admin_secure_cookie=False, **extra)


@pytest.fixture
async def admin(store: Store) -> AsyncIterator[httpx.AsyncClient]:
    async for app in running(create_app(settings(), store=store)):
        yield app.client


def client_from(app: object, ip: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url=HOST)


async def login(client: httpx.AsyncClient, password: str = PASSWORD) -> httpx.Response:
    return await client.post(
        "/admin/login",
        content=f"password={password}".encode(),
        headers={"content-type": "application/x-www-form-urlencoded", "origin": HOST},
    )


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def test_admin_is_off_when_no_password_is_configured(store: Store) -> None:
    async for app in running(create_app(Settings(bot_today=TODAY), store=store)):
        assert (await app.client.get("/admin")).status_code == 404
        assert (await login(app.client)).status_code == 404


async def test_without_a_session_the_login_form_is_shown_and_nothing_else(
    admin: httpx.AsyncClient,
) -> None:
    page = await admin.get("/admin")
    assert page.status_code == 200 and 'type="password"' in page.text
    assert "質問の結果" not in page.text


async def test_a_wrong_password_is_refused_and_the_right_one_gives_a_strict_session_cookie(
    admin: httpx.AsyncClient,
) -> None:
    wrong = await login(admin, "not the password")
    assert wrong.status_code == 401 and "パスワードが違います" in wrong.text
    assert COOKIE not in wrong.cookies
    right = await login(admin)
    assert right.status_code == 303 and right.headers["location"] == "/admin"
    cookie = right.headers["set-cookie"]
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/admin", "Max-Age=28800"):
        assert attribute.lower() in cookie.lower(), attribute
    page = await admin.get("/admin")
    assert "質問の結果" in page.text and "<svg" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing from outside


async def test_the_secure_flag_is_set_by_default(store: Store) -> None:
    plain = Settings(bot_today=TODAY, admin_password=PASSWORD)
    async for app in running(create_app(plain, store=store)):
        assert "secure" in (await login(app.client)).headers["set-cookie"].lower()


async def test_five_failures_from_one_ip_lock_it_out_but_not_another_ip(store: Store) -> None:
    app = create_app(settings(), store=store)
    attacker, clerk = client_from(app, "203.0.113.7"), client_from(app, "198.51.100.2")
    async with app.router.lifespan_context(app), attacker, clerk:
        for _ in range(5):
            assert (await login(attacker, "guess")).status_code == 401
        locked = await login(attacker)  # even the right password, now
        assert locked.status_code == 429 and "しばらく時間をおいて" in locked.text
        assert (await login(clerk)).status_code == 303


async def test_a_forged_or_expired_cookie_is_no_session(admin: httpx.AsyncClient) -> None:
    config = AdminConfig(PASSWORD, session_seconds=60)
    expired = make_session(config, now=time.time() - 3600)
    forged = make_session(AdminConfig("another password, not ours"))
    for value in (expired, forged, "garbage.value"):
        admin.cookies.set(COOKIE, value, path="/admin")
        assert "質問の結果" not in (await admin.get("/admin")).text
    admin.cookies.set(COOKIE, make_session(AdminConfig(PASSWORD)), path="/admin")
    assert "質問の結果" in (await admin.get("/admin")).text


async def test_dismissing_needs_the_sessions_csrf_token_and_the_same_origin(
    admin: httpx.AsyncClient, store: Store
) -> None:
    question = store.analytics.record(
        "web", "visitor1", "web:visitor1", "ごみの日はいつですか", "out_of_scope", "out_of_scope",
        (), {"kind": "out_of_scope"},
    )  # fmt: skip
    await login(admin)
    page = await admin.get("/admin")
    assert "ごみの日はいつですか" in page.text
    token = csrf_of(page.text)
    form = {"content-type": "application/x-www-form-urlencoded"}
    url = f"/admin/queue/{question}/dismiss"
    no_token = await admin.post(url, content=b"", headers={**form, "origin": HOST})
    other_site = await admin.post(
        url, content=f"csrf={token}".encode(), headers={**form, "origin": "https://evil.example"}
    )
    assert no_token.status_code == 403 and other_site.status_code == 403
    assert len(store.analytics.open_queue()) == 1
    done = await admin.post(url, content=f"csrf={token}".encode(), headers={**form, "origin": HOST})
    assert done.status_code == 303
    assert store.analytics.open_queue() == []
    [entry] = store.analytics.audit_trail()
    assert (entry.actor, entry.action) == ("admin", "queue.dismiss")
    assert "質問を対象外に" in (await admin.get("/admin")).text  # the trail on the page


async def test_the_page_shows_residents_only_as_counts(
    admin: httpx.AsyncClient, store: Store
) -> None:
    store.analytics.record("line", "U" + "7" * 32, "line:U" + "7" * 32, "天気は?",
                           "out_of_scope", "out_of_scope", (), None)  # fmt: skip
    await login(admin)
    page = (await admin.get("/admin")).text
    assert "天気は?" in page and "7" * 32 not in page
