"""The chat page's JSON API, driven through the ASGI app as the page drives it."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from bot.channels.web.chat import MAX_TEXT_CHARS, chat_routes
from bot.channels.web.identity import COOKIE_NAME
from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message, Reply
from bot.knowledge import load_knowledge
from tests.channels.web.fakes import TEST_IDS, RecordingBot, as_browser

USER = "0123456789abcdef0123456789abcdef"
JAPANESE = re.compile(r"[ぁ-んァ-ン一-龥]")


def client_for(bot: Bot) -> httpx.AsyncClient:
    app = Starlette(routes=chat_routes(bot, ids=TEST_IDS))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
def recording() -> RecordingBot:
    return RecordingBot()


@pytest.fixture
async def client(recording: RecordingBot) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(recording) as c:
        yield c


def assert_japanese_error(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert JAPANESE.search(error), error
    assert error.endswith("。")


async def test_real_bot_answers_the_phone_number() -> None:
    kb = load_knowledge()
    async with client_for(Bot(kb, MemoryContextStore())) as c:
        response = await c.post("/api/ask", headers=as_browser(USER), json={"text": "電話番号は？"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"answer", "intent", "plans", "suggestions", "facts"}
    assert kb.city.contact.phone in body["answer"]
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_reply_is_the_bots_reply_as_json(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    response = await client.post("/api/ask", headers=as_browser(USER), json={"text": "期間は？"})

    assert response.status_code == 200
    assert response.json() == {
        "answer": "「期間は？」について\nお答えします。",
        "intent": "echo",
        "plans": ["plan-a"],
        "suggestions": [{"label": "<b>次へ</b>", "text": "期間は？ の続き"}],
        "facts": ["city.contact.phone"],
    }
    [call] = recording.calls
    assert call.message.channel == "web"
    assert call.message.text == "期間は？"


async def test_html_in_the_question_comes_back_as_plain_text(client: httpx.AsyncClient) -> None:
    html = '<img src=x onerror="alert(1)"><script>alert(2)</script>&amp;'

    response = await client.post("/api/ask", headers=as_browser(USER), json={"text": html})

    assert response.status_code == 200
    # JSON, not a document: the text is neither escaped twice nor rendered.
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.json()["answer"] == f"「{html}」について\nお答えします。"


async def test_the_browser_id_comes_from_the_cookie_hashed_and_stable_per_browser(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    other = "fedcba9876543210fedcba9876543210"
    for user, text in [(USER, "一つ目"), (USER, "二つ目"), (other, "別の人")]:
        response = await client.post("/api/ask", headers=as_browser(user), json={"text": text})
        assert response.status_code == 200
        assert "set-cookie" not in response.headers  # it had one already

    first, second, third = (call.message for call in recording.calls)
    assert first.user == second.user  # the same browser keeps its conversation
    assert first.user != third.user
    assert USER not in first.user
    assert other not in third.user
    assert first.user_key.startswith("web:")


async def test_a_new_browser_is_given_an_httponly_cookie_that_keeps_its_conversation(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    greeting = await client.get("/api/greeting")
    cookie = greeting.headers["set-cookie"]
    asked = await client.post("/api/ask", json={"text": "期間は？"})  # the jar sends it back

    assert greeting.status_code == asked.status_code == 200
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/api" in cookie
    assert "Max-Age=" in cookie
    assert "set-cookie" not in asked.headers
    greet, handle = recording.calls
    assert greet.message.user == handle.message.user


async def test_a_forged_or_tampered_cookie_is_not_anyones_id(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    genuine = TEST_IDS.signed(USER)
    forged = [
        f"{COOKIE_NAME}={USER}.{'0' * 32}",  # an id with a made-up signature
        f"{COOKIE_NAME}={genuine[:-1]}{'1' if genuine[-1] != '1' else '2'}",
        f"{COOKIE_NAME}={USER}",
        f"{COOKIE_NAME}=../../etc/passwd",
    ]
    for cookie in forged:
        response = await client.post(
            "/api/ask", headers={"cookie": cookie}, json={"text": "電話番号は？"}
        )
        assert response.status_code == 200
        assert response.headers["set-cookie"].startswith(f"{COOKIE_NAME}=")  # a fresh id
    await client.post("/api/ask", headers=as_browser(USER), json={"text": "電話番号は？"})

    *strangers, owner = (call.message.user for call in recording.calls)
    assert owner not in strangers
    assert len(set(strangers)) == len(forged)


async def test_the_old_pages_id_is_adopted_once_so_earlier_inquiries_are_found(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    greeting = await client.get("/api/greeting", headers={"x-chat-legacy-id": USER})
    await client.post("/api/ask", json={"text": "期間は？"})
    await client.post("/api/ask", headers=as_browser(USER), json={"text": "期間は？"})

    assert TEST_IDS.signed(USER) in greeting.headers["set-cookie"]
    adopted, followed, direct = (call.message.user for call in recording.calls)
    assert adopted == followed == direct


async def test_an_old_id_in_a_bad_format_is_not_adopted(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    greeting = await client.get("/api/greeting", headers={"x-chat-legacy-id": "aaaa"})
    assert "aaaa." not in greeting.headers["set-cookie"]


async def test_the_bot_runs_in_a_worker_thread(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    await client.post("/api/ask", headers=as_browser(USER), json={"text": "概要は？"})
    await client.get("/api/greeting", headers=as_browser(USER))

    assert [call.method for call in recording.calls] == ["handle", "greet"]
    assert all(call.thread != threading.get_ident() for call in recording.calls)


async def test_invalid_json_is_refused(client: httpx.AsyncClient, recording: RecordingBot) -> None:
    response = await client.post(
        "/api/ask", content=b'{"text": ', headers={"content-type": "application/json"}
    )

    assert_japanese_error(response, 400)
    assert response.json()["code"] == "invalid_json"
    assert recording.calls == []


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ([USER, "電話番号は？"], "invalid_json"),
        ("電話番号は？", "invalid_json"),
        ({}, "invalid_text"),
        ({"text": 42}, "invalid_text"),
        ({"text": ["電話"]}, "invalid_text"),
        ({"text": "   \n "}, "empty_text"),
    ],
)
async def test_malformed_questions_are_refused(
    client: httpx.AsyncClient, recording: RecordingBot, payload: object, code: str
) -> None:
    response = await client.post("/api/ask", json=payload)

    assert_japanese_error(response, 400)
    assert response.json()["code"] == code
    assert recording.calls == []


async def test_a_body_that_is_not_json_is_refused(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    # A cross-site form can only send this kind of body; refusing it means a
    # cross-site script needs a CORS preflight that the API never grants.
    response = await client.post("/api/ask", data={"text": "電話番号は？"})

    assert_japanese_error(response, 415)
    assert recording.calls == []


async def test_a_question_up_to_the_limit_is_answered(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    text = "長" * MAX_TEXT_CHARS

    response = await client.post("/api/ask", headers=as_browser(USER), json={"text": text})

    assert response.status_code == 200
    assert recording.calls[0].message.text == text


async def test_a_question_over_the_limit_is_refused(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    response = await client.post(
        "/api/ask", headers=as_browser(USER), json={"text": "長" * (MAX_TEXT_CHARS + 1)}
    )

    assert_japanese_error(response, 413)
    assert str(MAX_TEXT_CHARS) in response.json()["error"]
    assert recording.calls == []


async def test_a_huge_body_is_refused_before_parsing(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    body = json.dumps({"text": "a" * 1_000_000}).encode()

    response = await client.post(
        "/api/ask", content=body, headers={"content-type": "application/json"}
    )

    assert_japanese_error(response, 413)
    assert recording.calls == []


async def test_control_characters_are_dropped(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    response = await client.post(
        "/api/ask", headers=as_browser(USER), json={"text": "電話\x00番号\x1bは？\n教えて\t"}
    )

    assert response.status_code == 200
    assert recording.calls[0].message.text == "電話番号は？\n教えて\t"


async def test_a_lone_surrogate_is_refused(
    client: httpx.AsyncClient, recording: RecordingBot
) -> None:
    body = rb'{"text": "\ud800"}'

    response = await client.post(
        "/api/ask", content=body, headers={"content-type": "application/json"}
    )

    assert_japanese_error(response, 400)
    assert recording.calls == []


async def test_a_failing_bot_gives_a_polite_error_without_details() -> None:
    def broken(message: Message) -> Reply:
        raise RuntimeError("secret internal detail")

    async with client_for(RecordingBot(answer=broken)) as c:
        response = await c.post("/api/ask", headers=as_browser(USER), json={"text": "電話番号は？"})

    assert_japanese_error(response, 500)
    assert "secret" not in response.text


async def test_greeting_is_the_bots_greeting() -> None:
    bot = Bot(load_knowledge(), MemoryContextStore())
    expected = bot.greet(Message("web", "someone", "")).to_dict()

    async with client_for(bot) as c:
        response = await c.get("/api/greeting", headers=as_browser(USER))

    assert response.status_code == 200
    assert response.json() == expected


async def test_ask_accepts_only_post(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/ask", headers=as_browser(USER), params={"text": "電話番号は？"}
    )

    assert response.status_code == 405
