"""Per-user rate limits (the core's RateLimiter port) as fixed-window counters
in the `rate_limits` table, so every process counts against one total.

Each allow() is one upsert that adds 1 and returns the new count; the
database serializes upserts of the same row, so two processes can never both
take the last allowed slot. Windows are aligned to midnight in Japan (JST,
which has no daylight saving): a one-day window is the calendar day 本日 the
resident is told about, and shorter windows that divide a day start on the
hour. Old windows are deleted now and then (at most every `prune_every`).
"""

from __future__ import annotations

import datetime as dt
import threading

from bot.clock import JST
from bot.store.base import Clock, Database, utc_now

WINDOW_ORIGIN = dt.datetime(1970, 1, 1, tzinfo=JST)
DEFAULT_PRUNE_EVERY = dt.timedelta(minutes=10)


class DatabaseRateLimiter:
    def __init__(
        self,
        db: Database,
        clock: Clock = utc_now,
        *,
        origin: dt.datetime = WINDOW_ORIGIN,
        prune_every: dt.timedelta = DEFAULT_PRUNE_EVERY,
    ) -> None:
        self._db = db
        self._clock = clock
        self._origin = origin
        self._prune_every = prune_every
        self._next_prune: dt.datetime | None = None
        self._prune_lock = threading.Lock()

    def allow(self, key: str, action: str, limit: int, window: dt.timedelta) -> bool:
        """Count one more `action` for `key`; False when that makes more than
        `limit` in the current window. Refused attempts count too (they are
        attempts), which changes nothing: the window stays refused."""
        now = self._clock()
        start, end = self.window_of(now, window)
        with self._db.session() as s:
            (row,) = s.fetchall(
                "INSERT INTO rate_limits (key, action, window_start, window_end, count)"
                " VALUES (?, ?, ?, ?, 1)"
                " ON CONFLICT (key, action, window_start)"
                " DO UPDATE SET count = rate_limits.count + 1 RETURNING count",
                (key, action, self._db.to_db_time(start), self._db.to_db_time(end)),
            )
        self._maybe_prune(now)
        return int(row[0]) <= limit

    def count(self, key: str, action: str, window: dt.timedelta) -> int:
        """How many `action`s `key` has made in the current window (refused ones too)."""
        start, _ = self.window_of(self._clock(), window)
        with self._db.session() as s:
            row = s.fetchone(
                "SELECT count FROM rate_limits WHERE key = ? AND action = ? AND window_start = ?",
                (key, action, self._db.to_db_time(start)),
            )
        return int(row[0]) if row else 0

    def window_of(self, now: dt.datetime, window: dt.timedelta) -> tuple[dt.datetime, dt.datetime]:
        """The [start, end) of the window of length `window` that holds `now`, in UTC."""
        if window <= dt.timedelta(0):
            raise ValueError("a rate limit window must be positive")
        start = self._origin + ((now - self._origin) // window) * window
        return start.astimezone(dt.UTC), (start + window).astimezone(dt.UTC)

    def prune(self, now: dt.datetime | None = None) -> int:
        """Delete the counters of windows that have ended; return how many."""
        cutoff = self._db.to_db_time(now or self._clock())
        with self._db.session() as s:
            return s.execute("DELETE FROM rate_limits WHERE window_end <= ?", (cutoff,))

    def _maybe_prune(self, now: dt.datetime) -> None:
        # Only one thread per process prunes, and not on every call: a delete
        # per message would double the writes for nothing.
        if not self._prune_lock.acquire(blocking=False):
            return
        try:
            if self._next_prune is None or now >= self._next_prune:
                self._next_prune = now + self._prune_every
                self.prune(now)
        finally:
            self._prune_lock.release()
