"""Facts of named plans: one sentence (or block) per field asked, in the
asker's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from bot.core import phrases as ph
from bot.core.answer.common import (
    CONTACT,
    FIELD_NAMES,
    FIELD_NAMES_EN,
    FIELD_QUESTIONS,
    FIELD_QUESTIONS_EN,
    IN_ENGLISH,
    LIST_ALL,
    clip,
    contact_block,
    contact_block_en,
    date_en,
    date_text,
    label,
    label_en,
    ordinal_en,
    places_en,
    status_word,
    times_en,
    title,
)
from bot.core.intents import AggregateKind, DateFilter, Decision, Field, Moment
from bot.core.select import day_of
from bot.core.types import Reply, Suggestion
from bot.knowledge.models import KnowledgeBase, PageStatus, PeriodStatus, Plan


def answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    plans = [kb.plan(pid) for pid in d.plans]
    if not d.fields and not d.elapsed and not d.anniversary:
        d = replace(d, fields=(Field.OVERVIEW,))  # never an empty answer
    within = d.aggregate.dates if d.aggregate is not None else ()
    which = d.aggregate.kind if d.aggregate is not None and not within else None
    parts = []
    for plan in plans:
        texts = []
        # 「本文ファイルに書いてある事業費」: the page does not give it, and says where the file is
        asked = [f for f in d.fields if not (f is Field.DOCUMENT and Field.UNLISTED in d.fields)]
        for f in asked:
            if f is Field.CHANGES and d.nth_change:
                texts.append(nth_change(kb, plan, d.nth_change, d))
            elif f is Field.CHANGES and within:
                texts.append(changes_within(kb, plan, within[0], d))
            elif f is Field.CHANGES and which in (AggregateKind.OLDEST, AggregateKind.NEWEST):
                texts.append(one_change(kb, plan, which is AggregateKind.OLDEST, d))
            else:
                texts.append(field_text(kb, plan, f, today, d))
        if d.elapsed:
            texts.append(elapsed_text(kb, plan, today, d))
        if d.anniversary:
            texts.append(anniversary_text(kb, plan, d.anniversary, today, d))
        if d.weekday:
            texts.extend(weekday_text(plan, f, d) for f in d.fields)
        parts.append("\n".join(dict.fromkeys(texts)))
    if d.lengths and len(plans) >= 2:
        parts.append(lengths_text(plans, d))
    fields = [f.value for f in d.fields]
    if d.why:
        parts.append(reason_text(kb, d))
    if d.source:
        parts.insert(0, source_text(kb, d))  # 「なんでわかるの?」
    return Reply(
        text="\n\n".join(parts),
        intent=f"plan.{'+'.join(fields)}" if fields else "plan.elapsed",
        plans=tuple(p.id for p in plans),
        suggestions=suggestions(kb, plans[0], d.fields, d.english),
        facts=tuple(f"{p.id}.{f}" for p in plans for f in fields),
        day=_nth_day(plans[0], d.nth_change)
        if len(plans) == 1 and d.nth_change
        else the_day(plans[0], d.fields[0], which is AggregateKind.OLDEST)
        if len(plans) == 1 and d.fields
        else None,
    )


def lengths_text(plans: Sequence[Plan], d: Decision) -> str:
    """「期間を合計すると何年」「期間は何年違う」: the periods' lengths (each as the
    answer above says it, in whole months) added up, or how far apart."""
    months = [ph.sum_months(ph.duration(p.period.start, p.period.end)) for p in plans]
    n = len(plans)
    if d.lengths == "sum":
        total = sum(months)
        if d.english:
            return f"Together, the {n} plan periods come to {months_en(total)}."
        return f"{n}つの計画の計画期間を合わせると、{ph.months_ja(total)}です。"
    gap = max(months) - min(months)
    if d.english:
        return (f"The plan periods differ by {months_en(gap)}." if gap
                else "The plan periods are about the same length.")
    return (f"計画期間の長さの差は、{ph.months_ja(gap)}です。" if gap
            else "計画期間の長さはほぼ同じです。")


_WEEKDAYS_JA = "月火水木金土日"
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_text(plan: Plan, field: Field, d: Decision) -> str:
    """「最終日って何曜日?」: the day of the week of the day the field gives."""
    day = plan.period.end if field is Field.PERIOD else the_day(plan, field)
    if day is None:
        return ""
    if d.english:
        return f"{date_text(day, d)} was a {_WEEKDAYS_EN[day.weekday()]}."
    return f"{date_text(day, d)}は{_WEEKDAYS_JA[day.weekday()]}曜日です。"


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day so many years on (2月29日 on 28 February of a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def anniversary_text(
    kb: KnowledgeBase, plan: Plan, asked: tuple[str, int], today: dt.date, d: Decision
) -> str:
    """「認定からちょうど10年になるのはいつ? あと何日?」: that day, and how far from today."""
    what, years = asked
    start = {"certified": plan.certification.date, "starts": plan.period.start}.get(
        what, plan.period.end
    )
    day = years_after(start, years)
    t = title(kb, plan, d)
    gap = (day - today).days
    if d.english:
        since = {"certified": "certification", "starts": "the start"}.get(what, "the end")
        when = (f"{gap} days from today" if gap > 0 else "today" if gap == 0
                else f"{-gap} days ago")  # fmt: skip
        return (f"{years} years after {since} of {t} ({date_text(start, d)}) is "
                f"{date_text(day, d)}: {when} (as of {date_en(today)}).")  # fmt: skip
    since = {"certified": "認定", "starts": "計画期間の始まり"}.get(what, "計画期間の終わり")
    when = (f"あと{gap}日です" if gap > 0 else "今日です" if gap == 0
            else f"すでに過ぎています（{-gap}日前）")  # fmt: skip
    return (f"{t}の{since}（{date_text(start, d)}）からちょうど{years}年になるのは"
            f"{date_text(day, d)}で、{ph.date_ja(today)}現在、{when}。")  # fmt: skip


def _nth_day(plan: Plan, n: int) -> dt.date | None:
    return plan.changes[n - 1] if 1 <= n <= len(plan.changes) else None


def the_day(plan: Plan, field: Field, first_change: bool = False) -> dt.date | None:
    """The day an answer about this field gives first, which 「その日」 then means:
    the certification, the last change, the end of the period."""
    if field in (Field.CERTIFIED, Field.ROUND, Field.DATES):
        return plan.certification.date
    if field is Field.CHANGES:
        if not plan.changes:
            return None
        return plan.changes[0] if first_change else plan.changes[-1]
    if field in (Field.PERIOD, Field.STATUS):
        return plan.period.end
    return None


def field_text(kb: KnowledgeBase, plan: Plan, field: Field, today: dt.date, d: Decision) -> str:
    if d.english:
        return _field_text_en(kb, plan, field, today, d)
    t = title(kb, plan, d)
    cert = plan.certification
    cert_date = date_text(cert.date, d)
    period = plan.period
    if field is Field.CERTIFIED:
        return f"{t}は第{cert.round}回の認定で、認定日は{cert_date}です。"
    if field is Field.ROUND:
        return f"{t}は、第{cert.round}回の認定です（認定日: {cert_date}）。"
    if field is Field.CHANGES:
        if not plan.changes:
            return f"{t}に変更はありません。{cert_date}に認定されてから、変更日の記載はありません。"
        dates = ph.bullet_lines(date_text(c, d) for c in plan.changes)
        last = date_text(plan.changes[-1], d)
        return (
            f"{t}は、認定後に{len(plan.changes)}回変更されています。\n{dates}\n"
            f"最後の変更は{last}です。"
        )
    if field is Field.PERIOD:
        start = date_text(period.start, d)
        note = "（認定日）" if period.start == cert.date else ""
        length = ph.duration_ja(period.start, period.end)
        if d.unit:  # 「何日間?」: the count, both ends included
            length += f"（{ph.length_in(d.unit, period.start, period.end)}）"
        return (
            f"{t}の計画期間は、{start}{note}から{date_text(period.end, d)}までの"
            f"{length}です。{status_sentence(plan, today, d, short=True)}"
        )
    if field is Field.STATUS:
        return t + "は、" + status_sentence(plan, today, d, short=False)
    if field is Field.SUMMARY:
        return f"{t}の概要は次のとおりです。\n{plan.summary}"
    if field is Field.PARTNERS:
        return partners_text(kb, plan, d)
    if field is Field.CONTACT:
        return f"{t}についてのお問い合わせ先は次のとおりです。\n" + contact_block(kb)
    if field is Field.DOCUMENT:
        return document_text(kb, plan, d)
    if field is Field.UNLISTED:
        return unlisted_text(kb, plan, d)
    if field is Field.DATES:
        return (
            f"{t}は、{cert_date}に第{cert.round}回の認定を受けました。計画期間は"
            f"{date_text(period.start, d)}から{date_text(period.end, d)}までです。"
            + status_sentence(plan, today, d, short=True)
        )
    return overview(kb, plan, today, d)


def source_text(kb: KnowledgeBase, d: Decision) -> str:
    """「なんで変更がないってわかるの?」: the bot answers from the city's page."""
    source = kb.city.source
    where = f"（{source.url}）" if source.url else ""
    if d.english:
        return (f"The bot answers from the city's own page on these plans{where}, as it "
                f"read on {date_en(source.checked)}; the page says:")  # fmt: skip
    return (f"このボットは、{source.publisher}のホームページの地域再生計画のページ{where}に"
            f"掲載されている内容（{ph.date_ja(source.checked)}に確認）をもとにお答えしています。"
            "ページには次のとおり記載されています。")  # fmt: skip


