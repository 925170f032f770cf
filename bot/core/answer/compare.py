"""Which of the plans named is first, longest, changed most, or still running:
「DMOと人材誘致、どっちが先に認定された?」 — the one that is, then each plan's value."""

from __future__ import annotations

import datetime as dt

from bot.core import phrases as ph
from bot.core.answer.common import date_text, title
from bot.core.answer.plan import suggestions
from bot.core.intents import AggregateKind, AggregateQuery, CheckKind, Decision, Field
from bot.core.select import superlative
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase, PeriodStatus, Plan

# (the one that is …, the same for all …) in Japanese, then in English
_SAYS: dict[AggregateKind, tuple[str, str, str, str]] = {
    AggregateKind.OLDEST: (
        "先に認定されたのは{w}です。", "{all}は同じ日に認定されています。",
        "{w} was certified first.", "{all} were certified on the same day.",
    ),
    AggregateKind.NEWEST: (
        "あとから認定されたのは{w}です。", "{all}は同じ日に認定されています。",
        "{w} was certified later.", "{all} were certified on the same day.",
    ),
    AggregateKind.LONGEST: (
        "計画期間が長いのは{w}です。", "{all}の計画期間はほぼ同じ長さです。",
        "{w} has the longer plan period.", "{all} have periods of about the same length.",
    ),
    AggregateKind.SHORTEST: (
        "計画期間が短いのは{w}です。", "{all}の計画期間はほぼ同じ長さです。",
        "{w} has the shorter plan period.", "{all} have periods of about the same length.",
    ),
    AggregateKind.FIRST_ENDING: (
        "計画期間が先に終わるのは{w}です。", "{all}の計画期間は同じ日に終わります。",
        "{w} ends first.", "{all} end on the same day.",
    ),
    AggregateKind.LAST_ENDING: (
        "計画期間があとまで続くのは{w}です。", "{all}の計画期間は同じ日に終わります。",
        "{w} ends later.", "{all} end on the same day.",
    ),
    AggregateKind.STARTS_FIRST: (
        "計画期間が先に始まったのは{w}です。", "{all}の計画期間は同じ日に始まっています。",
        "{w} started first.", "{all} started on the same day.",
    ),
    AggregateKind.STARTS_LAST: (
        "計画期間があとに始まったのは{w}です。", "{all}の計画期間は同じ日に始まっています。",
        "{w} started later.", "{all} started on the same day.",
    ),
    AggregateKind.MOST_CHANGES: (
        "変更の回数が多いのは{w}です。", "{all}の変更の回数は同じです。",
        "{w} has had more changes.", "{all} were changed equally often.",
    ),
}  # fmt: skip
_FIELD = {
    AggregateKind.OLDEST: Field.CERTIFIED,
    AggregateKind.NEWEST: Field.CERTIFIED,
    AggregateKind.MOST_CHANGES: Field.CHANGES,
    AggregateKind.MOST_PARTNERS: Field.PARTNERS,
    AggregateKind.FIRST_CHANGED: Field.CHANGES,
    AggregateKind.LAST_CHANGED: Field.CHANGES,
}


def answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    plans = [kb.plan(p) for p in d.plans]
    q = d.aggregate or AggregateQuery(kind=AggregateKind.OLDEST)
    if q.status is not None:
        head, field = _status(kb, plans, q.status, today, d), Field.STATUS
        status = PeriodStatus.RUNNING if q.status == "running" else PeriodStatus.ENDED
        yes = plans[0].period.status(today) is status
    else:
        best = _best(plans, q.kind)
        field = _FIELD.get(q.kind, Field.PERIOD)
        head = _ranked(kb, plans, best, q.kind, today, d)
        yes = plans[0] in best and len(best) < len(plans)
    if d.check is not None and d.check.kind is CheckKind.FIRST_NAMED:
        # 「まちなかの計画はパラレルワークの計画より長い?」: yes or no first
        if d.english:
            head = ("Yes. " if yes else "No. ") + head
        else:
            head = ("はい。" if yes else "いいえ。") + head
    lines = ph.bullet_lines(f"{title(kb, p, d)}: {_value(p, field, today, d)}" for p in plans)
    return Reply(
        f"{head}\n{lines}",
        f"compare.{q.status or q.kind.value}",
        tuple(p.id for p in plans),
        suggestions(kb, plans[0], (field,), d.english),
        tuple(f"{p.id}.{field.value}" for p in plans),
    )


