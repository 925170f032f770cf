"""Migration 2 (inquiries, outbox, rate limits) over a database already in use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.types import Context
from bot.store import _open_database, open_store
from bot.store.migrations import MIGRATIONS, Migration, migrate
from bot.store.store import Store

LATEST = max(m.version for m in MIGRATIONS)

NEW_TABLES = ("inquiries", "inquiry_messages", "outbox", "rate_limits")
LATEST = MIGRATIONS[-1].version


def tables(store: Store) -> set[str]:
    with store.db.session() as s:
        if store.dialect == "sqlite":
            rows = s.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            rows = s.fetchall(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )
    return {row[0] for row in rows}


def test_migration_2_applies_over_a_version_1_database_and_keeps_its_data(
    database_url: str, tmp_path: Path
) -> None:
    context = Context(plans=("dmo-tourism",), updated=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    # The database as the previous release made and used it: migration 1 only.
    db = _open_database(database_url, tmp_path / "unused.sqlite3")
    previous = Store(db)
    assert migrate(db, MIGRATIONS[:1]) == 1
    assert not tables(previous) & set(NEW_TABLES)
    previous.contexts.save("line:U1", context)
    previous.claim_event("line", "Ev1")
    previous.close()

    with open_store(database_url) as upgraded:
        assert upgraded.schema_version() == LATEST
        assert tables(upgraded) >= set(NEW_TABLES)
        assert upgraded.contexts.load("line:U1") == context
        assert upgraded.claim_event("line", "Ev1") is False
        inquiry = upgraded.desk.open_inquiry("line", "U1", "質問です", "")
        assert upgraded.outbox.claim()[0].payload == {"inquiry_id": inquiry.id}
        assert upgraded.limiter.allow("line:U1", "message", 1, dt.timedelta(minutes=1))


def test_migration_2_runs_once(database_url: str) -> None:
    with open_store(database_url) as store:
        store.desk.open_inquiry("web", "visitor", "質問です", "")
        assert migrate(store.db) == LATEST
        assert migrate(store.db, MIGRATIONS) == LATEST
        with store.db.session() as s:
            versions = s.fetchall("SELECT version FROM schema_version ORDER BY version")
        assert versions == [(m.version,) for m in sorted(MIGRATIONS, key=lambda m: m.version)]
        assert len(store.desk.list_open()) == 1
    with open_store(database_url) as reopened:
        assert len(reopened.desk.list_open()) == 1


def test_a_migration_numbered_below_the_highest_applied_is_still_applied(
    database_url: str, tmp_path: Path
) -> None:
    # Numbers are handed to branches in advance: a database may have 5 before 3 exists.
    db = _open_database(database_url, tmp_path / "unused.sqlite3")
    try:
        late = Migration(3, "a branch merged later", ("CREATE TABLE late_table (x INTEGER)",))
        ahead = tuple(m for m in MIGRATIONS if m.version != 3)
        assert migrate(db, ahead) == LATEST
        assert migrate(db, (*ahead, late)) == LATEST
        with db.session() as s:
            assert s.fetchall("SELECT COUNT(*) FROM late_table") == [(0,)]
            assert (3,) in s.fetchall("SELECT version FROM schema_version")
    finally:
        db.close()
