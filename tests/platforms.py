"""Fixtures for the contract tests of the channels and the app (imported by
their conftest.py): the real app (create_app), the real store (SQLite in
tmp_path) and the real SDK clients, pointed at local fake platform APIs. Requests are really signed
and go through the app's ASGI interface; what the platform would have received
is read back from the fakes."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from bot.analytics.outcomes import outcome_of, with_rating_buttons
from bot.analytics.records import ANSWERED
from bot.app import create_app
from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message, Reply
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.settings import Settings
from bot.store import Store, open_store
from tests.fakes import FakeLineApi, FakeSlackApi

# DATABASE_URLs for both backends (PostgreSQL from TEST_DATABASE_URL), for the
# tests of several processes sharing one database
from tests.store.conftest import database_url, postgres_schema_url

# The fixtures, for `from tests.platforms import *` in the conftest.py of the
# folders whose tests use them (tests/channels, tests/app).
__all__ = [
    "clean_environment",
    "database_url",
    "fake_line",
    "fake_slack",
    "kb",
    "line_app",
    "postgres_schema_url",
    "slack_app",
    "store",
    "twin",
]

TODAY = dt.date(2026, 11, 26)
LINE_SECRET = "line-channel-secret-for-tests"
LINE_TOKEN = "line-access-token-for-tests"
SLACK_TOKEN = "xoxb-slack-bot-token-for-tests"
SLACK_SECRET = "slack-signing-secret-for-tests"

SETTING_NAMES = (
    "KNOWLEDGE_DIR",
    "DATABASE_URL",
    "LINE_CHANNEL_SECRET",
    "LINE_CHANNEL_ACCESS_TOKEN",
    "LINE_API_BASE_URL",
    "LINE_DATA_API_BASE_URL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_BASE_URL",
    "SLACK_INQUIRY_CHANNEL",
    "SLACK_STAFF_USER_IDS",
    "WEB_FRAME_ANCESTORS",
    "OUTBOX_LEASE_SECONDS",
    "BOT_TODAY",
    "PORT",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "ADMIN_PASSWORD",
    "ADMIN_SESSION_MINUTES",
    "ADMIN_SECURE_COOKIE",
    "SLACK_STAFF_CHANNEL",
    "LOG_FORMAT",
    # limits and retention
    "TRUSTED_PROXIES",
    "WEB_REQUESTS_PER_IP_PER_MINUTE",
    "WEB_INQUIRIES_PER_IP_PER_DAY",
    "WEB_INQUIRIES_PER_HOUR",
    "WEB_COOKIE_SECRET",
    "RETAIN_CONTEXTS_DAYS",
    "RETAIN_EVENT_IDS_DAYS",
    "RETAIN_OUTBOX_DELIVERED_DAYS",
    "RETAIN_OUTBOX_FAILED_DAYS",
    "RETAIN_INQUIRIES_DAYS",
    "RETAIN_QUESTION_TEXTS_DAYS",
    "PRUNE_INTERVAL_MINUTES",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test passes reaches Settings; the SDKs (trust_env) never proxy loopback."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(None, sqlite_path=tmp_path / "bot.sqlite3") as opened:
        yield opened


@pytest.fixture
def fake_line() -> Iterator[FakeLineApi]:
    with FakeLineApi() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as fake:
        yield fake  # type: ignore[misc]


class Twin:
    """A second Bot with its own memory, fed the same messages as the app's:
    what it answers is what the platform must have received, whatever the
    answer's wording is today."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.bot = Bot(kb, MemoryContextStore(), today=lambda: TODAY)

    def ask(self, channel: str, user: str, text: str) -> Reply:
        """As the service answers: with the 👍 / 👎 buttons after an answer."""
        reply = self.bot.handle(Message(channel, user, text))
        if outcome_of(reply) == ANSWERED:
            return with_rating_buttons(reply)
        return reply

    def greet(self, channel: str, user: str) -> Reply:
        return self.bot.greet(Message(channel, user, ""))

    def not_text(self, channel: str, user: str) -> Reply:
        return self.bot.not_text(Message(channel, user, ""))


@pytest.fixture
def twin(kb: KnowledgeBase) -> Twin:
    return Twin(kb)


def line_settings(fake: FakeLineApi, **extra: object) -> Settings:
    return Settings(
        line_channel_secret=LINE_SECRET,
        line_channel_access_token=LINE_TOKEN,
        line_api_base_url=fake.url,
        bot_today=TODAY,
        **extra,
    )


def slack_settings(fake: FakeSlackApi, **extra: object) -> Settings:
    return Settings(
        slack_bot_token=SLACK_TOKEN,
        slack_signing_secret=SLACK_SECRET,
        slack_api_base_url=fake.api_url,
        bot_today=TODAY,
        **extra,
    )


class RunningApp:
    """The app with its lifespan entered, and an httpx client speaking ASGI to it."""

    def __init__(self, app: Starlette, client: httpx.AsyncClient) -> None:
        self.app = app
        self.client = client

    async def drain(self) -> None:
        """Wait for all background work the requests so far have started."""
        for adapter in (self.app.state.line, self.app.state.slack):
            if adapter is not None:
                await adapter.drain()


async def running(app: Starlette) -> AsyncIterator[RunningApp]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
            yield RunningApp(app, client)


@pytest.fixture
async def line_app(fake_line: FakeLineApi, store: Store) -> AsyncIterator[RunningApp]:
    async for app in running(create_app(line_settings(fake_line), store=store)):
        yield app


@pytest.fixture
async def slack_app(fake_slack: FakeSlackApi, store: Store) -> AsyncIterator[RunningApp]:
    async for app in running(create_app(slack_settings(fake_slack), store=store)):
        yield app
