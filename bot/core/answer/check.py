"""Yes/no questions: はい or いいえ first, then the fact that shows it (the
partners, the end date, the change dates, who certifies)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core import phrases as ph
from bot.core.answer.common import date_text, place_en, places_en, title
from bot.core.answer.content import best_sentences
from bot.core.answer.plan import (
    field_text,
    partners_text,
    status_sentence,
    status_sentence_en,
    suggestions,
)
from bot.core.intents import (
    CHECK_FIELDS,
    Check,
    CheckKind,
    DateFilter,
    DateRole,
    Decision,
    Field,
)
from bot.core.normalize import normalize
from bot.core.select import period_years, shares
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase, PageStatus, PeriodStatus, Plan


def answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    check = d.check or Check(CheckKind.ENDED)
    if check.kind is CheckKind.CERTIFIED_BY:
        return _certified_by(kb, check, today, d)
    plans = [kb.plan(p) for p in d.plans]
    if check.kind is CheckKind.SAME:
        return _same(kb, plans, check.value or "certified", today, d, check.different)
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


_FIELD = CHECK_FIELDS


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
    joined = key.replace("、", "")
    if len(joined) > len(first) and joined in normalize(plan.summary):
        first = joined  # 「山形、鉄道」 is 山形鉄道 as the summary writes it
    for word in kb.aliases_of(plan.id).words:
        if normalize(word) == first:
            return f"「{word}」"
    return f"「{first}」"


_SAME_FIELD = {"round": Field.ROUND, "ends": Field.PERIOD, "starts": Field.PERIOD,
               "years": Field.PERIOD, "period": Field.PERIOD,
               "changed": Field.CHANGES}  # fmt: skip


_SAME_WHAT = {"round": "認定の回", "ends": "計画期間の終わり", "starts": "計画期間の始まり",
              "years": "計画期間の長さ", "period": "計画期間", "changed": "変更日",
              "certified": "認定日"}  # fmt: skip
_SAME_WHAT_EN = {"round": "round", "ends": "end date", "starts": "start date",
                 "years": "length of period", "period": "plan period", "changed": "change date",
                 "certified": "certification date"}  # fmt: skip


def _same(
    kb: KnowledgeBase, plans: list[Plan], roles: str, today: dt.date, d: Decision,
    different: bool = False,
) -> Reply:
    """「DMOと6次産業化は同じ回の認定?」「認定日も計画期間も一緒?」: compare each
    value asked, then each plan's values. Asked the other way (「別々の日に?」),
    yes means they differ."""
    asked = roles.split("+")
    same = {r: all(shares(plans[0], p, r) for p in plans[1:]) for r in asked}
    fields = tuple(dict.fromkeys(_SAME_FIELD.get(r, Field.CERTIFIED) for r in asked))
    if d.english:
        alike = [_SAME_WHAT_EN.get(r, r) for r in asked if same[r]]
        differ = [_SAME_WHAT_EN.get(r, r) for r in asked if not same[r]]
        if not differ:
            head = f"Yes, they share the same {' and '.join(alike)}."
        elif not alike:
            head = f"No, their {' and '.join(differ)}s differ."
        else:
            head = (f"No: the {' and '.join(alike)} is the same, "
                    f"but the {' and '.join(differ)} differs.")  # fmt: skip
    else:
        alike = [_SAME_WHAT.get(r, r) for r in asked if same[r]]
        differ = [_SAME_WHAT.get(r, r) for r in asked if not same[r]]
        shared = "も".join(alike)
        if not differ:
            head = (f"はい、どちらも{shared}は同じです。" if len(alike) == 1
                    else f"はい、{shared}も、どちらも同じです。")  # fmt: skip
            if asked == ["changed"]:
                days = set(plans[0].changes).intersection(*(p.changes for p in plans[1:]))
                said = "、".join(date_text(c, d) for c in sorted(days))
                head = f"はい、{said}にどちらも変更されています。"
        elif not alike:
            head = f"いいえ、{'も'.join(differ)}は異なります。"
        else:
            head = f"いいえ、{shared}は同じですが、{'と'.join(differ)}は異なります。"
    if different:
        # 「別々の日に認定されたの?」: はい when they differ, いいえ when they are the same
        swap = (("Yes, ", "No, "), ("No, ", "Yes, "),
                ("はい、", "いいえ、"), ("いいえ、", "はい、"))  # fmt: skip
        for old, new in swap:
            if head.startswith(old):
                head = new + head[len(old):]
                break
    lines = [field_text(kb, p, f, today, d) for p in plans for f in fields]
    return Reply(
        head + "\n" + "\n".join(lines),
        "check.same",
        tuple(p.id for p in plans),
        suggestions(kb, plans[0], fields, d.english),
        tuple(f"{p.id}.{f.value}" for p in plans for f in fields),
    )


def _one(kb: KnowledgeBase, plan: Plan, check: Check, today: dt.date, d: Decision) -> str:
    yes, no = ("Yes. ", "No. ") if d.english else ("はい。", "いいえ。")
    t = title(kb, plan, d)
    if check.kind is CheckKind.PARTNER and check.towns:
        return _towns(kb, plan, check.towns, d)
    if check.kind is CheckKind.ALONE:
        joint = [m for m in plan.partners if m != kb.city.name]
        # 「長井市だけ?」: yes when alone; 「長井市だけじゃないよね?」: yes when joint
        word = yes if bool(joint) == check.different else no
        if d.english:
            own = ("is not the city's alone" if joint else "is the city's own plan")
            return word + f"{t} {own}. " + partners_text(kb, plan, d)
        if joint:
            alone = f"{t}は{kb.city.name}だけの計画ではありません。\n"
            return word + alone + partners_text(kb, plan, d)
        return word + partners_text(kb, plan, d)
    if check.kind is CheckKind.PARTNER:
        town = check.value or ""
        if town in plan.partners:
            if d.english:
                return yes + f"{place_en(kb, town)} takes part. " + partners_text(kb, plan, d)
            return yes + f"{town}は{t}に参加しています。\n" + partners_text(kb, plan, d)
        if d.english:
            return no + f"{place_en(kb, town)} does not take part. " + partners_text(kb, plan, d)
        return no + (f"{town}は{t}の連携する市町に含まれていません（参加していません）。\n"
                     + partners_text(kb, plan, d))
    if check.kind in (CheckKind.ENDED, CheckKind.RUNNING):
        status = plan.period.status(today)
        ended = status is PeriodStatus.ENDED
        word = yes if ended == (check.kind is CheckKind.ENDED) else no
        return word + field_text(kb, plan, Field.STATUS, today, d)
    if check.kind is CheckKind.CHANGED:
        if check.times is not None:
            # 「2回しか変更されてない?」: the count asked against the count listed
            least, most = check.times
            return (yes if least <= len(plan.changes) <= most else no) + field_text(
                kb, plan, Field.CHANGES, today, d
            )
        return (yes if plan.changes else no) + field_text(kb, plan, Field.CHANGES, today, d)
    if check.kind is CheckKind.CLAIMS:
        return _claims(kb, plan, check, today, d)
    if check.kind is CheckKind.PAGE_ENDED:
        listed = plan.status is PageStatus.ENDED
        word = yes if listed else no
        if d.english:
            where = "under 「終了した計画」 (ended plans)" if listed else "among the current plans"
            return word + f"The city's page lists {t} {where}. " + status_sentence_en(plan, today)
        where = "「終了した計画」の欄に掲載されています" if listed else (
            "「終了した計画」の欄ではなく、計画の一覧に掲載されています")
        status = status_sentence(plan, today, d, short=True)
        return word + f"市のページでは、{t}は{where}。" + status
    if check.kind is CheckKind.YEARS and check.years is not None:
        least, most = check.years
        word = yes if least <= period_years(plan) <= most else no
        return word + field_text(kb, plan, Field.PERIOD, today, d)
    if check.kind is CheckKind.ROUND:
        word = yes if plan.certification.round == check.round else no
        return word + field_text(kb, plan, Field.ROUND, today, d)
    span = check.dates
    if span is not None and span.role is DateRole.RUNNING:
        # 「2026年度も続いていますか」: whether the period reached into that span
        word = yes if plan.period.start <= span.last and span.first <= plan.period.end else no
        return word + field_text(kb, plan, Field.PERIOD, today, d)
    if span is not None and span.role in (DateRole.ENDS, DateRole.STARTS):
        # 「令和になってから終わった?」: the end (or start) against that span
        day = plan.period.end if span.role is DateRole.ENDS else plan.period.start
        word = yes if span.first <= day <= span.last else no
        return word + field_text(kb, plan, Field.PERIOD, today, d)
    inside = span is not None and span.first <= plan.certification.date <= span.last
    cert = plan.certification
    if d.english:
        return (yes if inside else no) + f"{t} was certified on {date_text(cert.date, d)}."
    return (yes if inside else no) + (
        f"{t}の認定日は{date_text(cert.date, d)}（第{cert.round}回）です。"
    )


_CLAIM_FIELDS = {DateRole.CERTIFIED: Field.CERTIFIED, DateRole.CHANGED: Field.CHANGES,
                 DateRole.ENDS: Field.PERIOD, DateRole.STARTS: Field.PERIOD}  # fmt: skip
_CLAIM_NAMES = {DateRole.CERTIFIED: "認定日", DateRole.CHANGED: "変更日",
                DateRole.ENDS: "計画期間の終わり", DateRole.STARTS: "計画期間の始まり"}  # fmt: skip
_CLAIM_NAMES_EN = {DateRole.CERTIFIED: "certification date", DateRole.CHANGED: "change date",
                   DateRole.ENDS: "end of the period", DateRole.STARTS: "start of the period"}


def _claim_holds(plan: Plan, f: DateFilter) -> bool:
    if f.role is DateRole.CHANGED:
        return any(f.first <= c <= f.last for c in plan.changes)
    day = {DateRole.ENDS: plan.period.end, DateRole.STARTS: plan.period.start}.get(
        f.role, plan.certification.date
    )
    return f.first <= day <= f.last


def _claims(kb: KnowledgeBase, plan: Plan, check: Check, today: dt.date, d: Decision) -> str:
    """「まちなか交流施設整備計画は第51回の認定で、令和2年3月30日に変更されてる、で合ってる?」:
    every fact said, each checked; what is wrong is named, then the facts."""
    wrong: list[str] = []
    fields: list[Field] = []
    if check.round is not None:
        fields.append(Field.ROUND)
        if plan.certification.round != check.round:
            wrong.append(f"round {check.round}" if d.english else f"第{check.round}回")
    for f in check.claims:
        role = f.role if f.role in _CLAIM_FIELDS else DateRole.CERTIFIED
        fields.append(_CLAIM_FIELDS[role])
        if not _claim_holds(plan, replace(f, role=role)):
            name = (_CLAIM_NAMES_EN if d.english else _CLAIM_NAMES)[role]
            wrong.append(f"the {name} {f.text}" if d.english else f"{name}（{f.text}）")
    if check.times is not None:
        fields.append(Field.CHANGES)
        least, most = check.times
        if not least <= len(plan.changes) <= most:
            wrong.append("the number of changes" if d.english else "変更の回数")
    if Field.ROUND in fields:
        fields = [f for f in fields if f is not Field.CERTIFIED]  # the round's line has the date
    facts = "\n".join(dict.fromkeys(field_text(kb, plan, f, today, d) for f in fields))
    if d.english:
        head = "Yes, all of that is right." if not wrong else (
            f"No: {', '.join(wrong)} is not right.")
        return f"{head}\n{facts}"
    head = "はい、どれも合っています。" if not wrong else f"いいえ、{'・'.join(wrong)}が違います。"
    return f"{head}\n{facts}"


def _towns(kb: KnowledgeBase, plan: Plan, towns: tuple[str, ...], d: Decision) -> str:
    """「南陽市、白鷹町、飯豊町、あと米沢市も入ってる?」: which of them take part."""
    t = title(kb, plan, d)
    inside = [town for town in towns if town in plan.partners]
    outside = [town for town in towns if town not in plan.partners]
    if d.english:
        word = "Yes. " if not outside else "No. "
        said = []
        if inside:
            verb = "takes" if len(inside) == 1 else "take"
            said.append(f"{places_en(kb, tuple(inside))} {verb} part")
        if outside:
            verb = "does" if len(outside) == 1 else "do"
            said.append(f"{places_en(kb, tuple(outside))} {verb} not")
        return word + f"In {t}, " + "; ".join(said) + ". " + partners_text(kb, plan, d)
    word = "はい。" if not outside else "いいえ。"
    if inside and outside:
        said = (f"{ph.join_ja(inside)}は{t}に参加していますが、"
                f"{ph.join_ja(outside)}は参加していません。")  # fmt: skip
    elif inside:
        said = f"{ph.join_ja(inside)}は、いずれも{t}に参加しています。"
    else:
        said = f"{ph.join_ja(outside)}は、{t}の連携する市町に含まれていません（参加していません）。"
    return word + said + "\n" + partners_text(kb, plan, d)


# Everyday names of one office, read as its title, and the state it belongs to
# (the certifier itself is the knowledge's: 首相 or 国 is right only where the
# knowledge says 内閣総理大臣).
_OFFICE_NAMES = {"首相": "内閣総理大臣", "総理": "内閣総理大臣", "総理大臣": "内閣総理大臣",
                 "国": "内閣総理大臣", "内閣": "内閣総理大臣", "government": "prime minister"}


def _certified_by(kb: KnowledgeBase, check: Check, today: dt.date, d: Decision) -> Reply:
    s = kb.city.scheme
    en = kb.city.english
    asked = normalize(_OFFICE_NAMES.get(check.value or "", check.value or ""))
    names = [normalize(s.certified_by), *([normalize(en.certified_by)] if en else [])]
    right = bool(asked) and any(asked in name or name in asked for name in names)
    yes, no = ("Yes. ", "No. ") if d.english else ("はい。", "いいえ。")
    verdict = "" if not asked else yes if right else no  # 「誰が認定?」 asks no yes or no
    if d.english:
        who = en.certified_by if en else s.certified_by
        text = verdict + (
            f"The plans are certified by {who}, under {en.law if en else s.law}."
        )
    else:
        text = verdict + (
            f"地域再生計画を認定するのは{s.certified_by}です。{kb.city.name}の計画は、"
            f"{s.law}に基づいて{s.certified_by}の認定を受けています。"
        )
    # 「まちなかの交流施設の計画は誰が認めたのか」: that plan's certification too
    plans = [kb.plan(p) for p in d.plans]
    for plan in plans:
        text += "\n" + field_text(kb, plan, Field.CERTIFIED, today, d)
    facts = ("city.scheme", *(f"{p.id}.certified" for p in plans))
    return Reply(text, "check.certified_by", tuple(p.id for p in plans), (), facts)
