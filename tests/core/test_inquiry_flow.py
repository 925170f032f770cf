"""The resident's side of the hand-off to staff, with a desk that records what
it was given (the store's desk is tested in tests/store)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from bot.core.bot import Bot
from bot.core.inquiry import Inquiry
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge


@dataclass
class RecordingDesk:
    inquiries: dict[int, Inquiry] = field(default_factory=dict)
    answers: dict[int, str] = field(default_factory=dict)
    messages: list[tuple[int, str]] = field(default_factory=list)

    def open_inquiry(self, channel: str, user: str, text: str, bot_answer: str) -> Inquiry:
        inquiry = Inquiry(len(self.inquiries) + 1, channel, user, text, "open")
        self.inquiries[inquiry.id] = inquiry
        self.answers[inquiry.id] = bot_answer
        return inquiry

    def get_inquiry(self, inquiry_id: int) -> Inquiry | None:
        return self.inquiries.get(inquiry_id)

    def add_resident_message(self, inquiry_id: int, text: str) -> None:
        self.messages.append((inquiry_id, text))

    def close(self, inquiry_id: int) -> None:
        old = self.inquiries[inquiry_id]
        self.inquiries[inquiry_id] = Inquiry(old.id, old.channel, old.user_id, old.text, "closed")


@dataclass
class CountingLimiter:
    limits: dict[str, int] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def allow(self, key: str, action: str, limit: int, window: dt.timedelta) -> bool:
        self.counts[key, action] = self.counts.get((key, action), 0) + 1
        return self.counts[key, action] <= self.limits.get(action, limit)


@pytest.fixture
def desk() -> RecordingDesk:
    return RecordingDesk()


@pytest.fixture
def limiter() -> CountingLimiter:
    return CountingLimiter()


@pytest.fixture
def ask(desk, limiter):
    bot = Bot(load_knowledge(), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26),
              desk=desk, limiter=limiter)  # fmt: skip
    return lambda text, user="U1": bot.handle(Message("line", user, text))


def labels(reply) -> list[str]:
    return [s.label for s in reply.suggestions]


def test_fallback_offers_staff_then_confirms_then_stores_before_acknowledging(ask, desk) -> None:
    fallback = ask("粗大ごみの出し方を知りたい")
    assert "担当者に問い合わせる" in labels(fallback)
    confirm = ask("担当者に問い合わせたい")
    assert confirm.intent == "handoff.confirm"
    assert "粗大ごみの出し方を知りたい" in confirm.text
    assert labels(confirm) == ["送信する", "やめる"]
    assert desk.inquiries == {}  # nothing is sent before the resident confirms
    done = ask("送信する")
    assert done.intent == "handoff.accepted"
    (inquiry,) = desk.inquiries.values()
    assert inquiry.text == "粗大ごみの出し方を知りたい" and inquiry.user_id == "U1"
    assert f"受付番号は {inquiry.id}" in done.text
    assert load_knowledge().city.contact.phone in done.text
    assert "申し訳ありません" in desk.answers[inquiry.id]  # what the bot had answered


def test_typed_request_with_the_question_in_it(ask, desk) -> None:
    confirm = ask("バス停の場所について担当者と話したいです")
    assert confirm.intent == "handoff.confirm" and "バス停の場所" in confirm.text
    ask("はい")
    assert len(desk.inquiries) == 1


def test_bare_request_asks_for_the_text(ask, desk) -> None:
    first = ask("担当者と話したい")
    assert first.intent == "handoff.ask_text"
    confirm = ask("計画の資料を紙でもらえますか")
    assert confirm.intent == "handoff.confirm"
    ask("送信する")
    assert [i.text for i in desk.inquiries.values()] == ["計画の資料を紙でもらえますか"]


def test_cancel_sends_nothing(ask, desk) -> None:
    ask("明日は雨ですか")
    ask("担当者に問い合わせたい")
    assert ask("やめる").intent == "handoff.cancelled"
    assert ask("送信する").intent != "handoff.accepted"
    assert desk.inquiries == {}


def test_while_open_messages_go_to_the_inquiry_until_back_to_bot(ask, desk) -> None:
    ask("市長に意見を伝えたい")
    ask("担当者に問い合わせたい")
    ask("送信する")
    forwarded = ask("DMOの計画はいつまで?")  # goes to staff, not to the matcher
    assert forwarded.intent == "handoff.forwarded"
    assert desk.messages == [(1, "DMOの計画はいつまで?")]
    assert ask("ボットに戻る").intent == "handoff.back_to_bot"
    assert "令和4年3月31日" in ask("DMOの計画はいつまで?").text


def test_closed_inquiry_returns_the_resident_to_the_bot(ask, desk) -> None:
    ask("市長に意見を伝えたい")
    ask("担当者に問い合わせたい")
    ask("送信する")
    desk.close(1)
    assert "令和4年3月31日" in ask("DMOの計画はいつまで?").text
    assert desk.messages == []


def test_a_plan_question_while_confirming_is_answered(ask, desk) -> None:
    ask("明日は雨ですか")
    ask("担当者に問い合わせたい")
    assert "令和4年3月31日" in ask("DMOの計画はいつまで?").text
    assert desk.inquiries == {}


def test_users_are_kept_apart(ask, desk) -> None:
    ask("市長に意見を伝えたい", user="A")
    ask("担当者に問い合わせたい", user="A")
    ask("送信する", user="B")
    assert desk.inquiries == {}


def test_rate_limits_answer_politely(ask, desk, limiter) -> None:
    limiter.limits["inquiry"] = 0
    ask("市長に意見を伝えたい")
    ask("担当者に問い合わせたい")
    reply = ask("送信する")
    assert reply.intent == "handoff.limited" and "電話" in reply.text
    assert desk.inquiries == {}
    limiter.limits["message"] = 0
    assert ask("DMOの計画はいつまで?").intent == "rate_limited"


def test_without_a_desk_the_request_gets_the_contact_details() -> None:
    bot = Bot(load_knowledge(), MemoryContextStore())
    reply = bot.handle(Message("cli", "u", "担当者と話したい"))
    assert load_knowledge().city.contact.phone in reply.text


def button(reply, label: str) -> str:
    """The text a tapped button sends."""
    return next(s.text for s in reply.suggestions if s.label == label)


def test_an_old_send_button_opens_no_inquiry(ask, desk) -> None:
    ask("粗大ごみの出し方を知りたい")
    confirm = ask("担当者に問い合わせたい")
    send = button(confirm, "送信する")
    assert ask(send).intent == "handoff.accepted"
    ask("ボットに戻る")
    again = ask(send)  # the same button, pressed again later
    assert again.intent == "handoff.stale"
    assert len(desk.inquiries) == 1
    # nor does it become the question a later hand-off would send
    assert ask("担当者に問い合わせたい").intent == "handoff.ask_text"


def test_a_send_button_applies_only_to_its_own_draft(ask, desk) -> None:
    ask("粗大ごみの出し方を知りたい")
    first = ask("担当者に問い合わせたい")
    ask("やめる")
    second = ask("バス停の場所について担当者に問い合わせたい")
    assert ask(button(first, "送信する")).intent == "handoff.stale"
    assert desk.inquiries == {}
    assert ask(button(second, "送信する")).intent == "handoff.accepted"  # positive control
    assert [i.text for i in desk.inquiries.values()] == ["バス停の場所について担当者に問い合わせたい"]


def test_send_with_nothing_waiting_is_said_so(ask, desk) -> None:
    reply = ask("送信する")
    assert reply.intent == "handoff.nothing_to_send" and desk.inquiries == {}


def test_a_quiet_inquiry_lets_the_bot_answer_again(desk, limiter) -> None:
    clock = [dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)]
    bot = Bot(load_knowledge(), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26),
              now=lambda: clock[0], desk=desk, limiter=limiter)  # fmt: skip

    def ask(text: str):  # type: ignore[no-untyped-def]
        return bot.handle(Message("line", "U9", text))

    ask("粗大ごみの出し方を知りたい")
    ask("担当者に問い合わせたい")
    ask("送信する")
    assert ask("DMOの計画はいつまで?").intent == "handoff.forwarded"  # still with staff
    clock[0] += dt.timedelta(days=4)
    later = ask("DMOの計画はいつまで?")
    assert later.intent.startswith("plan") and "令和4年3月31日" in later.text
    assert "受付番号 1" in later.text and "担当者に問い合わせる" in later.text
    assert len(desk.messages) == 1  # only the message sent while it was open


def test_a_resident_who_blocks_and_comes_back_is_told_the_open_inquiry(desk, limiter) -> None:
    bot = Bot(load_knowledge(), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26),
              desk=desk, limiter=limiter)  # fmt: skip
    ask = lambda text: bot.handle(Message("line", "U7", text))  # noqa: E731
    ask("粗大ごみの出し方を知りたい")
    ask("担当者に問い合わせたい")
    ask("送信する")
    bot.forget("line:U7")  # unfollow
    again = bot.greet(Message("line", "U7", ""))
    assert "受付番号 1" in again.text
    assert ask("追加で質問です").intent == "handoff.forwarded"
    desk.close(1)  # positive control: once closed, a re-follow is a plain greeting
    bot.forget("line:U7")
    assert "受付番号" not in bot.greet(Message("line", "U7", "")).text
