"""The figures as `python -m bot report` prints them, as text or JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.analytics.grouping import QueueGroup
from bot.analytics.records import (
    AMBIGUOUS,
    ANSWERED,
    HANDOFF,
    OUT_OF_SCOPE,
    Figures,
)
from bot.knowledge.era import to_wareki
from bot.knowledge.models import KnowledgeBase


def report_json(figures: Figures, kb: KnowledgeBase) -> dict[str, Any]:
    """Exactly the keys the issue gives (top_plans items: id, title, questions)."""
    return {
        "questions": figures.questions,
        "answered": figures.outcomes[ANSWERED],
        "ambiguous": figures.outcomes[AMBIGUOUS],
        "out_of_scope": figures.outcomes[OUT_OF_SCOPE],
        "handoffs": figures.outcomes[HANDOFF],
        "feedback": {"up": figures.up, "down": figures.down},
        "top_plans": [
            {"id": plan_id, "title": _title(kb, plan_id), "questions": n}
            for plan_id, n in figures.top_plans
        ],
    }


def report_text(figures: Figures, kb: KnowledgeBase, queue: list[QueueGroup]) -> str:
    since = f"{to_wareki(figures.since)}から" if figures.since else "記録の始めから"
    lines = [
        f"{since}{to_wareki(figures.until)}までの集計",
        f"質問: {figures.questions}件"
        f"（回答 {figures.outcomes[ANSWERED]}件、どの計画か確認 {figures.outcomes[AMBIGUOUS]}件、"
        f"対象外 {figures.outcomes[OUT_OF_SCOPE]}件、担当者へ {figures.outcomes[HANDOFF]}件）",
        f"評価: 役に立った {figures.up}件、役に立たなかった {figures.down}件",
        f"対応中のお問い合わせ: {figures.open_inquiries}件",
        f"最初の職員の返信までの時間（中央値）: {duration(figures.median_first_reply)}",
        "よく聞かれた計画:",
    ]
    lines += [f"  {_title(kb, p)}: {n}件" for p, n in figures.top_plans] or ["  （まだありません）"]
    lines.append("未回答の質問（多い順）:")
    lines += [f"  {g.text}（{g.count}件）" for g in queue[:10]] or ["  （ありません）"]
    return "\n".join(lines)


def duration(value: dt.timedelta | None) -> str:
    if value is None:
        return "記録なし"
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}分"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}時間{minutes}分"
    days, hours = divmod(hours, 24)
    return f"{days}日{hours}時間"


def _title(kb: KnowledgeBase, plan_id: str) -> str:
    return kb.by_id[plan_id].title if plan_id in kb.by_id else plan_id
