"""The one composition root: settings -> knowledge, store, core Bot, channels,
outbox worker. Everything that runs is built here, and only here.

- `create_app(settings)`: the service, one Starlette app carrying every
  channel whose credentials are set (the others are switched off with one
  log line); its lifespan opens and closes the channels' HTTP clients and
  runs the delivery worker that sends what the store's outbox holds.
- `build_delivery(settings, kb, store)`: that worker, with each channel's
  deliverer registered for its kinds and the API clients built from the
  settings (the worker itself reads no settings and knows no platform).
- `console_bot(knowledge_dir, today)`: the command line's Bot, built the same
  way (no store: contexts in memory, no inquiries).

Nothing here runs at import, and the channels (with their SDKs) are imported
only when a service is built, so `python -m bot ask` starts quickly. Tests
call these with their own settings, store or delivery options.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from bot.clock import today_from
from bot.core.bot import Bot
from bot.core.types import MemoryContextStore
from bot.knowledge import KnowledgeBase, default_knowledge_dir, load_knowledge
from bot.outbox.worker import WorkerOptions

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import BaseRoute

    from bot.analytics.weekly import WeeklySchedule
    from bot.channels.line.inbound import LineAdapter
    from bot.channels.slack.home import OfficeHandlers
    from bot.channels.slack.inbound import SlackAdapter
    from bot.channels.slack.staff import StaffHandlers
    from bot.channels.web.identity import BrowserIds
    from bot.channels.web.limits import WebLimits
    from bot.channels.web.metrics import Metrics
    from bot.core.inquiry import RateLimiter
    from bot.core.plan_index import PlanIndex
    from bot.outbox import DeliveryService
    from bot.settings import Settings
    from bot.store import Retention, Store

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 5.0


class StartupError(Exception):
    """The service cannot start; the message says why, for the operator."""


class Channel(Protocol):
    """A platform's inbound side, as the app serves and starts it."""

    def routes(self) -> list[BaseRoute]: ...

    async def start(self) -> None: ...

    async def close(self, timeout: float = ...) -> None: ...


@dataclass(frozen=True)
class DeliveryOptions:
    worker: WorkerOptions = field(default_factory=WorkerOptions)
    slack_timeout: float = 10.0  # seconds per Slack call
    line_timeout: float = 10.0  # seconds per LINE call

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryOptions:
        lease = dt.timedelta(seconds=settings.outbox_lease_seconds)
        return cls(worker=WorkerOptions(lease=lease))


# -- the core -----------------------------------------------------------------------


def build_bot(
    kb: KnowledgeBase,
    store: Store | None,
    today: Callable[[], dt.date],
    staff: bool = True,
    handoff_quiet: dt.timedelta | None = None,
    index: PlanIndex | None = None,
    limiter: RateLimiter | None = None,
) -> Bot:
    """The Bot on the store's contexts, inquiry desk and rate limiter (or
    `limiter`, which wraps it); without a store, contexts in memory. Without a
    staff side (`staff`: Slack with an inquiry channel) no hand-off is offered:
    nobody would ever read it, so the office's phone and form are given instead."""
    if store is None:
        return Bot(kb, MemoryContextStore(), today=today, index=index)
    desk = store.desk if staff else None
    quiet = {"handoff_quiet": handoff_quiet} if handoff_quiet is not None else {}
    return Bot(
        kb,
        store.contexts,
        today=today,
        desk=desk,
        limiter=limiter or store.limiter,
        index=index,
        **quiet,
    )


def console_bot(knowledge_dir: Path | None, today: dt.date | None) -> Bot:
    """`python -m bot ask|chat`: KnowledgeError when the knowledge is broken."""
    kb = load_knowledge(knowledge_dir)
    return build_bot(kb, None, today_from(today), index=_plan_index(kb, knowledge_dir))


def _plan_index(kb: KnowledgeBase, knowledge_dir: Path | None) -> PlanIndex | None:
    """A large knowledge base's index from var/cache (see bot/index_cache.py)."""
    from bot.index_cache import cached_plan_index

    return cached_plan_index(kb, knowledge_dir or default_knowledge_dir())


