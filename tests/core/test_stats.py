"""Figures over the plans (bot/core/answer/stats.py): worked out from the knowledge,
with what they were worked out from."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge


@pytest.fixture
def bot() -> Bot:
    return Bot(load_knowledge(), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26))


def ask(bot: Bot, text: str) -> str:
    return bot.handle(Message("test", "u", text)).text


def test_average_period_lists_each_plan(bot: Bot) -> None:
    answer = ask(bot, "6つの計画の計画期間を平均すると何年くらいになりますか")
    assert "約3年7か月" in answer and "1301日" in answer
    assert answer.count("\n・") == 6


def test_longest_and_shortest_period_apart(bot: Bot) -> None:
    answer = ask(bot, "計画期間の最長と最短の差はどれくらい?")
    assert "1004日" in answer and answer.count("その差は") == 1


def test_average_changes_and_rounds_apart(bot: Bot) -> None:
    assert "平均1.3回" in ask(bot, "1計画あたりの変更回数の平均は?")
    assert "19回分" in ask(bot, "認定の回でいちばん古い回と新しい回、何回分離れてますか")
    assert "1476日" in ask(bot, "最初の認定から最後の認定まで、どれくらい間があいてますか")


def test_in_english(bot: Bot) -> None:
    assert "1301 days" in ask(bot, "What is the average length of the plan periods?")
