"""What the LINE side shares about calling the Messaging API: the push retry
key, reading LINE's errors, and the client the outbox's deliverer pushes with.

The webhook's own client (replies, loading animation, pushes after a refused
reply token) lives with the webhook (inbound.py); the deliverer's is
separate so the outbox works whenever an access token is set, even with the
webhook switched off (no channel secret).
"""

from __future__ import annotations

import uuid
from typing import Any

from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
)

# Push retry keys are uuid5(namespace, webhookEventId): the same event always
# yields the same key, in any process, so LINE accepts it at most once.
RETRY_KEY_NAMESPACE = uuid.UUID("9a4c1f0e-5d7b-4b8e-9c3a-6f2d8e1b7a54")


def retry_key(webhook_event_id: str) -> str:
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, webhook_event_id))


def reply_token_refused(error: ApiException) -> bool:
    """LINE answers 400 "Invalid reply token" for an expired or used token."""
    body = error.body or b""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return error.status == 400 and "reply token" in text.lower()


def retry_after(headers: Any) -> float | None:
    """LINE's Retry-After in seconds, if it sent one that reads as a number."""
    try:
        value = (headers.get("Retry-After") or headers.get("retry-after")) if headers else None
        return float(value) if value is not None else None
    except (TypeError, ValueError, AttributeError):
        return None


class LinePushClient:
    """The Messaging API client for pushes from the outbox, opened by the app's
    lifespan (the client opens an aiohttp session, which needs the running loop)."""

    def __init__(self, access_token: str, api_base_url: str | None = None) -> None:
        self.configuration = Configuration(access_token=access_token, host=api_base_url)
        self._client: AsyncApiClient | None = None
        self.api: AsyncMessagingApi | None = None

    async def start(self) -> None:
        self._client = AsyncApiClient(self.configuration)
        self.api = AsyncMessagingApi(self._client)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = self.api = None
