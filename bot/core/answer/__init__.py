"""Execute a Decision against the knowledge: one handler per kind of answer,
chosen from a table keyed by Kind (a kind without a handler fails at import
in tests, never silently becomes "out of scope")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from bot.core.answer import (
    between,
    check,
    choose,
    compare,
    content,
    listing,
    office,
    plan,
    talk,
)
from bot.core.answer.common import IN_ENGLISH
from bot.core.intents import Decision, Kind
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase

Handler = Callable[[KnowledgeBase, Decision, dt.date], Reply]

HANDLERS: dict[Kind, Handler] = {
    Kind.PLAN: plan.answer,
    Kind.CHECK: check.answer,
    Kind.CONTENT: content.answer,
    Kind.CLARIFY: choose.clarify,
    Kind.DID_YOU_MEAN: choose.did_you_mean,
    Kind.AGGREGATE: listing.answer,
    Kind.COMPARE: compare.answer,
    Kind.BETWEEN: between.answer,
    Kind.CONTACT: office.contact,
    Kind.SCHEME: office.scheme,
    Kind.DOCUMENT: office.document,
    Kind.HANDOFF: office.handoff,
    Kind.SOCIAL: talk.social,
    Kind.EMPTY: talk.empty,
    Kind.BACK_TO_BOT: talk.back_to_bot,
    Kind.OUT_OF_SCOPE: talk.out_of_scope,
}


class Answerer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def answer(self, decision: Decision, today: dt.date) -> Reply:
        reply = HANDLERS[decision.intent](self.kb, decision, today)
        if decision.english:
            # the common buttons in English too, so a tap asks in English again
            english = tuple(IN_ENGLISH.get(s, s) for s in reply.suggestions)
            reply = replace(reply, suggestions=english)
        return reply

    def greeting(self) -> Reply:
        return talk.greeting(self.kb)

    def rate_limited(self) -> Reply:
        return talk.rate_limited()

    def not_text(self) -> Reply:
        return talk.not_text(self.kb)


__all__ = ["HANDLERS", "Answerer"]
