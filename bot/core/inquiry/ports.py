"""What the inquiry domain asks of the store, one port per side; the store
implements them all (bot/store/inquiries.py), in the database, writing each
change and what must be sent about it in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from bot.core.inquiry.record import Inquiry, InquiryMessage


class RateLimiter(Protocol):
    """Counts a user's actions in a window, across processes (the store implements it)."""

    def allow(self, key: str, action: str, limit: int, window: dt.timedelta) -> bool:
        """Count one more `action` for `key`; False when over `limit` in `window`."""
        ...


class InquiryDesk(Protocol):
    """The resident's side: where inquiries are kept and sent on."""

    def open_inquiry(self, channel: str, user: str, text: str, bot_answer: str) -> Inquiry:
        """Store the inquiry and queue it for the office, atomically."""
        ...

    def get_inquiry(self, inquiry_id: int) -> Inquiry | None: ...

    def add_resident_message(self, inquiry_id: int, text: str) -> None:
        """Store a further message of the resident and queue it for the office."""
        ...


class StaffDesk(Protocol):
    """Staff's side, in Slack."""

    def find_by_thread(self, slack_channel: str, slack_ts: str) -> Inquiry | None: ...

    def get_inquiry(self, inquiry_id: int) -> Inquiry | None: ...

    def record_slack_post(self, inquiry_id: int, slack_channel: str, slack_ts: str) -> bool: ...

    def add_staff_reply(
        self, inquiry_id: int, staff_id: str, text: str, slack_ts: str
    ) -> int | None: ...

    def assign(self, inquiry_id: int, staff_id: str) -> bool: ...

    def close(self, inquiry_id: int, staff_id: str) -> bool: ...

    def list_open(self, limit: int = 50) -> list[Inquiry]: ...


class DeliveryDesk(Protocol):
    """The deliverers' side: what they read and what they record."""

    def get_inquiry(self, inquiry_id: int) -> Inquiry | None: ...

    def get_message(self, message_id: int) -> InquiryMessage | None: ...

    def record_slack_post(self, inquiry_id: int, slack_channel: str, slack_ts: str) -> bool: ...

    def mark_delivered(self, message_id: int) -> bool: ...

    def mark_undeliverable(self, message_id: int, error: str) -> bool: ...

    def note_outcome(self, inquiry: Inquiry, message_id: int, outcome: str) -> None:
        """Queue the thread's line saying whether a message reached the resident
        (DELIVERED or UNDELIVERABLE); once per message and outcome."""
        ...
