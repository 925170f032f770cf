"""What every backend shares: the Database seam, and the Store built on it.

SQL is written once, with `?` placeholders; each Database translates it for its
driver. SQLite (3.24+) and PostgreSQL agree on `INSERT ... ON CONFLICT`, so the
upserts below are shared too. What still differs (column types, time values,
JSON values, how a transaction excludes other processes) lives in the
subclasses.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar, Protocol

from bot.core.types import Context

log = logging.getLogger(__name__)

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
    """

    dialect: ClassVar[str]
    # Substituted into DDL: `{json}`, `{timestamp}`.
    column_types: ClassVar[dict[str, str]]

    @abstractmethod
    def session(self) -> AbstractContextManager[Session]: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Session]: ...

    @abstractmethod
    def lock_migrations(self, session: Session) -> None:
        """Inside transaction(): hold off other processes' migrations until commit."""

    @abstractmethod
    def to_db_time(self, value: dt.datetime) -> Any: ...

    @abstractmethod
    def from_db_json(self, value: Any) -> Any: ...

    @abstractmethod
    def close(self) -> None: ...

    def ddl(self, template: str) -> str:
        return template.format(**self.column_types)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DatabaseContextStore:
    """The ContextStore protocol over the `contexts` table."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self._db = db
        self._clock = clock

    def load(self, user_key: str) -> Context | None:
        with self._db.session() as s:
            row = s.fetchone("SELECT data FROM contexts WHERE user_key = ?", (user_key,))
        if row is None:
            return None
        try:
            return Context.from_json(self._db.from_db_json(row[0]))
        except (ValueError, KeyError, TypeError):
            # A row we cannot read must not stop the user from being answered:
            # they start a fresh conversation instead.
            log.warning("unreadable context for %s; ignoring it", user_key, exc_info=True)
            return None

    def save(self, user_key: str, context: Context) -> None:
        data = json.dumps(context.to_json(), ensure_ascii=False)
        with self._db.session() as s:
            s.execute(
                "INSERT INTO contexts (user_key, data, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_key) DO UPDATE"
                " SET data = excluded.data, updated_at = excluded.updated_at",
                (user_key, data, self._db.to_db_time(self._clock())),
            )

    def forget(self, user_key: str) -> None:
        with self._db.session() as s:
            s.execute("DELETE FROM contexts WHERE user_key = ?", (user_key,))


class Store:
    """All the bot's state: conversation contexts and processed event ids.

    Sync on purpose: the web service calls it from worker threads. Several
    processes may open the same database; they behave as one.
    """

    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.db = db
        self._clock = clock
        self.contexts = DatabaseContextStore(db, clock)

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
            return s.execute(
                "DELETE FROM processed_events WHERE seen_at < ?", (self.db.to_db_time(cutoff),)
            )

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
