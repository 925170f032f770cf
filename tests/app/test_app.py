"""The composition root: what create_app serves with and without credentials,
and GET /healthz."""

from __future__ import annotations

import logging

import pytest

from bot.app import create_app
from bot.settings import Settings
from bot.store import Store
from tests.fakes import FakeLineApi, FakeSlackApi, Fault
from tests.fakes.line_api import LOADING, sign_line, text_event, webhook_body
from tests.platforms import LINE_SECRET, line_settings, running, slack_settings


async def test_without_credentials_the_adapters_are_off_each_with_one_log_line(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.app"):
        app = create_app(Settings(), store=store)

    off = [r.getMessage() for r in caplog.records if "adapter off" in r.getMessage()]
    assert len(off) == 2
    assert any(m.startswith("LINE adapter off") and "LINE_CHANNEL_SECRET" in m for m in off)
    assert any(m.startswith("Slack adapter off") and "SLACK_SIGNING_SECRET" in m for m in off)
    async for running_app in running(app):
        assert (await running_app.client.post("/line/webhook", content=b"{}")).status_code == 404
        assert (await running_app.client.post("/slack/events", content=b"{}")).status_code == 404
        page = await running_app.client.get("/")
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]


async def test_a_partly_configured_adapter_names_the_missing_setting(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.app"):
        create_app(Settings(line_channel_secret="s"), store=store)

    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("LINE")]
    assert "LINE_CHANNEL_ACCESS_TOKEN" in line
    assert "LINE_CHANNEL_SECRET" not in line


async def test_the_web_chat_answers_next_to_both_adapters(
    fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
) -> None:
    settings = line_settings(
        fake_line,
        slack_bot_token="xoxb-t",
        slack_signing_secret="s",
        slack_api_base_url=fake_slack.api_url,
    )
    async for app in running(create_app(settings, store=store)):
        answer = await app.client.post(
            "/api/ask", json={"text": "電話番号"}
        )
        assert answer.status_code == 200
        assert app.app.state.line is not None
        assert app.app.state.slack is not None


class TestHealth:
    async def test_is_200_when_the_knowledge_is_loaded_and_the_store_answers(
        self, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        async for app in running(create_app(slack_settings(fake_slack), store=store)):
            response = await app.client.get("/healthz")

        assert response.status_code == 200
        assert response.json()["status"] == "ok"
        assert response.json()["knowledge"]["plans"] > 0

    async def test_is_503_when_the_store_does_not_answer(self, store: Store) -> None:
        async for app in running(create_app(Settings(), store=store)):
            store.close()
            response = await app.client.get("/healthz")

        assert response.status_code == 503
        assert response.json()["store"] == {"ok": False}


async def test_shutdown_waits_for_an_answer_in_progress(
    fake_line: FakeLineApi, store: Store
) -> None:
    # the reply goes out only after the (slow) loading call: cancelling the work
    # at shutdown would leave the user without an answer
    fake_line.fail(LOADING, Fault(status=202, body={}, delay=0.5))
    body = webhook_body(text_event("電話番号", user="U" + "c" * 32))
    headers = {"x-line-signature": sign_line(LINE_SECRET, body)}
    async for app in running(create_app(line_settings(fake_line), store=store)):
        response = await app.client.post("/line/webhook", content=body, headers=headers)
        assert response.status_code == 200
        assert fake_line.replies() == []

    assert len(fake_line.replies()) == 1