# -- the service --------------------------------------------------------------------


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    delivery: DeliveryOptions | None = None,
    freeze_heap: bool = False,
) -> Starlette:
    from starlette.applications import Starlette

    from bot.channels.web.chat import chat_routes
    from bot.channels.web.health import health_routes
    from bot.settings import Settings

    settings = settings or Settings()
    kb = load_knowledge(settings.knowledge_dir)
    owns_store = store is None
    if store is None:
        store = open_settings_store(settings)
    today = today_from(settings.bot_today)
    metrics = _metrics()
    index = _plan_index(kb, settings.knowledge_dir)
    web_limits = _web_limits(settings, store)

    def core(merged: KnowledgeBase) -> Bot:
        return build_bot(
            merged,
            store,
            today,
            staff=settings.staff_side,
            handoff_quiet=dt.timedelta(hours=settings.handoff_quiet_hours),
            limiter=web_limits,
            # the cached index is of the knowledge files; learned aliases need their own
            index=index if merged is kb else None,
        )

    bot = live_bot(kb, core, store, metrics)

    line = _line_channel(settings, bot, store)
    staff = _staff(settings, bot, kb, store)
    slack = _slack_channel(settings, bot, store, staff, _home(settings, bot, store, staff))
    sender = build_delivery(settings, kb, store, delivery)
    weekly = _weekly(settings, bot, store)
    channels: list[Channel] = [c for c in (line, slack) if c is not None]

    routes: list[BaseRoute] = [
        *health_routes(kb, store),
        *_office_routes(settings, bot, store, metrics),
    ]
    for channel in channels:
        routes.extend(channel.routes())
    routes.extend(
        chat_routes(
            bot,
            inbox=store.desk,
            frame_ancestors=settings.frame_ancestors,
            ids=_browser_ids(settings, store),
            limits=web_limits,
            retention_note=_retention_note(settings),
        )
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        started: list[Channel] = []
        pruner: asyncio.Task[None] | None = None
        freezing: asyncio.Task[None] | None = None
        stop_pruning = asyncio.Event()
        try:
            for channel in channels:
                await channel.start()
                started.append(channel)
            if slack is not None and staff is not None:
                await _guard_staff_side(settings, slack, staff, sender)
            await sender.start()
            await weekly.start()
            pruner = asyncio.create_task(_prune_periodically(store, settings, stop_pruning))
            if freeze_heap:
                freezing = asyncio.create_task(_freeze_long_lived(sender.clients))
            yield
        finally:
            if freezing is not None and not freezing.done():
                freezing.cancel()
            # not cancelled: a run in its worker thread must end before the store closes
            stop_pruning.set()
            if pruner is not None:
                await pruner
            await weekly.stop()
            # first: deliveries in flight use the store, which closes last
            await sender.stop(SHUTDOWN_GRACE_SECONDS)
            for channel in reversed(started):
                await channel.close(SHUTDOWN_GRACE_SECONDS)
            if owns_store:
                store.close()

    app = Starlette(
        routes=routes, lifespan=lifespan, middleware=_safety_steps(settings, line, slack)
    )
    if metrics is not None:
        metrics.instrument(app)
    app.state.settings = settings
    app.state.kb = kb
    app.state.store = store
    app.state.bot = bot
    app.state.line = line
    app.state.slack = slack
    app.state.delivery = sender
    app.state.metrics = metrics
    app.state.weekly = weekly
    return app


async def _freeze_long_lived(clients: list[Any]) -> None:
    """Once the service is up (the LINE SDK is imported on a thread after the
    start), take every object alive then out of the cycle collector's sight
    (gc.freeze): the knowledge, the plan index and the SDKs' classes live as
    long as the process, and a full collection walking them all stopped the
    event loop for over 100 ms every few thousand requests (the webhook's p99).
    Only `serve` does this: a test process builds many apps."""
    for client in clients:
        ready = getattr(client, "ready", None)
        if ready is not None:
            with contextlib.suppress(Exception):
                await ready()
    gc.collect()
    gc.freeze()


# -- limits (README "Limits and retention") -----------------------------------------


def _safety_steps(
    settings: Settings, line: Channel | None, slack: Channel | None
) -> list[Middleware]:
    """First the client's address (X-Forwarded-For believed only from
    TRUSTED_PROXIES; serve turns uvicorn's own handling off), then the checks
    before any webhook route reads a body (bot/channels/safety.py)."""
    from starlette.middleware import Middleware
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from bot.channels.safety import LINE_WEBHOOK, SLACK_EVENTS, RequestGuard

    rules = {}
    if line is not None:
        rules["/line/webhook"] = LINE_WEBHOOK
    if slack is not None:
        rules["/slack/events"] = SLACK_EVENTS
    return [
        Middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list),
        Middleware(RequestGuard, rules=rules),
    ]


