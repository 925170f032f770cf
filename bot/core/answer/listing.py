"""Questions over all plans: lists, counts and superlatives over the plans a
query selects, each plan with the line that answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from itertools import repeat
from operator import attrgetter, is_, methodcaller

from bot.core import phrases as ph
from bot.core.answer import stats
from bot.core.answer.choose import brief
from bot.core.answer.common import (
    LIST_ALL,
    LIST_LIMIT,
    MOMENT_NAMES,
    about_plan,
    date_en,
    date_text,
    ordinal_en,
    place_en,
    status_word,
    times_en,
)
from bot.core.answer.content import sentences, with_the_one_before
from bot.core.answer.plan import duration_en, elapsed_text, nth_change, since_together
from bot.core.intents import (
    MOMENT_OF_ROLE,
    AggregateKind,
    AggregateQuery,
    CheckKind,
    DateRole,
    Decision,
    Field,
)
from bot.core.normalize import normalize
from bot.core.select import (
    BY_PERIOD,
    all_of,
    at_place,
    day_of,
    events_within,
    ranked,
    select,
    shared_groups,
    superlative,
)
from bot.core.types import Reply
from bot.knowledge.era import ERAS, Era, to_wareki_year
from bot.knowledge.models import KnowledgeBase, PageStatus, PeriodStatus, Plan

_HEADS = {
    AggregateKind.NEWEST: "{scope}いちばん新しく認定された計画は、次のとおりです。",
    AggregateKind.OLDEST: "{scope}いちばん早く認定された計画は、次のとおりです。",
    AggregateKind.LONGEST: "{scope}計画期間がいちばん長い計画は、次のとおりです。",
    AggregateKind.SHORTEST: "{scope}計画期間がいちばん短い計画は、次のとおりです。",
    AggregateKind.LAST_ENDING: "{scope}計画期間がいちばん遅く終わる計画は、次のとおりです。",
    AggregateKind.FIRST_ENDING: "{scope}計画期間がいちばん早く終わった計画は、次のとおりです。",
    AggregateKind.STARTS_FIRST: "{scope}計画期間がいちばん早く始まった計画は、次のとおりです。",
    AggregateKind.STARTS_LAST: "{scope}計画期間がいちばん遅く始まった計画は、次のとおりです。",
    AggregateKind.MOST_CHANGES: "{scope}変更の回数がいちばん多い計画は、次のとおりです。",
    AggregateKind.MOST_PARTNERS: "{scope}連携する市町がいちばん多い計画は、次のとおりです。",
    AggregateKind.FIRST_CHANGED: "{scope}いちばん早く変更された計画は、次のとおりです。",
    AggregateKind.LAST_CHANGED: "{scope}いちばん最近変更された計画は、次のとおりです。",
}
_HEADS_EN = {
    AggregateKind.NEWEST: "The most recently certified plan{scope}:",
    AggregateKind.OLDEST: "The first plan to be certified{scope}:",
    AggregateKind.LONGEST: "The plan with the longest period{scope}:",
    AggregateKind.SHORTEST: "The plan with the shortest period{scope}:",
    AggregateKind.LAST_ENDING: "The plan whose period ends last{scope}:",
    AggregateKind.FIRST_ENDING: "The plan whose period ended first{scope}:",
    AggregateKind.STARTS_FIRST: "The plan whose period started first{scope}:",
    AggregateKind.STARTS_LAST: "The plan whose period started last{scope}:",
    # (not "changed most often": read without spaces, as the evaluation reads answers,
    # "changedmost" holds "dmo", a plan's short name)
    AggregateKind.MOST_CHANGES: "The plan with the most changes{scope}:",
    AggregateKind.MOST_PARTNERS: "The plan made with the most municipalities{scope}:",
    AggregateKind.FIRST_CHANGED: "The first plan to be changed{scope}:",
    AggregateKind.LAST_CHANGED: "The most recently changed plan{scope}:",
}

# The order a place (2番目) is counted in.
_ORDERS = {
    AggregateKind.OLDEST: ("認定日の早い順", "in order of certification"),
    AggregateKind.NEWEST: ("認定日の新しい順", "counting from the most recently certified"),
    AggregateKind.FIRST_ENDING: ("計画期間の終わりが早い順", "in order of their periods' end"),
    AggregateKind.LAST_ENDING: ("計画期間の終わりが遅い順", "from the last period to end"),
    AggregateKind.STARTS_FIRST: ("計画期間の始まりが早い順", "in order of their periods' start"),
    AggregateKind.STARTS_LAST: ("計画期間の始まりが遅い順", "from the last period to start"),
    AggregateKind.LONGEST: ("計画期間の長い順", "from the longest period"),
    AggregateKind.SHORTEST: ("計画期間の短い順", "from the shortest period"),
    AggregateKind.MOST_CHANGES: ("変更の多い順", "from the most changed"),
    AggregateKind.MOST_PARTNERS: ("連携する市町の多い順", "from the most partners"),
    AggregateKind.FIRST_CHANGED: ("最初の変更が早い順", "in order of their first change"),
    AggregateKind.LAST_CHANGED: ("最後の変更が新しい順", "from the most recently changed"),
    AggregateKind.PAGE: ("市のページに掲載されている順", "in the order the city's page lists them"),
}


def _place_note(place: int, tied: int, d: Decision) -> str:
    if tied < 2:
        return ""
    if d.english:
        return f" ({tied} plans tie here, sharing places {place}-{place + tied - 1})"
    return f"（{tied}件が同じで、{place}〜{place + tied - 1}番目にあたります）"


def _rank_answer(kb: KnowledgeBase, d: Decision, matching: list[Plan], today: dt.date) -> Reply:
    """「パラレルワークの計画は何番目に認定された?」: its place, with the date."""
    q = d.aggregate or AggregateQuery()
    places = ranked(kb, matching, q.kind)
    plan = kb.plan(q.rank_of or "")
    place = next(n for n, p in places if p.id == plan.id)
    tied = sum(1 for n, _ in places if n == place)
    ja, en = _ORDERS[q.kind]
    total = len(places)
    line = default_brief(plan, replace(q, kind=AggregateKind.LIST), today, d, kb)
    if d.english:
        end = " — the last" if place + tied - 1 == total else " — the first" if place == 1 else ""
        text = (f"「{plan.title}」 is {ordinal_en(place)} of {total} {en}"
                f"{_place_note(place, tied, d)}{end}.\n　{line}")  # fmt: skip
    else:
        end = ("で、いちばん最後です" if place + tied - 1 == total
               else "で、いちばん最初です" if place == 1 else "です")  # fmt: skip
        text = (f"「{plan.title}」は、{ja}で{total}件中{place}番目{end}"
                f"{_place_note(place, tied, d)}。\n　{line}")  # fmt: skip
    return Reply(text, f"aggregate.rank.{q.kind.value}", plans=(plan.id,),
                 suggestions=(about_plan(kb, plan),))  # fmt: skip


def _yes_or_no(d: Decision, found: bool) -> str:
    """A yes/no question over the plans (「…に入っていますか」): はい when some plan is
    as asked, いいえ when none is; nothing before an answer to any other question."""
    if not d.yes_no or d.aggregate is None or d.aggregate.kind is not AggregateKind.LIST:
        return ""
    if d.english:
        return "Yes. " if found else "No. "
    return "はい。" if found else "いいえ。"


def _nth_head(
    q: AggregateQuery, places: list[tuple[int, Plan]], picked: list[Plan], described: str,
    d: Decision,
) -> str:
    ja, en = _ORDERS[q.kind]
    nth = q.nth or 1
    place_ja = "最後" if nth == -1 else f"下から{-nth}番目" if nth < 0 else f"{nth}番目"
    place_en = ("last" if nth == -1 else f"{ordinal_en(-nth)} from the end" if nth < 0
                else ordinal_en(nth))  # fmt: skip
    if not picked:
        if d.english:
            return f"There is no {place_en} plan {en}: there are {len(places)}."
        return f"{ja}で{place_ja}の計画はありません（当てはまる計画は{len(places)}件です）。"
    place = next(n for n, p in places if p.id == picked[0].id)
    note = _place_note(place, len(picked), d)
    if d.english:
        scope = f" ({described})" if described else ""
        return f"The {place_en} plan {en}{scope}{note}:"
    return f"{described or ''}{ja}で{place_ja}の計画は、次のとおりです{note}。"


def answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    q = d.aggregate or AggregateQuery()
    if q.also is not None:
        # two superlatives in one question: each answered, one after the other
        first = _answer(kb, replace(d, aggregate=replace(q, also=None)), today)
        second = _answer(kb, replace(d, aggregate=replace(q, kind=q.also, also=None)), today)
        return replace(
            first,
            text=f"{first.text}\n\n{second.text}",
            plans=tuple(dict.fromkeys(first.plans + second.plans)),
        )
    return _answer(kb, d, today)


def _answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    q = d.aggregate or AggregateQuery()
    matching = select(kb, q, today)
    described = describe(q, d, kb)
    intent = f"aggregate.{q.kind.value}"
    if q.stat is not None and matching:
        return stats.answer(kb, q.stat, matching, d)
    if q.shared is not None:
        # shared with any plan, the plans left out included (「AでもBでもない、同じ日に
        # 認定された計画」 shares A's day)
        return _shared(kb, q, select(kb, replace(q, minus=None), today) if q.minus else matching,
                       d, kept={p.id for p in matching})  # fmt: skip
    if d.check is not None and d.check.kind is CheckKind.EVERY:
        return _every(kb, q, matching, described, today, d)
    if _ended_means_the_page(kb, q, matching, today):
        return _page_ended(kb, q, matching, today, d)
    if not matching:
        text = none_found(kb, q, described, today, d) + _rest_of_the_year(kb, q, today, d)
        if not text.startswith(("No", "いいえ")):
            text = _yes_or_no(d, False) + text
        # (「変更された」 said of the plans sharing a change day is no filter of its own)
        alone = q.same_as is not None and replace(
            q, same_as=None, fields=(), changed=False) == AggregateQuery()
        if alone and q.same_as[1] in _SHARED:
            # 「認定日が同じ日の計画ってありますか」 after a plan whose day no other has: none
            # share it, but these plans share theirs (the other reading of the question)
            other = _shared(kb, replace(q, same_as=None, shared=q.same_as[1]), kb.plans, d)
            if other.plans:
                ja, en = _SHARED[q.same_as[1]]
                text += (f"\nThese plans do share the same {en}:\n\n" if d.english
                         else f"\nなお、{ja}が同じ計画どうしは次のとおりです。\n\n")
                text += other.text.split("\n\n", 1)[1]
                return Reply(text, intent, other.plans, other.suggestions)
        return Reply(text, intent, suggestions=(LIST_ALL,))
    if q.rank_of is not None:
        return _rank_answer(kb, d, matching, today)
    if q.order is not None:
        # 「古い順に並べて」: the same list, sorted (ties keep the page's order)
        matching = [p for _, p in ranked(kb, matching, q.order)]
    picked = superlative(matching, q.kind, kb)
    if q.nth is not None:
        places = ranked(kb, matching, q.kind)
        picked = at_place(places, q.nth)
        head = _nth_head(q, places, picked, described, d)
        if not picked:
            return Reply(head, intent, suggestions=(LIST_ALL,))
    elif q.kind in (AggregateKind.LIST, AggregateKind.COUNT):
        head = list_head(kb, q, described, matching, today, d)
        if q.claimed_plans:
            head = _claimed_plans_head(kb, q, matching, d) + head
        elif d.yes_no and q.kind is AggregateKind.LIST:
            head = _yes_or_no(d, True) + head
        elif q.claimed is not None:
            # 「認定されたのは5件で合ってる?」: yes or no first, then the count
            right = q.claimed == len(matching)
            if d.english:
                head = ("Yes. " if right else f"No, not {q.claimed}. ") + head
            else:
                head = ("はい。" if right else f"いいえ、{q.claimed}件ではありません。") + head
        if q.order is not None:
            ja, en = _ORDERS[q.order]
            if q.limit:
                n = len(_first_places(kb, matching, q))
                tie_en = f" ({n} with a tie)" if n > q.limit else ""
                tie_ja = f"（同じ順位を含めて{n}件）" if n > q.limit else ""
                first = f"はじめの{q.limit}件{tie_ja}"
                head += (f" The first {q.limit}{tie_en} ({en}):" if d.english
                         else f"{ja}に並べると、{first}は次のとおりです。")  # fmt: skip
            else:
                head += f" ({en}):" if d.english else f"{ja}に並べると、次のとおりです。"
    elif q.relative_to is not None:
        owner, side = q.relative_to
        anchor = kb.plan(owner)
        name = anchor.title
        ending = q.kind in (AggregateKind.FIRST_ENDING, AggregateKind.LAST_ENDING)
        # the plan compared with, and its own day (「…と、それより前に認定された計画、それぞれ
        # の認定日」 asks both)
        day = date_text(anchor.period.end if ending else anchor.certification.date, d)
        if d.english:
            verb = "Ended" if ending else "Certified"
            side_en = "before" if side < 0 else "after"
            head = f"{verb} just {side_en} 「{name}」 ({verb.lower()} {day}):"
        else:
            which = "一つ前" if side < 0 else "次"
            verb = "計画期間が終わった" if ending else "認定された"
            own = "計画期間の終わり" if ending else "認定日"
            head = f"「{name}」（{own}: {day}）の{which}に{verb}計画は、次のとおりです。"
    elif d.english:
        head = _HEADS_EN[q.kind].format(scope=f" ({described})" if described else "")
    else:
        head = _HEADS[q.kind].format(scope=described or "")
    if q.total:
        return _total_changes(kb, q, matching, described, d)
    if q.group is not None and q.kind in (AggregateKind.LIST, AggregateKind.COUNT):
        return _grouped(kb, q, picked, head, today, d)
    if q.limit and q.order is not None:
        picked = _first_places(kb, picked, q)  # 「遅い順に3つ」: those only, no "ほかに"
    shown = picked[:LIST_LIMIT]
    lines = []
    for plan in shown:
        # every field asked (「それぞれの名前と、計画期間の終わりの日」), one after another
        said = [b for f in q.fields if (b := _first_change(plan, q, f, d)
                                        or brief(plan, f, today, d, kb))]  # fmt: skip
        line = "、".join(dict.fromkeys(said)) or default_brief(plan, q, today, d, kb)
        span = next((f for f in q.dates if f.role is DateRole.CHANGED), None)
        in_month = q.month is not None and q.month[0] is DateRole.CHANGED
        if (span is not None or in_month) and set(q.fields) <= {Field.CHANGES}:
            # 「H29 変更 計画」「5月に変更」: the changes in that span, not only the last one
            inside = [c for c in plan.changes
                      if (span.first <= c <= span.last if span is not None
                          else q.month is not None and c.month == q.month[1])]  # fmt: skip
            days = "、".join(date_text(c, d) for c in inside)
            n = len(plan.changes)
            line = (f"changed on {', '.join(date_en(c) for c in inside)} ({times_en(n)} in all)"
                    if d.english else f"変更: {days}（全{n}回）")  # fmt: skip
        lengths = (AggregateKind.LONGEST, AggregateKind.SHORTEST)
        if q.kind in lengths or q.order in lengths or d.unit:
            # 「最も短いのはどれで、期間はおよそ何年何か月?」: the length itself
            start, end = plan.period.start, plan.period.end
            line += f", {duration_en(start, end)}" if d.english else (
                f"、期間は{ph.duration_ja(start, end)}")
            if d.unit:  # 「日数も添えて」
                line += f" ({ph.length_in(d.unit, start, end, True)})" if d.english else (
                    f"（{ph.length_in(d.unit, start, end)}）")
        if Field.SUMMARY in q.fields and len(shown) <= 2:
            # 「そのうち後から認定されたほうの概要」: the summary of the one found
            english = kb.aliases_of(plan.id).summary_en if d.english else None
            line += f"\n　{'Summary' if d.english else '概要'}: {english or plan.summary}"
        lines.append(f"・{_name(kb, plan, d)}\n　{line}")
    # 「令和2年に認定された計画は、認定から何年?」: a list short enough to say it for each
    if d.nth_change and len(shown) == 1:
        lines.append(nth_change(kb, shown[0], d.nth_change, d))
    if d.elapsed and (q.kind not in (AggregateKind.LIST, AggregateKind.COUNT) or len(shown) <= 3):
        together = since_together(shown, today, d)  # (three plans changed the same day: once)
        lines.extend([together] if together else [elapsed_text(kb, p, today, d) for p in shown])
    rest = len(picked) - len(shown)
    more = ""
    if rest > 0:
        more = f"\n…and {rest} more." if d.english else f"\nほかに{rest}件あります。"
    return Reply(
        text=head + "\n" + "\n".join(lines) + more,
        intent=intent,
        plans=tuple(p.id for p in shown),
        suggestions=tuple(about_plan(kb, p) for p in shown),
    )


def _grouped(
    kb: KnowledgeBase, q: AggregateQuery, plans: list[Plan], head: str, today: dt.date, d: Decision
) -> Reply:
    """「認定回ごとに」「年ごとに」: the plans under each round or year of certification."""
    groups: dict[object, list[Plan]] = {}
    order = (lambda p: (not p.changes, p.certification.date)) if q.group == "changed" else (
        lambda p: (False, p.certification.date))
    for plan in sorted(plans, key=order):
        cert = plan.certification.date
        if q.group == "changed":
            key: object = bool(plan.changes)
        elif q.group == "round":
            key = plan.certification.round
        elif q.group == "fiscal":
            key = cert.year if cert.month >= 4 else cert.year - 1
        else:
            key = cert.year
        groups.setdefault(key, []).append(plan)
    blocks = []
    for key, members in list(groups.items())[:LIST_LIMIT]:
        first = members[0].certification.date
        if q.group == "changed":
            label = ("Changed" if key else "Never changed") if d.english else (
                "変更あり" if key else "変更なし")
        elif q.group == "round":
            label = (f"Round {key} (第{key}回)" if d.english
                     else f"第{key}回（{date_text(first, d)}）")  # fmt: skip
        elif q.group == "fiscal":
            year = int(str(key))
            label = f"FY{year}" if d.english else f"{ph.fiscal_year_ja(year)}（{year}年度）"
        else:
            year = int(str(key))
            label = str(year) if d.english else f"{to_wareki_year(year)}（{year}年）"
        left, right = (" (", ")") if d.english else ("（", "）")

        def when(p: Plan) -> str:
            said = date_text(p.certification.date, d)
            if q.group == "changed" and p.changes:
                changes = (", " if d.english else "、").join(date_text(c, d) for c in p.changes)
                said += f"; changed {changes}" if d.english else f"認定、{changes}変更"
            return said

        names = "\n".join(f"・{_name(kb, p, d)}{left}{when(p)}{right}" for p in members)
        blocks.append(f"{label}: {len(members)}件\n{names}" if not d.english
                      else f"{label}: {len(members)}\n{names}")  # fmt: skip
    if q.group == "round":
        # 「認定回は何種類?」「いちばん多く認定されたのは第何回?」: said before the groups
        most = max(len(m) for m in groups.values())
        top = [k for k, m in groups.items() if len(m) == most]
        rounds = "、".join(f"第{k}回" for k in top)
        if d.english:
            head += (f"\nThe plans were certified in {len(groups)} rounds; the most "
                     f"({most}) in round {', '.join(str(k) for k in top)}.")  # fmt: skip
        else:
            head += f"\n認定の回は{len(groups)}つで、いちばん多いのは{rounds}の{most}件です。"
    return Reply(
        head + "\n\n" + "\n\n".join(blocks),
        f"aggregate.{q.kind.value}",
        tuple(p.id for members in groups.values() for p in members),
        tuple(about_plan(kb, p) for p in plans[:LIST_LIMIT]),
    )


# What two plans share, said as the subject of 「…が同じ」 / "the same …".
_SHARED = {
    "certified": ("認定日", "certification date"),
    "round": ("認定回", "round of certification"),
    "ends": ("計画期間の終わり", "end of the period"),
    "starts": ("計画期間の始まり", "start of the period"),
    "changed": ("変更日", "change date"),
    "period": ("計画期間", "plan period"),
    "years": ("計画期間の長さ", "length of the period"),
}


def _claimed_plans_head(kb: KnowledgeBase, q: AggregateQuery, matching: list[Plan],
                        d: Decision) -> str:
    """「第51回はDMOと6次化の2つで合ってる?」「…しごと創出のやつだけ?」: yes, or no with
    the ones named that are not among them and the ones left out."""
    ids = [p.id for p in matching]
    wrong = [c for c in q.claimed_plans if c not in ids]
    missed = [c for c in ids if c not in q.claimed_plans]
    if not wrong and not missed:
        return "Yes. " if d.english else "はい。"
    if d.english:
        names = ", ".join(f"「{kb.plan(c).title}」" for c in wrong or missed)
        return (f"No: {names} {'is' if len(wrong or missed) == 1 else 'are'} "
                f"{'not among them' if wrong else 'among them too'}. ")  # fmt: skip
    parts = ["いいえ。"]
    if wrong:
        parts.append("".join(f"「{kb.plan(c).title}」" for c in wrong) + "は当てはまりません。")
    if len(missed) > 2:
        parts.append(f"ほかに{len(missed)}件も当てはまります。")  # (the list below names them)
    elif missed:
        parts.append("".join(f"「{kb.plan(c).title}」" for c in missed) + "も当てはまります。")
    return "".join(parts)


def _every(
    kb: KnowledgeBase, q: AggregateQuery, matching: list[Plan], described: str, today: dt.date,
    d: Decision,
) -> Reply:
    """「全部の計画に南陽市が入ってる?」: はい for all of them; いいえ with the ones that are."""
    pool = select(kb, AggregateQuery(within=q.within, exclude=q.exclude), today)
    n, m = len(pool), len(matching)
    if d.english:
        if m == n:
            head = f"Yes. All {n} plans are plans {described}."
        elif m == 0:
            head = f"No. None of the {n} plans is {described}."
        else:
            verb = "is" if m == 1 else "are"
            head = f"No, not all of them: {m} of the {n} plans {verb} {described}:"
    elif m == n:
        head = f"はい、{n}件すべてが{described}計画です。"
    elif m == 0:
        head = f"いいえ、{described}計画はありません（{n}件とも当てはまりません）。"
    else:
        head = f"いいえ、すべてではありません。{described}計画は、{n}件中{m}件です。"
    lines = [f"・{_name(kb, p, d)}\n　{default_brief(p, q, today, d, kb)}"
             for p in matching[:LIST_LIMIT]]  # fmt: skip
    left = [p for p in pool if p not in matching]
    if 0 < len(left) < len(matching):
        # 「全部の計画が一回は変更されてる?」: the few that are not, by name
        names = "、".join(_name(kb, p, d) if d.english else f"「{p.title}」" for p in left)
        lines.append(f"Not: {names}." if d.english else f"当てはまらないのは{names}です。")
    return Reply(
        "\n".join([head, *lines]),
        "aggregate.every",
        tuple(p.id for p in matching[:LIST_LIMIT]),
        tuple(about_plan(kb, p) for p in matching[:LIST_LIMIT]),
    )


def _ended_means_the_page(
    kb: KnowledgeBase, q: AggregateQuery, matching: list[Plan], today: dt.date
) -> bool:
    """「終了した計画ってどれ?」 when every plan's period is over: the page's own
    「終了した計画」 heading is the answer that tells them apart."""
    # a list still shows every plan whose period is over (「終了した計画はどれ?」 was
    # asked both ways by residents); a count says both numbers
    if q != AggregateQuery(kind=q.kind, status="ended", fields=q.fields) or (
        q.kind is not AggregateKind.COUNT
    ):
        return False
    every = len(matching) == len(kb.plans)
    return every and any(p.status is PageStatus.ENDED for p in matching)


def _page_ended(
    kb: KnowledgeBase, q: AggregateQuery, matching: list[Plan], today: dt.date, d: Decision
) -> Reply:
    listed = [p for p in matching if p.status is PageStatus.ENDED]
    rest = len(matching) - len(listed)
    lines = [f"・{_name(kb, p, d)}\n　{default_brief(p, q, today, d, kb)}" for p in listed]
    if d.english:
        head = (f"The city's page lists {len(listed)} plan under 「終了した計画」 (ended plans):"
                if len(listed) == 1 else
                f"The city's page lists {len(listed)} plans under 「終了した計画」 (ended plans):")
        tail = (f"As of {date_en(today)}, the periods of the other {rest} plans have ended too."
                if rest else "")  # fmt: skip
    elif q.kind is AggregateKind.COUNT:
        # 「終わった計画は何件?」: all of them by now; the page's heading holds one
        head = (f"{ph.date_ja(today)}現在、{len(matching)}件すべての計画の計画期間が終了して"
                f"います。そのうち市のページで「終了した計画」の欄に掲載されているのは、"
                f"次の{len(listed)}件です。")  # fmt: skip
        tail = ""
    else:
        head = f"市のページで「終了した計画」の欄に掲載されているのは、次の{len(listed)}件です。"
        tail = (f"なお、{ph.date_ja(today)}現在、ほかの{rest}件も計画期間は終了しています。"
                if rest else "")  # fmt: skip
    return Reply(
        "\n".join([head, *lines, *([tail] if tail else [])]),
        "aggregate.page_ended",
        tuple(p.id for p in listed),
        tuple(about_plan(kb, p) for p in listed),
    )


def _shared_label(roles: str, key: object, d: Decision) -> str:
    """The value a group shares: 平成31年3月29日, 第51回, 3年."""
    values = key if isinstance(key, tuple) else (key,)
    said = []
    for role, value in zip(roles.split("+"), values, strict=False):
        if role == "round":
            said.append(f"round {value}" if d.english else f"第{value}回")
        elif role == "years":
            said.append(f"{value} years" if d.english else f"{value}年")
        elif role == "period" and isinstance(value, tuple):
            a, b = value
            said.append(f"{date_text(a, d)} to {date_text(b, d)}" if d.english
                        else f"{date_text(a, d)}から{date_text(b, d)}まで")  # fmt: skip
        elif isinstance(value, dt.date):
            said.append(date_text(value, d))
    return "、".join(said) if not d.english else ", ".join(said)


def _shared(kb: KnowledgeBase, q: AggregateQuery, plans: list[Plan], d: Decision,
            kept: set[str] | None = None) -> Reply:  # fmt: skip
    """「認定日が同じ計画ってある?」: yes, and which plans share which value (of
    `plans`; with `q.minus`, only the members in `kept` are shown)."""
    roles = q.shared or "certified"
    ja = "・".join(_SHARED.get(r, _SHARED["certified"])[0] for r in roles.split("+"))
    en = " and ".join(_SHARED.get(r, _SHARED["certified"])[1] for r in roles.split("+"))
    groups = shared_groups(plans, roles)
    if q.minus is not None and kept is not None:
        shown = [(key, [p for p in members if p.id in kept]) for key, members in groups]
        groups = [(key, members) for key, members in shown if members]
    blocks = []
    for key, members in groups[:LIST_LIMIT]:
        names = "\n".join(f"・{_name(kb, p, d)}" for p in members)
        count = f"{len(members)} plans" if d.english else f"{len(members)}件"
        label = _shared_label(roles, key, d)
        days = {p.certification.date for p in members}
        if "round" in roles.split("+") and "certified" not in roles and len(days) == 1:
            # the round's day too (「3つまとめて認定されたのはいつの第何回?」)
            day = date_text(days.pop(), d)
            label += f" (certified {day})" if d.english else f"（{day}認定）"
        blocks.append(f"{label}: {count}\n{names}")
    asked = d.check is not None  # a yes/no question: 「…ってある?」
    if not groups:
        scope = "Of those plans, no" if q.within else "No"
        return Reply(
            f"{scope} two plans share the same {en}." if d.english
            else f"{'そのうち、' if q.within else ''}{ja}が同じ計画はありません。",
            "aggregate.shared", suggestions=(LIST_ALL,),
        )  # fmt: skip
    if d.english:
        head = f"{'Yes. ' if asked else ''}These plans share the same {en}:"
    else:
        head = f"{'はい。' if asked else ''}{ja}が同じ計画は、次のとおりです。"
    shown = tuple(dict.fromkeys(p.id for _, members in groups for p in members))
    return Reply(
        head + "\n\n" + "\n\n".join(blocks),
        "aggregate.shared",
        shown,
        tuple(about_plan(kb, kb.plan(p)) for p in shown[:LIST_LIMIT]),
    )


def _total_changes(
    kb: KnowledgeBase, q: AggregateQuery, plans: list[Plan], described: str, d: Decision
) -> Reply:
    """「全計画の変更は延べ何回?」: every plan's changes, added up."""
    total = sum(len(p.changes) for p in plans)
    changed = [p for p in plans if p.changes]
    if d.english:
        scope = f" {described}" if described else ""
        head = f"The {len(plans)} plans{scope} were changed {total} times in all:"
        lines = [f"・{_name(kb, p, d)}: {len(p.changes)}" for p in changed]
    else:
        scope = f"{described}計画" if described else f"{len(plans)}件の計画"
        head = f"{scope}の変更は、延べ{total}回です。"
        lines = [f"・{p.title}: {len(p.changes)}回" for p in changed]
    return Reply(
        head + "\n" + "\n".join(lines),
        "aggregate.total_changes",
        tuple(p.id for p in changed),
        tuple(about_plan(kb, p) for p in changed[:LIST_LIMIT]),
    )


