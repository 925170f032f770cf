"""A Bot that records what the web layer handed it, for tests of the web routes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.bot import Bot
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