def document_text(kb: KnowledgeBase, plan: Plan, d: Decision) -> str:
    """「詳しいPDFはどこ?」: the file the city's page links under the plan."""
    t, source = title(kb, plan, d), kb.city.source
    en = kb.city.english
    if d.english:
        said = (en.plan_files if en and en.plan_files else None) or (
            "The city's page links each plan's detailed file under it.")
        where = f" The page: {source.url}" if source.url else ""
        return (f"{said} For {t}, see the file under it on the city's page on these plans.{where} "
                "This bot answers from what the page itself says: dates, period, summary and "
                "partners.")  # fmt: skip
    quote = f"（ページには「{source.plan_files}」とあります）" if source.plan_files else ""
    where = f"\nページ: {source.url}" if source.url else ""
    return (f"{t}の詳細は、{source.publisher}のホームページの地域再生計画のページで、"
            f"この計画の欄にあるファイルでご覧いただけます{quote}。{where}\nこのボットでは、ページに書かれている"
            "認定日・計画期間・概要などをお答えしています。")  # fmt: skip


def reason_text(kb: KnowledgeBase, d: Decision) -> str:
    """「なんで変更されたの?」: the page gives days, not reasons; where to find out."""
    c = kb.city.contact
    if d.english:
        office = kb.city.english.office if kb.city.english else kb.city.office
        return ("The city's page does not say why (it gives only the dates). The plan's "
                "detailed file is linked under it on the page; or ask "
                f"{office} (phone: {c.phone}).")  # fmt: skip
    what = "変更の理由や内容" if Field.CHANGES in d.fields else "その理由"
    return (f"{what}は、市のページには書かれていません（日付のみの掲載です）。"
            f"計画の欄にあるファイル（計画の詳細）でご確認いただくか、{kb.city.office}"
            f"（電話: {c.phone}）へお問い合わせください。")  # fmt: skip


