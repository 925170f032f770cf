"""The inquiry desk: an inquiry is stored together with what must be sent about
it, staff answers reach the resident once, and closing tells them once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import threading

import pytest

from bot.core.bot import Bot
from bot.core.inquiry import Inquiry, InquiryDesk, RateLimiter
from bot.core.types import Message
from bot.knowledge import load_knowledge
from bot.store import Store, open_store
from tests.store import outbox_workers
from tests.store.conftest import FakeClock

LATER = dt.timedelta(minutes=10)


def open_one(store: Store, channel: str = "line", user: str = "U1") -> Inquiry:
    return store.desk.open_inquiry(channel, user, "粗大ごみの出し方を知りたい", "申し訳ありません…")


def posted(store: Store, inquiry: Inquiry, ts: str = "1700000000.000100") -> None:
    """What the worker does once it has posted the inquiry to Slack."""
    (item,) = [r for r in store.outbox.for_inquiry(inquiry.id) if r.kind == "slack.post_inquiry"]
    assert store.desk.record_slack_post(inquiry.id, "C-office", ts) is True
    store.outbox.complete(item.id, {"channel": "C-office", "ts": ts})


def kinds(store: Store, inquiry_id: int) -> list[tuple[str, dict, str, str | None]]:
    return [
        (r.kind, r.payload, r.ordering_key, r.idem_key)
        for r in store.outbox.for_inquiry(inquiry_id)
    ]


def test_the_store_implements_the_cores_ports(store: Store) -> None:
    desk: InquiryDesk = store.desk
    limiter: RateLimiter = store.limiter
    assert desk.get_inquiry(1) is None
    assert limiter.allow("line:U1", "message", 1, dt.timedelta(minutes=1)) is True


def test_opening_stores_the_inquiry_its_message_and_its_post_to_slack(
    timed: Store, clock: FakeClock
) -> None:
    inquiry = timed.desk.open_inquiry("line", "U1", "粗大ごみの出し方を知りたい", "申し訳…")

    assert (inquiry.id, inquiry.channel, inquiry.user_id, inquiry.text, inquiry.status) == (
        inquiry.id, "line", "U1", "粗大ごみの出し方を知りたい", "open"
    )
    assert timed.desk.get_inquiry(inquiry.id) == inquiry
    record = timed.desk.get_inquiry(inquiry.id)
    assert (record.user_key, record.bot_answer, record.created_at) == (
        "line:U1",
        "申し訳…",
        clock(),
    )
    assert (record.slack_channel, record.slack_ts, record.assignee) == (None, None, None)
    (first,) = timed.desk.messages(inquiry.id)
    assert (first.author, first.author_id, first.text) == ("resident", "U1", inquiry.text)
    assert kinds(timed, inquiry.id) == [
        (
            "slack.post_inquiry",
            {"inquiry_id": inquiry.id},
            f"inquiry:{inquiry.id}",
            f"post_inquiry:{inquiry.id}",
        )
    ]


def test_inquiry_numbers_grow_and_are_never_reused(store: Store) -> None:
    numbers = [open_one(store, user=f"U{i}").id for i in range(3)]
    assert numbers == sorted(set(numbers))
    with store.db.transaction() as s:  # even after the newest row goes
        s.execute("DELETE FROM outbox WHERE inquiry_id = ?", (numbers[-1],))
        s.execute("DELETE FROM inquiry_messages WHERE inquiry_id = ?", (numbers[-1],))
        s.execute("DELETE FROM inquiries WHERE id = ?", (numbers[-1],))
    assert open_one(store).id > numbers[-1]


def test_when_queueing_fails_the_inquiry_is_not_stored_either(store: Store) -> None:
    # The outbox insert fails after the inquiry's insert, in the same transaction.
    with store.db.session() as s:
        s.execute("ALTER TABLE outbox RENAME TO outbox_away")
    try:
        with pytest.raises(Exception, match=r"(?i)outbox"):
            open_one(store)
    finally:
        with store.db.session() as s:
            s.execute("ALTER TABLE outbox_away RENAME TO outbox")
    with store.db.session() as s:
        assert s.fetchone("SELECT COUNT(*) FROM inquiries") == (0,)
        assert s.fetchone("SELECT COUNT(*) FROM inquiry_messages") == (0,)
    assert store.outbox.pending_count() == 0
    assert store.desk.get_inquiry(open_one(store).id) is not None  # and it works again


def killed_at(database_url: str, stage: str) -> int | None:
    """Run outbox_workers.hang to `stage`, kill -9 it; the inquiry number it
    reported, if open_inquiry returned before the kill."""
    ctx = multiprocessing.get_context("spawn")
    ready, reported, errors = ctx.Event(), ctx.Value("q", -1), ctx.Queue()
    proc = ctx.Process(
        target=outbox_workers.hang, args=(database_url, stage, ready, reported, errors)
    )
    proc.start()
    try:
        assert ready.wait(timeout=120), "the worker never got there"
        if reported.value == -2:
            pytest.fail(errors.get(timeout=10))
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=30)
    assert proc.exitcode == -signal.SIGKILL
    return None if reported.value == -1 else int(reported.value)


def test_kill_9_in_the_middle_of_opening_leaves_nothing(database_url: str) -> None:
    assert killed_at(database_url, "mid-transaction") is None
    with open_store(database_url) as store, store.db.session() as s:
        assert s.fetchone("SELECT COUNT(*) FROM inquiries") == (0,)
        assert store.outbox.pending_count() == 0
        assert open_one(store).id >= 1  # the database is not left locked


def test_kill_9_after_storing_still_delivers_the_inquiry(database_url: str) -> None:
    inquiry_id = killed_at(database_url, "stored")
    assert isinstance(inquiry_id, int)
    with open_store(database_url) as restarted:
        assert restarted.desk.get_inquiry(inquiry_id).text == "停電の時はどうなりますか"
        (item,) = restarted.outbox.claim()
        assert (item.kind, item.payload) == ("slack.post_inquiry", {"inquiry_id": inquiry_id})


def test_kill_9_while_delivering_delivers_again_after_the_lease(database_url: str) -> None:
    inquiry_id = killed_at(database_url, "claimed")
    assert isinstance(inquiry_id, int)
    with open_store(database_url) as restarted:
        assert restarted.outbox.claim() == []  # still leased to the dead worker
        after_lease = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
        (item,) = restarted.outbox.claim(after_lease)
        assert (item.payload, item.attempts) == ({"inquiry_id": inquiry_id}, 2)


def test_resident_messages_follow_the_inquiry_into_its_thread(
    timed: Store, clock: FakeClock
) -> None:
    inquiry = open_one(timed)
    timed.desk.add_resident_message(inquiry.id, "追加で、収集日も教えてください")

    texts = [(m.author, m.text) for m in timed.desk.messages(inquiry.id)]
    assert texts[1] == ("resident", "追加で、収集日も教えてください")
    message_id = timed.desk.messages(inquiry.id)[1].id
    assert kinds(timed, inquiry.id)[1] == (
        "slack.thread_message",
        {"inquiry_id": inquiry.id, "message_id": message_id},
        f"inquiry:{inquiry.id}",
        f"resident_message:{message_id}",
    )
    # The thread message waits for the post that creates the thread.
    (post,) = timed.outbox.claim(clock())
    assert post.kind == "slack.post_inquiry"
    assert timed.outbox.claim(clock()) == []
    timed.outbox.complete(post.id)
    (follow_up,) = timed.outbox.claim(clock())
    assert follow_up.kind == "slack.thread_message"
    assert timed.desk.get_message(message_id).text == "追加で、収集日も教えてください"


def test_unknown_inquiries_are_refused(store: Store) -> None:
    with pytest.raises(LookupError):
        store.desk.add_resident_message(404, "…")
    with pytest.raises(LookupError):
        store.desk.add_staff_reply(404, "S1", "…", "1.0")
    with pytest.raises(LookupError):
        store.desk.close(404, "S1")
    with pytest.raises(LookupError):
        store.desk.assign(404, "S1")
    assert store.outbox.pending_count() == 0


def test_the_slack_thread_finds_its_inquiry_and_the_first_post_stays(store: Store) -> None:
    inquiry, other = open_one(store), open_one(store, user="U2")
    posted(store, inquiry, ts="1700000000.000100")
    assert store.desk.find_by_thread("C-office", "1700000000.000100").id == inquiry.id
    assert store.desk.find_by_thread("C-office", "1700000000.999999") is None
    assert store.desk.find_by_thread("C-other", "1700000000.000100") is None
    # A second post of the same inquiry (a worker died after posting) loses.
    assert store.desk.record_slack_post(inquiry.id, "C-office", "1700000001.000000") is False
    assert store.desk.record_slack_post(inquiry.id, "C-office", "1700000000.000100") is True
    assert store.desk.get_inquiry(inquiry.id).slack_ts == "1700000000.000100"
    assert store.desk.get_inquiry(other.id).slack_ts is None


def test_a_staff_reply_is_queued_for_the_resident_once_per_slack_message(
    timed: Store, clock: FakeClock
) -> None:
    inquiry = open_one(timed, user="U-resident")
    posted(timed, inquiry)
    message_id = timed.desk.add_staff_reply(inquiry.id, "S-staff", "収集日は毎週木曜です。", "1.5")
    assert isinstance(message_id, int)

    reply = timed.desk.get_message(message_id)
    assert (reply.author, reply.author_id, reply.text, reply.slack_ts) == (
        "staff",
        "S-staff",
        "収集日は毎週木曜です。",
        "1.5",
    )
    assert reply.delivered_at is None
    assert kinds(timed, inquiry.id)[-1] == (
        "line.push",
        {"inquiry_id": inquiry.id, "message_id": message_id},
        "resident:line:U-resident",
        "staff_reply:C-office:1.5",
    )
    # Slack retries the event: nothing is added, nothing sent twice.
    assert (
        timed.desk.add_staff_reply(inquiry.id, "S-staff", "収集日は毎週木曜です。", "1.5") is None
    )
    assert len(timed.desk.messages(inquiry.id)) == 2
    assert [k for k, *_ in kinds(timed, inquiry.id)].count("line.push") == 1
    # A second Slack message is a second reply.
    assert timed.desk.add_staff_reply(inquiry.id, "S-staff", "補足です。", "1.6") is not None
    assert [k for k, *_ in kinds(timed, inquiry.id)].count("line.push") == 2


def test_a_staff_reply_retried_at_the_same_moment_is_stored_once(store: Store) -> None:
    inquiry = open_one(store)
    posted(store, inquiry)
    start = threading.Barrier(6)
    outcomes: list[object] = []

    def reply() -> None:
        start.wait(timeout=30)
        try:
            outcomes.append(store.desk.add_staff_reply(inquiry.id, "S1", "お答えします", "2.0"))
        except Exception as error:
            outcomes.append(error)

    threads = [threading.Thread(target=reply) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes, key=repr).count(None) == 5
    assert [o for o in outcomes if o is not None and not isinstance(o, int)] == []
    assert [k for k, *_ in kinds(store, inquiry.id)].count("line.push") == 1


def test_each_channel_gets_its_own_way_back(store: Store) -> None:
    line, web, cli = open_one(store, "line"), open_one(store, "web"), open_one(store, "cli")
    for inquiry in (line, web, cli):
        posted(store, inquiry, ts=f"{inquiry.id}.0")
        store.desk.add_staff_reply(inquiry.id, "S1", "お答えします", f"{inquiry.id}.1")
    assert kinds(store, line.id)[-1][0] == "line.push"
    assert kinds(store, web.id)[-1][0] == "web.deliver"
    assert kinds(store, web.id)[-1][2] == f"resident:web:{web.user_id}"
    # The command line has no way back: nothing is queued, and the message says so.
    assert kinds(store, cli.id)[-1][0] == "slack.post_inquiry"
    assert "cli" in store.desk.messages(cli.id)[-1].delivery_error


def test_closing_twice_tells_the_resident_once(timed: Store, clock: FakeClock) -> None:
    inquiry = open_one(timed, user="U-resident")
    posted(timed, inquiry)
    clock.advance(LATER)

    assert timed.desk.close(inquiry.id, "S-staff") is True
    assert timed.desk.close(inquiry.id, "S-other") is False

    record = timed.desk.get_inquiry(inquiry.id)
    assert (record.status, record.closed_by, record.closed_at) == ("closed", "S-staff", clock())
    assert timed.desk.get_inquiry(inquiry.id).is_open is False
    notice = timed.desk.messages(inquiry.id)[-1]
    assert (notice.author, notice.notice, notice.author_id) == ("system", "closed", "S-staff")
    assert kinds(timed, inquiry.id)[1:] == [
        (
            "line.push",
            {"inquiry_id": inquiry.id, "notice": "closed", "message_id": notice.id},
            "resident:line:U-resident",
            f"closed:{inquiry.id}",
        ),
        (
            "slack.update_inquiry",
            {"inquiry_id": inquiry.id},
            f"inquiry:{inquiry.id}",
            f"update_closed:{inquiry.id}",
        ),
    ]
    assert timed.desk.list_open() == []


def test_closing_from_two_threads_at_once_closes_once(store: Store) -> None:
    inquiry = open_one(store)
    start = threading.Barrier(4)
    outcomes: list[bool] = []

    def close(staff: str) -> None:
        start.wait(timeout=30)
        outcomes.append(store.desk.close(inquiry.id, staff))

    threads = [threading.Thread(target=close, args=(f"S{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == [False, False, False, True]
    assert [k for k, *_ in kinds(store, inquiry.id)].count("line.push") == 1


def test_assigning_marks_who_answers_and_redraws_the_post(store: Store) -> None:
    first, second = open_one(store), open_one(store, user="U2")
    assert store.desk.assign(first.id, "S-tanaka") is True
    assert store.desk.assign(first.id, "S-tanaka") is False  # already theirs
    record = store.desk.get_inquiry(first.id)
    assert (record.status, record.assignee) == ("assigned", "S-tanaka")
    assert store.desk.get_inquiry(first.id).is_open
    assert [k for k, *_ in kinds(store, first.id)] == ["slack.post_inquiry", "slack.update_inquiry"]

    assert [r.id for r in store.desk.list_open()] == [first.id, second.id]
    store.desk.close(second.id, "S-tanaka")
    assert store.desk.assign(second.id, "S-suzuki") is False  # closed stays closed
    assert [r.id for r in store.desk.list_open()] == [first.id]
    assert store.desk.list_open(limit=0) == []


def test_delivery_is_recorded_on_the_message(timed: Store, clock: FakeClock) -> None:
    inquiry = open_one(timed)
    posted(timed, inquiry)
    delivered = timed.desk.add_staff_reply(inquiry.id, "S1", "お答えします", "3.0")
    refused = timed.desk.add_staff_reply(inquiry.id, "S1", "補足", "3.1")
    clock.advance(LATER)

    assert timed.desk.mark_delivered(delivered) is True
    assert timed.desk.mark_delivered(delivered) is False  # the first time counts
    assert timed.desk.mark_undeliverable(refused, "400 The user is not a friend") is True
    assert timed.desk.get_message(delivered).delivered_at == clock()
    message = timed.desk.get_message(refused)
    assert (message.delivered_at, message.delivery_error) == (None, "400 The user is not a friend")
    assert timed.desk.mark_undeliverable(delivered, "late error") is False


def test_a_web_resident_sees_delivered_replies_and_notices_in_order(store: Store) -> None:
    mine, theirs = open_one(store, "web", "visitor-1"), open_one(store, "web", "visitor-2")
    for inquiry in (mine, theirs):
        posted(store, inquiry, ts=f"{inquiry.id}.0")
    first = store.desk.add_staff_reply(mine.id, "S1", "お答えします", f"{mine.id}.1")
    store.desk.add_staff_reply(theirs.id, "S1", "別の方へ", f"{theirs.id}.1")
    store.desk.add_resident_message(mine.id, "ありがとうございます")

    assert store.desk.web_inbox("web:visitor-1") == []  # not delivered yet
    store.desk.mark_delivered(first)
    assert [m.text for m in store.desk.web_inbox("web:visitor-1")] == ["お答えします"]

    store.desk.close(mine.id, "S1")
    notice = store.desk.messages(mine.id)[-1]
    store.desk.mark_delivered(notice.id)
    inbox = store.desk.web_inbox("web:visitor-1", after_id=first)
    assert [(m.author, m.notice) for m in inbox] == [("system", "closed")]
    assert store.desk.web_inbox("web:visitor-2") == []
    assert store.desk.web_inbox("line:visitor-1") == []


def test_the_bot_stores_a_confirmed_inquiry_before_giving_its_number(store: Store) -> None:
    kb = load_knowledge()
    bot = Bot(kb, store.contexts, today=lambda: dt.date(2026, 11, 26),
              desk=store.desk, limiter=store.limiter)  # fmt: skip

    def ask(text: str) -> str:
        return bot.handle(Message("line", "U-resident", text)).text

    ask("粗大ごみの出し方を知りたい")
    ask("担当者に問い合わせたい")
    accepted = ask("送信する")
    (record,) = store.desk.list_open()
    assert f"受付番号は {record.id} です" in accepted
    assert (record.user_id, record.text) == ("U-resident", "粗大ごみの出し方を知りたい")
    ask("至急お願いします")
    assert [m.text for m in store.desk.messages(record.id)][-1] == "至急お願いします"

    store.desk.close(record.id, "S1")
    assert "受付番号" not in ask("DMOの計画はいつまで？")  # back to the bot
    assert len(store.desk.messages(record.id)) == 3  # not sent to the closed inquiry