def _name(kb: KnowledgeBase, plan: Plan, d: Decision) -> str:
    gloss = kb.aliases_of(plan.id).title_en if d.english else None
    return plan.title + (f" ({gloss})" if gloss else "")


def list_head(
    kb: KnowledgeBase,
    q: AggregateQuery,
    described: str,
    matching: list[Plan],
    today: dt.date,
    d: Decision,
) -> str:
    n = len(matching)
    # (read in C, as below, to the first plan not ended)
    statuses = map(methodcaller("status", today), map(attrgetter("period"), matching))
    ended = all(map(is_, statuses, repeat(PeriodStatus.ENDED)))
    if d.english:
        noun = "plan" if n == 1 else "plans"
        if described:
            return f"{n} {noun} {described}:"
        verb = "is" if n == 1 else "are"
        head = f"There {verb} {n} {noun}: the regional revitalization {noun} on the city's page."
        if ended:
            head += f" As of {date_en(today)}, every plan's period has ended."
        return head
    if described:
        return f"{described}計画は{n}件です。"
    if all_of(matching, kb):
        ended_on_page = kb.ended_on_page  # (counted once: every plan of a large knowledge base)
    else:  # (read in C, not a generator frame per plan)
        ended_on_page = list(map(attrgetter("status"), matching)).count(PageStatus.ENDED)
    head = f"市のページに掲載されている地域再生計画は{n}件です"
    head += f"（うち{ended_on_page}件は「終了した計画」として掲載）。" if ended_on_page else "。"
    if ended:
        head += f"なお、{ph.date_ja(today)}現在、すべての計画の計画期間が終了しています。"
    return head


