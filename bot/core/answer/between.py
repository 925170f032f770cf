"""The time between two of a plan's own days: 「認定から最初の変更まで何か月?」,
「認定日と計画期間の始まりは同じ日?」."""

from __future__ import annotations

import datetime as dt

from bot.core import phrases as ph
from bot.core.answer.common import MOMENT_NAMES, date_text, title
from bot.core.answer.plan import duration_en, field_text, suggestions
from bot.core.intents import (
    MOMENT_OF_ROLE,
    CheckKind,
    DateFilter,
    DateRole,
    Decision,
    Field,
    Moment,
)
from bot.core.select import day_of, select, superlative
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase, Plan

_NAMES_EN = {
    Moment.CERTIFIED: "certification",
    Moment.CHANGED: "change",
    Moment.FIRST_CHANGE: "first change",
    Moment.LAST_CHANGE: "last change",
    Moment.STARTS: "start of the plan period",
    Moment.ENDS: "end of the plan period",
}
_FIELDS = {
    Moment.CERTIFIED: Field.CERTIFIED,
    Moment.CHANGED: Field.CHANGES,
    Moment.FIRST_CHANGE: Field.CHANGES,
    Moment.LAST_CHANGE: Field.CHANGES,
    Moment.STARTS: Field.PERIOD,
    Moment.ENDS: Field.PERIOD,
}
_CHANGES = (Moment.CHANGED, Moment.FIRST_CHANGE, Moment.LAST_CHANGE)
# the day a date filter's role names; a day of anything or of a running period is
# looked for as a certification or a start
_MOMENT_OF = {**MOMENT_OF_ROLE, DateRole.ANY: Moment.CERTIFIED, DateRole.RUNNING: Moment.STARTS}


def answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    plans = [kb.plan(p) for p in d.plans] or _picked(kb, d, today)
    first, second = d.between or (Moment.CERTIFIED, Moment.ENDS)
    if not d.plans and d.check is not None and len(plans) > 2 and first is not second:
        texts = [_every(kb, plans, first, second, d)]  # 「どれも認定日と同じ?」
    elif len(plans) == 2 and (first is second or d.paired):
        texts = [_two(kb, plans[0], plans[1], first, d, second)]  # a day of each of two plans
    else:
        texts = [_one(kb, plan, first, second, d) for plan in plans]
    if d.fields:  # asked besides (「何回変更され、…」)
        texts = [field_text(kb, plan, f, today, d) for plan in plans for f in d.fields] + texts
    fields = tuple(dict.fromkeys((_FIELDS[first], _FIELDS[second])))
    return Reply(
        "\n\n".join(texts),
        f"between.{first.value}+{second.value}",
        tuple(p.id for p in plans),
        suggestions(kb, plans[0], fields, d.english),
        tuple(f"{p.id}.{f.value}" for p in plans for f in fields),
    )


def _name(plan: Plan, moment: Moment, english: bool) -> str:
    if moment is Moment.CHANGED and len(plan.changes) == 1:
        return "change" if english else "変更日"
    if moment is Moment.CHANGED:
        moment = Moment.FIRST_CHANGE  # a change unsaid which, of several: say which one
    return (_NAMES_EN if english else MOMENT_NAMES)[moment]


def _picked(kb: KnowledgeBase, d: Decision, today: dt.date) -> list[Plan]:
    """The two plans a query names by round or by superlative: the first of each;
    or every plan the query's filters keep (「どれも…同じ?」)."""
    q = d.aggregate
    if q is None:
        return []
    by_date = sorted(kb.plans, key=lambda p: p.certification.date)
    days = [f for f in q.dates if f.is_day]
    if len(days) == 2 and not q.rounds:
        # 「平成28年3月15日の認定から令和2年3月30日の認定まで」: the plan of each day
        def has(p: Plan, f: DateFilter) -> bool:
            if f.role is DateRole.CHANGED:
                return f.first in p.changes
            return day_of(p, _MOMENT_OF[f.role], _MOMENT_OF[f.role]) == f.first

        found = [next((p for p in by_date if has(p, f)), None) for f in days]
        return [p for p in found if p is not None]
    if len(q.rounds) == 2:
        firsts = [next((p for p in by_date if p.certification.round == r), None) for r in q.rounds]
        return [p for p in firsts if p is not None]
    if q.also is not None:
        one, two = superlative(list(kb.plans), q.kind, kb), superlative(list(kb.plans), q.also, kb)
        return [one[0], two[0]] if one and two else []
    return select(kb, q, today)


