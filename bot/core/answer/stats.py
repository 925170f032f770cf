"""Figures over the plans found (AggregateQuery.stat): the average period, the average
number of changes, the spread between the longest and shortest periods, the time from
the first certification to the last, and how many rounds lie between them.

Each answer says the figure and what it was worked out from, so a resident can check
it against the page."""

from __future__ import annotations

from bot.core import phrases as ph
from bot.core.answer.common import date_en, title
from bot.core.answer.plan import months_en
from bot.core.intents import Decision
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase, Plan

_DAYS_A_YEAR = 365.2425
_DAYS_A_MONTH = _DAYS_A_YEAR / 12


def _months_ja(days: float) -> str:
    return ph.months_ja(round(days / _DAYS_A_MONTH))


def _months_en(days: float) -> str:
    return months_en(round(days / _DAYS_A_MONTH))


def answer(kb: KnowledgeBase, stat: str, plans: list[Plan], d: Decision) -> Reply:
    en = d.english
    n = len(plans)
    shown = tuple(p.id for p in plans)
    if stat == "changes_mean":
        total = sum(len(p.changes) for p in plans)
        mean = total / n
        text = (f"The {n} plans were changed {total} times in all: {mean:.1f} times a plan "
                "on average." if en else
                f"{n}件の計画の変更は合わせて{total}回で、1計画あたり平均{mean:.1f}回です。")
        lines = [f"・{title(kb, p, d)}: {len(p.changes)}" + ("" if en else "回") for p in plans]
        return Reply("\n".join([text, *lines]), "aggregate.stat", shown)
    if stat == "round_span":
        rounds = sorted({p.certification.round for p in plans})
        first, last = rounds[0], rounds[-1]
        text = (f"The oldest round is {first} and the newest {last}: {last - first} rounds apart."
                if en else
                f"いちばん古い認定回は第{first}回、いちばん新しい認定回は第{last}回で、"
                f"{last - first}回分離れています。")
        return Reply(text, "aggregate.stat", shown)
    if stat == "certified_span":
        first = min(plans, key=lambda p: p.certification.date)
        last = max(plans, key=lambda p: p.certification.date)
        a, b = first.certification.date, last.certification.date
        days = (b - a).days
        if en:
            text = (f"The first plan was certified on {date_en(a)} ({title(kb, first, d)}) "
                    f"and the last on {date_en(b)} ({title(kb, last, d)}): "
                    f"{_months_en(days)} ({days} days) apart.")
        else:
            text = (f"最初の認定は{ph.date_ja(a)}（{title(kb, first, d)}）、最後の認定は"
                    f"{ph.date_ja(b)}（{title(kb, last, d)}）で、その間は{_months_ja(days)}"
                    f"（{days}日）です。")
        return Reply(text, "aggregate.stat", (first.id, last.id))
    lengths = {p.id: ph.days_between(p.period.start, p.period.end) for p in plans}
    if stat == "period_range":
        longest = max(plans, key=lambda p: lengths[p.id])
        shortest = min(plans, key=lambda p: lengths[p.id])
        gap = lengths[longest.id] - lengths[shortest.id]
        if en:
            text = (f"The longest period is {title(kb, longest, d)}'s "
                    f"({lengths[longest.id]} days) and the shortest {title(kb, shortest, d)}'s "
                    f"({lengths[shortest.id]} days): {_months_en(gap)} ({gap} days) apart.")
        else:
            text = (f"計画期間がいちばん長いのは{title(kb, longest, d)}"
                    f"（{lengths[longest.id]}日）、いちばん短いのは{title(kb, shortest, d)}"
                    f"（{lengths[shortest.id]}日）で、"
                    f"その差は{_months_ja(gap)}（{gap}日）です。")
        return Reply(text, "aggregate.stat", (longest.id, shortest.id))
    mean = sum(lengths.values()) / n
    years = mean / _DAYS_A_YEAR
    if en:
        text = (f"The {n} plans' periods average {_months_en(mean)} ({years:.1f} years, "
                f"{mean:.0f} days).")
    else:
        text = (f"{n}件の計画の計画期間を平均すると{_months_ja(mean)}（約{years:.1f}年、"
                f"{mean:.0f}日）です。")
    lines = [f"・{title(kb, p, d)}: {_length(p, lengths[p.id], en)}" for p in plans]
    return Reply("\n".join([text, *lines]), "aggregate.stat", shown)


def _length(plan: Plan, days: int, en: bool) -> str:
    if en:
        return f"{days} days"
    return f"{ph.duration_ja(plan.period.start, plan.period.end)}（{days}日）"