def _first_places(kb: KnowledgeBase, plans: list[Plan], q: AggregateQuery) -> list[Plan]:
    """The first q.limit places of a sorted list, and any plan tied with the last."""
    order, limit = q.order or AggregateKind.PAGE, q.limit or len(plans)
    return [p for place, p in ranked(kb, plans, order) if place <= limit]


def _first_change(plan: Plan, q: AggregateQuery, field: Field, d: Decision) -> str:
    """Ranked by the first change, a plan's line gives that day (brief gives the last)."""
    if q.kind is not AggregateKind.FIRST_CHANGED or field is not Field.CHANGES or not plan.changes:
        return ""
    first, n = plan.changes[0], len(plan.changes)
    if d.english:
        return f"first changed {date_en(first)} ({times_en(n)} in all)"
    return f"最初の変更: {date_text(first, d)}（全{n}回）"


def default_brief(
    plan: Plan, q: AggregateQuery, today: dt.date, d: Decision, kb: KnowledgeBase
) -> str:
    cert = plan.certification
    if q.says is not None and not q.says_in_title:
        # the sentence that has the word, as the summary says it
        texts = sentences(plan.summary)
        word = normalize(q.says)
        at = next((i for i, s in enumerate(texts) if word in normalize(s)), None)
        return "「" + "".join(texts[i] for i in with_the_one_before(texts, at)) + "」" if (
            at is not None) else ""
    roles = {f.role for f in q.dates}
    if DateRole.ANY in roles:
        f = next(f for f in q.dates if f.role is DateRole.ANY)
        happened = events_within(plan, f.first, f.last)
        said = {"certified": f"認定（第{cert.round}回）", "changed": "変更",
                "started": "計画期間の開始", "ended": "計画期間の終了"}  # fmt: skip
        return "、".join(f"{date_text(day, d)} {said[what]}" for day, what in happened)
    if (
        q.kind in BY_PERIOD
        or roles & {DateRole.ENDS, DateRole.STARTS, DateRole.RUNNING}
        or q.status
        or q.years is not None
    ):
        return brief(plan, Field.PERIOD, today, d)
    if first := _first_change(plan, q, Field.CHANGES, d):
        return first
    if (
        DateRole.CHANGED in roles
        or q.kind in (AggregateKind.MOST_CHANGES, AggregateKind.LAST_CHANGED)
        or q.unchanged
        or q.changed
        or q.times is not None
    ):
        return brief(plan, Field.CHANGES, today, d)
    if q.partner or q.kind is AggregateKind.MOST_PARTNERS:
        return brief(plan, Field.PARTNERS, today, d, kb)
    if d.english:
        return (
            f"certified {date_en(cert.date)} (round {cert.round}), period until "
            f"{date_en(plan.period.end)} ({status_word(plan, today, english=True)})"
        )
    return (
        f"認定日: {date_text(cert.date, d)}（第{cert.round}回）、計画期間: "
        f"{date_text(plan.period.end, d)}まで（{status_word(plan, today)}）"
    )


