"""Database.batch(): everything a thread writes in the block is one transaction."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.core.types import Context
from bot.store import Store, open_store

from .test_contexts import a_context


def test_the_writes_of_a_batch_are_kept_together_when_it_ends(store: Store) -> None:
    with store.db.batch():
        store.contexts.save("line:U1", a_context(plans=("one",)))
        asked = store.analytics.record(
            "line", "U1", "line:U1", "質問", "answered", "plan", (), None
        )
        assert store.contexts.load("line:U1").plans == ("one",)  # its own writes, seen
    assert store.contexts.load("line:U1").plans == ("one",)
    assert store.analytics.question(asked) is not None


def write_then_fail(store: Store, asked: list[int]) -> None:
    with store.db.batch():
        store.contexts.save("line:U1", a_context())
        asked.append(
            store.analytics.record("line", "U1", "line:U1", "質問", "answered", "plan", (), None)
        )
        raise RuntimeError("the answer failed")


def test_a_batch_that_raises_keeps_none_of_its_writes(store: Store) -> None:
    asked: list[int] = []
    with pytest.raises(RuntimeError):
        write_then_fail(store, asked)
    assert store.contexts.load("line:U1") is None
    assert store.analytics.question(asked[0]) is None


def delete_then_fail(store: Store) -> None:
    with store.db.transaction() as s:
        s.execute("DELETE FROM contexts WHERE user_key = ?", ("line:U1",))
        raise RuntimeError("inner block failed")


def test_a_transaction_inside_a_batch_is_undone_alone_when_it_raises(store: Store) -> None:
    with store.db.batch():
        store.contexts.save("line:U1", a_context())
        with pytest.raises(RuntimeError):
            delete_then_fail(store)
        # PostgreSQL too goes on after the inner block (it was a savepoint)
        assert store.contexts.load("line:U1") is not None
    assert store.contexts.load("line:U1") is not None


def test_control_an_inner_transaction_that_succeeds_is_kept(store: Store) -> None:
    with store.db.batch():
        with store.db.transaction() as s:
            s.execute("DELETE FROM contexts")
        store.contexts.save("line:U2", a_context())
    assert store.contexts.load("line:U2") is not None


def nested_then_fail(store: Store) -> None:
    with store.db.batch():
        with store.db.batch():
            store.contexts.save("line:U1", a_context())
        raise RuntimeError("outer block failed")


def test_a_batch_inside_a_batch_joins_it(store: Store) -> None:
    with pytest.raises(RuntimeError):
        nested_then_fail(store)
    assert store.contexts.load("line:U1") is None


def test_another_thread_sees_a_batchs_writes_only_once_it_ended(store: Store) -> None:
    seen: list[Context | None] = []

    def look() -> None:
        seen.append(store.contexts.load("line:U1"))

    with store.db.batch():
        store.contexts.save("line:U1", a_context())
        reader = threading.Thread(target=look)
        reader.start()
        reader.join()
    look()
    assert seen[0] is None and seen[1] is not None


def test_sqlite_a_batch_that_must_not_wait_fails_at_once_while_another_writer_holds_the_lock(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):  # noqa: SIM117
                with store.db.batch(wait=False):
                    pytest.fail("the block ran without the lock")
        finally:
            other.execute("ROLLBACK")
            other.close()
        # the lock free again, and the busy timeout back for everything else
        with store.db.batch(wait=False):
            store.contexts.save("line:U1", a_context())
        assert store.contexts.load("line:U1") is not None
        with store.db.session() as s:
            assert s.fetchone("PRAGMA busy_timeout") == (15000,)