def _names(kb: KnowledgeBase, plans: list[Plan], d: Decision) -> str:
    if d.english:
        return " and ".join(title(kb, p, d) for p in plans)
    return "と".join(title(kb, p, d) for p in plans)


def _best(plans: list[Plan], kind: AggregateKind) -> list[Plan]:
    best = superlative(plans, kind if kind in _SAYS else AggregateKind.OLDEST)
    if kind in (AggregateKind.LONGEST, AggregateKind.SHORTEST):
        # lengths are said in years and months: two periods a few days apart are
        # the same length to the asker, who would read 約3年 twice otherwise
        said = {ph.duration(p.period.start, p.period.end) for p in plans}
        if len(said) == 1:
            return plans
    return best


def _ranked(
    kb: KnowledgeBase,
    plans: list[Plan],
    best: list[Plan],
    kind: AggregateKind,
    today: dt.date,
    d: Decision,
) -> str:
    ja, ja_tie, en, en_tie = _SAYS.get(kind, _SAYS[AggregateKind.OLDEST])
    if all(p.period.end < today for p in plans):
        ja, ja_tie = ja.replace("終わる", "終わった"), ja_tie.replace("終わります", "終わりました")
        ja = ja.replace("続く", "続いた")
        en, en_tie = en.replace("ends", "ended"), en_tie.replace("end ", "ended ")
    if len(best) == len(plans):
        said = (en_tie if d.english else ja_tie).format(all=_names(kb, plans, d))
    else:
        said = (en if d.english else ja).format(w=_names(kb, best, d))
    apart = _days_apart(kb, plans, kind, d)
    if apart and not d.english:
        return said.removesuffix("。") + apart + "。"
    return said + apart


def _days_apart(kb: KnowledgeBase, plans: list[Plan], kind: AggregateKind, d: Decision) -> str:
    """「どちらがどれだけ長い?」: two periods of 約5年 each still differ by days."""
    if kind not in (AggregateKind.LONGEST, AggregateKind.SHORTEST) or len(plans) != 2:
        return ""
    a, b = sorted(plans, key=lambda p: p.period.days, reverse=True)
    gap = a.period.days - b.period.days
    if gap == 0:
        return ""
    if d.english:
        return f" ({title(kb, a, d)} is {gap} day{'s' if gap != 1 else ''} longer.)"
    return f"（{title(kb, a, d)}のほうが{gap}日長くなっています）"


def _status(kb: KnowledgeBase, plans: list[Plan], asked: str, today: dt.date, d: Decision) -> str:
    running = [p for p in plans if p.period.status(today) is PeriodStatus.RUNNING]
    ended = [p for p in plans if p.period.status(today) is PeriodStatus.ENDED]
    now = date_text(today, d)
    both = "both" if len(plans) == 2 else "all"
    if d.english:
        if len(ended) == len(plans):
            none = "Neither is" if len(plans) == 2 else "None is"
            return f"{none} running: {both} have ended (as of {now})."
        if len(running) == len(plans):
            return f"{both.capitalize()} are running (as of {now})."
        still, over = _names(kb, running, d), _names(kb, ended, d)
        return f"{still} is still running; {over} has ended (as of {now})."
    every = "どちらも" if len(plans) == 2 else "いずれも"
    if len(ended) == len(plans):
        return f"{every}計画期間が終了しています（{now}現在）。"
    if len(running) == len(plans):
        return f"{every}実施中です（{now}現在）。"
    if asked == "ended" and ended:
        return f"計画期間が終了しているのは{_names(kb, ended, d)}です（{now}現在）。"
    return f"まだ実施中なのは{_names(kb, running, d)}です（{now}現在）。"


def _value(plan: Plan, field: Field, today: dt.date, d: Decision) -> str:
    cert = plan.certification
    if field is Field.CERTIFIED:
        if d.english:
            return f"certified on {date_text(cert.date, d)} (round {cert.round})"
        return f"{date_text(cert.date, d)}認定（第{cert.round}回）"
    if field is Field.CHANGES:
        n = len(plan.changes)
        if d.english:
            return f"changed {n} time{'s' if n != 1 else ''}" if n else "never changed"
        return f"変更{n}回" if n else "変更なし"
    start, end = date_text(plan.period.start, d), date_text(plan.period.end, d)
    if d.english:
        return f"{start} to {end}"
    length = ph.duration_ja(plan.period.start, plan.period.end)
    return f"{start}から{end}まで（{length}）"