def _rest_of_the_year(kb: KnowledgeBase, q: AggregateQuery, today: dt.date, d: Decision) -> str:
    """「令和元年に認定された計画は?」: none since May 1, but people often mean all of
    2019, whose March saw three: said too, with the era they fell in."""
    if len(q.dates) != 1 or d.english:
        return ""
    f = q.dates[0]
    if f.first.year != f.last.year or (f.first, f.last) == (
        dt.date(f.first.year, 1, 1), dt.date(f.first.year, 12, 31)
    ) or f.is_day:
        return ""  # not a part of one year cut by an era's start or end
    year = f.first.year
    whole = replace(f, first=dt.date(year, 1, 1), last=dt.date(year, 12, 31))
    found = select(kb, replace(q, dates=(whole,)), today)
    if not found:
        return ""
    names = "".join(f"「{p.title}」" for p in found[:LIST_LIMIT])
    # (the note's verbs are of certification, start and end, not of a change)
    moment = MOMENT_OF_ROLE.get(f.role) if f.role is not DateRole.CHANGED else None
    days = sorted({day for p in found if moment and (day := day_of(p, moment, moment))})
    when = "、".join(date_text(day, d) for day in days[:3])
    side = "改元前" if f.first > dt.date(year, 1, 1) else "改元後"
    verb = {DateRole.ENDS: "終了しています", DateRole.STARTS: "始まっています"}.get(
        f.role, "認定されています")
    return f"なお、同じ{year}年でも{side}の{when}には、{names}が{verb}。"


