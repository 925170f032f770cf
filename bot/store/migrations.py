"""Numbered schema migrations, applied on open.

To change the schema, append a Migration with the next number; never edit one
that has shipped. DDL is shared between dialects, with `{json}` and
`{timestamp}` standing for the column types that differ.

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
        row = s.fetchone("SELECT MAX(version) FROM schema_version")
        current = int(row[0]) if row and row[0] is not None else 0
        for migration in migrations:
            if migration.version <= current:
                continue
            log.info("applying migration %d: %s", migration.version, migration.name)
            for statement in migration.statements:
                s.execute(db.ddl(statement))
            s.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, db.to_db_time(utc_now())),
            )
            current = migration.version
        known = migrations[-1].version if migrations else 0
        if current > known:
            # A newer release migrated this database; migrations only add, so
            # this older code can still run (e.g. during a rolling deploy).
            log.warning("database schema is at version %d, this code knows %d", current, known)
    return current