def _every(kb: KnowledgeBase, plans: list[Plan], first: Moment, second: Moment, d: Decision) -> str:
    """「計画期間の始まりは、どれも認定日と同じ?」: yes for all, or which differ."""
    def days(p: Plan) -> tuple[dt.date | None, dt.date | None]:
        return day_of(p, first, second), day_of(p, second, first)

    same = [p for p in plans if None not in days(p) and days(p)[0] == days(p)[1]]
    differ = [p for p in plans if p not in same]
    if d.english:
        na, nb = _NAMES_EN[first], _NAMES_EN[second]
        if not differ:
            return f"Yes. For all {len(plans)} plans, the {na} and the {nb} are the same day."
        lines = "\n".join(
            f"・{title(kb, p, d)}: {_said_en(days(p), na, nb, d)}" for p in differ
        )
        if not same:
            return f"No. For every plan, the {na} and the {nb} are different days:\n{lines}"
        return (f"No. The {na} and the {nb} are the same day for {len(same)} of the "
                f"{len(plans)} plans. They differ for:\n{lines}")  # fmt: skip
    na, nb = MOMENT_NAMES[first], MOMENT_NAMES[second]
    if not differ:
        return f"はい、{len(plans)}件すべての計画で、{na}と{nb}は同じ日です。"
    lines = "\n".join(f"・{title(kb, p, d)}: {_said_ja(days(p), na, nb, d)}" for p in differ)
    if not same:
        return f"いいえ、どの計画も、{na}と{nb}は別の日です。\n{lines}"
    return (f"いいえ、{na}と{nb}が同じ日なのは{len(plans)}件中{len(same)}件です。"
            f"違うのは次の計画です。\n{lines}")  # fmt: skip


def _said_ja(days: tuple[dt.date | None, dt.date | None], na: str, nb: str, d: Decision) -> str:
    a, b = days
    if a is None or b is None:
        return "変更されていないため、変更日がありません"
    return f"{na}は{date_text(a, d)}、{nb}は{date_text(b, d)}"


def _said_en(days: tuple[dt.date | None, dt.date | None], na: str, nb: str, d: Decision) -> str:
    a, b = days
    if a is None or b is None:
        return "never changed, so it has no change date"
    return f"{na} {date_text(a, d)}, {nb} {date_text(b, d)}"


def _one(kb: KnowledgeBase, plan: Plan, first: Moment, second: Moment, d: Decision) -> str:
    t = title(kb, plan, d)
    a, b = day_of(plan, first, second), day_of(plan, second, first)
    several = len(plan.changes) > 1
    if first is Moment.CHANGED and several and a == plan.changes[-1]:
        first = Moment.LAST_CHANGE
    if second is Moment.CHANGED and several and b == plan.changes[-1]:
        second = Moment.LAST_CHANGE
    if a is None or b is None:
        cert = date_text(plan.certification.date, d)
        if d.english:
            return f"{t} has not been changed since it was certified on {cert}."
        return f"{t}は、認定（{cert}）のあと変更されていません。変更日の記載はありません。"
    same_asked = d.check is not None and d.check.kind is CheckKind.SAME
    na, nb = _name(plan, first, d.english), _name(plan, second, d.english)
    da, db = date_text(a, d), date_text(b, d)
    if d.english:
        if a == b:
            head = "Yes. " if same_asked else ""
            return f"{head}For {t}, the {na} and the {nb} are the same day: {da}."
        head = "No. " if same_asked else ""
        gap = _gap_en(min(a, b), max(a, b))
        order = "after" if b > a else "before"
        return f"{head}For {t}, the {na} was on {da} and the {nb} on {db}, {gap} {order}."
    if a == b:
        head = "はい、" if same_asked else ""
        return f"{head}{t}の{na}と{nb}は同じ日で、{da}です。"
    gap = _gap_ja(min(a, b), max(a, b))
    said = f"{t}の{na}は{da}、{nb}は{db}"
    if same_asked:
        return f"いいえ、{said}で、同じ日ではありません（{gap}の違いです）。"
    if b > a:
        return f"{said}です。{na}から{nb}までは{gap}です。"
    return f"{said}です。{nb}は{na}の{gap}前です。"


