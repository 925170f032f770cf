"""The core's front door with input nobody should send (the CLI contract: tests/cli)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge

BAD_INPUT = ["", "   \n\t ", "😀" * 50, "<script>alert('x')</script>", "\x00\x07\x1b[31m",
             "あ" * 10_000, "DMO" * 3000, "？？？", "\u200b\u200b", "1" * 5000]  # fmt: skip


@pytest.fixture(scope="module")
def bot() -> Bot:
    return Bot(load_knowledge(), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26))


@pytest.mark.parametrize("text", BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_gets_a_polite_answer(bot: Bot, text: str) -> None:
    reply = bot.handle(Message("test", "bad", text))
    assert reply.text and ("ます" in reply.text or "です" in reply.text)
    assert reply.intent != "error"


def test_html_is_never_echoed(bot: Bot) -> None:
    assert "<script>" not in bot.handle(Message("test", "x", "<script>alert(1)</script>")).text


def test_an_unexpected_error_is_an_apology_not_a_traceback(bot: Bot, caplog) -> None:
    broken = Bot(bot.kb, MemoryContextStore())
    broken.parser = None  # type: ignore[assignment]
    reply = broken.handle(Message("test", "x", "DMOの計画はいつまで?"))
    assert reply.intent == "error" and "申し訳ありません" in reply.text
    assert "answering failed" in caplog.text
