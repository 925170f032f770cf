"""GET /api/inbox: what the contact office sent a web resident, as the page polls it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from bot.channels.web.chat import INBOX_PAGE_SIZE, Inbox, chat_routes, web_user
from bot.core.bot import Bot
from bot.core.inquiry import closed_notice_text
from bot.knowledge import load_knowledge
from bot.store import Store, open_store
from tests.channels.web.fakes import (
    TEST_IDS,
    RecordingBot,
    RecordingInbox,
    as_browser,
    inbox_message,
)

USER = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"
JAPANESE = re.compile(r"[ぁ-んァ-ン一-龥]")


def client_for(bot: Bot, inbox: Inbox | None) -> httpx.AsyncClient:
    app = Starlette(routes=chat_routes(bot, inbox=inbox, ids=TEST_IDS))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
def recording() -> RecordingBot:
    return RecordingBot()


@pytest.fixture
def inbox() -> RecordingInbox:
    return RecordingInbox()


@pytest.fixture
async def client(
    recording: RecordingBot, inbox: RecordingInbox
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(recording, inbox) as c:
        yield c


def office(bot: Bot) -> str:
    return bot.kb.city.office  # 長井市 総合政策課 総合戦略室


def assert_japanese_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert JAPANESE.search(body["error"]), body
    assert body["error"].endswith("。")


async def test_without_an_inbox_there_is_nothing_to_show(recording: RecordingBot) -> None:
    async with client_for(recording, None) as c:
        response = await c.get("/api/inbox", headers=as_browser(USER), params={"after": "0"})

    assert response.status_code == 200
    assert response.json() == []
    assert response.headers["cache-control"] == "no-store"


async def test_inbox_is_asked_with_the_key_the_bot_sees_for_that_browser(
    client: httpx.AsyncClient, recording: RecordingBot, inbox: RecordingInbox
) -> None:
    await client.post("/api/ask", headers=as_browser(USER), json={"text": "担当者に問い合わせたい"})

    response = await client.get("/api/inbox", headers=as_browser(USER), params={"after": "12"})

    assert response.status_code == 200
    [asked] = recording.calls
    assert inbox.calls == [(asked.message.user_key, 12, INBOX_PAGE_SIZE)]
    assert inbox.calls[0][0] == f"web:{web_user(USER)}"
    assert USER not in inbox.calls[0][0]  # the browser's own id is never passed on


async def test_after_defaults_to_the_beginning(
    client: httpx.AsyncClient, inbox: RecordingInbox
) -> None:
    for params in ({}, {"after": ""}):
        response = await client.get("/api/inbox", headers=as_browser(USER), params=params)
        assert response.status_code == 200
    assert [after for _key, after, _limit in inbox.calls] == [0, 0]


async def test_a_staff_reply_is_worded_for_the_resident(
    client: httpx.AsyncClient, recording: RecordingBot, inbox: RecordingInbox
) -> None:
    sent = dt.datetime(2026, 11, 26, 23, 5, 9, tzinfo=dt.UTC)  # 8:05 the next day in Japan
    inbox.messages = [
        inbox_message(31, 7, "staff", "ご質問の件、担当課にお伝えしました。", at=sent)
    ]

    response = await client.get("/api/inbox", headers=as_browser(USER))

    assert response.json() == [
        {
            "id": 31,
            "inquiry": 7,
            "kind": "staff",
            "text": f"{office(recording)}からのお返事です（受付番号 7）。\n"
            "ご質問の件、担当課にお伝えしました。",
            "created": "2026-11-26T23:05:09Z",
            "created_label": "令和8年11月27日 8時05分",
        }
    ]


async def test_the_closure_notice_names_the_inquiry(
    client: httpx.AsyncClient, recording: RecordingBot, inbox: RecordingInbox
) -> None:
    inbox.messages = [inbox_message(40, 9, "system", "", notice="closed")]

    [notice] = (await client.get("/api/inbox", headers=as_browser(USER))).json()

    assert notice["kind"] == "closed"
    assert notice["text"].startswith("受付番号 9 のお問い合わせは")
    assert "対応を完了しました。" in notice["text"]
    # the same words a LINE resident is pushed
    assert notice["text"] == closed_notice_text(recording.kb, 9)


async def test_a_notice_without_wording_is_left_out(
    client: httpx.AsyncClient, inbox: RecordingInbox
) -> None:
    inbox.messages = [
        inbox_message(50, 9, "system", "", notice="reopened"),
        inbox_message(51, 9, "staff", "再度ご連絡いたします。"),
    ]

    shown = (await client.get("/api/inbox", headers=as_browser(USER))).json()

    assert [m["id"] for m in shown] == [51]


async def test_staff_text_is_data_not_markup(
    client: httpx.AsyncClient, inbox: RecordingInbox
) -> None:
    html = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    inbox.messages = [inbox_message(3, 1, "staff", html)]

    response = await client.get("/api/inbox", headers=as_browser(USER))

    assert response.headers["content-type"] == "application/json"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.json()[0]["text"].endswith("\n" + html)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"after": "abc"}, "invalid_after"),
        ({"after": "-1"}, "invalid_after"),
        ({"after": "1.5"}, "invalid_after"),
        ({"after": " 1"}, "invalid_after"),
        ({"after": "１２"}, "invalid_after"),  # full-width digits
        ({"after": str(2**53)}, "invalid_after"),
        ({"after": "9" * 40}, "invalid_after"),
    ],
)
async def test_malformed_requests_are_refused_in_japanese(
    client: httpx.AsyncClient, inbox: RecordingInbox, params: dict[str, str], code: str
) -> None:
    response = await client.get("/api/inbox", headers=as_browser(USER), params=params)

    assert_japanese_error(response, 400, code)
    assert inbox.calls == []


@pytest.mark.parametrize(
    "headers",
    [{}, {"cookie": "nagai_chat_id=forged"}, {"x-chat-legacy-id": USER}],
    ids=["no-cookie", "forged-cookie", "old-id-in-a-header"],
)
async def test_without_a_genuine_cookie_the_inbox_shows_nothing_and_issues_no_id(
    client: httpx.AsyncClient, inbox: RecordingInbox, headers: dict[str, str]
) -> None:
    # Reading staff answers needs the cookie the server signed: an id alone,
    # however it is sent, reads nothing.
    inbox.messages = [inbox_message(3, 1, "staff", "お答えします。")]
    response = await client.get("/api/inbox", headers=headers, params={"after": "0"})

    assert response.status_code == 200
    assert response.json() == []
    assert inbox.calls == []
    assert "set-cookie" not in response.headers


async def test_positive_control_with_the_cookie_the_inbox_shows_the_answer(
    client: httpx.AsyncClient, inbox: RecordingInbox
) -> None:
    inbox.messages = [inbox_message(3, 1, "staff", "お答えします。")]
    response = await client.get("/api/inbox", headers=as_browser(USER), params={"after": "0"})
    assert [m["id"] for m in response.json()] == [3]


async def test_a_failing_inbox_gives_a_polite_error_without_details(
    recording: RecordingBot,
) -> None:
    async with client_for(recording, RecordingInbox(fail=RuntimeError("db password xyz"))) as c:
        response = await c.get("/api/inbox", headers=as_browser(USER))

    assert_japanese_error(response, 500, "internal_error")
    assert "xyz" not in response.text


async def test_inbox_accepts_only_get(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/inbox", headers=as_browser(USER), json={})

    assert response.status_code == 405


# -- with the real store ---------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'bot.sqlite3'}") as s:
        yield s


@pytest.fixture
def real_bot(store: Store) -> Bot:
    return Bot(load_knowledge(), store.contexts, desk=store.desk, limiter=store.limiter)


async def inbox_of(c: httpx.AsyncClient, user: str, after: int = 0) -> list[dict[str, object]]:
    response = await c.get("/api/inbox", headers=as_browser(user), params={"after": str(after)})
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_delivered_staff_reply_reaches_only_its_resident(
    store: Store, real_bot: Bot
) -> None:
    inquiry = store.desk.open_inquiry("web", web_user(USER), "ごみの出し方を知りたい", "")
    reply_id = store.desk.add_staff_reply(inquiry.id, "U0STAFF", "環境課におつなぎします。", "1.1")
    assert reply_id is not None

    async with client_for(real_bot, store.desk) as c:
        before_delivery = await inbox_of(c, USER)
        store.desk.mark_delivered(reply_id)
        shown = await inbox_of(c, USER)
        other = await inbox_of(c, OTHER)
        again = await inbox_of(c, USER, after=reply_id)

    assert before_delivery == []  # the worker has not delivered it yet
    assert [(m["id"], m["kind"]) for m in shown] == [(reply_id, "staff")]
    assert shown[0]["text"] == (
        f"{office(real_bot)}からのお返事です（受付番号 {inquiry.id}）。\n環境課におつなぎします。"
    )
    assert other == []
    assert again == []


async def test_a_hand_off_made_on_the_page_gets_its_answers_and_closure(
    store: Store, real_bot: Bot
) -> None:
    # The whole way through the API, so the inbox is found with the same
    # user the bot stored the inquiry under.
    async with client_for(real_bot, store.desk) as c:
        for text in ("ごみの出し方を教えて", "担当者に問い合わせたい", "送信する"):
            response = await c.post("/api/ask", headers=as_browser(USER), json={"text": text})
            assert response.status_code == 200
        accepted = response.json()
        assert accepted["intent"] == "handoff.accepted"
        [open_] = store.desk.list_open()
        assert f"受付番号は {open_.id} です" in accepted["answer"]

        reply_id = store.desk.add_staff_reply(open_.id, "U0STAFF", "お答えします。", "2.2")
        assert reply_id is not None
        store.desk.mark_delivered(reply_id)
        assert store.desk.close(open_.id, "U0STAFF")
        notice = store.desk.messages(open_.id)[-1]
        store.desk.mark_delivered(notice.id)

        shown = await inbox_of(c, USER)
        other = await inbox_of(c, OTHER)

    assert [m["kind"] for m in shown] == ["staff", "closed"]
    assert (
        shown[0]["text"]
        == f"{office(real_bot)}からのお返事です（受付番号 {open_.id}）。\nお答えします。"
    )
    assert shown[1]["text"].startswith(f"受付番号 {open_.id} のお問い合わせは")
    assert "対応を完了しました。" in shown[1]["text"]
    assert other == []
