"""The delivery tests run on both stores (a SQLite file and PostgreSQL, as the
store tests do) against the local fake platform APIs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from tests.contract.conftest import SETTING_NAMES
from tests.fakes import FakeLineApi, FakeSlackApi

# `store` on both backends, and what it is built from
from tests.store.conftest import database_url, postgres_schema_url, store  # noqa: F401


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
def fake_line() -> Iterator[FakeLineApi]:
    with FakeLineApi() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as fake:
        yield fake  # type: ignore[misc]