def _two(
    kb: KnowledgeBase, a: Plan, b: Plan, moment: Moment, d: Decision, other: Moment | None = None
) -> str:
    """「その二つの認定日の間は?」「Aの変更日とBの認定日」: a day of each of two
    plans, and the time between."""
    other = other or moment
    day_a, day_b = day_of(a, moment, other), day_of(b, other, moment)
    # 「水と歴史の計画の変更と、DMOの計画の認定が同じ日?」: of several changes, the one
    # nearest the other plan's day
    if moment is Moment.CHANGED and len(a.changes) > 1 and day_b is not None:
        day_a = min(a.changes, key=lambda c: abs((c - day_b).days))
    if other is Moment.CHANGED and len(b.changes) > 1 and day_a is not None:
        day_b = min(b.changes, key=lambda c: abs((c - day_a).days))
    ta, tb = title(kb, a, d), title(kb, b, d)
    if day_a is None or day_b is None:
        unchanged = ta if day_a is None else tb
        if d.english:
            return f"{unchanged} has not been changed, so there is no change date to compare."
        return f"{unchanged}は変更されていないため、比べる変更日がありません。"
    if day_b < day_a:
        a, b, ta, tb, day_a, day_b = b, a, tb, ta, day_b, day_a
        moment, other = other, moment
    same_asked = d.check is not None and d.check.kind is CheckKind.SAME
    if d.english:
        na, nb = _NAMES_EN[moment], _NAMES_EN[other]
        if day_a == day_b:
            head = "Yes. " if same_asked else ""
            if moment is other:
                return f"{head}{ta} and {tb} share the same {na} day: {date_text(day_a, d)}."
            return (f"{head}The {na} of {ta} and the {nb} of {tb} were on the same day, "
                    f"{date_text(day_a, d)}.")  # fmt: skip
        return (f"{'No. ' if same_asked else ''}The {na} of {ta} was on {date_text(day_a, d)} "
                f"and the {nb} of {tb} on {date_text(day_b, d)}: "
                f"{_gap_en(day_a, day_b)} apart.")  # fmt: skip
    na, nb = MOMENT_NAMES[moment], MOMENT_NAMES[other]
    if day_a == day_b:
        head = "はい、" if same_asked else ""
        if moment is other:
            return f"{head}{ta}と{tb}の{na}は同じ日（{date_text(day_a, d)}）です。"
        return f"{head}{ta}の{na}と{tb}の{nb}は、同じ日（{date_text(day_a, d)}）です。"
    head = "いいえ、" if same_asked else ""
    return (f"{head}{ta}の{na}は{date_text(day_a, d)}、{tb}の{nb}は{date_text(day_b, d)}で、"
            f"その間は{_gap_ja(day_a, day_b)}です。")  # fmt: skip


def _gap_ja(start: dt.date, end: dt.date) -> str:
    days = (end - start).days
    if days < 60:
        return f"{days}日"
    return f"{ph.duration_ja(start, end)}（{days}日）"


def _gap_en(start: dt.date, end: dt.date) -> str:
    days = (end - start).days
    if days < 60:
        return f"{days} days"
    return f"{duration_en(start, end)} ({days} days)"