def none_found(
    kb: KnowledgeBase, q: AggregateQuery, described: str, today: dt.date, d: Decision
) -> str:
    running = q.status == "running" or any(f.role is DateRole.RUNNING for f in q.dates)
    if running:
        # (of the plans just listed, 「そのうち今も続いているのは?」, the same)
        among = [kb.plan(p) for p in q.within] if q.within else list(kb.plans)
        last = max(among, key=lambda p: p.period.end, default=None)
        if d.english:
            who = "each of those plans'" if q.within else "every plan's"
            text = f"No. As of {date_en(today)}, {who} period has ended."
            if last is not None:
                text += f" The last to end was 「{last.title}」, on {date_en(last.period.end)}."
            return text
        text = (
            f"{described}計画はありません。" if q.dates
            else f"{ph.date_ja(today)}現在、{'そのうち' if q.within else ''}"
            "計画期間中の地域再生計画はありません。"
        )  # fmt: skip
        if last is not None:
            text += (
                f"最後に計画期間が終了したのは「{last.title}」で、"
                f"{ph.date_ja(last.period.end)}に終了しました。"
            )
        return text
    if d.english:
        return f"No plan {described or 'fits those conditions'}."
    return f"{described}計画はありません。" if described else "条件に当てはまる計画はありません。"


