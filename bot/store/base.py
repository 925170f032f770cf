"""What every backend shares: the Database seam the store's parts are built on.

SQL is written once, with `?` placeholders; each Database translates it for its
driver. SQLite (3.35+) and PostgreSQL agree on `INSERT ... ON CONFLICT` and
`RETURNING`, so upserts and inserts are shared too. What still differs (column
types, time values, JSON values, how a transaction excludes other processes,
row locks) lives in the subclasses.
"""

from __future__ import annotations

import datetime as dt
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar, Protocol

from bot.clock import utc_now

__all__ = ["Clock", "Cursor", "Database", "Params", "Row", "Session", "utc_now"]

Params = Sequence[Any]
Row = tuple[Any, ...]


class Cursor(Protocol):
    """The part of a DB-API cursor that sqlite3 and psycopg share."""

    @property
    def rowcount(self) -> int: ...

    def execute(self, query: Any, params: Any = ..., /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Any: ...


class Session:
    """One connection's worth of statements, in the shared `?` dialect."""

    def __init__(self, cursor: Cursor, translate: Callable[[str], str]) -> None:
        self._cursor = cursor
        self._translate = translate

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; return how many rows it changed."""
        self._cursor.execute(self._translate(sql), params)
        return self._cursor.rowcount

    def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        self._cursor.execute(self._translate(sql), params)
        row = self._cursor.fetchone()
        return tuple(row) if row is not None else None

    def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        self._cursor.execute(self._translate(sql), params)
        return [tuple(row) for row in self._cursor.fetchall()]


class Database(ABC):
    """A source of sessions for one dialect.

    `session()` runs each statement on its own (autocommit); `transaction()`
    runs a block atomically and, for migrations, `lock_migrations()` inside it
    makes other processes opening the same database wait their turn.

    `batch()` makes one transaction of everything the calling thread runs in
    its block: each session() statement joins it, each transaction() becomes
    a savepoint (undone alone when its block raises), and all of it commits
    once at the end, or not at all. One commit instead of one per write: the
    LINE webhook answers an event (context, rate limit, question record, the
    stored answer) in one. With `wait=False` it fails at once, instead of
    waiting, when another writer holds the database (SQLite's single write
    lock); then nothing ran, and the caller may do the work elsewhere.
    """

    dialect: ClassVar[str]
    # Substituted into DDL: `{json}`, `{timestamp}`, and `{serial}` (an
    # auto-numbered integer primary key, the whole column definition).
    column_types: ClassVar[dict[str, str]]
    # Appended to a `SELECT ... FROM outbox o` that picks rows to work on, so
    # two transactions never pick the same row. SQLite needs none: its
    # transaction() already holds the database's only write lock.
    row_lock_clause: ClassVar[str] = ""

    @abstractmethod
    def session(self) -> AbstractContextManager[Session]: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Session]: ...

    @abstractmethod
    def batch(self, *, wait: bool = True) -> AbstractContextManager[None]: ...

    @abstractmethod
    def lock_migrations(self, session: Session) -> None:
        """Inside transaction(): hold off other processes' migrations until commit."""

    @abstractmethod
    def to_db_time(self, value: dt.datetime) -> Any: ...

    @abstractmethod
    def from_db_json(self, value: Any) -> Any: ...

    def to_db_json(self, value: Any) -> str:
        # Text for both: SQLite stores it as is, PostgreSQL casts it to jsonb.
        return json.dumps(value, ensure_ascii=False)

    def from_db_time(self, value: Any) -> dt.datetime:
        """A time column's value as an aware UTC datetime."""
        if isinstance(value, str):  # SQLite: what to_db_time wrote
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            parsed = value
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC)

    def maybe_time(self, value: Any) -> dt.datetime | None:
        return None if value is None else self.from_db_time(value)

    @abstractmethod
    def close(self) -> None: ...

    def ddl(self, template: str) -> str:
        return template.format(**self.column_types)


Clock = Callable[[], dt.datetime]
