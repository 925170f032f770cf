"""The project's own golden questions (tests/golden/questions.jsonl): every kind
of question the bot answers, in many phrasings, judged like the shared eval."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge
from tests.golden.judge import judge, plans_named

QUESTIONS = [
    json.loads(line)
    for line in (Path(__file__).parent / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def answers() -> dict[str, str]:
    """All questions through one bot, in file order: a user's lines are one
    conversation, as in the shared evaluation."""
    bot = Bot(load_knowledge(), MemoryContextStore(), today=lambda: TODAY)
    return {
        q["id"]: bot.handle(Message("test", q.get("user", "eval"), q["text"])).text
        for q in QUESTIONS
    }


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_golden_question(question: dict, answers: dict[str, str]) -> None:
    reasons = judge(question["expect"], answers[question["id"]])
    assert not reasons, f"{question['text']!r} → {answers[question['id']]!r}: {reasons}"


def test_golden_set_covers_every_kind() -> None:
    kinds = {q["cat"] for q in QUESTIONS}
    assert kinds >= {
        "cert", "round", "change", "period", "status", "summary", "partners", "contact",
        "list", "aggregate", "scheme", "out_of_scope", "smalltalk", "english",
        "conversation", "ambiguous", "bad_input",
    }  # fmt: skip


def test_judge_can_fail() -> None:
    """The judge rejects a wrong date and an answer naming two plans."""
    assert judge({"all": [["D:2019-03-29"]]}, "令和2年3月30日です")
    assert judge({"plans_max": 1}, "DMOと6次産業化の計画")
    assert plans_named("平成31年3月29日") == set()
