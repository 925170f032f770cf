"""Which plans a question over all plans means: the filters of an
AggregateQuery applied to the knowledge, and superlatives. Deciding only:
rendering is in answer/listing.py."""

from __future__ import annotations

import datetime as dt
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace

from bot.core.intents import AggregateKind, AggregateQuery, DateFilter, DateRole, Moment
from bot.core.normalize import normalize
from bot.knowledge.models import KnowledgeBase, PageStatus, PeriodStatus, Plan


def select(kb: KnowledgeBase, q: AggregateQuery, today: dt.date) -> list[Plan]:
    if q.within is not None:
        plans = tuple(kb.plan(p) for p in q.within)
    elif q.partner is not None and not q.negate:
        plans = kb.plans_of_partner.get(q.partner, ())  # (not every plan: a large knowledge)
    else:
        plans = kb.plans
    pool = [p for p in plans if p.id not in q.exclude] if q.exclude else list(plans)
    if q.negate:
        # 「南陽市が入ってない計画」: every plan the filters leave out
        kept = predicates(kb, replace(q, negate=False), today)
        picked = [p for p in pool if not all(test(p) for test in kept)]
    else:
        # one filter after another, each in C (filter), not a generator per plan:
        # a prefecture's tens of thousands of plans pass the first
        picked, done = pool, None
        narrowed = _by_day(kb, q, today) if plans is kb.plans and not q.exclude else None
        if narrowed is not None:
            picked, done = narrowed
        for test in predicates(kb, q, today, done):
            picked = list(filter(test, picked))
    if q.shared is not None:
        roles = q.shared.split("+")
        picked = [
            p for p in picked
            if any(o.id != p.id and all(shares(p, o, r) for r in roles) for o in picked)
        ]  # fmt: skip
    if q.minus is not None:
        # after sharing: 「AでもBでもない、同じ日に認定された計画」 shares A's day
        left_out = {p.id for p in select(kb, q.minus, today)}
        picked = [p for p in picked if p.id not in left_out]
    return picked


# the days KnowledgeBase.plans_by_day keeps in order
_DAY_KINDS = {DateRole.CERTIFIED: "certified", DateRole.STARTS: "starts", DateRole.ENDS: "ends"}


def _by_day(
    kb: KnowledgeBase, q: AggregateQuery, today: dt.date
) -> tuple[list[Plan], DateFilter | str] | None:
    """The plans passing the query's narrowest filter on one day of theirs
    (令和2年に認定, 終了した), in the page's order, read off the plans sorted by
    that day: a prefecture's tens of thousands of plans are not each tested
    for it. None when the query sets no such filter; else also that filter,
    which these plans need not be tested for again ("running" is only
    narrowed to the periods not ended: it is still tested)."""
    spans: list[tuple[str, int, int, DateFilter | str]] = []
    for f in q.dates:
        kind = _DAY_KINDS.get(f.role)
        if kind is not None:
            days = kb.plans_by_day[kind][0]
            spans.append((kind, bisect_left(days, f.first), bisect_right(days, f.last), f))
    if q.status in ("ended", "running"):
        # (ended: the period's end is before today, Period.status; running: not before it)
        ends = kb.plans_by_day["ends"][0]
        cut = bisect_left(ends, today)
        spans.append(("ends", 0, cut, "ended") if q.status == "ended"
                     else ("ends", cut, len(ends), ""))  # fmt: skip
    if not spans:
        return None
    kind, low, high, done = min(spans, key=lambda span: span[2] - span[1])
    places = sorted(kb.plans_by_day[kind][1][low:high])
    return list(map(kb.plans.__getitem__, places)), done


def shared_groups(plans: list[Plan], roles: str) -> list[tuple[object, list[Plan]]]:
    """「認定日が同じ計画」: the plans under each value that two or more of them share,
    in the order of that value. A change day is shared day by day."""
    groups: dict[object, list[Plan]] = {}
    for plan in plans:
        keys = plan.changes if roles == "changed" else (role_value_of(plan, roles),)
        for key in keys:
            groups.setdefault(key, []).append(plan)
    shared = [(k, members) for k, members in groups.items() if len(members) >= 2]
    return sorted(shared, key=lambda kv: str(kv[0]))


