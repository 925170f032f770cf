"""A Bot and an inbox that record what the web layer handed them, for tests of
the web routes."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.channels.web.identity import COOKIE_NAME, BrowserIds
from bot.core.bot import Bot
from bot.core.inquiry import InquiryMessage
from bot.core.types import MemoryContextStore, Message, Reply, Suggestion
from bot.knowledge import load_knowledge


@dataclass
class Call:
    method: str
    message: Message
    thread: int


def echo(message: Message) -> Reply:
    """Answers with the visitor's own text, as a real answer may quote it."""
    return Reply(
        text=f"「{message.text}」について\nお答えします。",
        intent="echo",
        plans=("plan-a",),
        suggestions=(Suggestion(label="<b>次へ</b>", text=f"{message.text} の続き"),),
        facts=("city.contact.phone",),
    )


class RecordingBot(Bot):
    """A real Bot (real knowledge base) whose answers are scripted and whose
    calls are recorded with the thread that made them."""

    def __init__(self, answer: Callable[[Message], Reply] = echo) -> None:
        super().__init__(load_knowledge(), MemoryContextStore())
        self.answer = answer
        self.calls: list[Call] = []

    def handle(self, message: Message) -> Reply:
        self.calls.append(Call("handle", message, threading.get_ident()))
        return self.answer(message)

    def greet(self, message: Message) -> Reply:
        self.calls.append(Call("greet", message, threading.get_ident()))
        return Reply(
            text="ようこそ。\n<i>ご質問をどうぞ。</i>",
            intent="greeting",
            suggestions=(Suggestion(label="電話番号", text="電話番号は？"),),
        )


def inbox_message(
    message_id: int,
    inquiry_id: int,
    author: str,
    text: str,
    *,
    notice: str | None = None,
    at: dt.datetime = dt.datetime(2026, 4, 1, 0, 30, tzinfo=dt.UTC),
) -> InquiryMessage:
    """A message as the store's desk returns it, delivered."""
    return InquiryMessage(
        id=message_id,
        inquiry_id=inquiry_id,
        author=author,
        author_id="U0STAFF",
        text=text,
        notice=notice,
        created_at=at,
        slack_ts=None,
        delivered_at=at,
        delivery_error=None,
    )


@dataclass
class RecordingInbox:
    """Answers web_inbox with `messages` (those after `after_id`) and records
    each call as (user_key, after_id, limit); raises `fail` when set."""

    messages: list[InquiryMessage] = field(default_factory=list)
    fail: Exception | None = None
    calls: list[tuple[str, int, int]] = field(default_factory=list)

    def web_inbox(self, user_key: str, after_id: int = 0, limit: int = 100) -> list[InquiryMessage]:
        self.calls.append((user_key, after_id, limit))
        if self.fail is not None:
            raise self.fail
        return [m for m in self.messages if m.id > after_id][:limit]


# The web routes under test sign cookies with this key, so a test can ask as
# a browser of its choosing (what the page does after its first greeting).
TEST_IDS = BrowserIds(b"test-cookie-key-" * 2)


def as_browser(browser_id: str) -> dict[str, str]:
    """The Cookie header a browser with this id sends."""
    return {"cookie": f"{COOKIE_NAME}={TEST_IDS.signed(browser_id)}"}
