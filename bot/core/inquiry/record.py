"""The inquiry: a question passed to the contact office, its messages, and the
rules about them. One type for everyone: the resident's conversation (flow),
staff in Slack, the deliverers and the store.

Routing by channel: a resident's channel decides how staff's answers reach
them ("line" -> line.push, "web" -> web.deliver, "slack" -> slack.dm). Other
channels (e.g. "cli") have no way back: the message is kept with a
delivery_error instead. The delivery kinds are named here; each channel
registers the deliverer for its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.clock import utc_now

OPEN, ASSIGNED, CLOSED = "open", "assigned", "closed"
RESIDENT, STAFF, SYSTEM = "resident", "staff", "system"
NOTICE_CLOSED = "closed"

# What the outbox is asked to send about inquiries. Payloads hold ids only:
# {"inquiry_id"}: post the inquiry, then record its post (the thread)
SLACK_POST_INQUIRY = "slack.post_inquiry"
SLACK_THREAD_MESSAGE = "slack.thread_message"  # {"inquiry_id", "message_id"}: a resident's message
# {"inquiry_id", "message_id", "outcome"}: the thread's line saying whether a
# message reached the resident (idem_key f"thread_note:{message_id}:{outcome}")
SLACK_THREAD_NOTE = "slack.thread_note"
SLACK_UPDATE_INQUIRY = "slack.update_inquiry"  # {"inquiry_id"}: redraw the post (assignee, status)
SLACK_DM = "slack.dm"  # {"inquiry_id", "message_id"[, "notice"]}: to a Slack user's DM
LINE_PUSH = "line.push"  # {"inquiry_id", "message_id"[, "notice"]}: push to the resident
WEB_DELIVER = "web.deliver"  # {"inquiry_id", "message_id"[, "notice"]}: make it visible on the page

RESIDENT_DELIVERY: dict[str, str] = {"line": LINE_PUSH, "web": WEB_DELIVER, "slack": SLACK_DM}
DELIVERED, UNDELIVERABLE = "delivered", "undeliverable"


def resident_delivery(channel: str) -> str | None:
    """The kind that carries staff's answers to a resident of `channel`, if any."""
    return RESIDENT_DELIVERY.get(channel)


@dataclass(frozen=True)
class Inquiry:
    """An inquiry with everything known about it.

    user_id is the platform's id (to push a LINE reply): never show it in Slack.
    slack_channel/slack_ts: the Slack post that is the inquiry's thread; None
    until the worker has posted it.
    """

    id: int
    channel: str
    user_id: str
    text: str
    status: str = OPEN  # 'open' | 'assigned' | 'closed'
    bot_answer: str = ""
    assignee: str | None = None  # staff Slack user id
    slack_channel: str | None = None
    slack_ts: str | None = None
    created_at: dt.datetime = field(default_factory=utc_now)
    updated_at: dt.datetime = field(default_factory=utc_now)
    closed_at: dt.datetime | None = None
    closed_by: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status != CLOSED

    @property
    def user_key(self) -> str:
        """The resident's conversation key, as core.types.Message.user_key."""
        return f"{self.channel}:{self.user_id}"

    @property
    def resident_ordering_key(self) -> str:
        """The outbox key that keeps everything sent to this resident in order."""
        return f"resident:{self.channel}:{self.user_id}"

    @property
    def thread_ordering_key(self) -> str:
        """The outbox key of everything posted to this inquiry's Slack thread."""
        return f"inquiry:{self.id}"


@dataclass(frozen=True)
class InquiryMessage:
    """One message of an inquiry.

    author: 'resident' (author_id: their platform id), 'staff' (their Slack
    user id; slack_ts: the Slack message it came from) or 'system' (a notice
    to the resident, e.g. notice='closed', worded by whoever delivers it; its
    author_id is the staff member who caused it).
    delivered_at: when it reached its reader (staff replies and notices: the
    resident; resident messages: the Slack thread), None until then.
    """

    id: int
    inquiry_id: int
    author: str
    author_id: str | None
    text: str
    notice: str | None
    created_at: dt.datetime
    slack_ts: str | None
    delivered_at: dt.datetime | None
    delivery_error: str | None
