"""The LINE inbox: every webhook event the service acknowledged with 200, kept
until its answer was sent.

LINE does not redeliver an event that got 200 (and redelivers others only when
the channel has redelivery on), so "200" must mean "will be answered", even if
this process dies a moment later. The webhook therefore stores its events here
before answering 200, in one transaction whose primary key is also the
duplicate check; a worker answers them and marks each done only once the
answer was sent.

A row's life:

    accept()      'pending', leased to the process that received it (or left
                  unleased when that process's queue is full: any process's
                  claim() takes it)
    claim()       a pending row whose lease ran out (its process died, or it was
                  released) is leased to the caller
    start_send()  just before the answer goes out: stores the answer (so a
                  process taking over sends the same words and does not ask the
                  core twice), counts the attempt and renews the lease; refused
                  when another process holds the row now
    finish()      'done' (sent by reply or push) or 'failed' (LINE refused it
                  for good); text, answer and user id are cleared
    release()     back to any process at a given time (a retry later)

A redelivered event (same webhookEventId) whose row is done is a copy; one
whose row is pending and unleased is taken over by the process it reached.
`attempts` > 0 tells the taker that an earlier attempt may have reached LINE,
so it keeps the first reply token (a reply token is single-use: repeating a
reply with it can never show the answer twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from bot.store.base import Clock, Database, Row, Session, utc_now

PENDING, DONE, FAILED = "pending", "done", "failed"
MAX_ERROR_CHARS = 500

_COLUMNS = "event_id, user_id, kind, text, reply_token, token_at, attempts, answer"


class EventFields(Protocol):
    """What accept() reads of an event (the LINE channel passes its own type)."""

    @property
    def event_id(self) -> str: ...
    @property
    def user_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def reply_token(self) -> str | None: ...


class FinishedFields(Protocol):
    @property
    def event_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def sent_by(self) -> str | None: ...
    @property
    def error(self) -> str | None: ...


@dataclass(frozen=True)
class InboxEvent:
    """What the webhook stores of one event."""

    event_id: str
    user_id: str
    kind: str  # "question" | "follow" | "not_text"
    text: str
    reply_token: str | None


@dataclass(frozen=True)
class InboxItem:
    """A pending event as handed to the process that must answer it."""

    event_id: str
    user_id: str
    kind: str
    text: str
    reply_token: str | None
    token_at: dt.datetime  # when the reply token arrived (our clock)
    attempts: int  # send attempts started so far, by any process
    answer: Any  # the answer stored by start_send(), or None


@dataclass(frozen=True)
class Finished:
    event_id: str
    status: str  # DONE | FAILED
    sent_by: str | None  # "reply" | "push" | None
    error: str | None = None


class LineInbox:
    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def now(self) -> dt.datetime:
        return self._clock()

    def batch(self, *, wait: bool = True) -> AbstractContextManager[None]:
        """One transaction for everything this thread writes in the block, the
        other parts of the store included (Database.batch): the webhook answers
        an event, stores the answer and starts sending it in one commit."""
        return self._db.batch(wait=wait)

    def accept(
        self, events: Sequence[EventFields], *, owner: str, lease: dt.timedelta, take: int
    ) -> list[InboxItem]:
        """Store the events of one webhook request, atomically; return those the
        caller must answer now: the first `take` new ones, and redeliveries of
        pending events nobody holds. New events beyond `take` are stored
        unleased, for any process's claim()."""
        now = self._clock()
        at = self._db.to_db_time(now)
        leased = self._db.to_db_time(now + lease)
        mine: list[InboxItem] = []
        with self._db.transaction() as s:
            for event in events:
                own = len(mine) < take
                row = s.fetchone(
                    "INSERT INTO line_inbox (event_id, user_id, kind, text, reply_token, token_at,"
                    " owner, lease_until, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (event_id) DO UPDATE SET"
                    " owner = excluded.owner, lease_until = excluded.lease_until,"
                    # a reply token is only replaced while no attempt may have used the old one
                    " reply_token = CASE WHEN line_inbox.attempts = 0"
                    " THEN excluded.reply_token ELSE line_inbox.reply_token END,"
                    " token_at = CASE WHEN line_inbox.attempts = 0"
                    " THEN excluded.token_at ELSE line_inbox.token_at END"
                    " WHERE line_inbox.status = 'pending' AND line_inbox.lease_until <= ?"
                    f" RETURNING {_COLUMNS}",
                    (
                        event.event_id,
                        event.user_id,
                        event.kind,
                        event.text,
                        event.reply_token,
                        at,
                        owner if own else None,
                        leased if own else at,
                        at,
                        at,
                    ),
                )
                if row is not None and own:
                    mine.append(self._item(row))
        return mine

    def claim(self, *, owner: str, lease: dt.timedelta, limit: int) -> list[InboxItem]:
        """Lease up to `limit` pending events that nobody holds, oldest first."""
        if limit <= 0:
            return []
        now = self._clock()
        at = self._db.to_db_time(now)
        with self._db.transaction() as s:
            ids = [
                row[0]
                for row in s.fetchall(
                    "SELECT o.event_id FROM line_inbox o WHERE o.status = 'pending'"
                    " AND o.lease_until <= ? ORDER BY o.received_at LIMIT ?"
                    f"{self._db.row_lock_clause}",
                    (at, limit),
                )
            ]
            if not ids:
                return []
            rows = s.fetchall(
                "UPDATE line_inbox SET owner = ?, lease_until = ?"
                f" WHERE event_id IN ({', '.join('?' * len(ids))}) RETURNING {_COLUMNS}",
                (owner, self._db.to_db_time(now + lease), *ids),
            )
        items = [self._item(row) for row in rows]
        return sorted(items, key=lambda item: ids.index(item.event_id))

    def start_send(
        self,
        event_id: str,
        *,
        owner: str,
        answer: Any,
        lease: dt.timedelta,
        session: Session | None = None,
        encoded: str | None = None,
    ) -> int | None:
        """Record that the answer is about to go out; return how many attempts
        were started before this one, or None when the caller no longer holds
        the event (another process took it over, or it is done). `encoded`:
        the answer already as JSON text, when the caller has it."""
        sql = (
            "UPDATE line_inbox SET answer = ?, attempts = attempts + 1, lease_until = ?"
            " WHERE event_id = ? AND owner = ? AND status = 'pending' RETURNING attempts"
        )
        params = (
            self._db.to_db_json(answer) if encoded is None else encoded,
            self._db.to_db_time(self._clock() + lease),
            event_id,
            owner,
        )
        if session is not None:
            row = session.fetchone(sql, params)
        else:
            with self._db.session() as s:
                row = s.fetchone(sql, params)
        return None if row is None else int(row[0]) - 1

    def finish(self, results: Sequence[FinishedFields]) -> None:
        """Mark events done or failed, in one transaction. Whoever sent the
        answer may finish it, even if its lease ran out meanwhile: the answer
        is out, and no one must send it again."""
        if not results:
            return
        at = self._db.to_db_time(self._clock())
        with self._db.transaction() as s:
            for result in results:
                s.execute(
                    "UPDATE line_inbox SET status = ?, sent_by = ?, last_error = ?, done_at = ?,"
                    " owner = NULL, text = '', answer = NULL, user_id = ''"
                    " WHERE event_id = ? AND status = 'pending'",
                    (
                        result.status,
                        result.sent_by,
                        (result.error or None) and result.error[:MAX_ERROR_CHARS],
                        at,
                        result.event_id,
                    ),
                )

    def release(self, event_ids: Sequence[str], *, owner: str, at: dt.datetime) -> None:
        """Let any process take these events from `at` on (a retry later, or a
        queue that had no room)."""
        if not event_ids:
            return
        with self._db.session() as s:
            s.execute(
                "UPDATE line_inbox SET owner = NULL, lease_until = ?"
                f" WHERE event_id IN ({', '.join('?' * len(event_ids))})"
                " AND owner = ? AND status = 'pending'",
                (self._db.to_db_time(at), *event_ids, owner),
            )

    def status(self, event_id: str) -> tuple[str, str | None, int] | None:
        """(status, sent_by, attempts) of an event, or None if never accepted."""
        with self._db.session() as s:
            row = s.fetchone(
                "SELECT status, sent_by, attempts FROM line_inbox WHERE event_id = ?",
                (event_id,),
            )
        return None if row is None else (str(row[0]), row[1], int(row[2]))

    def pending_count(self) -> int:
        with self._db.session() as s:
            row = s.fetchone("SELECT COUNT(*) FROM line_inbox WHERE status = 'pending'")
        return int(row[0]) if row else 0

    def prune(self, older_than: dt.timedelta) -> int:
        """Forget finished events done more than `older_than` ago; keep them
        longer than LINE goes on redelivering, or a late copy is answered again."""
        cutoff = self._db.to_db_time(self._clock() - older_than)
        with self._db.session() as s:
            return s.execute(
                "DELETE FROM line_inbox WHERE status <> 'pending' AND done_at < ?", (cutoff,)
            )

    def _item(self, row: Row) -> InboxItem:
        event_id, user_id, kind, text, token, token_at, attempts, answer = row
        return InboxItem(
            event_id=str(event_id),
            user_id=str(user_id),
            kind=str(kind),
            text=str(text),
            reply_token=token,
            token_at=self._db.from_db_time(token_at),
            attempts=int(attempts),
            answer=None if answer is None else self._db.from_db_json(answer),
        )