async def _guard_staff_side(
    settings: Settings, slack: SlackAdapter, staff: StaffHandlers, sender: DeliveryService
) -> None:
    """Refuse the staff side when the inquiry channel is public and no staff
    are listed (bot/channels/slack/staff_guard.py)."""
    from bot.channels.slack.staff_guard import apply, check_inquiry_channel
    from bot.core.inquiry import SLACK_POST_INQUIRY

    channel = settings.slack_inquiry_channel
    if channel is None:
        return
    verdict = await check_inquiry_channel(slack.client, channel, settings.staff_user_ids)
    apply(verdict, staff, sender.deliverers.get(SLACK_POST_INQUIRY))  # type: ignore[arg-type]


def _web_limits(settings: Settings, store: Store) -> WebLimits:
    from bot.channels.web.limits import WebLimits, WebLimitSettings

    return WebLimits(
        store.limiter,
        WebLimitSettings(
            requests_per_ip_per_minute=settings.web_requests_per_ip_per_minute,
            inquiries_per_ip_per_day=settings.web_inquiries_per_ip_per_day,
            inquiries_per_hour=settings.web_inquiries_per_hour,
        ),
    )


def _browser_ids(settings: Settings, store: Store) -> BrowserIds:
    from bot.channels.web.identity import BrowserIds

    secret = settings.web_cookie_secret
    key = secret.get_secret_value().encode() if secret else store.shared_secret("web_cookie")
    return BrowserIds(key)


def open_settings_store(settings: Settings) -> Store:
    from bot.settings import DEFAULT_SQLITE_PATH
    from bot.store import open_store

    try:
        return open_store(settings.database_url_value(), sqlite_path=DEFAULT_SQLITE_PATH)
    except ValueError as error:
        raise StartupError(f"DATABASE_URL: {error}") from None
    except Exception as error:  # the driver's own errors: unreachable host, bad password
        raise StartupError(
            f"データベースを開けないため起動できません ({type(error).__name__}: {error})"
        ) from None


def _line_channel(settings: Settings, bot: Bot, store: Store) -> LineAdapter | None:
    secret, token = settings.line_channel_secret, settings.line_channel_access_token
    if secret is None or token is None:
        log.info("LINE adapter off: %s not set", " and ".join(settings.missing_line_settings()))
        return None
    from bot.channels.line.inbound import LineAdapter

    log.info("LINE adapter on: POST /line/webhook")
    return LineAdapter(
        bot,
        store.line_inbox,
        channel_secret=secret.get_secret_value(),
        access_token=token.get_secret_value(),
        api_base_url=settings.line_api_base_url,
        # an event whose process died is taken over after this, like an outbox item
        lease=dt.timedelta(seconds=settings.outbox_lease_seconds),
        store_threads=1 if store.dialect == "sqlite" else 4,
        # SQLite has one writer at a time: its work runs on the event loop
        # when the lock is free (bot/channels/line/inbound.py)
        store_on_loop=store.dialect == "sqlite",
    )


def _staff(settings: Settings, bot: Bot, kb: KnowledgeBase, store: Store) -> StaffHandlers | None:
    if not settings.slack_enabled:
        return None
    from bot.channels.slack.staff import StaffHandlers

    if settings.slack_inquiry_channel is None:
        log.info("SLACK_INQUIRY_CHANNEL not set: staff answer no inquiries from Slack")
    return StaffHandlers(
        bot,
        store.desk,
        kb,
        inquiry_channel=settings.slack_inquiry_channel,
        staff_user_ids=settings.staff_user_ids,
        audit=store.analytics.audit,
    )


def _slack_channel(
    settings: Settings,
    bot: Bot,
    store: Store,
    staff: StaffHandlers | None,
    home: OfficeHandlers | None = None,
) -> SlackAdapter | None:
    token, secret = settings.slack_bot_token, settings.slack_signing_secret
    if token is None or secret is None:
        log.info("Slack adapter off: %s not set", " and ".join(settings.missing_slack_settings()))
        return None
    from bot.channels.slack.inbound import SlackAdapter

    log.info("Slack adapter on: POST /slack/events")
    return SlackAdapter(
        bot,
        store,
        bot_token=token.get_secret_value(),
        signing_secret=secret.get_secret_value(),
        api_base_url=settings.slack_api_base_url,
        staff=staff,
        home=home,
    )


