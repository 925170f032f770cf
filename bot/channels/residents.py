"""What every way to a resident shares (line.push, web.deliver, slack.dm).

An item names an inquiry and one of its messages (a staff answer, or a
notice such as "closed"). When the message reaches the resident it is marked
delivered and a note is queued for the inquiry's Slack thread; when the
worker gives up, the message keeps the reason (delivery_error) and the note
says it. Each step is idempotent (the note is queued once per message and
outcome), so an item delivered again after a crash changes nothing and notes
nothing twice.
"""

from __future__ import annotations

import asyncio

from bot.core.inquiry import DELIVERED, UNDELIVERABLE, DeliveryDesk, Inquiry, InquiryMessage
from bot.outbox import OutboxItem, Permanent


class ResidentMessages:
    def __init__(self, desk: DeliveryDesk) -> None:
        self.desk = desk

    async def load(self, item: OutboxItem) -> tuple[Inquiry, InquiryMessage]:
        """The inquiry and message an item is about; Permanent when either is gone."""
        try:
            inquiry_id = int(item.payload["inquiry_id"])
            message_id = int(item.payload["message_id"])
        except (KeyError, TypeError, ValueError):
            raise Permanent(f"送る内容が分かりません（payload {item.payload!r}）") from None
        record = await asyncio.to_thread(self.desk.get_inquiry, inquiry_id)
        message = await asyncio.to_thread(self.desk.get_message, message_id)
        if record is None or message is None or message.inquiry_id != inquiry_id:
            raise Permanent(f"受付番号 {inquiry_id} のメッセージ {message_id} が見つかりません")
        return record, message

    async def reached(self, record: Inquiry, message: InquiryMessage) -> None:
        await asyncio.to_thread(self.desk.mark_delivered, message.id)
        await asyncio.to_thread(self.desk.note_outcome, record, message.id, DELIVERED)

    async def not_reached(self, item: OutboxItem, reason: str) -> None:
        """The worker gave up: keep the reason with the message and tell the thread."""
        try:
            record, message = await self.load(item)
        except Permanent:
            return  # nothing left to tell anyone about
        await asyncio.to_thread(self.desk.mark_undeliverable, message.id, reason)
        fresh = await asyncio.to_thread(self.desk.get_message, message.id)
        if fresh is not None and fresh.delivered_at is None:
            await asyncio.to_thread(self.desk.note_outcome, record, message.id, UNDELIVERABLE)
