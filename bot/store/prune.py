"""Forgetting what is no longer needed, by age (README "Limits and retention").

What goes, each by its own age:
- contexts (they hold the resident's last question) not used for `contexts`;
- processed event ids first seen `event_ids` ago, and the LINE inbox's
  finished rows (answered or given up; the text is already cleared) finished
  that long ago: keep both longer than the platforms redeliver, or a late
  copy is answered twice;
- outbox items delivered `outbox_delivered` ago, and given up
  `outbox_failed` ago (their idem_keys go with them: keep both longer than
  anything that enqueues with a key is retried);
- inquiries closed `inquiries` ago, with their messages (what the resident
  and staff wrote) and their outbox items; an inquiry with an unfinished
  outbox item waits for it; open inquiries are never pruned;
- rate-limit counters of windows that have ended.

Deletes go in batches, each its own statement, so a large backlog never
holds a long lock; `time_limit` stops between batches (the service's
periodic run), and the report says whether everything due was done.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.store.base import Database

BATCH = 500


@dataclass(frozen=True)
class Retention:
    contexts: dt.timedelta = dt.timedelta(days=7)
    event_ids: dt.timedelta = dt.timedelta(days=7)
    outbox_delivered: dt.timedelta = dt.timedelta(days=30)
    outbox_failed: dt.timedelta = dt.timedelta(days=90)
    inquiries: dt.timedelta = dt.timedelta(days=365)
    # what residents asked, kept for the office's figures: the text is blanked
    # after this (the counts stay); questions still open in the queue are kept
    question_texts: dt.timedelta = dt.timedelta(days=90)


@dataclass
class PruneReport:
    removed: dict[str, int] = field(default_factory=dict)
    finished: bool = True  # False: the time limit stopped it; the rest goes next time

    @property
    def total(self) -> int:
        return sum(self.removed.values())


# (name, its Retention field, the rows' key columns, table, the condition that
# a row is due; one "?": the cutoff)
_BY_AGE = (
    ("contexts", "contexts", "user_key", "contexts", "updated_at < ?"),
    ("event_ids", "event_ids", "source, event_id", "processed_events", "seen_at < ?"),
    ("line_inbox", "event_ids", "event_id", "line_inbox", "status <> 'pending' AND done_at < ?"),
    ("outbox_delivered", "outbox_delivered", "id", "outbox", "status = 'done' AND done_at < ?"),
    ("outbox_failed", "outbox_failed", "id", "outbox", "status = 'failed' AND done_at < ?"),
)
_DUE_INQUIRIES = (
    "SELECT i.id FROM inquiries i WHERE i.status = 'closed' AND i.closed_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.inquiry_id = i.id"
    " AND o.status IN ('pending', 'sending')) ORDER BY i.id LIMIT ?"
)


def prune(
    db: Database,
    retention: Retention,
    now: dt.datetime,
    *,
    time_limit: float | None = None,
    batch: int = BATCH,
    monotonic: Callable[[], float] = time.monotonic,
) -> PruneReport:
    deadline = None if time_limit is None else monotonic() + time_limit
    report = PruneReport()

    def out_of_time() -> bool:
        if deadline is not None and monotonic() >= deadline:
            report.finished = False
            return True
        return False

    for name, kept_for, key, table, due in _BY_AGE:
        cutoff = db.to_db_time(now - getattr(retention, kept_for))
        report.removed[name] = 0
        while not out_of_time():
            with db.session() as s:
                removed = s.execute(
                    f"DELETE FROM {table} WHERE ({key}) IN"
                    f" (SELECT {key} FROM {table} WHERE {due} LIMIT ?)",
                    (cutoff, batch),
                )
            report.removed[name] += removed
            if removed < batch:
                break

    cutoff = db.to_db_time(now - retention.inquiries)
    report.removed["inquiries"] = 0
    while not out_of_time():
        with db.transaction() as s:
            ids = [row[0] for row in s.fetchall(_DUE_INQUIRIES, (cutoff, batch))]
            if ids:
                marks = ", ".join("?" * len(ids))
                s.execute(f"DELETE FROM outbox WHERE inquiry_id IN ({marks})", ids)
                s.execute(f"DELETE FROM inquiry_messages WHERE inquiry_id IN ({marks})", ids)
                s.execute(f"DELETE FROM inquiries WHERE id IN ({marks})", ids)
        report.removed["inquiries"] += len(ids)
        if len(ids) < batch:
            break

    if not out_of_time():
        with db.session() as s:
            report.removed["rate_limits"] = s.execute(
                "DELETE FROM rate_limits WHERE window_end <= ?", (db.to_db_time(now),)
            )
    return report
