"""How long loading and validating a large knowledge directory takes, and how much
memory the result holds. Run with `make bench`; the target is under 2 s for
10,000 plans."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.loader import _fast_load
from tests.benchmarks.kbgen import generate_knowledge

PLANS = 10_000
RUNS = 7
TARGET_S = 2.0


@pytest.fixture(scope="module")
def big_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("kb10k")
    generate_knowledge(PLANS, directory, seed=0)
    return directory


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _timed(fn, runs: int = RUNS) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def test_load_and_validate_10k_plans(big_dir: Path) -> None:
    size_mb = sum(f.stat().st_size for f in big_dir.iterdir()) / 1e6
    samples = _timed(lambda: load_knowledge(big_dir))
    median, p99 = statistics.median(samples), _p99(samples)
    print(
        f"\nload_knowledge, {PLANS} plans ({size_mb:.1f} MB of YAML), {RUNS} runs:"
        f" median {median:.3f} s, p99 {p99:.3f} s"
        f" — target {TARGET_S:.0f} s {'met' if median < TARGET_S else 'NOT MET'}"
    )
    # where the time goes: parsing the YAML alone
    text = (big_dir / "plans.yaml").read_text(encoding="utf-8")
    parse = _timed(lambda: _fast_load(text), runs=3)
    print(f"  of which plans.yaml parse alone: median {statistics.median(parse):.3f} s")

    kb = load_knowledge(big_dir)
    assert len(kb.plans) == PLANS
    assert len(kb.by_id) == PLANS


def test_memory_of_10k_plans(big_dir: Path) -> None:
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        kb = load_knowledge(big_dir)
        gc.collect()
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    retained_mb = (retained - before) / 1e6
    peak_mb = (peak - before) / 1e6
    print(
        f"\nmemory, {PLANS} plans: retained {retained_mb:.1f} MB"
        f" ({(retained - before) / PLANS / 1e3:.1f} kB a plan), peak while loading {peak_mb:.1f} MB"
    )
    assert len(kb.plans) == PLANS
