"""The web chat's limits beyond the per-resident ones, through the real app
and store: per client IP (X-Forwarded-For believed only from TRUSTED_PROXIES)
and all web inquiries together per hour, each with a polite answer."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from bot.app import create_app
from bot.knowledge import load_knowledge
from bot.store import Store
from tests.fakes import FakeSlackApi
from tests.platforms import RunningApp, running, slack_settings

JAPANESE = re.compile(r"[ぁ-んァ-ン一-龥]")
HAND_OFF = ("市長に意見を伝えたい", "担当者に問い合わせたい", "送信する")


@pytest.fixture
def app_with(store: Store, fake_slack: FakeSlackApi) -> Callable[..., AsyncIterator[RunningApp]]:
    """The app with a staff side (hand-off is offered only with one)."""

    async def start(**settings: Any) -> AsyncIterator[RunningApp]:
        configured = slack_settings(fake_slack, slack_inquiry_channel="C0INQUIRY1", **settings)
        async for app in running(create_app(configured, store=store)):
            yield app

    return start


@pytest.fixture
async def small_request_limit(
    app_with: Callable[..., AsyncIterator[RunningApp]],
) -> AsyncIterator[RunningApp]:
    async for app in app_with(web_requests_per_ip_per_minute=3):
        yield app


async def ask(app: RunningApp, text: str, ip: str | None = None) -> httpx.Response:
    headers = {"x-forwarded-for": ip} if ip else {}
    return await app.client.post("/api/ask", json={"text": text}, headers=headers)


def inquiries(store: Store) -> int:
    with store.db.session() as s:
        row = s.fetchone("SELECT COUNT(*) FROM inquiries")
    assert row is not None
    return int(row[0])


async def open_inquiry_as_a_new_browser(app: RunningApp, ip: str) -> dict[str, Any]:
    app.client.cookies.clear()  # a fresh browser id, as a script would take
    for text in HAND_OFF:
        response = await ask(app, text, ip)
        assert response.status_code == 200, response.text
    return response.json()


class TestRequestsPerIp:
    async def test_over_the_limit_an_ip_gets_a_polite_429_and_the_bot_is_not_asked(
        self, small_request_limit: RunningApp, store: Store
    ) -> None:
        app = small_request_limit
        for _ in range(3):
            assert (await ask(app, "電話番号は？", "203.0.113.5")).status_code == 200
        with store.db.session() as s:
            before = s.fetchall("SELECT user_key, data FROM contexts")

        refused = await ask(app, "電話番号は？", "203.0.113.5")

        assert refused.status_code == 429
        assert refused.json()["code"] == "rate_limited"
        assert JAPANESE.search(refused.json()["error"])
        assert refused.json()["error"].endswith("。")
        with store.db.session() as s:
            assert s.fetchall("SELECT user_key, data FROM contexts") == before

    async def test_positive_control_another_ip_is_still_answered(
        self, small_request_limit: RunningApp
    ) -> None:
        app = small_request_limit
        for _ in range(4):
            await ask(app, "電話番号は？", "203.0.113.5")
        assert (await ask(app, "電話番号は？", "198.51.100.7")).status_code == 200

    async def test_fresh_browser_ids_do_not_reset_the_ip_limit(
        self, small_request_limit: RunningApp
    ) -> None:
        app = small_request_limit
        statuses = []
        for _ in range(5):
            app.client.cookies.clear()
            statuses.append((await ask(app, "電話番号は？", "203.0.113.5")).status_code)
        assert statuses == [200, 200, 200, 429, 429]

    async def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(
        self, app_with: Callable[..., AsyncIterator[RunningApp]]
    ) -> None:
        # The test client connects from 127.0.0.1; only 10.9.9.9 is a proxy here,
        # so every request counts for 127.0.0.1 whatever it claims.
        async for app in app_with(web_requests_per_ip_per_minute=3, trusted_proxies="10.9.9.9"):
            statuses = [
                (await ask(app, "電話番号は？", f"198.51.100.{n}")).status_code for n in range(4)
            ]
        assert statuses == [200, 200, 200, 429]


class TestWebInquiries:
    async def test_thirty_fresh_ids_from_one_ip_open_only_the_ips_daily_share(
        self, store: Store, app_with: Callable[..., AsyncIterator[RunningApp]]
    ) -> None:
        async for app in app_with(
            web_inquiries_per_ip_per_day=3, web_requests_per_ip_per_minute=1000
        ):
            answers = [await open_inquiry_as_a_new_browser(app, "203.0.113.9") for _ in range(30)]
            elsewhere = await open_inquiry_as_a_new_browser(app, "198.51.100.20")

        intents = [a["intent"] for a in answers]
        assert intents[:3] == ["handoff.accepted"] * 3
        assert set(intents[3:]) == {"handoff.limited"}
        assert "本日はこれ以上お問い合わせを受け付けられません" in answers[3]["answer"]
        assert elsewhere["intent"] == "handoff.accepted"  # another household is not refused
        assert inquiries(store) == 4

    async def test_over_the_hourly_cap_web_inquiries_wait_with_a_polite_answer(
        self, store: Store, app_with: Callable[..., AsyncIterator[RunningApp]]
    ) -> None:
        async for app in app_with(web_inquiries_per_hour=2):
            answers = [
                await open_inquiry_as_a_new_browser(app, f"198.51.100.{n}") for n in range(4)
            ]

        assert [a["intent"] for a in answers] == ["handoff.accepted"] * 2 + ["handoff.limited"] * 2
        refusal = answers[2]["answer"]
        assert "1時間ほどたってから" in refusal
        assert "本日は" not in refusal  # it is the hour that is full, not the resident's day
        assert refusal.rstrip().endswith("。")
        assert load_knowledge().city.contact.phone in refusal
        assert inquiries(store) == 2