def unlisted_text(kb: KnowledgeBase, plan: Plan, d: Decision) -> str:
    """「事業費は?」「KPIは?」: the page does not say; where to find out."""
    t, c = title(kb, plan, d), kb.city.contact
    if d.english:
        office = kb.city.english.office if kb.city.english else kb.city.office
        return (f"The city's page does not give that for {t} (budgets, numerical targets and "
                f"the like). The plan's detailed file is linked under it on the page; or ask "
                f"{office} (phone: {c.phone}).")  # fmt: skip
    return (f"市のページには、{t}の事業費や目標の数値などについての記載はありません。この計画の欄に"
            f"あるファイル（計画の詳細）でご確認いただくか、{kb.city.office}（電話: {c.phone}）"
            "へお問い合わせください。")  # fmt: skip


def partners_text(kb: KnowledgeBase, plan: Plan, d: Decision) -> str:
    t = title(kb, plan, d)
    if d.english:
        if plan.partners:
            others = [m for m in plan.partners if m != kb.city.name]
            besides = (f" ({len(plan.partners)} municipalities: {len(others)} besides "
                       f"{_city_en(kb)})") if len(others) < len(plan.partners) else ""  # fmt: skip
            return f"{t} is a joint plan of {places_en(kb, plan.partners)}{besides}."
        return f"{t} is {_city_en(kb)}'s own plan; the city's page names no partner municipality."
    if plan.partners:
        note = f"{plan.partnership}です。" if plan.partnership else "複数の市町による計画です。"
        return f"{t}は、{note}\n連携する市町: {ph.join_ja(plan.partners)}"
    return (
        f"{t}は{kb.city.name}の計画です。市のページには、ほかの市町との連携についての"
        "記載はありません。"
    )


