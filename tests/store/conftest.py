"""Every store test runs twice: on a SQLite file and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (see .ci/start-postgres.sh); each test
gets a schema of its own, dropped afterwards. Without TEST_DATABASE_URL the
postgres runs are skipped, except under CI=true, where they fail: CI must
really exercise both backends.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest

from bot.store import Store, open_store

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def postgres_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if url:
        return url
    message = 'TEST_DATABASE_URL is not set (run: eval "$(bash .ci/start-postgres.sh)")'
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; CI must run the PostgreSQL tests", pytrace=False)
    pytest.skip(message)


def with_search_path(url: str, schema: str) -> str:
    """The same URL, but every connection's tables live in `schema`."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-c search_path={schema}"))
    # libpq decodes %20 but not "+" as a space.
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    import psycopg

    admin_url = postgres_admin_url()
    schema = f"test_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(admin_url, schema)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A DATABASE_URL naming an empty database (nothing opened on it yet)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'bot.sqlite3'}"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()


class FakeClock:
    """A clock the test moves by hand: `clock()` reads it, `clock.advance(...)` moves it."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, by: dt.timedelta) -> dt.datetime:
        self.now += by
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.UTC))  # 10:00 in Nagai


@pytest.fixture
def timed(store: Store, clock: FakeClock) -> Store:
    """The same database as `store`, but every part of it reads `clock`."""
    return Store(store.db, clock=clock)