# -- the office: what staff learn from residents' questions ----------------------------


def live_bot(
    kb: KnowledgeBase,
    core: Callable[[KnowledgeBase], Bot],
    store: Store,
    metrics: Metrics | None = None,
) -> Bot:
    """The Bot the channels talk to: the core Bot (`core(kb)`), rebuilt on the
    knowledge merged with the learned aliases whenever they change, recording
    every question and its rating (bot.analytics.live)."""
    from bot.analytics.live import LiveBot

    observer = metrics.observe_answer if metrics is not None else None
    # LiveBot duck-types Bot for the channels (handle, greet, not_text, forget, kb)
    return LiveBot(kb, core, store.analytics, observer)  # type: ignore[return-value]


def _metrics() -> Metrics:
    from bot.channels.web.metrics import Metrics

    return Metrics()


def _office_routes(
    settings: Settings, bot: Bot, store: Store, metrics: Metrics | None
) -> list[BaseRoute]:
    """/metrics always; /admin only when ADMIN_PASSWORD is set."""
    from bot.channels.web.admin import AdminConfig, admin_routes

    routes: list[BaseRoute] = []
    if metrics is not None:
        routes.extend(metrics.routes(store.analytics))
    if settings.admin_password is None:
        log.info("admin dashboard off: ADMIN_PASSWORD not set")
        return routes
    log.info("admin dashboard on: /admin")
    config = AdminConfig(
        password=settings.admin_password.get_secret_value(),
        session_seconds=settings.admin_session_minutes * 60,
        secure_cookie=settings.admin_secure_cookie,
    )
    routes.extend(admin_routes(config, bot.kb, store.analytics, store.limiter))
    return routes


def _home(
    settings: Settings, bot: Bot, store: Store, staff: StaffHandlers | None
) -> OfficeHandlers | None:
    """The unanswered queue and learned aliases in Slack (App Home, /keikaku unanswered)."""
    if staff is None:
        return None
    from bot.channels.slack.home import OfficeHandlers

    return OfficeHandlers(bot, store.analytics, staff.directory)


def _weekly(settings: Settings, bot: Bot, store: Store) -> WeeklySchedule:
    from bot.analytics.weekly import WeeklySchedule

    if settings.slack_staff_channel is None:
        log.info("weekly summary off: SLACK_STAFF_CHANNEL not set")
    return WeeklySchedule(store.outbox, channel=settings.slack_staff_channel)


# -- the outbox worker --------------------------------------------------------------


def build_delivery(
    settings: Settings,
    kb: KnowledgeBase,
    store: Store,
    options: DeliveryOptions | None = None,
) -> DeliveryService:
    """The worker and one deliverer per kind, each with its own API client.

    The clients are the deliverers' own, not the webhooks': they must not retry
    by themselves, and they work whenever a token is set, even with a
    platform's webhook side switched off (a LINE access token without a
    channel secret still pushes). A platform without a token is not an error:
    its items wait in the outbox until it is set up.
    """
    from bot.channels.line.deliverer import LineDelivery
    from bot.channels.line.outbound import LinePushClient
    from bot.channels.residents import ResidentMessages
    from bot.channels.slack.deliverer import SlackDelivery
    from bot.channels.slack.outbound import SlackApiClient
    from bot.channels.web.deliverer import WebDelivery
    from bot.outbox import DeliveryService

    options = options or DeliveryOptions.from_settings(settings)
    slack_token, line_token = settings.slack_bot_token, settings.line_channel_access_token
    slack = (
        SlackApiClient(
            slack_token.get_secret_value(),
            settings.slack_api_base_url,
            timeout=options.slack_timeout,
        )
        if slack_token is not None
        else None
    )
    line = (
        LinePushClient(line_token.get_secret_value(), settings.line_api_base_url)
        if line_token is not None
        else None
    )
    service = DeliveryService(
        store.outbox, options.worker, clients=[c for c in (slack, line) if c is not None]
    )
    residents = ResidentMessages(store.desk)
    service.register(
        SlackDelivery.KINDS,
        SlackDelivery(
            store.desk,
            store.outbox,
            kb,
            residents,
            slack,
            inquiry_channel=settings.slack_inquiry_channel,
        ),
    )
    service.register(
        LineDelivery.KINDS, LineDelivery(residents, kb, line, timeout=options.line_timeout)
    )
    service.register(WebDelivery.KINDS, WebDelivery(residents))
    _register_weekly(service, kb, store, slack)
    if slack is not None and not settings.slack_inquiry_channel:
        log.warning("SLACK_INQUIRY_CHANNEL is not set: inquiries wait in the outbox until it is")
    log.info(
        "delivery worker: Slack %s, LINE %s", "on" if slack else "off", "on" if line else "off"
    )
    return service