def role_value_of(plan: Plan, roles: str) -> object:
    return tuple(role_value(plan, r) for r in roles.split("+"))


def _months(plan: Plan, role: DateRole) -> set[int]:
    """The months (1-12) of a plan's days of this role."""
    if role is DateRole.CHANGED:
        return {c.month for c in plan.changes}
    day = role_value(plan, role.value)
    assert isinstance(day, dt.date)
    return {day.month}


def period_years(plan: Plan) -> int:
    """The period's length in whole years as people count them (平成31年3月29日から
    令和4年3月31日まで is 3 years)."""
    start, end = plan.period.start, plan.period.end + dt.timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    if months % 12 >= 11:
        months += 1  # a few days short of a whole year still counts as that year
    return months // 12


Predicate = Callable[[Plan], bool]


def predicates(
    kb: KnowledgeBase, q: AggregateQuery, today: dt.date, done: DateFilter | str | None = None
) -> list[Predicate]:
    """What a plan must pass to be one the query means: only the filters the
    query sets, built once (a prefecture's knowledge has tens of thousands of
    plans, and most questions set one filter or none). `done`: a filter of
    q.dates, or the status "ended", the plans have passed already."""
    t: list[Predicate] = []
    if q.status == "ended":
        if done != "ended":
            t.append(lambda p: p.period.status(today) is PeriodStatus.ENDED)
    elif q.status == "running":
        t.append(lambda p: p.period.status(today) is PeriodStatus.RUNNING)
    if q.round is not None:
        t.append(lambda p: p.certification.round == q.round)
    if q.says is not None:
        says = normalize(q.says)
        in_title = q.says_in_title
        t.append(lambda p: says in normalize(p.title if in_title else p.summary))
    if q.rounds:
        t.append(lambda p: p.certification.round in q.rounds)
    if q.round_span is not None:
        low, high = q.round_span
        t.append(lambda p: low <= p.certification.round <= high)
    if q.partner is not None:
        t.append(lambda p: q.partner in p.partners)
    if q.partners_too:
        t.append(lambda p: all(town in p.partners for town in q.partners_too))
    if q.month is not None:
        role, month = q.month
        t.append(lambda p: month in _months(p, role))
    if q.unchanged:
        t.append(lambda p: not p.changes)
    if q.page_ended:
        t.append(lambda p: p.status is PageStatus.ENDED)
    if q.joint:
        t.append(lambda p: any(m != kb.city.name for m in p.partners))
    if q.changed:
        t.append(lambda p: bool(p.changes))
    if q.times is not None:
        least_times, most_times = q.times
        t.append(lambda p: least_times <= len(p.changes) <= most_times)
    if q.years is not None:
        least, most = q.years
        t.append(lambda p: least <= period_years(p) <= most)
    if q.same_as is not None:
        other_id, roles = q.same_as
        other = kb.plan(other_id)
        t.append(lambda p: p.id != other_id
                 and all(shares(p, other, r) for r in roles.split("+")))  # fmt: skip
    dates = q.dates
    if q.on_day_of is not None:
        # 「最後の変更の日に認定された計画」: that plan's day, as a day filter
        owner, moment, role = q.on_day_of
        day = day_of(kb.plan(owner), moment, moment)
        if day is None:
            return [lambda p: False]
        dates = (*dates, DateFilter(role, day, day, ""))
    if q.relative_to is not None:
        owner, side = q.relative_to
        # (「…の次に終わった」: beside it in the order the periods end)
        ending = q.kind in (AggregateKind.FIRST_ENDING, AggregateKind.LAST_ENDING)

        def day(p: Plan) -> dt.date:
            return p.period.end if ending else p.certification.date

        mark = day(kb.plan(owner))
        if side:
            t.append((lambda p: day(p) < mark) if side < 0 else (lambda p: day(p) > mark))
    if q.during is not None:
        owner, role = q.during
        period = kb.plan(owner).period
        dates = (*dates, DateFilter(role, period.start, period.end, ""))
    t.extend(_date_predicate(f) for n, f in enumerate(dates) if not _done(f, n, q, done))
    return t


