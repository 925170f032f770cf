"""The Slack Web API client the outbox's deliverer posts with, opened by the
app's lifespan.

It is not the Bolt app's client: it must not retry by itself (see
deliverer.py: a blind retry of chat.postMessage after a dropped connection
is exactly the duplicate the deliverer avoids), and it works whenever a bot
token is set, even with the events side switched off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import aiohttp
    from slack_sdk.web.async_client import AsyncWebClient

DEFAULT_API_BASE_URL = "https://slack.com/api/"


class SlackApiClient:
    def __init__(
        self, bot_token: str, api_base_url: str | None = None, *, timeout: float = 10.0
    ) -> None:
        self.bot_token = bot_token
        self.api_base_url = api_base_url or DEFAULT_API_BASE_URL
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self.client: AsyncWebClient | None = None

    async def start(self) -> None:
        # imported only once Slack is configured
        import aiohttp
        from slack_sdk.web.async_client import AsyncWebClient

        # slack_sdk applies its own timeout only to sessions it makes itself
        self._session = aiohttp.ClientSession(
            trust_env=True, timeout=aiohttp.ClientTimeout(total=self.timeout)
        )
        self.client = AsyncWebClient(
            token=self.bot_token,
            base_url=self.api_base_url,
            session=self._session,
            retry_handlers=[],  # the outbox retries, with the duplicate check
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        self.client = None
