"""The delivery side of the service: the outbox worker with its deliverers and
the API clients they use, started and stopped by the app's lifespan.

The worker has clients of its own rather than the adapters': they must not
retry by themselves (see slack_delivery), and they work whenever a token is
set, even with the webhook side of a platform switched off (a LINE access
token without a channel secret still pushes). A platform without a token is
not an error: its items wait in the outbox (Unavailable) until it is set up.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import aiohttp
from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery.line_delivery import LineDelivery
from bot.delivery.outcomes import Deliverer
from bot.delivery.resident import ResidentMessages, WebDelivery
from bot.delivery.slack_delivery import SlackDelivery
from bot.delivery.worker import OutboxWorker, WorkerOptions
from bot.knowledge.models import KnowledgeBase
from bot.settings import Settings
from bot.store import Store
from bot.store.outbox import (
    LINE_PUSH,
    SLACK_DM,
    SLACK_POST_INQUIRY,
    SLACK_THREAD_MESSAGE,
    SLACK_THREAD_NOTE,
    SLACK_UPDATE_INQUIRY,
    WEB_DELIVER,
)

log = logging.getLogger(__name__)

DEFAULT_SLACK_API = "https://slack.com/api/"
SLACK_KINDS = (
    SLACK_POST_INQUIRY,
    SLACK_THREAD_MESSAGE,
    SLACK_THREAD_NOTE,
    SLACK_UPDATE_INQUIRY,
    SLACK_DM,
)


@dataclass(frozen=True)
class DeliveryOptions:
    worker: WorkerOptions = field(default_factory=WorkerOptions)
    slack_timeout: float = 10.0  # seconds per Slack call
    line_timeout: float = 10.0  # seconds per LINE call

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryOptions:
        lease = dt.timedelta(seconds=settings.outbox_lease_seconds)
        return cls(worker=WorkerOptions(lease=lease))


class DeliveryService:
    def __init__(
        self,
        store: Store,
        kb: KnowledgeBase,
        settings: Settings,
        options: DeliveryOptions | None = None,
    ) -> None:
        self.store = store
        self.kb = kb
        self.settings = settings
        self.options = options or DeliveryOptions.from_settings(settings)
        self.worker: OutboxWorker | None = None
        self._slack_session: aiohttp.ClientSession | None = None
        self._line_client: AsyncApiClient | None = None

    async def start(self) -> None:
        slack = self._slack_client()
        line = self._line_api()
        residents = ResidentMessages(self.store)
        slack_delivery = SlackDelivery(
            self.store,
            self.kb,
            residents,
            slack,
            inquiry_channel=self.settings.slack_inquiry_channel,
        )
        deliverers: dict[str, Deliverer] = {kind: slack_delivery for kind in SLACK_KINDS}
        deliverers[LINE_PUSH] = LineDelivery(
            residents, self.kb, line, timeout=self.options.line_timeout
        )
        deliverers[WEB_DELIVER] = WebDelivery(residents)
        if slack is not None and not self.settings.slack_inquiry_channel:
            log.warning(
                "SLACK_INQUIRY_CHANNEL is not set: inquiries wait in the outbox until it is"
            )
        self.worker = OutboxWorker(self.store.outbox, deliverers, self.options.worker)
        await self.worker.start()
        log.info(
            "delivery worker on (Slack %s, LINE %s)",
            "on" if slack else "off",
            "on" if line else "off",
        )

    async def stop(self, grace: float = 5.0) -> None:
        if self.worker is not None:
            await self.worker.stop(grace)
        if self._slack_session is not None:
            await self._slack_session.close()
            self._slack_session = None
        if self._line_client is not None:
            await self._line_client.close()
            self._line_client = None

    def _slack_client(self) -> AsyncWebClient | None:
        token = self.settings.slack_bot_token
        if token is None:
            return None
        # slack_sdk applies its own timeout only to sessions it makes itself
        self._slack_session = aiohttp.ClientSession(
            trust_env=True, timeout=aiohttp.ClientTimeout(total=self.options.slack_timeout)
        )
        return AsyncWebClient(
            token=token.get_secret_value(),
            base_url=self.settings.slack_api_base_url or DEFAULT_SLACK_API,
            session=self._slack_session,
            retry_handlers=[],  # the outbox retries, with the duplicate check
        )

    def _line_api(self) -> AsyncMessagingApi | None:
        token = self.settings.line_channel_access_token
        if token is None:
            return None
        configuration = Configuration(
            access_token=token.get_secret_value(), host=self.settings.line_api_base_url
        )
        self._line_client = AsyncApiClient(configuration)
        return AsyncMessagingApi(self._line_client)
