"""Pruning by age, on both backends: what is older than its retention goes,
what is younger (or still needed) stays; the time limit stops between batches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.types import Context
from bot.store import Retention, Store, open_store
from bot.store.prune import prune

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
RETENTION = Retention(
    contexts=7 * DAY, event_ids=7 * DAY, outbox_delivered=30 * DAY,
    outbox_failed=90 * DAY, inquiries=365 * DAY,
)  # fmt: skip


def set_time(store: Store, table: str, column: str, when: dt.datetime, where: str, *args: object) -> None:
    with store.db.session() as s:
        s.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (store.db.to_db_time(when), *args))


def count(store: Store, table: str, where: str = "1 = 1", *args: object) -> int:
    with store.db.session() as s:
        row = s.fetchone(f"SELECT COUNT(*) FROM {table} WHERE {where}", args)
    assert row is not None
    return int(row[0])


def closed_inquiry(store: Store, closed: dt.datetime, *, finish_outbox: bool = True) -> int:
    inquiry = store.desk.open_inquiry("line", "U" + "7" * 32, "ごみの出し方を知りたい", "")
    store.desk.add_resident_message(inquiry.id, "追加の質問です")
    assert store.desk.close(inquiry.id, "U0STAFF01")
    if finish_outbox:
        for item in store.outbox.for_inquiry(inquiry.id):
            with store.db.session() as s:
                # delivered lately, so only the inquiry's own age decides
                s.execute("UPDATE outbox SET status = 'done', done_at = ? WHERE id = ?",
                          (store.db.to_db_time(NOW), item.id))  # fmt: skip
    set_time(store, "inquiries", "closed_at", closed, "id = ?", inquiry.id)
    return inquiry.id


def test_each_kind_goes_after_its_own_retention_and_younger_rows_stay(store: Store) -> None:
    for user, age in (("line:old", 8 * DAY), ("line:young", 6 * DAY)):
        store.contexts.save(user, Context(updated=NOW - age))
        set_time(store, "contexts", "updated_at", NOW - age, "user_key = ?", user)
    for event, age in (("old", 8 * DAY), ("young", 6 * DAY)):
        store.claim_event("line", event)
        set_time(store, "processed_events", "seen_at", NOW - age, "event_id = ?", event)
    for status, age, key in (("done", 31, "d-old"), ("done", 29, "d-young"),
                             ("failed", 91, "f-old"), ("failed", 89, "f-young")):  # fmt: skip
        item = store.outbox.enqueue("web.deliver", {}, ordering_key=key, idem_key=key)
        with store.db.session() as s:
            s.execute("UPDATE outbox SET status = ?, done_at = ? WHERE id = ?",
                      (status, store.db.to_db_time(NOW - age * DAY), item))  # fmt: skip
    old = closed_inquiry(store, NOW - 366 * DAY)
    young = closed_inquiry(store, NOW - 364 * DAY)
    waiting = closed_inquiry(store, NOW - 400 * DAY, finish_outbox=False)
    still_open = store.desk.open_inquiry("web", "visitor", "まだ答えを待っています", "").id
    set_time(store, "inquiries", "created_at", NOW - 500 * DAY, "id = ?", still_open)

    report = prune(store.db, RETENTION, NOW)

    assert report.finished
    assert report.removed["contexts"] == 1
    assert store.contexts.load("line:old") is None
    assert store.contexts.load("line:young") is not None
    assert report.removed["event_ids"] == 1
    assert store.claim_event("line", "old") is True  # forgotten
    assert store.claim_event("line", "young") is False  # still remembered
    assert report.removed["outbox_delivered"] == 1
    assert report.removed["outbox_failed"] == 1
    assert count(store, "outbox", "idem_key IN ('d-young', 'f-young')") == 2
    assert report.removed["inquiries"] == 1
    assert store.desk.get_inquiry(old) is None
    assert count(store, "inquiry_messages", "inquiry_id = ?", old) == 0
    assert count(store, "outbox", "inquiry_id = ?", old) == 0
    for kept in (young, waiting, still_open):
        assert store.desk.get_inquiry(kept) is not None
        assert count(store, "inquiry_messages", "inquiry_id = ?", kept) >= 1


def test_the_time_limit_stops_between_batches_and_the_next_run_goes_on(store: Store) -> None:
    for n in range(5):
        store.contexts.save(f"line:U{n}", Context(updated=NOW - 30 * DAY))
    set_time(store, "contexts", "updated_at", NOW - 30 * DAY, "1 = 1")
    ticks = iter(range(100))

    stopped = prune(store.db, RETENTION, NOW, time_limit=2.5, batch=2,
                    monotonic=lambda: float(next(ticks)))  # fmt: skip
    assert not stopped.finished
    assert stopped.removed["contexts"] == 4  # two batches of two, then out of time
    assert count(store, "contexts") == 1

    rest = prune(store.db, RETENTION, NOW, batch=2)
    assert rest.finished
    assert rest.removed["contexts"] == 1
    assert count(store, "contexts") == 0


def test_nothing_due_removes_nothing(store: Store) -> None:
    store.contexts.save("line:U1", Context(updated=NOW))
    report = store.prune(RETENTION)
    assert report.total == 0
    assert count(store, "contexts") == 1


def test_store_prune_command_for_operators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bot.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        store.contexts.save("line:old", Context(updated=NOW))
        set_time(store, "contexts", "updated_at", NOW - 1000 * DAY, "1 = 1")
        store.contexts.save("line:young", Context(updated=NOW))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("RETAIN_CONTEXTS_DAYS", "30")

    assert main(["store", "prune"]) == 0

    out = capsys.readouterr().out
    assert "会話の文脈 1件" in out
    with open_store(f"sqlite:///{path}") as store:
        assert store.contexts.load("line:old") is None
        assert store.contexts.load("line:young") is not None


def test_finished_line_inbox_rows_go_with_the_event_ids_and_pending_ones_stay(store: Store) -> None:
    with store.db.session() as s:
        for event_id, status, done in (("old-done", "done", NOW - 8 * DAY),
                                       ("young-done", "done", NOW - 6 * DAY),
                                       ("old-pending", "pending", None)):  # fmt: skip
            s.execute(
                "INSERT INTO line_inbox (event_id, user_id, kind, token_at, status, lease_until,"
                " received_at, done_at) VALUES (?, 'U1', 'text', ?, ?, ?, ?, ?)",
                (event_id, store.db.to_db_time(NOW - 30 * DAY), status,
                 store.db.to_db_time(NOW - 30 * DAY), store.db.to_db_time(NOW - 30 * DAY),
                 None if done is None else store.db.to_db_time(done)),
            )  # fmt: skip

    report = prune(store.db, RETENTION, NOW)

    assert report.removed["line_inbox"] == 1
    with store.db.session() as s:
        left = {row[0] for row in s.fetchall("SELECT event_id FROM line_inbox")}
    assert left == {"young-done", "old-pending"}
