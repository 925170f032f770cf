"""PostgreSQL backend (psycopg 3), for several web processes sharing one account.

A small connection pool per process; every statement runs in autocommit
unless it is inside transaction(). Connections are checked on checkout so a
database restart costs a reconnect, not a failed request.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from bot.store.base import Database, Session

# Any fixed number: pg_advisory_xact_lock is per database, so every process
# running this code's migrations queues on the same key.
_MIGRATION_LOCK_KEY = 0x6E61676169  # "nagai"


def _pyformat(sql: str) -> str:
    # psycopg takes %s placeholders, and a literal % must be doubled.
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresDatabase(Database):
    dialect = "postgresql"
    column_types = {"json": "JSONB", "timestamp": "TIMESTAMPTZ"}  # noqa: RUF012 - read-only

    def __init__(
        self,
        url: str,
        *,
        min_size: int = 1,
        max_size: int = 5,
        timeout: float = 10.0,
        connect_timeout: int = 5,
    ) -> None:
        self.pool = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,  # how long a thread waits for a free connection
            kwargs={"autocommit": True, "connect_timeout": connect_timeout},
            check=ConnectionPool.check_connection,
            name="bot-store",
            open=False,
        )
        # Fail on open, not on the first webhook, if the database is unreachable;
        # one plain connection first, because it raises libpq's own reason
        # ("password authentication failed", "connection refused") where the
        # pool, which retries, would only time out.
        psycopg.connect(url, connect_timeout=connect_timeout).close()
        self.pool.open(wait=True, timeout=timeout)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.pool.connection() as conn, conn.cursor() as cursor:
            yield Session(cursor, _pyformat)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            yield Session(cursor, _pyformat)

    def lock_migrations(self, session: Session) -> None:
        session.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK_KEY,))

    def to_db_time(self, value: dt.datetime) -> dt.datetime:
        return value

    def from_db_json(self, value: Any) -> Any:
        # psycopg already decodes jsonb; text would come from a hand-made row.
        return json.loads(value) if isinstance(value, str | bytes) else value

    def close(self) -> None:
        self.pool.close()