def _register_weekly(service: DeliveryService, kb: KnowledgeBase, store: Store, slack: Any) -> None:
    from bot.channels.slack.weekly import WeeklyDelivery

    service.register(WeeklyDelivery.KINDS, WeeklyDelivery(kb, store.analytics, slack))



# -- retention (README "Limits and retention") ---------------------------------------

# One run of the periodic prune stops after this long; the rest goes next time.
PRUNE_TIME_LIMIT_SECONDS = 5.0

_PRUNED_NAMES = {
    "contexts": "会話の文脈",
    "event_ids": "処理済みイベントID",
    "line_inbox": "LINEの処理済みイベント",
    "outbox_delivered": "送信済みの送信待ち項目",
    "outbox_failed": "送信をあきらめた送信待ち項目",
    "inquiries": "完了した問い合わせ（本文とやり取りを含む）",
    "rate_limits": "回数制限のカウンター",
    "question_texts": "集計用に残した質問の本文（件数は残ります）",
}


def _retention_note(settings: Settings) -> str:
    """The web page's notice: how long what residents type is kept."""
    return (
        f"会話の内容は{settings.retain_contexts_days:g}日、集計用の質問の文面は"
        f"{settings.retain_question_texts_days:g}日、お問い合わせは対応の完了から"
        f"{settings.retain_inquiries_days:g}日で削除します。"
    )


def retention_from(settings: Settings) -> Retention:
    from bot.store import Retention

    days = dt.timedelta(days=1)
    return Retention(
        contexts=settings.retain_contexts_days * days,
        event_ids=settings.retain_event_ids_days * days,
        outbox_delivered=settings.retain_outbox_delivered_days * days,
        outbox_failed=settings.retain_outbox_failed_days * days,
        inquiries=settings.retain_inquiries_days * days,
        question_texts=settings.retain_question_texts_days * days,
    )


async def _prune_periodically(store: Store, settings: Settings, stop: asyncio.Event) -> None:
    """At start, then every PRUNE_INTERVAL_MINUTES until `stop`, each run at
    most PRUNE_TIME_LIMIT_SECONDS (in a worker thread: the store is sync)."""
    from starlette.concurrency import run_in_threadpool

    retention = retention_from(settings)
    while not stop.is_set():
        try:
            report = await run_in_threadpool(store.prune, retention, PRUNE_TIME_LIMIT_SECONDS)
        except Exception:  # housekeeping only: never a reason to stop the service
            log.warning("pruning old data failed; trying again next time", exc_info=True)
        else:
            if report.total or not report.finished:
                log.info(
                    "pruned %s%s",
                    ", ".join(f"{n} {name}" for name, n in report.removed.items() if n),
                    "" if report.finished else " (time limit reached; the rest next time)",
                )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.prune_interval_minutes * 60)


def prune_command(out: TextIO, err: TextIO) -> int:
    """`python -m bot store prune`: one full run, no time limit, for operators."""
    from pydantic import ValidationError

    from bot.settings import Settings, describe_settings_error

    try:
        settings = Settings()
        store = open_settings_store(settings)
    except ValidationError as error:
        print(describe_settings_error(error), file=err)
        return 1
    except StartupError as error:
        print(str(error), file=err)
        return 1
    with store:
        report = store.prune(retention_from(settings))
    removed = report.removed
    counts = "、".join(f"{label} {removed.get(name, 0)}件" for name, label in _PRUNED_NAMES.items())
    print(f"保存期間を過ぎたデータを削除しました: {counts}", file=out)
    return 0