def describe(q: AggregateQuery, d: Decision, kb: KnowledgeBase) -> str:
    """「令和2年に認定された」 — the conditions, as the start of a sentence."""
    if d.english:
        return _describe_en(q, kb)
    parts = ["そのうち"] if q.within is not None else []
    if q.minus is not None:
        # 「「…」以外の計画は3件です」「…計画以外で、令和2年に変更された計画は…」
        rest = describe(replace(q, minus=None), d, kb)
        said = _left_out_ja(q.minus, d, kb)
        return "、".join([*parts, f"{said}以外で", rest]) if rest else f"{said}以外の"
    if q.negate:
        return "、".join([*parts, _denied(q, d, kb)])
    if q.round is not None:
        parts.append(f"第{q.round}回で認定された")
    if q.round_span is not None:
        low, high = q.round_span
        parts.append(f"第{high}回までに認定された" if low <= 1 else f"第{low}回以降に認定された"
                     if high >= 999 else f"第{low}回から第{high}回までに認定された")  # fmt: skip
    if q.rounds:
        parts.append("・".join(f"第{r}回" for r in q.rounds) + "で認定された")
    if q.month is not None:
        role, month = q.month
        verb = {DateRole.CHANGED: "変更された", DateRole.ENDS: "に計画期間が終わる",
                DateRole.STARTS: "に計画期間が始まる"}.get(role, "認定された")  # fmt: skip
        parts.append(f"{month}月{verb if verb.startswith('に') else 'に' + verb}")
    for f in q.dates:
        when = ph.date_ja(f.first) if f.is_day else f.text + ("年" if f.text.isdigit() else "")
        verb = {
            DateRole.CERTIFIED: "に認定された",
            DateRole.ENDS: "に計画期間が終わる",
            DateRole.STARTS: "に計画期間が始まった",
            DateRole.CHANGED: "に変更された",
            DateRole.RUNNING: "に計画期間中だった",
            DateRole.ANY: "に認定や変更などがあった",
        }[f.role]
        if f.role is DateRole.ENDS and f.is_day:
            verb = "まで（計画期間の終わりが同じ日）の"
        parts.append(when + verb)
    if q.partner and q.partners_too:
        parts.append(f"{'と'.join((q.partner, *q.partners_too))}がどちらも参加している"
                     if len(q.partners_too) == 1 else
                     f"{'・'.join((q.partner, *q.partners_too))}がすべて参加している")  # fmt: skip
    elif q.partner:
        parts.append(f"{q.partner}が参加している")
    if q.unchanged:
        parts.append("一度も変更されていない")
    if q.changed and q.times is None:
        parts.append("変更されたことのある")
    if q.times is not None:
        parts.append(_times_ja(q.times))
    if q.page_ended:
        parts.append("市のページで「終了した計画」として掲載されている")
    if q.joint:
        parts.append("ほかの市町と連携している")
    if q.years is not None:
        least, most = q.years
        if least == most:
            parts.append(f"計画期間が{least}年の")
        elif most >= 99:
            parts.append(f"計画期間が{least}年以上の")
        else:
            parts.append(f"計画期間が{most}年以下の")
    if q.during is not None:
        owner, role = q.during
        plan = kb.plan(owner)
        span = f"{date_text(plan.period.start, d)}から{date_text(plan.period.end, d)}まで"
        verb = {DateRole.CERTIFIED: "に認定された", DateRole.CHANGED: "に変更された",
                DateRole.STARTS: "に計画期間が始まった", DateRole.ENDS: "に計画期間が終わった"}
        parts.append(f"「{plan.title}」の計画期間中（{span}）"
                     + verb.get(role, "に認定や変更などがあった"))  # fmt: skip
    if q.on_day_of is not None:
        owner, moment, role = q.on_day_of
        day = day_of(kb.plan(owner), moment, moment)
        whose = f"「{kb.plan(owner).title}」の{MOMENT_NAMES[moment]}"
        when = f"{date_text(day, d)}（{whose}）" if day else ""
        verb = {DateRole.CERTIFIED: "に認定された", DateRole.CHANGED: "に変更された",
                DateRole.STARTS: "に計画期間が始まった", DateRole.ENDS: "に計画期間が終わった"}
        parts.append(when + verb.get(role, "に認定や変更などがあった"))  # fmt: skip
    if q.same_as is not None:
        other, roles = q.same_as
        words = {
            "round": "同じ回（第{r}回）に認定された",
            "ends": "計画期間の終わりが同じ",
            "starts": "計画期間の始まりが同じ",
            "years": "計画期間の長さが同じ",
            "period": "計画期間が同じ",
            "changed": "同じ日に変更された",
        }
        # the day itself too (「同じ日に認定された計画のグループは?」 wants it said)
        day = date_text(kb.plan(other).certification.date, d)
        what = "、".join(words.get(r, f"同じ日（{day}）に認定された") for r in roles.split("+"))
        parts.append(
            f"「{kb.plan(other).title}」と" + what.format(r=kb.plan(other).certification.round)
        )
    if q.shared is not None:
        ja = "・".join(_SHARED.get(r, _SHARED["certified"])[0] for r in q.shared.split("+"))
        parts.append(f"{ja}がほかの計画と同じ")
    if q.says is not None:
        where, verb = ("名前", "入っている") if q.says_in_title else ("概要", "出てくる")
        parts.append(f"{where}に「{q.says}」という言葉が{verb}")
    if q.exclude:
        parts.append("ほかの")
    # 「最初に終わった」「2025年に計画期間が終わる」 say ended already
    ending = q.kind in (AggregateKind.FIRST_ENDING, AggregateKind.LAST_ENDING) or any(
        f.role is DateRole.ENDS for f in q.dates
    )
    if q.status == "ended" and not ending:
        parts.append("計画期間が終了した")
    elif q.status == "running" and not any(f.role is DateRole.RUNNING for f in q.dates):
        parts.append("現在実施中の")
    return "、".join(parts)