def _done(f: DateFilter, n: int, q: AggregateQuery, done: DateFilter | str | None) -> bool:
    """Is this filter of the query's own dates the one the plans passed already?"""
    return isinstance(done, DateFilter) and n < len(q.dates) and q.dates[n] is done


def _date_predicate(f: DateFilter) -> Predicate:
    first, last = f.first, f.last
    if f.role is DateRole.CERTIFIED:
        return lambda p: first <= p.certification.date <= last
    if f.role is DateRole.ENDS:
        return lambda p: first <= p.period.end <= last
    if f.role is DateRole.STARTS:
        return lambda p: first <= p.period.start <= last
    if f.role is DateRole.CHANGED:
        return lambda p: any(first <= c <= last for c in p.changes)
    if f.role is DateRole.RUNNING:
        return lambda p: not (p.period.end < first or p.period.start > last)
    return lambda p: bool(events_within(p, first, last))


def shares(plan: Plan, other: Plan, role: str) -> bool:
    """Are two plans the same by `role`? Changes are shared when a change day is."""
    if role == "changed":
        return bool(set(plan.changes) & set(other.changes))
    return role_value(plan, role) == role_value(other, role)


def role_value(plan: Plan, role: str) -> object:
    """The value two plans share when they are "the same" by `role`."""
    if role == "changed":
        return tuple(plan.changes)
    if role == "period":
        return (plan.period.start, plan.period.end)
    if role == "round":
        return plan.certification.round
    if role == "ends":
        return plan.period.end
    if role == "starts":
        return plan.period.start
    if role == "years":
        return period_years(plan)
    return plan.certification.date


# What can happen to a plan on a day, in the order of a day's events.
EVENTS = ("certified", "changed", "started", "ended")


