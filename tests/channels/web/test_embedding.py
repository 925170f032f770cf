"""What lets a city's site embed the chat, as the headers and files say it:
WEB_FRAME_ANCESTORS through the real app, /widget.js, the notice's link."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError
from starlette.applications import Starlette

from bot.app import create_app
from bot.channels.web.chat import chat_routes
from bot.core.bot import Bot
from bot.core.types import MemoryContextStore
from bot.knowledge import KnowledgeBase
from bot.settings import Settings, describe_settings_error
from bot.store import Store

SITE = "https://www.city.nagai.example.jp"


async def get(app: Starlette, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
        return await client.get(path)


def frame_ancestors(response: httpx.Response) -> str:
    policy = response.headers["content-security-policy"]
    [part] = [p.strip() for p in policy.split(";") if p.strip().startswith("frame-ancestors")]
    return part


async def test_by_default_no_site_may_frame_the_page(store: Store) -> None:
    response = await get(create_app(Settings(), store=store), "/")

    assert frame_ancestors(response) == "frame-ancestors 'none'"
    assert response.headers["x-frame-options"] == "DENY"


async def test_the_sites_named_in_web_frame_ancestors_may_frame_the_page(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEB_FRAME_ANCESTORS", f"{SITE} https://*.nagai.example.jp")

    response = await get(create_app(Settings(), store=store), "/")

    assert frame_ancestors(response) == f"frame-ancestors {SITE} https://*.nagai.example.jp"
    # X-Frame-Options cannot name a site: DENY would still forbid the frame in some browsers
    assert "x-frame-options" not in response.headers
    # the API stays unframeable
    api = await get(create_app(Settings(), store=store), "/api/greeting?user=abcdefgh12345678")
    assert frame_ancestors(api) == "frame-ancestors 'none'"


@pytest.mark.parametrize("bad", ["*", "'unsafe-inline'", "www.city.example.jp", "https://a/b"])
def test_a_value_that_is_not_a_site_is_refused_naming_the_setting(
    bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEB_FRAME_ANCESTORS", bad)

    with pytest.raises(ValidationError) as caught:
        Settings()

    assert describe_settings_error(caught.value).count("WEB_FRAME_ANCESTORS") == 1


async def test_widget_js_is_served_for_other_sites_to_load(kb: KnowledgeBase) -> None:
    app = Starlette(routes=chat_routes(Bot(kb, MemoryContextStore())))

    response = await get(app, "/widget.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "nagai-chat-button" in response.text


async def test_the_notice_links_the_citys_page_when_the_knowledge_knows_it(
    kb: KnowledgeBase,
) -> None:
    url = "https://www.city.nagai.example.jp/plans?a=1&b=2"
    known = replace(kb, city=kb.city.model_copy(
        update={"source": kb.city.source.model_copy(update={"url": url})}))  # fmt: skip

    with_link = (await get(Starlette(routes=chat_routes(Bot(known, MemoryContextStore()))), "/"))
    without = (await get(Starlette(routes=chat_routes(Bot(kb, MemoryContextStore()))), "/"))

    assert 'href="https://www.city.nagai.example.jp/plans?a=1&amp;b=2"' in with_link.text
    assert "個人情報" in without.text
    assert "<!--city-link-->" not in without.text and "href=\"https" not in without.text


def test_the_page_file_has_the_place_for_the_link() -> None:
    html = (Path(__file__).parents[3] / "bot/channels/web/static/index.html").read_text()
    assert html.count("<!--city-link-->") == 1


async def test_the_notice_says_how_long_what_is_typed_is_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The days come from the retention settings, not from the page."""
    from bot.app import create_app

    monkeypatch.setenv("RETAIN_CONTEXTS_DAYS", "5")
    monkeypatch.setenv("RETAIN_QUESTION_TEXTS_DAYS", "60")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/bot.sqlite3")
    page = await get(create_app(Settings()), "/")

    assert "会話の内容は5日" in page.text and "質問の文面は60日" in page.text
    assert "<!--retention-->" not in page.text
