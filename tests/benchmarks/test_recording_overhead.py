"""What the office's recording adds to each answer (`make bench`).

The baseline, measured in the same run on the same store: the service's core
Bot (contexts, rate limit on the store) answering a question. Against it:
LiveBot (the Bot the channels use), which also reads the learned-alias
version and records the question with its outcome. Also: how long a learned
alias takes to be in use (validate + store + rebuild), and the queue's
grouping of 500 open questions. Printed as medians and p99, with ratios.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from bot.analytics.aliases import check_alias
from bot.analytics.grouping import group_questions
from bot.analytics.live import LiveBot
from bot.analytics.records import QuestionRecord
from bot.app import build_bot
from bot.core.types import Message
from bot.knowledge import load_knowledge
from bot.store import Store
from tests.benchmarks.test_store import bench_store  # noqa: F401  (a fixture)

ROUNDS = 300
QUESTIONS = ["DMOの計画はいつまで?", "パラレルワークの概要", "ごみの日は?", "認定日は?"]


def timed(call: Callable[[int], object], rounds: int = ROUNDS) -> list[float]:
    out = []
    for i in range(rounds):
        t0 = time.perf_counter()
        call(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p99(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.99) - 1]


def test_recording_overhead_per_answer(bench_store: Store) -> None:  # noqa: F811
    kb = load_knowledge()
    today = lambda: dt.date(2026, 11, 26)  # noqa: E731
    core = build_bot(kb, bench_store, today)
    live = LiveBot(kb, lambda merged: build_bot(merged, bench_store, today), bench_store.analytics)

    def ask(bot: object, prefix: str) -> Callable[[int], object]:
        return lambda i: bot.handle(  # type: ignore[attr-defined]
            Message("web", f"{prefix}{i % 50}", QUESTIONS[i % len(QUESTIONS)])
        )

    timed(ask(core, "warm"), 40)
    base = timed(ask(core, "core"))
    with_recording = timed(ask(live, "live"))
    b, r = statistics.median(base), statistics.median(with_recording)
    print(
        f"\n[{bench_store.dialect}] answer, core Bot (baseline): median {b:.2f} ms, p99 "
        f"{p99(base):.2f} ms; LiveBot (records): median {r:.2f} ms, p99 {p99(with_recording):.2f}"
        f" ms; ratio {r / b:.2f}x"
    )

    t0 = time.perf_counter()
    checked = check_alias(live.kb, "dmo-tourism", "雪灯りまつり")
    bench_store.analytics.add_alias(checked.plan_id, checked.phrase, "U0BENCH", {})
    live.refresh()
    learned = (time.perf_counter() - t0) * 1000
    print(f"[{bench_store.dialect}] a learned alias validated, stored and in use: {learned:.0f} ms")


def test_grouping_500_open_questions() -> None:
    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    texts = [f"{w}はいつですか" for w in ("ごみの日", "雪灯りまつり", "市長の名前", "図書館")]
    records = [
        QuestionRecord(n, "line", f"t{n}", texts[n % 4] + "?" * (n % 3), "out_of_scope", "x",
                       (), None, None, "open", now)
        for n in range(500)
    ]  # fmt: skip
    runs = timed(lambda i: group_questions(records), 20)
    print(f"\ngrouping 500 open questions: median {statistics.median(runs):.1f} ms, "
          f"p99 {p99(runs):.1f} ms")  # fmt: skip
    assert len(group_questions(records)) == 4
