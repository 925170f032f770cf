"""The Store: everything the bot keeps, reachable from one object.

`store.contexts` (conversation contexts), `store.claim_event` (webhook
deduplication), `store.desk` (inquiries: bot.store.inquiries), `store.outbox`
(what must be sent to Slack and LINE: bot.store.outbox) and `store.limiter`
(per-user rate limits: bot.store.ratelimit) and `store.line_inbox` (LINE events
acknowledged and not yet answered: bot.store.line_inbox).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from bot.store.analytics import AnalyticsStore
from bot.store.base import Clock, Database, utc_now
from bot.store.contexts import DatabaseContextStore
from bot.store.inquiries import DatabaseInquiryDesk
from bot.store.line_inbox import LineInbox
from bot.store.outbox import Outbox
from bot.store.prune import PruneReport, Retention, prune
from bot.store.ratelimit import DatabaseRateLimiter

log = logging.getLogger(__name__)


class Store:
    """All the bot's state: contexts, processed event ids, inquiries, outbox, rate limits.

    Sync on purpose: the web service calls it from worker threads. Several
    processes may open the same database; they behave as one.
    """

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self._clock = clock
        self.contexts = DatabaseContextStore(db, clock)
        self.outbox = Outbox(db, clock)
        self.desk = DatabaseInquiryDesk(db, self.outbox, clock)
        self.limiter = DatabaseRateLimiter(db, clock)
        self.line_inbox = LineInbox(db, clock)
        # questions, ratings, the queue, learned aliases, audit (bot.store.analytics)
        self.analytics = AnalyticsStore(db, self.desk, clock)

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def claim_event(self, source: str, event_id: str) -> bool:
        """True the first time (source, event_id) is seen, False for a redelivery.

        Atomic across threads and processes: the primary key decides, and
        only the insert that actually added the row counts a change.
        """
        with self.db.session() as s:
            added = s.execute(
                "INSERT INTO processed_events (source, event_id, seen_at) VALUES (?, ?, ?)"
                " ON CONFLICT (source, event_id) DO NOTHING",
                (source, event_id, self.db.to_db_time(self._clock())),
            )
        return added == 1

    def prune_events(self, older_than: dt.timedelta) -> int:
        """Forget event ids first seen more than `older_than` ago; return how many.

        Keep them longer than the platforms retry (Slack: minutes; LINE
        redelivery: up to a day or so) or a late retry is answered twice.
        """
        cutoff = self._clock() - older_than
        with self.db.session() as s:
            removed = s.execute(
                "DELETE FROM processed_events WHERE seen_at < ?", (self.db.to_db_time(cutoff),)
            )
        # the LINE inbox's finished rows are event ids too
        return removed + self.line_inbox.prune(older_than)

    def prune(self, retention: Retention, time_limit: float | None = None) -> PruneReport:
        """Delete what `retention` says is old enough (bot/store/prune.py), and
        blank the texts of questions kept for the office's figures."""
        report = prune(self.db, retention, self._clock(), time_limit=time_limit)
        report.removed["question_texts"] = self.analytics.forget_texts(retention.question_texts)
        return report

    def shared_secret(self, name: str) -> bytes:
        """A random 32-byte key kept in the database under `name`: made by
        whichever process asks first, then the same for every process and
        restart (e.g. the key that signs the web chat's cookies)."""
        with self.db.session() as s:
            s.execute(
                "INSERT INTO app_secrets (name, value, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO NOTHING",
                (name, secrets.token_hex(32), self.db.to_db_time(self._clock())),
            )
            row = s.fetchone("SELECT value FROM app_secrets WHERE name = ?", (name,))
        assert row is not None
        return bytes.fromhex(row[0])

    def ping(self) -> bool:
        """Whether the database answers (for GET /healthz). Never raises."""
        try:
            with self.db.session() as s:
                return s.fetchone("SELECT 1") == (1,)
        except Exception as error:  # healthz reports any failure as "not answering"
            log.warning("database ping failed: %r", error)
            return False

    def schema_version(self) -> int:
        with self.db.session() as s:
            row = s.fetchone("SELECT MAX(version) FROM schema_version")
        return int(row[0]) if row and row[0] is not None else 0

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