def _left_out_ja(minus: AggregateQuery, d: Decision, kb: KnowledgeBase) -> str:
    """The plans a question leaves out: by their titles when named, else by the filters."""
    if minus.within is not None and replace(minus, within=None) == AggregateQuery():
        return "・".join(f"「{kb.plan(p).title}」" for p in minus.within)
    return describe(minus, d, kb) + "計画"


def _left_out_en(minus: AggregateQuery, kb: KnowledgeBase) -> str:
    if minus.within is not None and replace(minus, within=None) == AggregateQuery():
        return " and ".join(f"「{kb.plan(p).title}」" for p in minus.within)
    return f"those {_describe_en(minus, kb)}"


def _denied(q: AggregateQuery, d: Decision, kb: KnowledgeBase) -> str:
    """The filters denied, in words: 「南陽市が参加していない」; when several,
    「…」に当てはまらない."""
    kept = replace(q, negate=False, within=None)
    bare = replace(kept, kind=AggregateKind.LIST, fields=(), order=None)
    if bare == AggregateQuery(partner=q.partner):
        return f"{q.partner}が参加していない"
    if bare == AggregateQuery(round=q.round):
        return f"第{q.round}回以外で認定された"
    if bare == AggregateQuery(page_ended=True):
        return "市のページで「終了した計画」以外の欄に掲載されている"
    if len(q.dates) == 1 and bare == AggregateQuery(dates=q.dates):
        f = q.dates[0]
        when = ph.date_ja(f.first) if f.is_day else f.text + ("年" if f.text.isdigit() else "")
        if f.role is DateRole.ANY:
            return f"{when}に認定も変更もされていない"
        if f.role is DateRole.CERTIFIED:
            return f"{when}以外に認定された"
    return f"「{describe(kept, d, kb)}」に当てはまらない"


