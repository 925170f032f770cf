"""The chat page and its files, as a browser fetches them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from bot.channels.web.chat import chat_routes
from tests.channels.web.fakes import RecordingBot


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_script = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_script = True


def parse(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    return tags


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = Starlette(routes=chat_routes(RecordingBot()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_page_is_japanese_html_with_a_strict_policy(client: httpx.AsyncClient) -> None:
    response = await client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    tags = parse(response.text)
    assert ("html", {"lang": "ja"}) in tags.tags
    assert not tags.inline_script
    # nothing is loaded from another host (the service may run offline)
    for _tag, attrs in tags.tags:
        for name in ("src", "href"):
            assert "//" not in (attrs.get(name) or ""), attrs


async def test_every_file_the_page_loads_is_served(client: httpx.AsyncClient) -> None:
    tags = parse((await client.get("/")).text)
    wanted = {
        attrs.get("src") or attrs.get("href")
        for tag, attrs in tags.tags
        if tag in ("script", "link")
    }
    expected_types = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}

    assert len(wanted) == 3
    for url in wanted:
        assert url is not None
        response = await client.get("/" + url)
        assert response.status_code == 200, url
        suffix = url[url.rindex(".") :]
        assert response.headers["content-type"].startswith(expected_types[suffix])
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_input_is_labelled_and_answers_are_announced(client: httpx.AsyncClient) -> None:
    tags = parse((await client.get("/")).text)
    by_id = {attrs.get("id"): (tag, attrs) for tag, attrs in tags.tags if attrs.get("id")}

    _, question = by_id["question"]
    assert question["maxlength"] == "2000"
    assert any(tag == "label" and attrs.get("for") == "question" for tag, attrs in tags.tags)
    _, log = by_id["log"]
    assert log["aria-live"] == "polite"


async def test_script_never_puts_answer_text_into_html(client: httpx.AsyncClient) -> None:
    script = (await client.get("/static/chat.js")).text

    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink


async def test_unknown_static_file_is_not_found(client: httpx.AsyncClient) -> None:
    for name in ("nothing.js", "..%2Fchat.py", "index.html"):
        response = await client.get(f"/static/{name}")
        assert response.status_code == 404, name


async def test_unchanged_page_is_revalidated_cheaply(client: httpx.AsyncClient) -> None:
    first = await client.get("/static/chat.js")

    again = await client.get("/static/chat.js", headers={"if-none-match": first.headers["etag"]})

    assert first.headers["cache-control"] == "no-cache"
    assert again.status_code == 304
    assert again.content == b""


async def test_page_works_under_a_prefix() -> None:
    # The page uses relative URLs, so an app may mount it anywhere.
    app = Starlette(routes=[Mount("/chat", routes=chat_routes(RecordingBot()))])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        page = await c.get("/chat/")
        script = await c.get("/chat/static/chat.js")
        greeting = await c.get("/chat/api/greeting")

    assert page.status_code == script.status_code == greeting.status_code == 200
