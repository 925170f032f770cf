"""The bot's persistence: `open_store(settings.database_url)` returns a Store.

SQLite by default (a file under var/), PostgreSQL when DATABASE_URL says so.
Either way the schema is brought up to date on open.
"""

from __future__ import annotations

from pathlib import Path

from bot.store.base import Database
from bot.store.contexts import DatabaseContextStore
from bot.store.inquiries import DatabaseInquiryDesk
from bot.store.line_inbox import Finished, InboxEvent, InboxItem, LineInbox
from bot.store.migrations import migrate
from bot.store.outbox import Outbox, OutboxItem, OutboxRecord
from bot.store.prune import PruneReport, Retention
from bot.store.ratelimit import DatabaseRateLimiter
from bot.store.sqlite import SQLiteDatabase
from bot.store.store import Store

__all__ = [
    "DatabaseContextStore",
    "DatabaseInquiryDesk",
    "DatabaseRateLimiter",
    "Finished",
    "InboxEvent",
    "InboxItem",
    "LineInbox",
    "Outbox",
    "OutboxItem",
    "OutboxRecord",
    "PruneReport",
    "Retention",
    "Store",
    "open_store",
]

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def open_store(database_url: str | None, sqlite_path: Path = Path("var/bot.sqlite3")) -> Store:
    """Open (and migrate) the store that DATABASE_URL names.

    None or "" → SQLite at `sqlite_path`; `sqlite:///relative/path` or
    `sqlite:////absolute/path` → SQLite there; `postgresql://…` or
    `postgres://…` → PostgreSQL. Anything else raises ValueError.
    """
    db = _open_database((database_url or "").strip(), sqlite_path)
    try:
        migrate(db)
    except BaseException:
        db.close()
        raise
    return Store(db)


def _open_database(url: str, sqlite_path: Path) -> Database:
    if not url:
        return SQLiteDatabase(sqlite_path)
    if url.startswith(_SQLITE_PREFIX):
        return SQLiteDatabase(_sqlite_file(url))
    if url.startswith(_POSTGRES_PREFIXES):
        # Imported here so a SQLite deployment never loads the driver.
        from bot.store.postgres import PostgresDatabase

        _check_postgres_url(url)
        return PostgresDatabase(url)
    # Name only the scheme: the rest of the URL may hold a password.
    scheme = url.split("://", 1)[0] if "://" in url else url.split(":", 1)[0]
    raise ValueError(
        "DATABASE_URL must start with sqlite:///, postgresql:// or postgres:// "
        f"(got scheme {scheme[:20]!r})"
    )


def _check_postgres_url(url: str) -> None:
    import psycopg

    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error as error:
        raise ValueError(f"DATABASE_URL is not a valid PostgreSQL URL: {error}") from None
    # libpq parses a port lazily, at connect time; check it now so a typo is
    # a clear error on start rather than a connection timeout.
    ports = str(params.get("port") or "").split(",")
    if not all(port.isdigit() or port == "" for port in ports):
        raise ValueError("DATABASE_URL has a port that is not a number")


def _sqlite_file(url: str) -> Path:
    path = url[len(_SQLITE_PREFIX) :]
    if not path or path == ":memory:" or "?" in path:
        # An in-memory database would be private to each thread's connection,
        # and query options are not read: refuse rather than surprise.
        raise ValueError(
            "DATABASE_URL for SQLite must name a file: sqlite:///relative/path "
            "or sqlite:////absolute/path"
        )
    return Path(path)
