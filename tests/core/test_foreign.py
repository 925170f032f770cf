"""Questions in Korean, Chinese and Portuguese (bot/core/foreign.py): the plan's facts
come back (in Japanese, or in English for Portuguese), and a question about something
else in those languages still names no plan."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.bot import Bot
from bot.core.foreign import ForeignReader, names_from
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge


@pytest.fixture
def bot() -> Bot:
    return Bot(load_knowledge(), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26))


def ask(bot: Bot, text: str, user: str = "u") -> str:
    return bot.handle(Message("test", user, text)).text


def test_korean_certification_day(bot: Bot) -> None:
    assert "令和2年3月30日" in ask(bot, "파라렐 워크 인재 유치 계획은 언제 인정됐어요?")


def test_korean_round_and_period(bot: Bot) -> None:
    assert "第51回" in ask(bot, "DMO 계획은 제 몇 회 인정이에요?")
    assert "平成31年3月31日" in ask(bot, "일자리 창출 이노베이션 계획은 언제까지였어요?")


def test_korean_about_something_else_names_no_plan(bot: Bot) -> None:
    answer = ask(bot, "쓰레기 분리수거 방법 알려 주세요")
    assert "計画」" not in answer and "年" not in answer


def test_chinese_list_of_changed_plans(bot: Bot) -> None:
    answer = ask(bot, "变更过的计画有哪些?请列出来")
    assert "4件" in answer and "パラレルワーク" not in answer


def test_chinese_follow_up_in_a_conversation(bot: Bot) -> None:
    ask(bot, "你好,我想了解一下长井市的6次产业化计划", user="c")
    assert "平成31年3月29日" in ask(bot, "什么时候认定的?", user="c")


def test_portuguese_is_answered_in_english(bot: Bot) -> None:
    answer = ask(bot, "Até quando vai o plano do centro de intercâmbio (まちなか交流施設)?")
    assert "March 31, 2024" in answer


def test_japanese_and_english_are_left_as_they_are() -> None:
    reader = ForeignReader(names_from(load_knowledge()))
    for text in ("DMOの計画の認定日は?", "When was the DMO plan certified?", "実施中の計画は?"):
        assert reader.readable(text) == text


def test_the_names_come_from_the_knowledge() -> None:
    names = dict(names_from(load_knowledge()))
    assert names["파라렐 워크"] == "パラレルワーク" and names["난요시"] == "南陽市"
    assert names["trabalho paralelo"] == "parallel work"