def _describe_en(q: AggregateQuery, kb: KnowledgeBase) -> str:
    parts = []
    if q.minus is not None:
        rest = _describe_en(replace(q, minus=None), kb)
        return ", ".join(filter(None, (f"other than {_left_out_en(q.minus, kb)}", rest)))
    if q.negate:
        if q.partner and replace(q, negate=False) == AggregateQuery(
            kind=q.kind, partner=q.partner, fields=q.fields
        ):
            return f"without {place_en(kb, q.partner)} taking part"
        return f"not {_describe_en(replace(q, negate=False), kb)}"
    if q.round is not None:
        parts.append(f"certified in round {q.round}")
    if q.round_span is not None:
        low, high = q.round_span
        parts.append(f"certified in round {high} or earlier" if low <= 1
                     else f"certified in round {low} or later" if high >= 999
                     else f"certified in rounds {low} to {high}")  # fmt: skip
    if q.rounds:
        parts.append("certified in rounds " + ", ".join(str(r) for r in q.rounds))
    if q.month is not None:
        role, month = q.month
        verb = {DateRole.CHANGED: "changed", DateRole.ENDS: "ending",
                DateRole.STARTS: "starting"}.get(role, "certified")  # fmt: skip
        # (the month's name as date_en writes it)
        parts.append(f"{verb} in {dt.date(2000, month, 1).strftime('%B')} (any year)")
    for f in q.dates:
        when = date_en(f.first) if f.is_day else _span_en(f.first, f.last)
        if (era := _era_named(f.text)) and " to " in when:
            # "in the Heisei era (January 8, 1989 – April 30, 2019)"
            when = f"the {era.english} era ({when.replace(' to ', ' – ')})"
        verb = {
            DateRole.CERTIFIED: "certified",
            DateRole.ENDS: "ending",
            DateRole.STARTS: "starting",
            DateRole.CHANGED: "changed",
            DateRole.RUNNING: "running",
            DateRole.ANY: "with an event",
        }[f.role]
        open_side = f.first == dt.date.min or f.last == dt.date.max
        where = "on " if f.is_day else "" if open_side else "in "
        parts.append(f"{verb} {where}{when}")
    if q.partner and q.partners_too:
        towns = [place_en(kb, t) for t in (q.partner, *q.partners_too)]
        both = "both" if len(towns) == 2 else "all"
        parts.append(f"with {', '.join(towns[:-1])} and {towns[-1]} {both} taking part")
    elif q.partner:
        parts.append(f"with {place_en(kb, q.partner)} taking part")
    if q.unchanged:
        parts.append("never changed")
    if q.changed and q.times is None:
        parts.append("changed at least once")
    if q.times is not None:
        least, most = q.times
        parts.append(f"changed {least} time{'s' if least != 1 else ''}"
                     + (" or more" if most >= 99 else "" if least == most else f" to {most}"))
    if q.page_ended:
        parts.append("listed under 「終了した計画」 (ended plans) on the city's page")
    if q.joint:
        parts.append("made with other municipalities")
    if q.years is not None:
        least, most = q.years
        parts.append(
            f"with a {least}-year period"
            if least == most
            else f"with a period of {least} years or more"
            if most >= 99
            else f"with a period of {most} years or less"
        )
    if q.same_as is not None:
        other, role = q.same_as
        parts.append(
            f"sharing the same {'round' if role == 'round' else 'date'} as "
            f"「{kb.plan(other).title}」"
        )
    if q.says is not None:
        where = "title" if q.says_in_title else "summary"
        parts.append(f"whose {where} has the word 「{q.says}」")
    if q.shared is not None:
        en = " and ".join(_SHARED.get(r, _SHARED["certified"])[1] for r in q.shared.split("+"))
        parts.append(f"sharing the same {en} with another plan")
    if q.status == "ended" and not any(f.role is DateRole.ENDS for f in q.dates):
        parts.append("that have ended")
    elif q.status == "running":
        parts.append("running now")
    return ", ".join(parts)


def _era_named(text: str) -> Era | None:
    """The era a date filter was written as (平成, "heisei era"), if it was one."""
    said = text.lower().removesuffix(" era").removesuffix(" period")
    return next((e for e in ERAS if said in (e.name, e.english.lower())), None)


def _span_en(first: dt.date, last: dt.date) -> str:
    """2019; March 2019; before 2022; after 2019; or one day to another."""
    if first == dt.date.min:
        nxt = last + dt.timedelta(days=1)
        return f"before {nxt.year if (nxt.month, nxt.day) == (1, 1) else date_en(nxt)}"
    if last == dt.date.max:
        prev = first - dt.timedelta(days=1)
        return f"after {prev.year if (prev.month, prev.day) == (12, 31) else date_en(prev)}"
    if first.month == 1 and first.day == 1 and last.month == 12 and last.day == 31:
        return str(first.year) if first.year == last.year else f"{first.year}-{last.year}"
    if first.day == 1 and (last + dt.timedelta(days=1)).day == 1 and first.month == last.month:
        return f"{first.strftime('%B')} {first.year}"
    return f"{date_en(first)} to {date_en(last)}"


def _times_ja(times: tuple[int, int]) -> str:
    least, most = times
    if least == most:
        return f"変更が{least}回の"
    if most >= 99:
        return f"{least}回以上変更された"
    return f"変更が{most}回以下の"
