"""Conversation contexts in the `contexts` table (the core's ContextStore)."""

from __future__ import annotations

import json
import logging

from bot.core.types import Context
from bot.privacy import user_tag
from bot.store.base import Clock, Database, utc_now

log = logging.getLogger(__name__)


class DatabaseContextStore:
    """The ContextStore protocol over the `contexts` table."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
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
            channel, _, user = user_key.partition(":")
            log.warning(
                "unreadable context for %s user %s; ignoring it",
                channel,
                user_tag(channel, user),
                exc_info=True,
            )
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
