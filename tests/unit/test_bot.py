"""The core's front door with input nobody should send, and the CLI contract."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
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


def run_cli(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)  # fmt: skip


def test_ask_prints_the_answer() -> None:
    result = run_cli("ask", "DMOの計画はいつまで?")
    assert result.returncode == 0 and "令和4年3月31日" in result.stdout


def test_ask_json_carries_intent_plans_and_suggestions() -> None:
    data = json.loads(run_cli("ask", "--json", "DMOの計画はいつまで?").stdout)
    assert data["intent"] == "plan.period" and data["plans"] == ["dmo-tourism"]
    assert data["suggestions"] and {"label", "text"} <= set(data["suggestions"][0])


def test_ask_jsonl_one_line_out_per_line_in_even_for_garbage() -> None:
    lines = ['{"user": "a", "text": "DMOの計画について"}', "not json",
             '{"user": "a", "text": "いつまで?"}', '{"text": 5}']  # fmt: skip
    result = run_cli("ask", "--jsonl", "--today", "2026-11-26", stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert "令和4年3月31日" in out[2]["answer"]  # the user's lines form one conversation


def test_today_decides_whether_a_plan_runs() -> None:
    during = run_cli("ask", "--today", "2021-01-01", "DMOの計画は実施中?")
    assert "実施中" in during.stdout and "終了" not in during.stdout.split("。")[0]


def test_bad_today_is_a_clear_error() -> None:
    result = run_cli("ask", "--today", "2026-13-01", "DMO")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_reads_lines_and_picks_suggestions_by_number() -> None:
    result = run_cli("chat", "--today", "2026-11-26", stdin="DMOの計画について\n1\nexit\n")
    assert result.returncode == 0
    assert "計画期間" in result.stdout and "令和4年3月31日" in result.stdout
