"""Which plan? The candidates, each with a line of the field asked (so the
list already answers), and buttons that settle it."""

from __future__ import annotations

import datetime as dt

from bot.core import phrases as ph
from bot.core.answer.common import (
    FIELD_NAMES,
    FIELD_NAMES_EN,
    FIELD_QUESTIONS,
    LIST_LIMIT,
    date_text,
    label,
    places_en,
    status_word,
    times_en,
)
from bot.core.inquiry import ASK_STAFF
from bot.core.intents import Decision, Field
from bot.core.types import Reply, Suggestion
from bot.knowledge.models import KnowledgeBase, Plan


def clarify(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    ids = d.candidates or tuple(p.id for p in kb.plans)
    count = len(ids)
    shown = [kb.plan(pid) for pid in ids[:LIST_LIMIT]]
    field = d.fields[0] if d.fields else None
    lines = []
    for n, plan in enumerate(shown, 1):
        line = brief(plan, field, today, d, kb)
        lines.append(f"{n}. {plan.title}" + (f"\n　{line}" if line else ""))
    if d.english:
        what = FIELD_NAMES_EN[field] if field and field is not Field.OVERVIEW else None
        head = (
            f"{count} plans fit. Which plan do you mean?"
            if d.candidates
            else f"Which plan's {what} do you mean?"
            if what
            else "Which plan do you mean?"
        )
        more = f"\n…and {count - len(shown)} more." if count > len(shown) else ""
        tail = "Send the plan's name or number, or tap a button below."
    else:
        what = FIELD_NAMES[field] if field and field is not Field.OVERVIEW else None
        if d.candidates:
            head = f"当てはまる計画が{count}件あります。どの計画についてのご質問でしょうか。"
        elif what:
            head = f"どの計画の{what}についてのご質問でしょうか。"
        else:
            head = "どの計画についてのご質問でしょうか。"
        more = f"\nほかに{count - len(shown)}件あります。" if count > len(shown) else ""
        tail = "計画の名前か番号を送ってください。下のボタンからも選べます。"
    ask = FIELD_QUESTIONS.get(field, "について") if field else "について"
    return Reply(
        text=f"{head}\n" + "\n".join(lines) + more + "\n" + tail,
        intent="clarify",
        plans=tuple(p.id for p in shown),
        suggestions=tuple(Suggestion(label(kb, p), f"{label(kb, p)}{ask}") for p in shown),
    )


def did_you_mean(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    reply = clarify(kb, d, today)
    field = d.fields[0] if d.fields else None
    lines = []
    # as many as the "which plan?" list shows: a prefecture's knowledge may offer
    # thousands, and a LINE message holds 5,000 characters
    for pid in d.candidates[:LIST_LIMIT]:
        plan = kb.plan(pid)
        line = brief(plan, field, today, d, kb)  # so the list already answers
        lines.append(f"・{plan.title}" + (f"\n　{line}" if line else ""))
    rest = len(d.candidates) - LIST_LIMIT
    if rest > 0:
        lines.append(f"…and {rest} more." if d.english else f"ほかに{rest}件あります。")
    names = "\n".join(lines)
    head, tail = (
        ("Did you mean one of these plans?", "Please choose below.")
        if d.english
        else ("お探しの計画は、次のどれかでしょうか。", "下のボタンからお選びください。")
    )
    return Reply(
        text=f"{head}\n{names}\n{tail}",
        intent="did_you_mean",
        plans=reply.plans,
        suggestions=(*reply.suggestions, *((ASK_STAFF,) if d.staff else ())),
    )


# A plan's change days are listed in full up to this many (the page's most is 5).
MAX_DAYS_LISTED = 6


def brief(
    plan: Plan, field: Field | None, today: dt.date, d: Decision, kb: KnowledgeBase | None = None
) -> str:
    """One line of the asked field."""
    cert = plan.certification
    en = d.english
    if field in (Field.CERTIFIED, Field.ROUND):
        if en:
            return f"certified: {date_text(cert.date, d)} (round {cert.round})"
        return f"認定日: {date_text(cert.date, d)}（第{cert.round}回）"
    if field is Field.CHANGES:
        if not plan.changes:
            return "changes: none" if en else "変更: なし"
        # every day when there are few: 「変更日の一覧」 asks the days, not a count
        days = [date_text(day, d) for day in plan.changes]
        if len(days) == 1:
            return f"changed once, on {days[0]}" if en else f"変更: 1回（{days[0]}）"
        if len(days) <= MAX_DAYS_LISTED:
            if en:
                return f"changed {times_en(len(days))}: {', '.join(days)}"
            return f"変更: {len(days)}回（{'、'.join(days)}）"
        if en:
            return f"changed {times_en(len(days))}, last on {days[-1]}"
        return f"変更: {len(days)}回（最後は{days[-1]}）"
    if field in (Field.PERIOD, Field.DATES, Field.STATUS):
        start, end = date_text(plan.period.start, d), date_text(plan.period.end, d)
        if en:
            return f"period: {start} to {end} ({status_word(plan, today, english=True)})"
        return f"計画期間: {start}から{end}まで（{status_word(plan, today)}）"
    if field is Field.PARTNERS:
        others = [m for m in plan.partners if kb is None or m != kb.city.name]
        if en:
            names = places_en(kb, plan.partners) if kb else ", ".join(plan.partners)
            if not plan.partners:
                return "partners: none listed"
            besides = f"; {len(others)} besides {kb.city.english.city}" if (
                kb and kb.city.english and len(others) < len(plan.partners)) else ""
            return f"partners: {names} ({len(plan.partners)} in all{besides})"
        if not plan.partners:
            return "連携: 記載なし"
        # 「何市何町?」「長井市のほかにいくつ?」: counted from the names themselves
        besides = f"、{kb.city.name}のほか{len(others)}市町" if (
            kb and len(others) < len(plan.partners)) else ""
        return f"連携: {ph.join_ja(plan.partners)}（{_kinds_of_towns(plan.partners)}{besides}）"
    return ""


def _kinds_of_towns(names: tuple[str, ...]) -> str:
    """長井市・南陽市・白鷹町・飯豊町 → 2市2町"""
    counts = [(kind, sum(1 for n in names if n.endswith(kind))) for kind in "市町村"]
    return "".join(f"{n}{kind}" for kind, n in counts if n)