def one_change(kb: KnowledgeBase, plan: Plan, first: bool, d: Decision) -> str:
    """「そのうち一番最初のは?」: the first (or last) of a plan's changes."""
    t = title(kb, plan, d)
    if not plan.changes:
        if d.english:
            return f"{t} has not been changed."
        return f"{t}に変更はありません。"
    day = plan.changes[0] if first else plan.changes[-1]
    n = len(plan.changes)
    if d.english:
        which = "first" if first else "last"
        return f"The {which} change of {t} was on {date_en(day)} ({times_en(n)} in all)."
    which = "最初" if first else "最後"
    return f"{t}の{which}の変更は{date_text(day, d)}です（変更は全{n}回）。"


def nth_change(kb: KnowledgeBase, plan: Plan, n: int, d: Decision) -> str:
    """「3番目の変更日は?」: the n-th of a plan's changes, in the order made."""
    t = title(kb, plan, d)
    total = len(plan.changes)
    day = _nth_day(plan, n)
    if day is None:
        if d.english:
            return f"{t} was changed {times_en(total)}, so it has no change number {n}."
        return f"{t}の変更は全{total}回のため、{n}回目の変更はありません。"
    if d.english:
        return (f"The {ordinal_en(n)} change of {t} was on {date_en(day)} "
                f"({times_en(total)} in all).")  # fmt: skip
    return f"{t}の{n}回目の変更は{date_text(day, d)}です（変更は全{total}回）。"


def changes_within(kb: KnowledgeBase, plan: Plan, span: DateFilter, d: Decision) -> str:
    """「平成29年には何回変更?」: the changes inside the span asked about."""
    when = date_text(span.first, d) if span.is_day else span.text
    changes = [c for c in plan.changes if span.first <= c <= span.last]
    t = title(kb, plan, d)
    # 「…に変更されたって本当?」: yes or no first
    yes = ("Yes. " if changes else "No. ") if d.english else ("はい。" if changes else "いいえ。")
    if not d.yes_no:
        yes = ""
    # 「…は令和2年3月30日に変更されたんですよね?」: that day is its certification
    certified = span.is_day and span.first == plan.certification.date
    if d.english:
        if not changes:
            every = ", ".join(date_en(c) for c in plan.changes)
            note = " That is the day it was certified." if certified else ""
            return yes + f"{t} was not changed in {when}." + (
                f" Its changes: {every}." if every else "") + note
        dates = ", ".join(date_en(c) for c in changes)
        return yes + f"{t} was changed {times_en(len(changes))} in {when} ({dates})."
    if not changes:
        every = "、".join(date_text(c, d) for c in plan.changes)
        rest = f"変更は{every}の{len(plan.changes)}回です。" if every else "変更はありません。"
        note = f"なお、{when}は{t}が認定された日です。" if certified else ""
        return yes + f"{t}は、{when}には変更されていません（{rest[:-1]}）。" + note
    dates = "、".join(date_text(c, d) for c in changes)
    if span.text.endswith(("の次", "のあと", "の後", "の直後", "より後")):
        # 「2016年8月30日の次の変更はいつ?」: the first one after it, then the rest
        later = "、".join(date_text(c, d) for c in changes[1:])
        rest = f"その後の変更は{later}です。" if later else ""
        return f"{t}の、{span.text}の変更は{date_text(changes[0], d)}です。{rest}"
    if span.is_day:  # (「平成31年3月29日に1回変更されています（平成31年3月29日）」 says it twice)
        return yes + f"{t}は、{when}に変更されています。"
    return yes + f"{t}は、{when}に{len(changes)}回変更されています（{dates}）。"


