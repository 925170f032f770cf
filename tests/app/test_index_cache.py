"""The built plan index kept under var/cache: used when the knowledge and the
code are unchanged, rebuilt when the knowledge changes, and a corrupt file is
built over, never fatal."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from bot.app import console_bot
from bot.core.types import Message
from bot.index_cache import cache_key, cached_plan_index
from bot.knowledge import load_knowledge
from tests.benchmarks.kbgen import generate_knowledge

PLANS = 400


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("kb")
    generate_knowledge(PLANS, directory, seed=1)
    return directory


@pytest.fixture
def knowledge(source: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(source, tmp_path / "knowledge"))


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("plan-index-*.pickle"))


def _retitle(knowledge: Path, old: str, new: str) -> None:
    plans = knowledge / "plans.yaml"
    text = plans.read_text(encoding="utf-8")
    assert old in text
    plans.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_second_start_loads_the_index_the_first_built(knowledge: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    kb = load_knowledge(knowledge)
    built = cached_plan_index(kb, knowledge, cache)
    [file] = _cache_files(cache)
    loaded = cached_plan_index(kb, knowledge, cache)
    assert built is not None and loaded is not None and loaded is not built
    assert _cache_files(cache) == [file]  # read, not written again
    plan = kb.plans[7]
    assert loaded.exact_hits(plan.title.lower()) == built.exact_hits(plan.title.lower())
    assert loaded.scores("観光推進") == built.scores("観光推進")


def test_changed_knowledge_is_indexed_afresh(knowledge: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    kb = load_knowledge(knowledge)
    cached_plan_index(kb, knowledge, cache)
    before = cache_key(knowledge)
    old = kb.plans[3].title
    _retitle(knowledge, old, "最上川ぶどう園拡張計画")
    assert cache_key(knowledge) != before

    bot = console_bot_for(knowledge, cache)
    reply = bot.handle(Message("cli", "u", "最上川ぶどう園拡張計画の認定日は?"))
    assert reply.plans == (kb.plans[3].id,)  # the new title is known: not the old index
    [file] = _cache_files(cache)  # the stale file is gone
    assert cache_key(knowledge) in file.name


def console_bot_for(knowledge: Path, cache: Path):  # type: ignore[no-untyped-def]
    kb = load_knowledge(knowledge)
    from bot.core.bot import Bot
    from bot.core.types import MemoryContextStore

    return Bot(kb, MemoryContextStore(), index=cached_plan_index(kb, knowledge, cache))


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", "truncate", "other-object"])
def test_a_corrupt_cache_file_is_built_over(
    knowledge: Path, tmp_path: Path, damage: object, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    kb = load_knowledge(knowledge)
    cached_plan_index(kb, knowledge, cache)
    [file] = _cache_files(cache)
    good = file.read_bytes()
    if damage == "truncate":
        file.write_bytes(good[: len(good) // 2])
    elif damage == "other-object":
        import pickle

        file.write_bytes(pickle.dumps({"not": "an index"}))
    else:
        file.write_bytes(damage)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="bot.index_cache"):
        index = cached_plan_index(kb, knowledge, cache)
    assert index is not None
    assert index.exact_hits(kb.plans[0].title.lower())  # a working index all the same
    assert "rebuilding" in caplog.text
    assert file.read_bytes() != good[: len(good) // 2] and len(file.read_bytes()) > 1000


def test_small_knowledge_and_an_unwritable_cache_need_no_file(
    knowledge: Path, tmp_path: Path
) -> None:
    assert cached_plan_index(load_knowledge(), Path("knowledge"), tmp_path / "c") is None
    assert not (tmp_path / "c").exists()
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory should be")
    index = cached_plan_index(load_knowledge(knowledge), knowledge, blocked / "cache")
    assert index is not None and index.indexed


def test_the_console_uses_the_cache_in_var(
    knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bot = console_bot(knowledge, None)
    assert _cache_files(tmp_path / "var" / "cache")
    plan = load_knowledge(knowledge).plans[5]
    assert bot.handle(Message("cli", "u", plan.title + "の認定日は?")).plans == (plan.id,)
