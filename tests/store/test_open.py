"""Opening the store: choosing the backend, migrating, restarting, health."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.core.types import Context
from bot.store import Store, open_store
from bot.store.migrations import MIGRATIONS, Migration, migrate
from tests.store import workers

LATEST = MIGRATIONS[-1].version


def applied_versions(url: str) -> list[int]:
    with open_store(url) as store, store.db.session() as s:
        return [row[0] for row in s.fetchall("SELECT version FROM schema_version ORDER BY 1")]


def test_opening_twice_migrates_once(database_url: str) -> None:
    open_store(database_url).close()
    with open_store(database_url) as store:
        assert store.schema_version() == LATEST
        assert store.claim_event("line", "Ev1") is True
    assert applied_versions(database_url) == [m.version for m in MIGRATIONS]


def test_processes_opening_a_new_database_at_once_all_succeed(database_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    n = 4
    start, results = ctx.Barrier(n), ctx.Queue()
    procs = [
        ctx.Process(target=workers.open_at_once, args=(database_url, start, results))
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)

    assert outcomes == [LATEST] * n
    assert applied_versions(database_url) == [m.version for m in MIGRATIONS]


def test_stores_migrating_at_once_apply_a_slow_migration_once(database_url: str) -> None:
    # A migration slow enough (a table filled by a recursive query, valid in
    # both dialects) that the second store surely starts while the first runs.
    slow = Migration(
        LATEST + 1,
        "slow",
        (
            "CREATE TABLE numbers AS WITH RECURSIVE n(i) AS"
            " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT i FROM n",
        ),
    )
    stores = [open_store(database_url) for _ in range(2)]
    start = threading.Barrier(len(stores))
    outcomes: list[object] = []

    def run(store: Store) -> None:
        start.wait(timeout=30)
        try:
            outcomes.append(migrate(store.db, (*MIGRATIONS, slow)))
        except Exception as error:
            outcomes.append(error)

    threads = [threading.Thread(target=run, args=(store,)) for store in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for store in stores:
        store.close()

    assert outcomes == [LATEST + 1, LATEST + 1]
    assert applied_versions(database_url)[-1] == LATEST + 1


def test_a_later_migration_is_applied_once(database_url: str) -> None:
    later = (*MIGRATIONS, Migration(LATEST + 1, "notes", ("CREATE TABLE notes (id INTEGER)",)))
    with open_store(database_url) as store:
        assert migrate(store.db, later) == LATEST + 1
        assert migrate(store.db, later) == LATEST + 1
        with store.db.session() as s:
            assert s.execute("INSERT INTO notes (id) VALUES (?)", (1,)) == 1
    assert applied_versions(database_url)[-1] == LATEST + 1


def test_a_failing_migration_leaves_no_trace(database_url: str) -> None:
    broken = (
        *MIGRATIONS,
        Migration(LATEST + 1, "broken", ("CREATE TABLE half (id INTEGER)", "NOT SQL AT ALL")),
    )
    with open_store(database_url) as store:
        with pytest.raises(Exception, match=r"(?i)syntax"):
            migrate(store.db, broken)
        assert store.schema_version() == LATEST
        # The table from the migration's first statement was rolled back too,
        # so a fixed migration can run from the start.
        fixed = (*MIGRATIONS, Migration(LATEST + 1, "fixed", ("CREATE TABLE half (id INTEGER)",)))
        assert migrate(store.db, fixed) == LATEST + 1


def test_data_survives_close_and_reopen(database_url: str) -> None:
    context = Context(plans=("dmo-tourism",), fields=("period",))
    with open_store(database_url) as store:
        store.contexts.save("line:U1", context)
        assert store.claim_event("line", "Ev1") is True

    with open_store(database_url) as restarted:
        assert restarted.contexts.load("line:U1") == context
        assert restarted.claim_event("line", "Ev1") is False


def test_ping_says_whether_the_database_answers(database_url: str) -> None:
    store = open_store(database_url)
    assert store.ping() is True
    store.close()
    assert store.ping() is False


@pytest.mark.parametrize(
    "url",
    [
        "mysql://bot:s3cret-pw@db.example/bot",
        "sqlite://var/bot.sqlite3",
        "sqlite:///",
        "sqlite:///:memory:",
        "var/bot.sqlite3",
        "postgresql://bot:s3cret-pw@localhost:notaport/bot",
        "postgresql://bot:s3cret-pw@localhost/bot?no_such_option=1",
    ],
)
def test_a_malformed_url_is_refused_naming_database_url(url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="DATABASE_URL") as raised:
        open_store(url, sqlite_path=tmp_path / "unused.sqlite3")
    assert "s3cret-pw" not in str(raised.value)
    assert not (tmp_path / "unused.sqlite3").exists()


@pytest.mark.parametrize("unset", [None, "", "  "])
def test_without_a_url_sqlite_is_created_at_the_default_path(
    unset: str | None, tmp_path: Path
) -> None:
    path = tmp_path / "var" / "nested" / "bot.sqlite3"
    with open_store(unset, sqlite_path=path) as store:
        assert store.dialect == "sqlite"
        assert store.claim_event("line", "Ev1") is True
    assert path.is_file()


def test_a_relative_sqlite_url_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///data/bot.sqlite3") as store:
        assert store.ping() is True
    assert (tmp_path / "data" / "bot.sqlite3").is_file()


def test_sqlite_uses_write_ahead_logging(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    open_store(None, sqlite_path=path).close()
    # WAL is a property of the file: readers need not wait for a writer.
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgres_scheme_alias_is_accepted(postgres_schema_url: str) -> None:
    alias = "postgres://" + postgres_schema_url.removeprefix("postgresql://")
    with open_store(alias) as store:
        assert store.dialect == "postgresql"
        assert store.ping() is True
        store.contexts.save("line:U1", Context(updated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
        assert store.contexts.load("line:U1").updated.year == 2026
