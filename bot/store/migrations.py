"""Numbered schema migrations, applied on open.

To change the schema, append a Migration with the next number; never edit one
that has shipped. DDL is shared between dialects, with `{json}`,
`{timestamp}` and `{serial}` standing for the column types that differ.

Several processes may open a fresh database at once: the runner takes the
database's migration lock inside one transaction, then reads the version, so
the second process waits and then finds nothing left to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.store.base import Database, utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "contexts and processed events",
        (
            """CREATE TABLE contexts (
                user_key TEXT PRIMARY KEY,
                data {json} NOT NULL,
                updated_at {timestamp} NOT NULL
            )""",
            """CREATE TABLE processed_events (
                source TEXT NOT NULL,
                event_id TEXT NOT NULL,
                seen_at {timestamp} NOT NULL,
                PRIMARY KEY (source, event_id)
            )""",
            "CREATE INDEX processed_events_seen_at ON processed_events (seen_at)",
        ),
    ),
    Migration(
        2,
        "inquiries, outbox and rate limits",
        (
            # user_id is the platform's id, needed to push a LINE reply; it is
            # never posted to Slack (payloads carry only row ids).
            """CREATE TABLE inquiries (
                id {serial},
                channel TEXT NOT NULL,
                user_id TEXT NOT NULL,
                user_key TEXT NOT NULL,
                text TEXT NOT NULL,
                bot_answer TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'assigned', 'closed')),
                assignee TEXT,
                slack_channel TEXT,
                slack_ts TEXT,
                created_at {timestamp} NOT NULL,
                updated_at {timestamp} NOT NULL,
                closed_at {timestamp},
                closed_by TEXT
            )""",
            "CREATE INDEX inquiries_status ON inquiries (status, id)",
            "CREATE INDEX inquiries_user_key ON inquiries (user_key, id)",
            "CREATE INDEX inquiries_slack_thread ON inquiries (slack_channel, slack_ts)",
            # notice: what a 'system' message tells the resident ('closed'),
            # worded by whoever delivers it.
            """CREATE TABLE inquiry_messages (
                id {serial},
                inquiry_id BIGINT NOT NULL REFERENCES inquiries (id),
                author TEXT NOT NULL CHECK (author IN ('resident', 'staff', 'system')),
                author_id TEXT,
                text TEXT NOT NULL DEFAULT '',
                notice TEXT,
                created_at {timestamp} NOT NULL,
                slack_ts TEXT,
                delivered_at {timestamp},
                delivery_error TEXT
            )""",
            # One row per Slack message: a retried Slack event adds no second
            # staff reply. NULLs (resident and system messages) never collide.
            """CREATE UNIQUE INDEX inquiry_messages_slack_ts
                ON inquiry_messages (inquiry_id, slack_ts)""",
            "CREATE INDEX inquiry_messages_inquiry ON inquiry_messages (inquiry_id, id)",
            """CREATE TABLE outbox (
                id {serial},
                kind TEXT NOT NULL,
                payload {json} NOT NULL,
                inquiry_id BIGINT,
                ordering_key TEXT NOT NULL,
                idem_key TEXT UNIQUE,
                status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'done', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at {timestamp} NOT NULL,
                lease_until {timestamp},
                last_error TEXT,
                result {json},
                created_at {timestamp} NOT NULL,
                done_at {timestamp}
            )""",
            # The unfinished rows are few (done ones pile up): partial indexes
            # keep claim() reading only them.
            """CREATE INDEX outbox_unfinished_by_key ON outbox (ordering_key, id)
                WHERE status IN ('pending', 'sending')""",
            """CREATE INDEX outbox_unfinished_by_time ON outbox (next_attempt_at)
                WHERE status IN ('pending', 'sending')""",
            "CREATE INDEX outbox_inquiry ON outbox (inquiry_id)",
            "CREATE INDEX outbox_status ON outbox (status, id)",
            # window_end: when the row stops mattering, so pruning needs no
            # knowledge of each action's window.
            """CREATE TABLE rate_limits (
                key TEXT NOT NULL,
                action TEXT NOT NULL,
                window_start {timestamp} NOT NULL,
                window_end {timestamp} NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (key, action, window_start)
            )""",
            "CREATE INDEX rate_limits_window_end ON rate_limits (window_end)",
        ),
    ),
    Migration(
        3,
        "the LINE inbox",
        (
            # One row per LINE webhook event acknowledged with 200: the primary
            # key is the duplicate check, and the row stays 'pending' until its
            # answer was sent (see bot.store.line_inbox). text, answer and
            # user_id are cleared once it is done; the row is kept as the
            # event id's record against late redeliveries.
            """CREATE TABLE line_inbox (
                event_id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                text TEXT NOT NULL DEFAULT '',
                reply_token TEXT,
                token_at {timestamp} NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'done', 'failed')),
                owner TEXT,
                lease_until {timestamp} NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                answer {json},
                sent_by TEXT,
                last_error TEXT,
                received_at {timestamp} NOT NULL,
                done_at {timestamp}
            )""",
            """CREATE INDEX line_inbox_pending ON line_inbox (lease_until)
                WHERE status = 'pending'""",
            "CREATE INDEX line_inbox_done_at ON line_inbox (done_at)",
        ),
    ),
    # Each migration is applied when missing, whatever its number.
    Migration(
        4,
        "questions, ratings, the unanswered queue, learned aliases, audit",
        (
            # One row per question answered. user_tag is bot.privacy.user_tag:
            # the platform's id is never stored here.
            """CREATE TABLE questions (
                id {serial},
                channel TEXT NOT NULL,
                user_tag TEXT NOT NULL,
                text TEXT NOT NULL,
                outcome TEXT NOT NULL
                    CHECK (outcome IN ('answered', 'ambiguous', 'out_of_scope', 'handoff')),
                intent TEXT NOT NULL,
                plans {json} NOT NULL,
                query {json},
                settled INTEGER NOT NULL DEFAULT 0,
                rating TEXT CHECK (rating IN ('up', 'down')),
                rated_at {timestamp},
                queue_state TEXT
                    CHECK (queue_state IN ('open', 'alias', 'dismissed', 'answered')),
                queue_closed_by TEXT,
                queue_closed_at {timestamp},
                inquiry_id BIGINT,
                created_at {timestamp} NOT NULL
            )""",
            "CREATE INDEX questions_created ON questions (created_at)",
            "CREATE INDEX questions_user ON questions (user_tag, id)",
            "CREATE INDEX questions_queue ON questions (queue_state, id)",
            # The way back to a resident whose question waits in the queue, so
            # staff can answer it (「回答を書く」); deleted once answered or dismissed.
            """CREATE TABLE question_recipients (
                question_id BIGINT PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
                channel TEXT NOT NULL,
                user_id TEXT NOT NULL,
                user_key TEXT NOT NULL
            )""",
            """CREATE TABLE learned_aliases (
                id {serial},
                plan_id TEXT NOT NULL,
                phrase TEXT NOT NULL,
                phrase_key TEXT NOT NULL,
                added_by TEXT NOT NULL,
                added_at {timestamp} NOT NULL,
                removed_by TEXT,
                removed_at {timestamp}
            )""",
            """CREATE UNIQUE INDEX learned_aliases_active ON learned_aliases (phrase_key)
                WHERE removed_at IS NULL""",
            # Bumped in the same transaction as every alias change: each process
            # compares it per request and rebuilds its matcher when it moved.
            """CREATE TABLE learning_version (
                name TEXT PRIMARY KEY,
                version BIGINT NOT NULL
            )""",
            "INSERT INTO learning_version (name, version) VALUES ('aliases', 0)",
            """CREATE TABLE audit_log (
                id {serial},
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail {json},
                created_at {timestamp} NOT NULL
            )""",
            "CREATE INDEX audit_log_created ON audit_log (created_at)",
        ),
    ),
    Migration(
        5,
        "server secrets; indexes for pruning by age",
        (
            # Keys every process must share (the web chat's cookie key): made
            # once by whichever process needs one first.
            """CREATE TABLE app_secrets (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                created_at {timestamp} NOT NULL
            )""",
            "CREATE INDEX contexts_updated_at ON contexts (updated_at)",
            "CREATE INDEX outbox_done_at ON outbox (status, done_at)",
            "CREATE INDEX inquiries_closed_at ON inquiries (status, closed_at)",
        ),
    ),
)

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at {timestamp} NOT NULL
)"""


def migrate(db: Database, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Bring the schema up to the last migration; return the version reached."""
    with db.transaction() as s:
        db.lock_migrations(s)
        s.execute(db.ddl(_VERSION_TABLE))
        applied = {int(r[0]) for r in s.fetchall("SELECT version FROM schema_version")}
        current = max(applied, default=0)
        for migration in sorted(migrations, key=lambda m: m.version):
            # by presence, not by the highest number: branches merged in another
            # order than they were numbered still get every migration
            if migration.version in applied:
                continue
            log.info("applying migration %d: %s", migration.version, migration.name)
            for statement in migration.statements:
                s.execute(db.ddl(statement))
            s.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, db.to_db_time(utc_now())),
            )
            current = max(current, migration.version)
        known = max((m.version for m in migrations), default=0)
        if current > known:
            # A newer release migrated this database; migrations only add, so
            # this older code can still run (e.g. during a rolling deploy).
            log.warning("database schema is at version %d, this code knows %d", current, known)
    return current
