"""The inquiry domain: passing what the bot cannot answer to the contact office.

- record.py: the Inquiry and its messages, statuses, the rules (is_open,
  ordering keys) and how staff's answers reach each channel
- flow.py: the resident's side of the conversation (ask, confirm, forward, back)
- notices.py: what residents read from the office
- ports.py: what the domain asks of the store (one port per side)
"""

from bot.core.inquiry.flow import ASK_STAFF, BACK, CANCEL, HANDOFF_QUIET, SEND, InquiryFlow
from bot.core.inquiry.notices import closed_notice_text, resident_text, staff_reply_text
from bot.core.inquiry.ports import DeliveryDesk, InquiryDesk, RateLimiter, StaffDesk
from bot.core.inquiry.record import (
    ASSIGNED,
    CLOSED,
    DELIVERED,
    LINE_PUSH,
    NOTICE_CLOSED,
    OPEN,
    RESIDENT,
    SLACK_DM,
    SLACK_POST_INQUIRY,
    SLACK_THREAD_MESSAGE,
    SLACK_THREAD_NOTE,
    SLACK_UPDATE_INQUIRY,
    STAFF,
    SYSTEM,
    UNDELIVERABLE,
    WEB_DELIVER,
    Inquiry,
    InquiryMessage,
    resident_delivery,
)

__all__ = [
    "ASK_STAFF",
    "ASSIGNED",
    "BACK",
    "CANCEL",
    "CLOSED",
    "DELIVERED",
    "HANDOFF_QUIET",
    "LINE_PUSH",
    "NOTICE_CLOSED",
    "OPEN",
    "RESIDENT",
    "SEND",
    "SLACK_DM",
    "SLACK_POST_INQUIRY",
    "SLACK_THREAD_MESSAGE",
    "SLACK_THREAD_NOTE",
    "SLACK_UPDATE_INQUIRY",
    "STAFF",
    "SYSTEM",
    "UNDELIVERABLE",
    "WEB_DELIVER",
    "DeliveryDesk",
    "Inquiry",
    "InquiryDesk",
    "InquiryFlow",
    "InquiryMessage",
    "RateLimiter",
    "StaffDesk",
    "closed_notice_text",
    "resident_delivery",
    "resident_text",
    "staff_reply_text",
]
