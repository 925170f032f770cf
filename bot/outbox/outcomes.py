"""How a deliverer tells the worker what became of an item.

A deliverer returns a result (kept with the outbox item, e.g. a Slack post's
channel and ts) when the item reached the platform, and otherwise raises one
of these. Each carries a `reason`: the worker logs it and keeps it as the
item's last error, and for a message that never reaches a resident it is
what staff read in the thread, so it is written for them (Japanese, with the
platform's own words in brackets for whoever debugs it). A reason never holds
what a user wrote.
"""

from __future__ import annotations

from typing import Any, Protocol

from bot.store.outbox import OutboxItem


class DeliveryError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Retryable(DeliveryError):
    """Try again later: a 5xx, a timeout, a dropped connection, a 429.

    `retry_after` (seconds) is the platform's own Retry-After: the next
    attempt waits at least that long, and such a wait does not count towards
    giving up (the platform is up and has said when to come back).
    """

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Permanent(DeliveryError):
    """This item can never be delivered (the resident blocked the account, the
    inquiry's Slack post was deleted, ...): give up on it now."""


class Unavailable(DeliveryError):
    """The platform is switched off or misconfigured (no token, the bot is not
    in the channel, a revoked token): nothing is wrong with the item. Keep it
    and try again slowly, without ever giving up: the fix is an operator's."""


class Deliverer(Protocol):
    async def deliver(self, item: OutboxItem) -> dict[str, Any] | None:
        """Send the item; return what to keep as its result, or raise a DeliveryError."""
        ...

    async def give_up(self, item: OutboxItem, reason: str) -> None:
        """Called once the worker stops trying (before the item is marked failed),
        so whoever waits for the message can be told. Must be idempotent: after a
        crash it may run again."""
        ...