def overview(kb: KnowledgeBase, plan: Plan, today: dt.date, d: Decision) -> str:
    cert = plan.certification
    changes = "、".join(date_text(c, d) for c in plan.changes) if plan.changes else "なし"
    lines = [
        f"{title(kb, plan, d)}についてお答えします。",
        f"・認定日: {date_text(cert.date, d)}（第{cert.round}回認定）",
        f"・変更日: {changes}",
        f"・計画期間: {date_text(plan.period.start, d)}から"
        f"{date_text(plan.period.end, d)}まで（{status_word(plan, today)}）",
    ]
    if plan.partners:
        lines.append(f"・連携する市町: {ph.join_ja(plan.partners)}")
    lines.append(f"・概要: {plan.summary}")
    return "\n".join(lines)


def status_sentence(plan: Plan, today: dt.date, d: Decision, short: bool) -> str:
    end = date_text(plan.period.end, d)
    now = ph.date_ja(today)
    status = plan.period.status(today)
    if status is PeriodStatus.ENDED:
        if short:
            return "計画期間はすでに終了しています。"
        sentence = f"計画期間が{end}までのため、すでに終了しています（{now}現在）。"
        if plan.status is PageStatus.CURRENT:
            sentence += "市のページでは計画の一覧に掲載されていますが、計画期間は終了しています。"
        return sentence
    if status is PeriodStatus.NOT_STARTED:
        return f"計画期間は{date_text(plan.period.start, d)}から始まる予定です。"
    if short:
        return f"{now}現在、実施中です。"
    return f"{now}現在、実施中です。計画期間は{end}までです。"


def elapsed_text(kb: KnowledgeBase, plan: Plan, today: dt.date, d: Decision) -> str:
    """How long ago the period ended (or how long until it ends), and how long it
    ran; or how long since the day asked for (certified, started, a change)."""
    t = title(kb, plan, d)
    p = plan.period
    status = p.status(today)
    if d.elapsed in _SINCE:
        return _since(plan, t, today, d)
    if d.english:
        ran = duration_en(p.start, p.end)
        if status is PeriodStatus.ENDED:
            return (
                f"{t} ended on {date_en(p.end)}, {duration_en(p.end, today)} "
                f"({(today - p.end).days} days) ago (as of {date_en(today)}); it ran for {ran}."
            )
        return f"{t} runs until {date_en(p.end)}, {duration_en(today, p.end)} from today."
    ran = ph.duration_ja(p.start, p.end)
    if status is PeriodStatus.ENDED:
        return (
            f"{t}の計画期間は{date_text(p.end, d)}に終了しており、{ph.date_ja(today)}現在で"
            f"終了から{ph.duration_ja(p.end, today)}（{(today - p.end).days}日）たちます"
            f"（計画期間は{ran}でした）。"
        )
    if status is PeriodStatus.NOT_STARTED:
        return f"{t}の計画期間は{date_text(p.start, d)}から始まる予定です（期間は{ran}）。"
    return (
        f"{t}の計画期間は{date_text(p.end, d)}までで、{ph.date_ja(today)}現在、"
        f"終了まで{ph.duration_ja(today, p.end)}です。"
    )


