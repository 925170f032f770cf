"""The outbox: everything the service must send to Slack or LINE, kept in the
database until it has been sent.

Whoever decides that something must be sent (the inquiry desk, a Slack
handler, the delivery worker itself) `enqueue`s it, inside its own transaction
when the send belongs to a change of state, so the two commit together. A
background worker then loops:

    items = outbox.claim(now)           # takes due items, leased for a while
    for item in items:
        try: result = send(item)        # Slack / LINE call, keyed by item.retry_key
        except Retryable as e:  outbox.retry(item.id, str(e), at=now + backoff)
        except Permanent as e:  outbox.fail(item.id, str(e))
        else:                   outbox.complete(item.id, result)
    sleep until outbox.wait_hint(), capped by a poll interval (other processes
    enqueue too), or until a listener (add_listener) says something was added

Guarantees, on SQLite and PostgreSQL, across threads and processes:

- Nothing is lost: an item stays until complete() or fail(). A process killed
  (even kill -9) after claim() and before complete() leaves the item in
  'sending'; once its lease runs out, claim() hands it out again. Delivery is
  therefore at least once; `OutboxItem.retry_key` is the same for every
  attempt of an item, so LINE (X-Line-Retry-Key → 409 on a repeat) turns it
  into exactly once.
- No two workers hold the same item at once: claim() runs in one transaction
  that locks the rows it takes (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite:
  BEGIN IMMEDIATE, the database's only write lock).
- Order per ordering_key: only the oldest unfinished ('pending' or 'sending')
  item of a key can be claimed, so a Slack thread message waits for the post
  that creates the thread (key f"inquiry:{id}"), and pushes to one resident
  keep their order (key f"resident:{channel}:{user_id}"). An item waiting for
  its retry time holds up the items behind it. A 'failed' item no longer
  blocks: one message that cannot be sent must not silence a resident or an
  inquiry for ever; whoever handles the next item copes with the gap (e.g. a
  thread message whose inquiry was never posted to Slack: see
  Inquiry.slack_ts). Items of one key enqueued by transactions running
  at the same moment are ordered by id, which is as good an order as any.
- Deduplication: an item with an idem_key that is already in the table
  (whatever its status) is not added again; enqueue() returns None. Keep
  done items (prune()) longer than any retry of what enqueued them.

Times are aware UTC datetimes. Payloads hold row ids, never a user's platform
id or text: the worker reads those from the store when it sends.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.store.base import Clock, Database, Row, Session, utc_now

log = logging.getLogger(__name__)

PENDING, SENDING, DONE, FAILED = "pending", "sending", "done", "failed"
DEFAULT_LEASE = dt.timedelta(seconds=60)
MAX_ERROR_CHARS = 2000

# Fixed, so every process derives the same retry key for an item.
_RETRY_KEY_NAMESPACE = uuid.UUID("6f1d2c4e-5a3b-4e8f-9c0d-6e6167616901")

_ITEM_COLUMNS = "id, kind, payload, inquiry_id, ordering_key, idem_key, attempts, created_at"
_RECORD_COLUMNS = (
    _ITEM_COLUMNS + ", status, next_attempt_at, lease_until, last_error, result, done_at"
)
# `o` is the oldest unfinished item of its ordering key.
_IS_HEAD = (
    "NOT EXISTS (SELECT 1 FROM outbox e WHERE e.ordering_key = o.ordering_key"
    " AND e.status IN ('pending', 'sending') AND e.id < o.id)"
)


@dataclass(frozen=True)
class OutboxItem:
    """One thing to send, as claim() hands it to a worker.

    attempts counts this one: 1 on the first claim.
    """

    id: int
    kind: str
    payload: dict[str, Any]
    inquiry_id: int | None
    ordering_key: str
    idem_key: str | None
    attempts: int
    created_at: dt.datetime

    @property
    def retry_key(self) -> str:
        """A UUID that is the same for every attempt of this item (LINE's X-Line-Retry-Key)."""
        return str(uuid.uuid5(_RETRY_KEY_NAMESPACE, f"outbox:{self.id}"))


@dataclass(frozen=True)
class OutboxRecord(OutboxItem):
    """An item with its delivery state (for get(), staff views and tests)."""

    status: str = PENDING  # 'pending' | 'sending' | 'done' | 'failed'
    next_attempt_at: dt.datetime | None = None
    lease_until: dt.datetime | None = None
    last_error: str | None = None
    result: dict[str, Any] | None = None
    done_at: dt.datetime | None = None  # when it was completed or given up


class Outbox:
    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock
        self._listeners: list[Callable[[], None]] = []
        self._listeners_lock = threading.Lock()

    # -- adding ----------------------------------------------------------------

    def enqueue(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        ordering_key: str,
        idem_key: str | None = None,
        inquiry_id: int | None = None,
        not_before: dt.datetime | None = None,
        session: Session | None = None,
    ) -> int | None:
        """Add an item; return its id, or None when `idem_key` is already taken.

        With `session` (from `db.transaction()`) the item commits or rolls back
        with the caller's other writes; the caller should then call notify()
        after its commit. Without one it is added (and listeners told) at once.
        `not_before` delays the first attempt (default: now).
        """
        now = self._clock()
        params = (
            kind,
            self._db.to_db_json(payload),
            inquiry_id,
            ordering_key,
            idem_key,
            self._db.to_db_time(not_before or now),
            self._db.to_db_time(now),
        )
        sql = (
            "INSERT INTO outbox (kind, payload, inquiry_id, ordering_key, idem_key, status,"
            " attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)"
            " ON CONFLICT (idem_key) DO NOTHING RETURNING id"
        )
        if session is not None:
            rows = session.fetchall(sql, params)
        else:
            with self._db.session() as s:
                rows = s.fetchall(sql, params)
        item_id = int(rows[0][0]) if rows else None
        if session is None and item_id is not None:
            self.notify()
        return item_id

    # -- delivering ------------------------------------------------------------

    def claim(
        self,
        now: dt.datetime | None = None,
        limit: int = 10,
        lease: dt.timedelta = DEFAULT_LEASE,
    ) -> list[OutboxItem]:
        """Take up to `limit` due items for `lease`; oldest first.

        Due: 'pending' with next_attempt_at <= now, or 'sending' whose lease
        ran out (its worker died), and the oldest unfinished item of its
        ordering key. Taken items become 'sending' until now + lease, with
        attempts + 1. Finish each with complete(), retry() or fail() before
        the lease runs out, or another worker will take it again.
        """
        if now is None:
            now = self._clock()
        at = self._db.to_db_time(now)
        with self._db.transaction() as s:
            ids = [
                row[0]
                for row in s.fetchall(
                    "SELECT o.id FROM outbox o WHERE"
                    " ((o.status = 'pending' AND o.next_attempt_at <= ?)"
                    " OR (o.status = 'sending' AND o.lease_until < ?))"
                    f" AND {_IS_HEAD} ORDER BY o.id LIMIT ?{self._db.row_lock_clause}",
                    (at, at, limit),
                )
            ]
            if not ids:
                return []
            rows = s.fetchall(
                "UPDATE outbox SET status = 'sending', lease_until = ?, attempts = attempts + 1"
                f" WHERE id IN ({', '.join('?' * len(ids))}) RETURNING {_ITEM_COLUMNS}",
                (self._db.to_db_time(now + lease), *ids),
            )
        return sorted((self._item(row) for row in rows), key=lambda item: item.id)

    def complete(self, item_id: int, result: dict[str, Any] | None = None) -> bool:
        """Mark an item sent, keeping `result` (e.g. {"channel", "ts"} of a Slack post).

        False when it was already done. A late success after fail() still
        counts: the message did go out.
        """
        now = self._db.to_db_time(self._clock())
        with self._db.session() as s:
            changed = s.execute(
                "UPDATE outbox SET status = 'done', result = ?, done_at = ?, lease_until = NULL"
                " WHERE id = ? AND status <> 'done'",
                (None if result is None else self._db.to_db_json(result), now, item_id),
            )
        if changed:
            self.notify()  # the next item of its ordering key may now go
        return changed == 1

    def retry(self, item_id: int, error: str, at: dt.datetime) -> bool:
        """Try again at `at` (the worker's backoff, or a 429's Retry-After).

        Only for an item being sent; False when it was meanwhile completed or
        failed (e.g. by a second worker after this one's lease ran out).
        """
        with self._db.session() as s:
            changed = s.execute(
                "UPDATE outbox SET status = 'pending', next_attempt_at = ?, lease_until = NULL,"
                " last_error = ? WHERE id = ? AND status = 'sending'",
                (self._db.to_db_time(at), error[:MAX_ERROR_CHARS], item_id),
            )
        return changed == 1

    def fail(self, item_id: int, error: str) -> bool:
        """Give up on an unfinished item; it stays, 'failed', for staff to see.

        It no longer blocks the items behind it. False when already finished.
        """
        now = self._db.to_db_time(self._clock())
        with self._db.session() as s:
            changed = s.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, done_at = ?,"
                " lease_until = NULL WHERE id = ? AND status IN ('pending', 'sending')",
                (error[:MAX_ERROR_CHARS], now, item_id),
            )
        if changed:
            self.notify()
        return changed == 1

    def requeue(self, item_id: int, at: dt.datetime | None = None) -> bool:
        """Send a failed item again (staff's 再送), at `at` (default now).

        It takes its old place in its key's order: the next of its key to go.
        """
        now = self._clock()
        with self._db.session() as s:
            changed = s.execute(
                "UPDATE outbox SET status = 'pending', next_attempt_at = ?, done_at = NULL"
                " WHERE id = ? AND status = 'failed'",
                (self._db.to_db_time(at or now), item_id),
            )
        if changed:
            self.notify()
        return changed == 1

    # -- reading ---------------------------------------------------------------

    def get(self, item_id: int) -> OutboxRecord | None:
        with self._db.session() as s:
            row = s.fetchone(f"SELECT {_RECORD_COLUMNS} FROM outbox WHERE id = ?", (item_id,))
        return None if row is None else self._record(row)

    def pending_count(self) -> int:
        """How many items are not finished yet ('pending' or 'sending')."""
        with self._db.session() as s:
            row = s.fetchone("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
        return int(row[0]) if row else 0

    def wait_hint(self) -> dt.datetime | None:
        """When claim() may next find something, as far as this database knows now.

        The earliest retry time or lease end among the items that head their
        ordering key; may be in the past (something is due now). None when
        nothing is unfinished. Items added later by another process are not
        foreseen: cap the sleep by a poll interval.
        """
        with self._db.session() as s:
            row = s.fetchone(
                "SELECT MIN(CASE WHEN o.status = 'pending' THEN o.next_attempt_at"
                " ELSE o.lease_until END) FROM outbox o"
                f" WHERE o.status IN ('pending', 'sending') AND {_IS_HEAD}"
            )
        return None if row is None or row[0] is None else self._db.from_db_time(row[0])

    def failed(self, limit: int = 50) -> list[OutboxRecord]:
        """Items given up on, newest first (for staff to see and requeue)."""
        with self._db.session() as s:
            rows = s.fetchall(
                f"SELECT {_RECORD_COLUMNS} FROM outbox WHERE status = 'failed'"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            )
        return [self._record(row) for row in rows]

    def for_inquiry(self, inquiry_id: int) -> list[OutboxRecord]:
        """Every item about one inquiry, oldest first."""
        with self._db.session() as s:
            rows = s.fetchall(
                f"SELECT {_RECORD_COLUMNS} FROM outbox WHERE inquiry_id = ? ORDER BY id",
                (inquiry_id,),
            )
        return [self._record(row) for row in rows]

    def prune(self, older_than: dt.timedelta) -> int:
        """Delete items done more than `older_than` ago; return how many.

        Their idem_keys go with them, so keep them longer than anything that
        enqueues with a key is retried (days, not minutes). Failed items stay.
        """
        cutoff = self._db.to_db_time(self._clock() - older_than)
        with self._db.session() as s:
            return s.execute("DELETE FROM outbox WHERE status = 'done' AND done_at < ?", (cutoff,))

    # -- waking the worker -----------------------------------------------------

    def add_listener(self, callback: Callable[[], None]) -> None:
        """Call `callback` after this process adds or frees an item.

        From whatever thread did it, so an asyncio worker should pass
        something like `lambda: loop.call_soon_threadsafe(event.set)`.
        It must not block; an exception from it is logged and ignored.
        """
        with self._listeners_lock:
            self._listeners.append(callback)

    def notify(self) -> None:
        """Tell listeners there may be work (after committing an enqueue(session=...))."""
        with self._listeners_lock:
            listeners = list(self._listeners)
        for callback in listeners:
            try:
                callback()
            except Exception:  # a listener's bug must not undo a committed write
                log.exception("outbox listener failed")

    # -- rows ------------------------------------------------------------------

    def _item(self, row: Row) -> OutboxItem:
        return OutboxItem(*self._item_values(row))

    def _record(self, row: Row) -> OutboxRecord:
        status, next_at, lease, error, result, done_at = row[8:14]
        return OutboxRecord(
            *self._item_values(row),
            status=status,
            next_attempt_at=self._db.maybe_time(next_at),
            lease_until=self._db.maybe_time(lease),
            last_error=error,
            result=None if result is None else self._db.from_db_json(result),
            done_at=self._db.maybe_time(done_at),
        )

    def _item_values(self, row: Row) -> tuple[Any, ...]:
        item_id, kind, payload, inquiry_id, ordering_key, idem_key, attempts, created = row[:8]
        return (
            int(item_id),
            kind,
            self._db.from_db_json(payload),
            None if inquiry_id is None else int(inquiry_id),
            ordering_key,
            idem_key,
            int(attempts),
            self._db.from_db_time(created),
        )
