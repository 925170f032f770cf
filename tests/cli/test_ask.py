"""`python -m bot ask` and `python -m bot chat` as a user runs them: a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def test_ask_json_shows_every_filter_the_question_set() -> None:
    """A miss can be seen in the query: a month, an order and a limit all appear."""
    month = json.loads(run_cli("ask", "--json", "12月に認定された計画は?").stdout)["query"]
    assert month["kind"] == "aggregate" and month["filters"]["month"] == ["certified", 12]
    first = json.loads(run_cli("ask", "--json", "認定が遅い順に3つ教えて").stdout)["query"]
    assert first["filters"]["order"] == "newest" and first["filters"]["limit"] == 3
    assert "status" not in first["filters"]  # filters left unset are left out


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


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    """`python -m bot ask --jsonl < many | head -1`"""
    import subprocess
    import sys

    # ~10 KB in (fits the pipe), ~200 KB out: the bot is still writing when we leave
    lines = "".join(f'{{"user": "u{i}", "text": "計画の一覧"}}\n' for i in range(200))
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--jsonl"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(lines.encode())
    proc.stdin.close()
    first = proc.stdout.readline()
    proc.stdout.close()  # like head -1
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert first.startswith(b"{")
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