# how long since a day of the plan's: the sentence giving the day, in Japanese
# ({t} the plan, {day} the date) with the noun it counts from, and in English
_SINCE = {
    "certified": (Moment.CERTIFIED, "{t}は{day}に認定されました。", "認定", "was certified"),
    "started": (Moment.STARTS, "{t}の計画期間は{day}に始まりました。", "開始", "began its period"),
    "first_change": (Moment.FIRST_CHANGE, "{t}の最初の変更は{day}です。", "最初の変更",
                     "was first changed"),
    "last_change": (Moment.LAST_CHANGE, "{t}の最後の変更は{day}です。", "最後の変更",
                    "was last changed"),
}  # fmt: skip


def since_together(plans: Sequence[Plan], today: dt.date, d: Decision) -> str | None:
    """「最後の変更から何年?」 when several plans share that day: said once for all."""
    if len(plans) < 2 or d.elapsed not in _SINCE:
        return None
    moment, _, noun, en = _SINCE[d.elapsed]
    days = [day_of(p, moment, moment) for p in plans]
    day = days[0]
    if day is None or any(other != day for other in days) or day > today:
        return None
    n = (today - day).days
    if d.english:
        verb = en.replace("was ", "were ", 1) if en.startswith("was ") else en
        return (f"All of them {verb} on {date_en(day)}, {duration_en(day, today)} "
                f"({n} days) ago (as of {date_en(today)}).")  # fmt: skip
    return (f"いずれも{date_text(day, d)}で、{ph.date_ja(today)}現在で、{noun}から"
            f"{ph.duration_ja(day, today)}（{n}日）たちます。")  # fmt: skip


def _since(plan: Plan, t: str, today: dt.date, d: Decision) -> str:
    moment, ja, noun, en = _SINCE[d.elapsed or "certified"]
    day = day_of(plan, moment, moment)
    if day is None:
        if d.english:
            return f"{t} has not been changed since it was certified (the page lists no change)."
        return f"{t}は、認定後に変更されていません（変更日の記載はありません）。"
    days = (today - day).days
    if days < 0:
        if d.english:
            return f"{t} starts its period on {date_en(day)}, {duration_en(today, day)} from today."
        return (f"{t}の計画期間は{date_text(day, d)}から始まる予定です"
                f"（あと{ph.duration_ja(today, day)}）。")  # fmt: skip
    nxt = _next_anniversary(day, today) if d.jubilee else None
    if d.english:
        note = f" Its {ordinal_en(nxt[0])} anniversary is on {date_en(nxt[1])}." if nxt else ""
        return (f"{t} {en} on {date_en(day)}, {duration_en(day, today)} "
                f"({days} days) ago (as of {date_en(today)}).{note}")  # fmt: skip
    note = ""
    if nxt:
        verb = "を迎えました" if nxt[1] <= today else "です"
        note = f"{date_text(nxt[1], d)}で{noun}から{nxt[0]}周年{verb}。"
    return ja.format(t=t, day=date_text(day, d)) + (
        f"{ph.date_ja(today)}現在で、{noun}から{ph.duration_ja(day, today)}（{days}日）たちます。"
        + note
    )


def _next_anniversary(day: dt.date, today: dt.date) -> tuple[int, dt.date] | None:
    """The whole-year anniversary of `day` this calendar year, else the next one:
    (years, that day)."""
    for n in range(today.year - day.year, today.year - day.year + 2):
        if n < 1:
            continue
        at = years_after(day, n)
        if at >= today or at.year == today.year:
            return n, at
    return None


def suggestions(
    kb: KnowledgeBase, plan: Plan, asked: Sequence[Field], english: bool = False
) -> tuple[Suggestion, ...]:
    order = [Field.PERIOD, Field.SUMMARY, Field.CHANGES, Field.CERTIFIED, Field.STATUS]
    if plan.partners:
        order.insert(2, Field.PARTNERS)
    picks = [f for f in order if f not in asked][:3]
    if english:
        name = label_en(kb, plan)
        out = [
            Suggestion(
                clip(FIELD_NAMES_EN[f].capitalize()), FIELD_QUESTIONS_EN[f].format(name=name)
            )
            for f in picks
        ]
        return (*out, IN_ENGLISH[CONTACT], IN_ENGLISH[LIST_ALL])
    name = label(kb, plan)
    out = [Suggestion(clip(FIELD_NAMES[f]), f"{name}{FIELD_QUESTIONS[f]}") for f in picks]
    return (*out, CONTACT, LIST_ALL)


