"""Yes/no questions: はい or いいえ first, then the fact that shows it (the
partners, the end date, the change dates, who certifies)."""

from __future__ import annotations

import datetime as dt

from bot.core.answer.common import date_text, place_en, title
from bot.core.answer.content import best_sentences
from bot.core.answer.plan import field_text, partners_text, suggestions
from bot.core.intents import Check, CheckKind, Decision, Field
from bot.core.normalize import normalize
from bot.core.select import role_value
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase, PeriodStatus, Plan


def answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    check = d.check or Check(CheckKind.ENDED)
    if check.kind is CheckKind.CERTIFIED_BY:
        return _certified_by(kb, check, d)
    plans = [kb.plan(p) for p in d.plans]
    if check.kind is CheckKind.SAME:
        return _same(kb, plans, check.value or "certified", today, d)
    if check.kind is CheckKind.HAS:
        return _has(kb, plans, check, d)
    texts = [_one(kb, plan, check, today, d) for plan in plans]
    field = _FIELD[check.kind]
    return Reply(
        "\n\n".join(texts),
        f"check.{check.kind.value}",
        tuple(p.id for p in plans),
        suggestions(kb, plans[0], (field,), d.english),
        tuple(f"{p.id}.{field.value}" for p in plans),
    )


_FIELD = {
    CheckKind.PARTNER: Field.PARTNERS,
    CheckKind.ENDED: Field.STATUS,
    CheckKind.RUNNING: Field.STATUS,
    CheckKind.CHANGED: Field.CHANGES,
    CheckKind.ROUND: Field.ROUND,
    CheckKind.YEAR: Field.CERTIFIED,
    CheckKind.CERTIFIED_BY: Field.CERTIFIED,
    CheckKind.SAME: Field.CERTIFIED,
    CheckKind.CONTACT: Field.CONTACT,
    CheckKind.HAS: Field.SUMMARY,
}


def _has(kb: KnowledgeBase, plans: list[Plan], check: Check, d: Decision) -> Reply:
    """The asked plan does not hold it; the owner does, as its summary says."""
    owner = kb.plan(check.owner or plans[0].id)
    thing = _spelling(kb, owner, check.value or "")
    quote = "".join(best_sentences(owner, check.value or ""))
    names = "、".join(title(kb, p, d) for p in plans)
    if d.english:
        text = (f"No. {thing} is not part of {names}; it belongs to {title(kb, owner, d)}, "
                f"whose summary says:\n「{quote}」")  # fmt: skip
    else:
        text = (f"いいえ。{thing}は{names}ではなく、{title(kb, owner, d)}の取り組みです。"
                f"概要には次のように書かれています。\n「{quote}」")  # fmt: skip
    buttons = suggestions(kb, owner, (Field.SUMMARY,), d.english)
    return Reply(text, "check.has", (owner.id,), buttons, (f"{owner.id}.summary",))


def _spelling(kb: KnowledgeBase, plan: Plan, key: str) -> str:
    """The knowledge's own spelling of a content word given as a matching key."""
    first = key.split("、")[0]
    for word in kb.aliases_of(plan.id).words:
        if normalize(word) == first:
            return f"「{word}」"
    return f"「{first}」"


_SAME_FIELD = {"round": Field.ROUND, "ends": Field.PERIOD, "starts": Field.PERIOD,
               "years": Field.PERIOD}  # fmt: skip


def _same(kb: KnowledgeBase, plans: list[Plan], role: str, today: dt.date, d: Decision) -> Reply:
    """「DMOと6次産業化は同じ回の認定?」: compare, then each plan's value."""
    values = {role_value(p, role) for p in plans}
    same = len(values) == 1
    field = _SAME_FIELD.get(role, Field.CERTIFIED)
    if d.english:
        what = {"round": "round", "ends": "end date", "starts": "start date",
                "years": "length of period"}.get(role, "certification date")  # fmt: skip
        head = (f"Yes, they share the same {what}." if same
                else f"No, their {what}s differ.")  # fmt: skip
    else:
        what = {"round": "認定の回", "ends": "計画期間の終わり", "starts": "計画期間の始まり",
                "years": "計画期間の長さ"}.get(role, "認定日")  # fmt: skip
        head = f"はい、どちらも{what}は同じです。" if same else f"いいえ、{what}は異なります。"
    lines = [field_text(kb, p, field, today, d) for p in plans]
    return Reply(
        head + "\n" + "\n".join(lines),
        "check.same",
        tuple(p.id for p in plans),
        suggestions(kb, plans[0], (field,), d.english),
        tuple(f"{p.id}.{field.value}" for p in plans),
    )




def _one(kb: KnowledgeBase, plan: Plan, check: Check, today: dt.date, d: Decision) -> str:
    yes, no = ("Yes. ", "No. ") if d.english else ("はい。", "いいえ。")
    t = title(kb, plan, d)
    if check.kind is CheckKind.PARTNER:
        town = check.value or ""
        if town in plan.partners:
            if d.english:
                return yes + f"{place_en(kb, town)} takes part. " + partners_text(kb, plan, d)
            return yes + f"{town}は{t}に参加しています。\n" + partners_text(kb, plan, d)
        if d.english:
            return no + f"{place_en(kb, town)} does not take part. " + partners_text(kb, plan, d)
        return no + f"{town}は{t}には参加していません。\n" + partners_text(kb, plan, d)
    if check.kind in (CheckKind.ENDED, CheckKind.RUNNING):
        status = plan.period.status(today)
        ended = status is PeriodStatus.ENDED
        word = yes if ended == (check.kind is CheckKind.ENDED) else no
        return word + field_text(kb, plan, Field.STATUS, today, d)
    if check.kind is CheckKind.CHANGED:
        return (yes if plan.changes else no) + field_text(kb, plan, Field.CHANGES, today, d)
    if check.kind is CheckKind.ROUND:
        word = yes if plan.certification.round == check.round else no
        return word + field_text(kb, plan, Field.ROUND, today, d)
    span = check.dates
    inside = span is not None and span.first <= plan.certification.date <= span.last
    cert = plan.certification
    if d.english:
        return (yes if inside else no) + f"{t} was certified on {date_text(cert.date, d)}."
    return (yes if inside else no) + (
        f"{t}の認定日は{date_text(cert.date, d)}（第{cert.round}回）です。"
    )


def _certified_by(kb: KnowledgeBase, check: Check, d: Decision) -> Reply:
    s = kb.city.scheme
    en = kb.city.english
    asked = normalize(check.value or "")
    right = bool(asked) and (
        asked in normalize(s.certified_by) or normalize(s.certified_by) in asked
    )
    if d.english:
        who = en.certified_by if en else s.certified_by
        text = ("Yes. " if right else "No. ") + (
            f"The plans are certified by {who}, under {en.law if en else s.law}."
        )
    else:
        text = ("はい。" if right else "いいえ。") + (
            f"地域再生計画を認定するのは{s.certified_by}です。{kb.city.name}の計画は、"
            f"{s.law}に基づいて{s.certified_by}の認定を受けています。"
        )
    return Reply(text, "check.certified_by", (), (), ("city.scheme",))
