"""The inquiry desk: inquiries to the contact office, their messages, and what
must be sent about them, in the database.

The core's ports over the database (bot.core.inquiry.ports): the
resident's side (InquiryDesk), staff's (StaffDesk) and the deliverers'
(DeliveryDesk). The domain (record, statuses, routing by channel) is the
core's; this module only stores it. Every change that must reach someone writes its outbox
item in the same transaction as the change itself, so what is stored is sent,
even if the process dies right after.

What is enqueued (payloads hold ids only; kinds in bot.core.inquiry):

- open_inquiry: slack.post_inquiry {inquiry_id},
  ordering_key inquiry:{id}, idem_key post_inquiry:{id}
- add_resident_message: slack.thread_message {inquiry_id, message_id},
  ordering_key inquiry:{id}, idem_key resident_message:{message_id}
- add_staff_reply: line.push | web.deliver | slack.dm {inquiry_id, message_id},
  ordering_key resident:{channel}:{user_id},
  idem_key staff_reply:{slack_channel}:{slack_ts}
- assign: slack.update_inquiry {inquiry_id}, ordering_key inquiry:{id}, no idem_key
- close: line.push | web.deliver | slack.dm {inquiry_id, notice: "closed", message_id},
  ordering_key resident:{channel}:{user_id}, idem_key closed:{id};
  and slack.update_inquiry {inquiry_id}, ordering_key inquiry:{id},
  idem_key update_closed:{id}

A resident's channel decides how staff answers reach them
(bot.core.inquiry.resident_delivery); for a channel with no way back (e.g.
"cli") the message is stored with a delivery_error instead.
"""

from __future__ import annotations

from typing import Any

from bot.core.inquiry import (
    NOTICE_CLOSED,
    RESIDENT,
    SLACK_POST_INQUIRY,
    SLACK_THREAD_MESSAGE,
    SLACK_THREAD_NOTE,
    SLACK_UPDATE_INQUIRY,
    SYSTEM,
    Inquiry,
    InquiryMessage,
    resident_delivery,
)
from bot.store.base import Clock, Database, Row, Session, utc_now
from bot.store.outbox import Outbox

MAX_ERROR_CHARS = 2000

_INQUIRY_COLUMNS = (
    "id, channel, user_id, user_key, text, bot_answer, status, assignee, slack_channel,"
    " slack_ts, created_at, updated_at, closed_at, closed_by"
)
_MESSAGE_COLUMNS = (
    "id, inquiry_id, author, author_id, text, notice, created_at, slack_ts,"
    " delivered_at, delivery_error"
)


class _Duplicate(Exception):
    """Raised inside a transaction to roll back a write that turned out to be a repeat."""


