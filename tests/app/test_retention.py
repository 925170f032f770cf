"""The service prunes by the RETAIN_* settings on its own: at start, then
every PRUNE_INTERVAL_MINUTES."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.app import create_app
from bot.core.types import Context
from bot.settings import Settings
from bot.store import Store
from tests.platforms import TODAY, running


def age_contexts(store: Store, days: float) -> None:
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    with store.db.session() as s:
        s.execute("UPDATE contexts SET updated_at = ?", (store.db.to_db_time(when),))


async def test_the_running_service_forgets_contexts_past_their_retention(store: Store) -> None:
    store.contexts.save("line:Uold", Context(updated=dt.datetime.now(dt.UTC)))
    age_contexts(store, 3)
    store.contexts.save("line:Uyoung", Context(updated=dt.datetime.now(dt.UTC)))

    settings = Settings(bot_today=TODAY, retain_contexts_days=2)
    async for _ in running(create_app(settings, store=store)):
        for _ in range(200):
            if store.contexts.load("line:Uold") is None:
                break
            await asyncio.sleep(0.02)
        assert store.contexts.load("line:Uold") is None
        assert store.contexts.load("line:Uyoung") is not None


async def test_positive_control_within_retention_nothing_is_pruned(store: Store) -> None:
    store.contexts.save("line:Uold", Context(updated=dt.datetime.now(dt.UTC)))
    age_contexts(store, 3)

    settings = Settings(bot_today=TODAY, retain_contexts_days=4)
    async for app in running(create_app(settings, store=store)):
        await asyncio.sleep(0.3)  # the start's run has long finished
        assert (await app.client.get("/healthz")).status_code == 200
        assert store.contexts.load("line:Uold") is not None
