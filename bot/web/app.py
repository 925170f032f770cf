"""The composition root: `create_app(settings)` builds the one ASGI app that
carries every adapter.

It loads the knowledge, opens the store, builds the Bot (with the store's
inquiry desk and rate limiter, so residents can reach staff) and each adapter
whose credentials are set (the others are switched off with one log line),
and returns a Starlette app whose lifespan opens and closes the adapters'
HTTP clients and runs the delivery worker (bot/delivery) that sends what the
store's outbox holds. Nothing here runs at import; tests call create_app with
their own settings, store, bot or delivery options.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute

from bot.adapters.line import LineAdapter
from bot.adapters.slack import SlackAdapter
from bot.adapters.slack_staff import StaffHandlers
from bot.clock import today_from
from bot.core.bot import Bot
from bot.core.types import ContextStore
from bot.delivery import DeliveryOptions, DeliveryService
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.settings import DEFAULT_SQLITE_PATH, Settings
from bot.web.health import health_routes

log = logging.getLogger(__name__)

# Longer than either platform goes on redelivering, so no late copy is answered.
EVENT_ID_RETENTION = dt.timedelta(days=7)
SHUTDOWN_GRACE_SECONDS = 5.0


class AppStore(Protocol):
    """What the app needs of bot.store.Store (tests may pass a stand-in)."""

    contexts: ContextStore

    def claim_event(self, source: str, event_id: str) -> bool: ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...


class StartupError(Exception):
    """The service cannot start; the message says why, for the operator."""


class Adapter(Protocol):
    def routes(self) -> list[BaseRoute]: ...

    async def start(self) -> None: ...

    async def close(self, timeout: float = ...) -> None: ...


def create_app(
    settings: Settings | None = None,
    *,
    bot: Bot | None = None,
    store: AppStore | None = None,
    delivery: DeliveryOptions | None = None,
) -> Starlette:
    settings = settings or Settings()
    kb = bot.kb if bot is not None else load_knowledge(settings.knowledge_dir)
    owns_store = store is None
    if store is None:
        store = _open_store(settings)
    # A stand-in store without inquiries: the bot gives the office's contact instead.
    desk = getattr(store, "desk", None)
    if bot is None:
        bot = Bot(
            kb,
            store.contexts,
            today=today_from(settings.bot_today),
            desk=desk,
            limiter=getattr(store, "limiter", None),
        )

    line = _line_adapter(settings, bot, store)
    slack = _slack_adapter(settings, bot, store, _staff(settings, bot, kb, desk))
    sender = _delivery(settings, kb, store, delivery)
    adapters: list[Adapter] = [a for a in (line, slack) if a is not None]

    from bot.web.chat import chat_routes

    routes: list[BaseRoute] = [*health_routes(kb, store)]
    for adapter in adapters:
        routes.extend(adapter.routes())
    routes.extend(chat_routes(bot, inbox=desk))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        started: list[Adapter] = []
        try:
            for adapter in adapters:
                await adapter.start()
                started.append(adapter)
            await _prune_events(store)
            if sender is not None:
                await sender.start()
            yield
        finally:
            if sender is not None:
                # first: deliveries in flight use the store, which closes last
                await sender.stop(SHUTDOWN_GRACE_SECONDS)
            for adapter in reversed(started):
                await adapter.close(SHUTDOWN_GRACE_SECONDS)
            if owns_store:
                store.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    app.state.kb = kb
    app.state.store = store
    app.state.bot = bot
    app.state.line = line
    app.state.slack = slack
    app.state.delivery = sender
    return app


def _open_store(settings: Settings) -> AppStore:
    from bot.store import open_store

    try:
        return open_store(settings.database_url_value(), sqlite_path=DEFAULT_SQLITE_PATH)
    except ValueError as error:
        raise StartupError(f"DATABASE_URL: {error}") from None
    except Exception as error:  # the driver's own errors: unreachable host, bad password
        raise StartupError(
            f"データベースを開けないため起動できません ({type(error).__name__}: {error})"
        ) from None


def _line_adapter(settings: Settings, bot: Bot, store: AppStore) -> LineAdapter | None:
    secret, token = settings.line_channel_secret, settings.line_channel_access_token
    if secret is None or token is None:
        log.info("LINE adapter off: %s not set", " and ".join(settings.missing_line_settings()))
        return None
    log.info("LINE adapter on: POST /line/webhook")
    return LineAdapter(
        bot,
        store,
        channel_secret=secret.get_secret_value(),
        access_token=token.get_secret_value(),
        api_base_url=settings.line_api_base_url,
    )


def _staff(settings: Settings, bot: Bot, kb: KnowledgeBase, desk: Any) -> StaffHandlers | None:
    if desk is None or not settings.slack_enabled:
        return None
    if settings.slack_inquiry_channel is None:
        log.info("SLACK_INQUIRY_CHANNEL not set: staff answer no inquiries from Slack")
    return StaffHandlers(
        bot,
        desk,
        kb,
        inquiry_channel=settings.slack_inquiry_channel,
        staff_user_ids=settings.staff_user_ids,
    )


def _delivery(
    settings: Settings, kb: KnowledgeBase, store: AppStore, options: DeliveryOptions | None
) -> DeliveryService | None:
    from bot.store import Store

    if not isinstance(store, Store):
        return None  # a stand-in store has no outbox to deliver
    return DeliveryService(store, kb, settings, options)


def _slack_adapter(
    settings: Settings, bot: Bot, store: AppStore, staff: StaffHandlers | None
) -> SlackAdapter | None:
    token, secret = settings.slack_bot_token, settings.slack_signing_secret
    if token is None or secret is None:
        log.info("Slack adapter off: %s not set", " and ".join(settings.missing_slack_settings()))
        return None
    log.info("Slack adapter on: POST /slack/events")
    return SlackAdapter(
        bot,
        store,
        bot_token=token.get_secret_value(),
        signing_secret=secret.get_secret_value(),
        api_base_url=settings.slack_api_base_url,
        staff=staff,
    )


async def _prune_events(store: AppStore) -> None:
    prune = getattr(store, "prune_events", None)
    if prune is None:
        return
    try:
        removed = await run_in_threadpool(prune, EVENT_ID_RETENTION)
    except Exception:  # housekeeping only: never a reason not to start
        log.warning("could not prune old event ids", exc_info=True)
        return
    if removed:
        log.info("pruned %d event ids older than %s", removed, EVENT_ID_RETENTION)
