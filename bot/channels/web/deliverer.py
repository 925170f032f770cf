"""web.deliver: a staff answer or notice for a resident who asked on the web page.

Delivered right here: the page polls desk.web_inbox for messages marked
delivered, so marking it is the delivery.
"""

from __future__ import annotations

from typing import Any

from bot.channels.residents import ResidentMessages
from bot.core.inquiry import WEB_DELIVER
from bot.outbox import OutboxItem


class WebDelivery:
    """web.deliver: make a staff answer or notice visible to the web page."""

    KINDS = (WEB_DELIVER,)

    def __init__(self, residents: ResidentMessages) -> None:
        self.residents = residents

    async def deliver(self, item: OutboxItem) -> dict[str, Any] | None:
        record, message = await self.residents.load(item)
        await self.residents.reached(record, message)
        return {"visible": True}

    async def give_up(self, item: OutboxItem, reason: str) -> None:
        await self.residents.not_reached(item, reason)
