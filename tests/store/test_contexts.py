"""Conversation context survives between messages, per user, in the database."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from bot.core.types import Context, ContextStore
from bot.privacy import user_tag
from bot.store import Store, open_store


def a_context(**changes: object) -> Context:
    base = {
        "plans": ("dmo-tourism",),
        "fields": ("period",),
        "candidates": ("dmo-tourism", "6次産業化"),
        "updated": dt.datetime(2026, 11, 26, 9, 30, 15, 123456, tzinfo=dt.UTC),
    }
    base.update(changes)
    return Context(**base)  # type: ignore[arg-type]


def test_store_contexts_is_a_context_store(store: Store) -> None:
    contexts: ContextStore = store.contexts
    assert contexts.load("line:U1") is None


def test_saved_context_loads_back_equal(store: Store) -> None:
    context = a_context()
    store.contexts.save("line:U1", context)
    assert store.contexts.load("line:U1") == context


def test_contexts_are_kept_per_user(store: Store) -> None:
    store.contexts.save("line:U1", a_context(plans=("one",)))
    store.contexts.save("slack:U1", a_context(plans=("two",)))
    assert store.contexts.load("line:U1").plans == ("one",)
    assert store.contexts.load("slack:U1").plans == ("two",)
    assert store.contexts.load("line:U2") is None


def test_saving_again_replaces_the_context(store: Store) -> None:
    store.contexts.save("line:U1", a_context(plans=("old",)))
    newer = a_context(plans=("new",), fields=(), candidates=())
    store.contexts.save("line:U1", newer)
    assert store.contexts.load("line:U1") == newer


def test_forget_drops_only_that_users_context(store: Store) -> None:
    store.contexts.save("line:U1", a_context())
    store.contexts.save("line:U2", a_context())
    store.contexts.forget("line:U1")
    assert store.contexts.load("line:U1") is None
    assert store.contexts.load("line:U2") == a_context()
    store.contexts.forget("line:never-seen")  # forgetting nothing is fine


def test_another_process_sees_the_saved_context(database_url: str) -> None:
    # Two opened stores stand for two `serve` processes on one database.
    first, second = open_store(database_url), open_store(database_url)
    try:
        first.contexts.save("line:U1", a_context())
        assert second.contexts.load("line:U1") == a_context()
        second.contexts.forget("line:U1")
        assert first.contexts.load("line:U1") is None
    finally:
        first.close()
        second.close()


def test_an_unreadable_context_starts_a_fresh_conversation(store: Store) -> None:
    # e.g. a row written by hand, or by an older release, without "updated"
    with store.db.session() as s:
        s.execute(
            "INSERT INTO contexts (user_key, data, updated_at) VALUES (?, ?, ?)",
            ("line:U1", '{"plans": ["dmo-tourism"]}', store.db.to_db_time(a_context().updated)),
        )
    assert store.contexts.load("line:U1") is None
    store.contexts.save("line:U1", a_context())
    assert store.contexts.load("line:U1") == a_context()


def test_an_unreadable_context_is_logged_by_the_users_tag_never_their_id(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    user = "U" + "4" * 32
    with store.db.session() as s:
        s.execute(
            "INSERT INTO contexts (user_key, data, updated_at) VALUES (?, ?, ?)",
            (f"line:{user}", '{"plans": []}', store.db.to_db_time(a_context().updated)),
        )
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        assert store.contexts.load(f"line:{user}") is None

    [record] = [r for r in caplog.records if "unreadable context" in r.getMessage()]
    assert user_tag("line", user) in record.getMessage()
    assert user not in caplog.text
