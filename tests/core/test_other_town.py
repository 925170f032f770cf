"""Another town copies the bot by writing its own knowledge: nothing about
Nagai may be left in what its residents read."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
OTHER_PLAN = """plans:
  - id: snow-tourism
    title: 雪と温泉を活かした冬の観光振興計画
    certification:
      date: 2021-06-22
      round: 60
    changes: []
    period:
      start: 2021-06-22
      end: 2030-03-31
    summary: |-
      冬の観光客を増やすため、温泉と雪遊びを組み合わせた旅行商品を開発します。
    partners: []
    status: current
"""


def test_another_towns_knowledge_speaks_of_that_town(tmp_path: Path) -> None:
    shutil.copy(KNOWLEDGE / "city.yaml", tmp_path / "city.yaml")
    city = (tmp_path / "city.yaml").read_text(encoding="utf-8")
    city = city.replace("publisher: 長井市", "publisher: 白鷹町")
    city = city.replace("山形県長井市ままの上5番1号", "山形県西置賜郡白鷹町大字荒砥甲833番地")
    (tmp_path / "city.yaml").write_text(city, encoding="utf-8")
    (tmp_path / "plans.yaml").write_text(OTHER_PLAN, encoding="utf-8")
    bot = Bot(load_knowledge(tmp_path), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26))

    texts = [bot.handle(Message("t", "u", q)).text for q in (
        "はじめまして", "温泉の計画はいつまで?", "問い合わせ先", "白鷹町の地域再生計画について教えて",
        "ごみの出し方", "地域再生制度とは")]  # fmt: skip
    assert "令和12年3月31日" in texts[1] and "実施中" in texts[1]
    assert all("長井" not in text for text in texts), texts
    assert "白鷹町" in texts[0] and "白鷹町" in texts[2]
    assert "雪と温泉" in texts[3]  # the town's own name is no plan's name
