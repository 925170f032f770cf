"""SQLite backend: the default, one file that several processes may share.

Each thread gets its own connection (sqlite3 connections are not meant to be
shared across threads); WAL lets readers run beside the one writer, and the
busy timeout makes a writer wait for another process's write instead of
failing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.store.base import Database, Session

log = logging.getLogger(__name__)

# INSERT/UPDATE ... RETURNING arrived in SQLite 3.35 (2021).
MIN_SQLITE_VERSION = (3, 35, 0)


def _unchanged(sql: str) -> str:
    return sql  # sqlite3 takes `?` placeholders as written


class SQLiteDatabase(Database):
    dialect = "sqlite"
    column_types = {  # noqa: RUF012 - read-only
        "json": "TEXT",
        "timestamp": "TEXT",
        # AUTOINCREMENT: a number once given (an inquiry's 受付番号) is never
        # given again, even after the newest row is deleted.
        "serial": "INTEGER PRIMARY KEY AUTOINCREMENT",
    }

    def __init__(self, path: Path, busy_timeout: float = 15.0) -> None:
        if sqlite3.sqlite_version_info < MIN_SQLITE_VERSION:
            raise RuntimeError(
                f"SQLite {sqlite3.sqlite_version} is too old: the store needs"
                f" {'.'.join(map(str, MIN_SQLITE_VERSION))}+ (for RETURNING);"
                " use a newer Python build, or PostgreSQL"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if conn is not None:
            return conn
        with self._lock:
            if self._closed:
                raise sqlite3.ProgrammingError("the store is closed")
            # isolation_level=None: autocommit, so transactions are only the
            # ones we BEGIN ourselves. check_same_thread=False only so close()
            # may close every thread's connection from one thread.
            conn = sqlite3.connect(
                self.path,
                timeout=self._busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
            self._use_wal(conn)
            # In WAL mode NORMAL survives an application crash; only a power
            # loss may drop the last transactions.
            conn.execute("PRAGMA synchronous = NORMAL")
            # PostgreSQL always enforces foreign keys; make SQLite agree, so a
            # bug shows on both backends alike.
            conn.execute("PRAGMA foreign_keys = ON")
            self._connections.append(conn)
        self._local.connection = conn
        return conn

    def _use_wal(self, conn: sqlite3.Connection) -> None:
        # Switching a new file to WAL takes an exclusive lock, and SQLite
        # answers "database is locked" at once, without the busy timeout, when
        # another process is switching it too: so retry until the timeout.
        # Once the file is in WAL mode (it stays so) this returns at once.
        deadline = time.monotonic() + self._busy_timeout
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        if str(mode).lower() != "wal":
            # e.g. a filesystem without shared memory: still correct, only
            # readers now wait for writers.
            log.warning("SQLite kept journal_mode=%s for %s (WAL not available)", mode, self.path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        cursor = self._connection().cursor()
        try:
            yield Session(cursor, _unchanged)
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        conn = self._connection()
        cursor = conn.cursor()
        if conn.in_transaction:  # inside batch(): a savepoint of its transaction
            cursor.execute("SAVEPOINT nested")
            try:
                yield Session(cursor, _unchanged)
            except BaseException:
                cursor.execute("ROLLBACK TO nested")
                raise
            finally:
                cursor.execute("RELEASE nested")
                cursor.close()
            return
        # IMMEDIATE takes the write lock now, so a second process waits here
        # (busy timeout) rather than failing later when it first writes.
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield Session(cursor, _unchanged)
            cursor.execute("COMMIT")
        finally:
            if conn.in_transaction:  # the block raised, or COMMIT did
                conn.execute("ROLLBACK")
            cursor.close()

    @contextmanager
    def batch(self, *, wait: bool = True) -> Iterator[None]:
        conn = self._connection()
        if conn.in_transaction:  # already in one: the block joins it
            yield
            return
        if wait:
            conn.execute("BEGIN IMMEDIATE")
        else:
            # the write lock now or never: sqlite3 waits by sleeping, which on
            # the event loop would stop everything else
            conn.execute("PRAGMA busy_timeout = 0")
            try:
                conn.execute("BEGIN IMMEDIATE")
            finally:
                conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        try:
            yield
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:  # the block raised, or COMMIT did
                conn.execute("ROLLBACK")

    def lock_migrations(self, session: Session) -> None:
        pass  # transaction()'s BEGIN IMMEDIATE already holds the only write lock

    def to_db_time(self, value: dt.datetime) -> str:
        # Fixed width, UTC: text order is time order, so `seen_at < ?` works
        # (isoformat: the same text as strftime("%Y-%m-%dT%H:%M:%S.%fZ"), faster)
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat("T", "microseconds") + "Z"

    def from_db_json(self, value: Any) -> Any:
        return json.loads(value)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