def events_within(plan: Plan, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """What happened to a plan between two days, as (day, one of EVENTS) in order."""
    events = [(plan.certification.date, 0), *((c, 1) for c in plan.changes)]
    events += [(plan.period.start, 2), (plan.period.end, 3)]
    return [(day, EVENTS[n]) for day, n in sorted(events) if first <= day <= last]


_KEYS: dict[AggregateKind, Callable[[Plan], object]] = {
    AggregateKind.NEWEST: lambda p: p.certification.date,
    AggregateKind.OLDEST: lambda p: p.certification.date,
    AggregateKind.LONGEST: lambda p: p.period.days,
    AggregateKind.SHORTEST: lambda p: p.period.days,
    AggregateKind.LAST_ENDING: lambda p: p.period.end,
    AggregateKind.FIRST_ENDING: lambda p: p.period.end,
    AggregateKind.STARTS_FIRST: lambda p: p.period.start,
    AggregateKind.STARTS_LAST: lambda p: p.period.start,
    AggregateKind.MOST_CHANGES: lambda p: len(p.changes),
    AggregateKind.MOST_PARTNERS: lambda p: len(p.partners),
    # (only plans with a change are ranked by one: see _ranked_plans)
    AggregateKind.FIRST_CHANGED: lambda p: p.changes[0],
    AggregateKind.LAST_CHANGED: lambda p: p.changes[-1],
}
_BY_CHANGE = (AggregateKind.FIRST_CHANGED, AggregateKind.LAST_CHANGED)
_SMALLEST = (
    AggregateKind.OLDEST,
    AggregateKind.FIRST_CHANGED,
    AggregateKind.SHORTEST,
    AggregateKind.FIRST_ENDING,
    AggregateKind.STARTS_FIRST,
)
BY_PERIOD = (
    AggregateKind.LONGEST,
    AggregateKind.SHORTEST,
    AggregateKind.LAST_ENDING,
    AggregateKind.FIRST_ENDING,
    AggregateKind.STARTS_FIRST,
    AggregateKind.STARTS_LAST,
)


_DAY_OF_KIND = {
    AggregateKind.NEWEST: "certified",
    AggregateKind.OLDEST: "certified",
    AggregateKind.LAST_ENDING: "ends",
    AggregateKind.FIRST_ENDING: "ends",
    AggregateKind.STARTS_FIRST: "starts",
    AggregateKind.STARTS_LAST: "starts",
}


def superlative(
    plans: list[Plan], kind: AggregateKind, kb: KnowledgeBase | None = None
) -> list[Plan]:
    """The plans that are most of `kind` (ties are all kept); others kinds keep all.
    With `kb`, a superlative by a day over all its plans is read off the plans
    sorted by that day (every plan of a large knowledge base)."""
    day = _DAY_OF_KIND.get(kind)
    if kb is not None and day is not None and all_of(plans, kb):
        days, places = kb.plans_by_day[day]
        if kind in _SMALLEST:
            tied = places[: bisect_right(days, days[0])]
        else:
            tied = places[bisect_left(days, days[-1]) :]
        return list(map(kb.plans.__getitem__, tied))  # (ties are in the page's order)
    key = _KEYS.get(kind)
    if kind in _BY_CHANGE:
        plans = [p for p in plans if p.changes]
    if key is None or not plans:
        return plans
    pick = min if kind in _SMALLEST else max
    keys = list(map(key, plans))  # each plan's key once (thousands of plans)
    best = pick(keys)  # type: ignore[type-var]
    return [p for p, k in zip(plans, keys, strict=True) if k == best]


def all_of(plans: list[Plan], kb: KnowledgeBase) -> bool:
    """Are these all the knowledge's plans, in its order?"""
    return bool(plans) and len(plans) == len(kb.plans) and all(map(operator.is_, plans, kb.plans))


def ranked(kb: KnowledgeBase, plans: list[Plan], kind: AggregateKind) -> list[tuple[int, Plan]]:
    """The plans in `kind`'s order, each with its place; plans tied share the
    place of the first of them (1, 2, 3, 3, 3, 6). PAGE is the page's order."""
    if kind is AggregateKind.PAGE:
        page = {p.id: n for n, p in enumerate(kb.plans)}
        return [(n, p) for n, p in enumerate(sorted(plans, key=lambda p: page[p.id]), 1)]
    key = _KEYS.get(kind)
    if kind in _BY_CHANGE:
        plans = [p for p in plans if p.changes]
    if key is None:
        return list(enumerate(plans, 1))
    ordered = sorted(plans, key=key, reverse=kind not in _SMALLEST)  # type: ignore[arg-type]
    places: list[tuple[int, Plan]] = []
    for n, plan in enumerate(ordered, 1):
        tied = places and key(places[-1][1]) == key(plan)
        places.append((places[-1][0] if tied else n, plan))
    return places


def at_place(places: list[tuple[int, Plan]], nth: int) -> list[Plan]:
    """The plans at place `nth` (from the end when negative), a tie included:
    the 4th of 1, 2, 3, 3, 3, 6 is the three tied at 3."""
    if nth < 0:
        nth = len(places) + nth + 1
    if not 1 <= nth <= len(places):
        return []
    place = max(n for n, _ in places if n <= nth)
    return [p for n, p in places if n == place]


def day_of(plan: Plan, moment: Moment, other: Moment) -> dt.date | None:
    """The day a moment names for this plan; a change unsaid which is the one
    nearer the other day (「認定から変更まで」 is the first, 「変更から終了まで」 the last)."""
    if moment is Moment.CERTIFIED:
        return plan.certification.date
    if moment is Moment.STARTS:
        return plan.period.start
    if moment is Moment.ENDS:
        return plan.period.end
    if not plan.changes:
        return None
    if moment is Moment.FIRST_CHANGE:
        return plan.changes[0]
    if moment is Moment.LAST_CHANGE:
        return plan.changes[-1]
    if other is Moment.ENDS or other is Moment.LAST_CHANGE:
        return plan.changes[-1]
    return plan.changes[0]
