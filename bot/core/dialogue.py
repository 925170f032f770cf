"""Complete a parsed message from the conversation so far: 「いつまで?」 after
「DMOの計画について」 asks for the DMO plan's period; 「しごと創出のほう」 after
"which plan?" picks a candidate. The result is a Decision for the answerer."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.intents import (
    AggregateKind,
    AggregateQuery,
    ContactPart,
    Decision,
    Field,
    Parsed,
)
from bot.core.types import Context

# A conversation's plan is forgotten after this long without a message.
CONTEXT_TTL = dt.timedelta(minutes=30)


def fresh(context: Context | None, now: dt.datetime) -> Context | None:
    if context is None or now - context.updated > CONTEXT_TTL:
        return None
    return context


def decide(parsed: Parsed, context: Context | None) -> Decision:
    """`context` must already be fresh (or None). English questions get English answers."""
    decision = _decide(parsed, context)
    return replace(decision, english=True) if parsed.english else decision


def _decide(parsed: Parsed, context: Context | None) -> Decision:
    p = parsed
    ctx = context or Context()
    en = p.western
    if not p.key:
        return Decision("empty", western=en)
    if p.back_to_bot:
        return Decision("back_to_bot", western=en)

    # An open "which plan?" question: a number or a candidate's name settles it.
    if ctx.candidates and not p.plans and p.choice and p.choice <= len(ctx.candidates):
        chosen = (ctx.candidates[p.choice - 1],)
        return _plan_answer(chosen, p.fields or _fields(ctx), en)
    if ctx.candidates and not p.plans and p.candidates:
        among = [c for c in p.candidates if c in ctx.candidates]
        if len(among) == 1:
            return _plan_answer((among[0],), p.fields or _fields(ctx), en)

    if p.handoff:
        return Decision("handoff", plans=p.plans, western=en)
    if p.other and ctx.others:
        # 「もう一つの方は?」: the candidate not chosen, same question
        return _plan_answer(ctx.others, p.fields or _fields(ctx), en)

    about_plans = p.by_name or p.plan_word or bool(p.fields) or p.refers_back
    if p.plans and not about_plans and not p.contact_parts:
        # Only a word from what a plan does (最上川, 起業) and nothing that asks
        # about a plan: 「最上川で釣りはできますか」 is not a plan question,
        # unless that plan is the one under discussion (「入居する会社は?」).
        if set(p.plans) <= set(ctx.plans):
            return _plan_answer(p.plans, (Field.SUMMARY,), en)
        if p.scheme:
            return Decision("scheme", western=en)
        return Decision("out_of_scope", candidates=p.plans, western=en)
    if p.plans:
        if p.contact_parts and (not p.fields or p.fields == (Field.CONTACT,)):
            return Decision("contact", plans=p.plans, contact_parts=p.contact_parts, western=en)
        if p.contact_topic:
            # 「…について詳しく聞きたい、窓口は?」: what was asked, and whom to ask
            asked = tuple(f for f in p.fields if f not in (Field.CONTACT, Field.OVERVIEW))
            return _plan_answer(p.plans, (*asked, Field.CONTACT), en)
        if p.aggregate and p.aggregate.round is not None and not p.fields:
            return _plan_answer(p.plans, (Field.ROUND,), en)
        if p.aggregate and p.aggregate.dates and Field.CHANGES in p.fields:
            # 「…の計画、平成29年には何回変更?」: that plan's changes in that span
            return Decision("plan", plans=p.plans, fields=(Field.CHANGES,),
                            aggregate=p.aggregate, western=en)  # fmt: skip
        fields = p.fields
        if not fields:
            fields = ctx.fields if ctx.fields else (Field.OVERVIEW,)
        return _plan_answer(p.plans, fields, en)

    if p.candidates and not p.named_something and (p.fields or p.refers_back):
        # A name that fits several plans (山の港町): ask which.
        return Decision(
            "clarify", candidates=p.candidates, fields=p.fields or _fields(ctx), western=en
        )
    if p.candidates and not p.named_something and about_plans:
        return Decision("clarify", candidates=p.candidates, fields=_fields(ctx), western=en)

    if (
        p.aggregate is not None
        and ctx.plans
        and Field.CHANGES in p.fields
        and p.aggregate.kind in (AggregateKind.OLDEST, AggregateKind.NEWEST)
        and not (p.aggregate.dates or p.aggregate.round or p.aggregate.status)
    ):
        # 「一番最初の変更は?」 about the plan under discussion, not the oldest plan
        return _plan_answer(ctx.plans, (Field.CHANGES,), en)
    if p.aggregate is not None and not (p.refers_back and ctx.plans):
        return Decision("aggregate", aggregate=p.aggregate, western=en)
    if p.scheme:
        return Decision("scheme", western=en)
    if p.contact_parts and not p.contact_topic and p.named_something:
        # 「市民プールの営業時間」: hours of something else, not of the office
        return Decision("out_of_scope", western=en)
    if p.contact_parts:
        return Decision(
            "contact",
            plans=ctx.plans if p.refers_back else (),
            contact_parts=p.contact_parts,
            western=en,
        )

    plan_fields = tuple(f for f in p.fields if f is not Field.CONTACT)
    if plan_fields and not p.named_something:
        if ctx.plans and _follows_up(p, plan_fields, ctx):
            return _plan_answer(ctx.plans, plan_fields, en)
        if plan_fields == (Field.OVERVIEW,) and p.plan_word:
            # 「長井市の地域再生計画について教えて」: about the plans as a whole
            return Decision("aggregate", aggregate=AggregateQuery(), western=en)
        return Decision("clarify", fields=plan_fields, western=en)
    if p.refers_back and ctx.plans and not p.named_something:
        return _plan_answer(ctx.plans, ctx.fields or (Field.OVERVIEW,), en)
    if Field.CONTACT in p.fields and not p.named_something:
        return Decision("contact", plans=ctx.plans, contact_parts=(ContactPart.ALL,), western=en)

    if p.social is not None and not p.named_something:
        return Decision("social", social=p.social, western=en)
    if p.candidates and p.fields:
        # Close to a plan's name but not close enough to be sure.
        return Decision("did_you_mean", candidates=p.candidates, fields=p.fields, western=en)
    return Decision("out_of_scope", candidates=p.candidates, western=en)


def _follows_up(p: Parsed, fields: tuple[Field, ...], ctx: Context) -> bool:
    """Is a question that names no plan about the plan under discussion?

    「期間は?」 after 「DMOの計画について」 is; 「認定日を教えて」 as a request of its
    own is not, and nor is asking again for the field just answered. When unsure
    the bot asks which plan (listing every plan's answer), because answering
    confidently about the wrong plan is the worse mistake.
    """
    if p.refers_back or p.continuation:
        return True
    if {f.value for f in fields} <= set(ctx.fields):
        return False
    return not p.request


def _others(chosen: tuple[str, ...], prev: Context) -> tuple[str, ...]:
    """The candidates not chosen, for a later 「もう一つの方は?」."""
    if prev.candidates and set(chosen) <= set(prev.candidates):
        return tuple(c for c in prev.candidates if c not in chosen)
    if prev.others and set(chosen) <= set(prev.others):
        return prev.plans  # switched to the other one: the first is now "the other"
    return prev.others if chosen == prev.plans else ()


def _fields(ctx: Context) -> tuple[Field, ...]:
    return tuple(Field(f) for f in ctx.fields)


def _plan_answer(
    plans: tuple[str, ...], fields: tuple[Field, ...] | tuple[str, ...], en: bool
) -> Decision:
    return Decision("plan", plans=plans, fields=tuple(Field(f) for f in fields), western=en)


def next_context(
    decision: Decision, shown: tuple[str, ...], previous: Context | None, now: dt.datetime
) -> Context:
    """What to remember after answering `decision`; `shown` are the plans the
    reply listed, in order (a later 「2」 picks the second)."""
    prev = previous or Context()
    if decision.intent == "plan":
        return Context(plans=decision.plans, fields=tuple(decision.fields),
                       others=_others(decision.plans, prev), updated=now)  # fmt: skip
    if decision.intent in ("clarify", "did_you_mean"):
        # The plan talked about before is no longer what the user means.
        return Context(fields=tuple(decision.fields) or prev.fields, candidates=shown, updated=now)
    if decision.intent == "contact" and decision.plans:
        return Context(plans=decision.plans, fields=prev.fields, updated=now)
    return Context(plans=prev.plans, fields=prev.fields, updated=now)