class DatabaseInquiryDesk:
    """The InquiryDesk port over the database, plus what staff and the worker need."""

    def __init__(self, db: Database, outbox: Outbox, clock: Clock = utc_now) -> None:
        self._db = db
        self._outbox = outbox
        self._clock = clock

    # -- the resident's side (bot.core.inquiry.InquiryDesk) ---------------------

    def open_inquiry(self, channel: str, user: str, text: str, bot_answer: str) -> Inquiry:
        """Store the inquiry, its first message and its post to Slack, atomically."""
        now = self._now()
        with self._db.transaction() as s:
            (row,) = s.fetchall(
                "INSERT INTO inquiries (channel, user_id, user_key, text, bot_answer, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
                (channel, user, f"{channel}:{user}", text, bot_answer, now, now),
            )
            inquiry_id = int(row[0])
            self._insert_message(s, inquiry_id, RESIDENT, user, text)
            self._outbox.enqueue(
                SLACK_POST_INQUIRY,
                {"inquiry_id": inquiry_id},
                ordering_key=f"inquiry:{inquiry_id}",
                idem_key=f"post_inquiry:{inquiry_id}",
                inquiry_id=inquiry_id,
                session=s,
            )
            record = self._require(s, inquiry_id)
        self._outbox.notify()
        return record

    def add_resident_message(self, inquiry_id: int, text: str) -> None:
        """Store a further message of the resident and queue it for the Slack thread.

        Also after the inquiry was closed (the resident wrote before seeing
        the notice): staff still see it. LookupError for an unknown inquiry.
        """
        with self._db.transaction() as s:
            record = self._require(s, inquiry_id)
            message_id = self._insert_message(s, inquiry_id, RESIDENT, record.user_id, text)
            self._touch(s, inquiry_id)
            self._outbox.enqueue(
                SLACK_THREAD_MESSAGE,
                {"inquiry_id": inquiry_id, "message_id": message_id},
                ordering_key=record.thread_ordering_key,
                idem_key=f"resident_message:{message_id}",
                inquiry_id=inquiry_id,
                session=s,
            )
        self._outbox.notify()

    # -- staff (Slack) ----------------------------------------------------------

    def get_inquiry(self, inquiry_id: int) -> Inquiry | None:
        with self._db.session() as s:
            return self._select(s, inquiry_id)

    def find_by_thread(self, slack_channel: str, slack_ts: str) -> Inquiry | None:
        """The inquiry whose Slack post is (slack_channel, slack_ts): a reply's thread_ts."""
        with self._db.session() as s:
            row = s.fetchone(
                f"SELECT {_INQUIRY_COLUMNS} FROM inquiries"
                " WHERE slack_channel = ? AND slack_ts = ? ORDER BY id LIMIT 1",
                (slack_channel, slack_ts),
            )
        return None if row is None else self._record(row)

    def record_slack_post(self, inquiry_id: int, slack_channel: str, slack_ts: str) -> bool:
        """Remember the Slack post (the thread) of an inquiry; the first one stays.

        True when this post is now the inquiry's thread (also when recorded
        before). False when another post already is: the inquiry was posted
        twice (a worker died after posting, before completing), and the
        caller should delete the post it just made. LookupError if unknown.
        """
        with self._db.session() as s:
            # Conditional, so of two workers recording at once the first wins
            # and the second, re-reading, learns which post that was.
            s.execute(
                "UPDATE inquiries SET slack_channel = ?, slack_ts = ?, updated_at = ?"
                " WHERE id = ? AND slack_ts IS NULL",
                (slack_channel, slack_ts, self._now(), inquiry_id),
            )
            record = self._require(s, inquiry_id)
        return (record.slack_channel, record.slack_ts) == (slack_channel, slack_ts)

    def add_staff_reply(
        self, inquiry_id: int, staff_id: str, text: str, slack_ts: str
    ) -> int | None:
        """Store a staff answer from the Slack thread and queue it for the resident.

        Returns the new message's id, or None when this Slack message
        (slack_ts) was stored before: a retried Slack event adds nothing and
        sends nothing. Also for a closed inquiry (staff chose to answer).
        LookupError for an unknown inquiry.
        """
        try:
            with self._db.transaction() as s:
                record = self._require(s, inquiry_id)
                rows = s.fetchall(
                    "INSERT INTO inquiry_messages (inquiry_id, author, author_id, text,"
                    " created_at, slack_ts) VALUES (?, 'staff', ?, ?, ?, ?)"
                    " ON CONFLICT (inquiry_id, slack_ts) DO NOTHING RETURNING id",
                    (inquiry_id, staff_id, text, self._now(), slack_ts),
                )
                if not rows:
                    return None
                message_id = int(rows[0][0])
                self._touch(s, inquiry_id)
                queued = self._to_resident(
                    s,
                    record,
                    message_id,
                    {"inquiry_id": inquiry_id, "message_id": message_id},
                    idem_key=f"staff_reply:{record.slack_channel or '-'}:{slack_ts}",
                )
                if queued is False:
                    raise _Duplicate  # the same Slack message stored under another inquiry
        except _Duplicate:
            return None
        self._outbox.notify()
        return message_id

    def assign(self, inquiry_id: int, staff_id: str) -> bool:
        """Make `staff_id` the one answering; status 'assigned'.

        False when nothing changed (already theirs, or closed). Queues a
        redraw of the Slack post. LookupError for an unknown inquiry.
        """
        with self._db.transaction() as s:
            changed = s.execute(
                "UPDATE inquiries SET assignee = ?, status = 'assigned', updated_at = ?"
                " WHERE id = ? AND status <> 'closed' AND (assignee IS NULL OR assignee <> ?)",
                (staff_id, self._now(), inquiry_id, staff_id),
            )
            if not changed:
                self._require(s, inquiry_id)
                return False
            self._outbox.enqueue(
                SLACK_UPDATE_INQUIRY,
                {"inquiry_id": inquiry_id},
                ordering_key=f"inquiry:{inquiry_id}",
                inquiry_id=inquiry_id,
                session=s,
            )
        self._outbox.notify()
        return True

    def close(self, inquiry_id: int, staff_id: str) -> bool:
        """Close the inquiry; tell the resident once, and redraw the Slack post.

        Idempotent: True only for the call that closed it; a second close
        (a double click, a retried Slack action) changes and sends nothing.
        The resident's notice is a 'system' message with notice='closed'.
        LookupError for an unknown inquiry.
        """
        now = self._now()
        with self._db.transaction() as s:
            changed = s.execute(
                "UPDATE inquiries SET status = 'closed', closed_at = ?, closed_by = ?,"
                " updated_at = ? WHERE id = ? AND status <> 'closed'",
                (now, staff_id, now, inquiry_id),
            )
            record = self._require(s, inquiry_id)
            if not changed:
                return False
            message_id = self._insert_message(
                s, inquiry_id, SYSTEM, staff_id, "", notice=NOTICE_CLOSED
            )
            self._to_resident(
                s,
                record,
                message_id,
                {"inquiry_id": inquiry_id, "notice": NOTICE_CLOSED, "message_id": message_id},
                idem_key=f"closed:{inquiry_id}",
            )
            self._outbox.enqueue(
                SLACK_UPDATE_INQUIRY,
                {"inquiry_id": inquiry_id},
                ordering_key=record.thread_ordering_key,
                idem_key=f"update_closed:{inquiry_id}",
                inquiry_id=inquiry_id,
                session=s,
            )
        self._outbox.notify()
        return True

    def list_open(self, limit: int = 50) -> list[Inquiry]:
        """Inquiries not closed ('open' or 'assigned'), oldest first."""
        with self._db.session() as s:
            rows = s.fetchall(
                f"SELECT {_INQUIRY_COLUMNS} FROM inquiries WHERE status <> 'closed'"
                " ORDER BY id LIMIT ?",
                (limit,),
            )
        return [self._record(row) for row in rows]

    def messages(self, inquiry_id: int) -> list[InquiryMessage]:
        """Every message of an inquiry, oldest first (the first is the inquiry's text)."""
        with self._db.session() as s:
            rows = s.fetchall(
                f"SELECT {_MESSAGE_COLUMNS} FROM inquiry_messages WHERE inquiry_id = ? ORDER BY id",
                (inquiry_id,),
            )
        return [self._message(row) for row in rows]

    def get_message(self, message_id: int) -> InquiryMessage | None:
        with self._db.session() as s:
            row = s.fetchone(
                f"SELECT {_MESSAGE_COLUMNS} FROM inquiry_messages WHERE id = ?", (message_id,)
            )
        return None if row is None else self._message(row)

    # -- delivery (the worker) --------------------------------------------------

    def mark_delivered(self, message_id: int) -> bool:
        """The message reached its reader; the first time counts. False if already marked."""
        with self._db.session() as s:
            changed = s.execute(
                "UPDATE inquiry_messages SET delivered_at = ?, delivery_error = NULL"
                " WHERE id = ? AND delivered_at IS NULL",
                (self._now(), message_id),
            )
        return changed == 1

    def mark_undeliverable(self, message_id: int, error: str) -> bool:
        """The message could not be delivered (given up); False if it already was delivered."""
        with self._db.session() as s:
            changed = s.execute(
                "UPDATE inquiry_messages SET delivery_error = ?"
                " WHERE id = ? AND delivered_at IS NULL",
                (error[:MAX_ERROR_CHARS], message_id),
            )
        return changed == 1

    def web_inbox(self, user_key: str, after_id: int = 0, limit: int = 100) -> list[InquiryMessage]:
        """Staff replies and notices delivered to a web resident, after message `after_id`.

        `user_key` is the web Message's user_key ("web:<user>"). Only
        messages the worker has marked delivered ('web.deliver') appear; the
        page polls with the last id it showed.
        """
        with self._db.session() as s:
            rows = s.fetchall(
                f"SELECT {', '.join('m.' + c.strip() for c in _MESSAGE_COLUMNS.split(','))}"
                " FROM inquiry_messages m JOIN inquiries i ON i.id = m.inquiry_id"
                " WHERE i.user_key = ? AND i.channel = 'web' AND m.id > ?"
                " AND m.author IN ('staff', 'system') AND m.delivered_at IS NOT NULL"
                " ORDER BY m.id LIMIT ?",
                (user_key, after_id, limit),
            )
        return [self._message(row) for row in rows]

    def note_outcome(self, inquiry: Inquiry, message_id: int, outcome: str) -> None:
        """Queue the thread's line saying whether a message reached the resident."""
        self._outbox.enqueue(
            SLACK_THREAD_NOTE,
            {"inquiry_id": inquiry.id, "message_id": message_id, "outcome": outcome},
            ordering_key=inquiry.thread_ordering_key,
            idem_key=f"thread_note:{message_id}:{outcome}",
            inquiry_id=inquiry.id,
        )

    # -- inside a transaction -----------------------------------------------------

    def _to_resident(
        self,
        s: Session,
        record: Inquiry,
        message_id: int,
        payload: dict[str, Any],
        *,
        idem_key: str,
    ) -> bool | None:
        """Queue a message for the resident: True if queued, False if idem_key was
        taken, None when their channel has no way back (the message says so)."""
        kind = resident_delivery(record.channel)
        if kind is None:
            s.execute(
                "UPDATE inquiry_messages SET delivery_error = ? WHERE id = ?",
                (f"no delivery for channel {record.channel!r}", message_id),
            )
            return None
        queued = self._outbox.enqueue(
            kind,
            payload,
            ordering_key=record.resident_ordering_key,
            idem_key=idem_key,
            inquiry_id=record.id,
            session=s,
        )
        return queued is not None

    def _insert_message(
        self,
        s: Session,
        inquiry_id: int,
        author: str,
        author_id: str | None,
        text: str,
        notice: str | None = None,
    ) -> int:
        (row,) = s.fetchall(
            "INSERT INTO inquiry_messages (inquiry_id, author, author_id, text, notice,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (inquiry_id, author, author_id, text, notice, self._now()),
        )
        return int(row[0])

    def _touch(self, s: Session, inquiry_id: int) -> None:
        s.execute("UPDATE inquiries SET updated_at = ? WHERE id = ?", (self._now(), inquiry_id))

    def _require(self, s: Session, inquiry_id: int) -> Inquiry:
        record = self._select(s, inquiry_id)
        if record is None:
            raise LookupError(f"no inquiry {inquiry_id}")
        return record

    def _select(self, s: Session, inquiry_id: int) -> Inquiry | None:
        row = s.fetchone(f"SELECT {_INQUIRY_COLUMNS} FROM inquiries WHERE id = ?", (inquiry_id,))
        return None if row is None else self._record(row)

    def _now(self) -> Any:
        return self._db.to_db_time(self._clock())

    def _record(self, row: Row) -> Inquiry:
        return Inquiry(
            id=int(row[0]),
            channel=row[1],
            user_id=row[2],
            text=row[4],
            bot_answer=row[5],
            status=row[6],
            assignee=row[7],
            slack_channel=row[8],
            slack_ts=row[9],
            created_at=self._db.from_db_time(row[10]),
            updated_at=self._db.from_db_time(row[11]),
            closed_at=self._db.maybe_time(row[12]),
            closed_by=row[13],
        )

    def _message(self, row: Row) -> InquiryMessage:
        return InquiryMessage(
            id=int(row[0]),
            inquiry_id=int(row[1]),
            author=row[2],
            author_id=row[3],
            text=row[4],
            notice=row[5],
            created_at=self._db.from_db_time(row[6]),
            slack_ts=row[7],
            delivered_at=self._db.maybe_time(row[8]),
            delivery_error=row[9],
        )
