"""The real app on a store of each backend (SQLite file and PostgreSQL), LINE
and Slack pointed at local fakes, with the delivery worker's fast timings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from bot.app import create_app
from bot.store import Store, open_store
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.outbox.helpers import FAST, both_settings
from tests.platforms import RunningApp, running

STAFF = "U0STAFF01"
OUTSIDER = "U0OUTSIDE"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


@pytest.fixture
async def app(
    fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
) -> AsyncIterator[RunningApp]:
    settings = both_settings(fake_line, fake_slack)
    async for running_app in running(create_app(settings, store=store, delivery=FAST)):
        yield running_app