# -- English ---------------------------------------------------------------------------


def _city_en(kb: KnowledgeBase) -> str:
    return kb.city.english.city if kb.city.english else kb.city.name


def duration_en(start: dt.date, end: dt.date) -> str:
    return months_en(ph.sum_months(ph.duration(start, end)))


def months_en(total: int) -> str:
    years, months = divmod(total, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return "about " + (" and ".join(parts) or "0 months")


def status_sentence_en(plan: Plan, today: dt.date) -> str:
    status = plan.period.status(today)
    if status is PeriodStatus.ENDED:
        return f"Its period ended on {date_en(plan.period.end)} (as of {date_en(today)})."
    if status is PeriodStatus.NOT_STARTED:
        return f"Its period starts on {date_en(plan.period.start)}."
    return f"It is running as of {date_en(today)}, until {date_en(plan.period.end)}."


def _field_text_en(kb: KnowledgeBase, plan: Plan, field: Field, today: dt.date, d: Decision) -> str:
    t = title(kb, plan, d)
    cert = plan.certification
    period = plan.period
    if field in (Field.CERTIFIED, Field.ROUND):
        return (
            f"{t} was certified on {date_text(cert.date, d)}, in round {cert.round}"
            f" (第{cert.round}回)."
        )
    if field is Field.CHANGES:
        if not plan.changes:
            return (f"{t} has never been changed (no amendments) since it was certified on "
                    f"{date_en(cert.date)}.")  # fmt: skip
        dates = "\n".join(f"- {date_en(c)}" for c in plan.changes)
        return f"{t} was changed {times_en(len(plan.changes))} after certification:\n{dates}"
    if field is Field.PERIOD:
        return (
            f"The plan period of {t} runs from {date_text(period.start, d)} to "
            f"{date_text(period.end, d)} "
            f"({duration_en(period.start, period.end)}"
            + (f"; {ph.length_in(d.unit, period.start, period.end, True)}" if d.unit else "")
            + f"). {status_sentence_en(plan, today)}"
        )
    if field is Field.STATUS:
        status = period.status(today)
        if status is PeriodStatus.ENDED:
            return f"{t} has ended: its period ran until {date_en(period.end)}."
        return f"{t}: {status_sentence_en(plan, today)}"
    if field is Field.SUMMARY:
        english = kb.aliases_of(plan.id).summary_en
        if english:
            return (f"Summary of {t} (translated from the city's page):\n{english}\n"
                    f"The city's page, in Japanese:\n{plan.summary}")  # fmt: skip
        return f"Summary of {t} (as the city's page gives it, in Japanese):\n{plan.summary}"
    if field is Field.PARTNERS:
        return partners_text(kb, plan, d)
    if field is Field.CONTACT:
        return f"For questions about {t}, contact:\n" + contact_block_en(kb)
    if field is Field.DOCUMENT:
        return document_text(kb, plan, d)
    if field is Field.UNLISTED:
        return unlisted_text(kb, plan, d)
    if field is Field.DATES:
        return (
            f"{t} was certified on {date_en(cert.date)} (round {cert.round}); its period runs "
            f"from {date_en(period.start)} to {date_en(period.end)}. "
            + status_sentence_en(plan, today)
        )
    changes = ", ".join(date_en(c) for c in plan.changes) or "none"
    lines = [
        f"About {t}:",
        f"- Certified: {date_en(cert.date)} (round {cert.round})",
        f"- Changed: {changes}",
        f"- Plan period: {date_en(period.start)} to {date_en(period.end)} "
        f"({status_word(plan, today, english=True)})",
    ]
    if plan.partners:
        lines.append(f"- Partner municipalities: {places_en(kb, plan.partners)}")
    english = kb.aliases_of(plan.id).summary_en
    lines.append(f"- Summary: {english}" if english else f"- Summary (Japanese): {plan.summary}")
    return "\n".join(lines)
