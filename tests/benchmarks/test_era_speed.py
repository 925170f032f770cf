"""Per-call cost of reading dates, which the matcher does for every question.
Run with `make bench`; prints median and p99 in microseconds."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from bot.knowledge.era import find_dates, parse_date, to_wareki

BATCH = 2_000
BATCHES = 50


def _per_call_us(fn: Callable[[], object]) -> tuple[float, float]:
    samples = []
    for _ in range(BATCHES):
        start = time.perf_counter()
        for _ in range(BATCH):
            fn()
        samples.append((time.perf_counter() - start) / BATCH * 1e6)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.99 * len(samples)))]


def test_date_reading_speed() -> None:
    cases: dict[str, Callable[[], object]] = {
        "parse_date 令和2年3月30日": lambda: parse_date("令和2年3月30日"),
        "parse_date 平成二十八年三月十五日": lambda: parse_date("平成二十八年三月十五日"),
        "parse_date 2020-03-30": lambda: parse_date("2020-03-30"),
        "find_dates, question with two dates": lambda: find_dates(
            "令和4年3月31日までの計画で、2019年3月29日に認定されたものは?"
        ),
        "find_dates, question without dates": lambda: find_dates(
            "パラレルワークを中心とした人材誘致計画はいつ認定?"
        ),
        "to_wareki": lambda: to_wareki(dt.date(2020, 3, 30)),
    }
    print()
    for name, fn in cases.items():
        median, p99 = _per_call_us(fn)
        print(f"{name}: median {median:.2f} µs, p99 {p99:.2f} µs")
    assert parse_date("令和2年3月30日") == dt.date(2020, 3, 30)
