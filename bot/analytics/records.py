"""The records the store keeps for staff, and the ports it implements for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ANSWERED = "answered"
AMBIGUOUS = "ambiguous"  # "which plan?"
OUT_OF_SCOPE = "out_of_scope"
HANDOFF = "handoff"
OUTCOMES = (ANSWERED, AMBIGUOUS, OUT_OF_SCOPE, HANDOFF)
OUTCOME_LABELS = {
    ANSWERED: "回答",
    AMBIGUOUS: "どの計画?",
    OUT_OF_SCOPE: "対象外",
    HANDOFF: "担当者へ",
}

UP, DOWN = "up", "down"

# queue states: open (waiting), then one of the three staff actions
QUEUE_OPEN, QUEUE_ALIAS, QUEUE_DISMISSED, QUEUE_ANSWERED = "open", "alias", "dismissed", "answered"

# audit actions
AUDIT_ASSIGN = "inquiry.assign"
AUDIT_ANSWER = "inquiry.answer"
AUDIT_CLOSE = "inquiry.close"
AUDIT_ALIAS_ADD = "alias.add"
AUDIT_ALIAS_REMOVE = "alias.remove"
AUDIT_DISMISS = "queue.dismiss"
AUDIT_QUEUE_ANSWER = "queue.answer"
AUDIT_LABELS = {
    AUDIT_ASSIGN: "問い合わせを担当",
    AUDIT_ANSWER: "問い合わせに回答",
    AUDIT_CLOSE: "問い合わせを完了",
    AUDIT_ALIAS_ADD: "呼び方を登録",
    AUDIT_ALIAS_REMOVE: "呼び方を削除",
    AUDIT_DISMISS: "質問を対象外に",
    AUDIT_QUEUE_ANSWER: "未回答の質問に回答",
}


@dataclass(frozen=True)
class QuestionRecord:
    """One question the bot answered, as analytics keeps it (no platform id)."""

    id: int
    channel: str
    user_tag: str
    text: str
    outcome: str
    intent: str
    plans: tuple[str, ...]
    query: dict[str, Any] | None
    rating: str | None
    queue_state: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class LearnedAlias:
    id: int
    plan_id: str
    phrase: str
    added_by: str
    added_at: dt.datetime


@dataclass(frozen=True)
class AuditEntry:
    id: int
    actor: str  # a Slack user id, or "admin" for the dashboard
    action: str
    subject: str
    detail: dict[str, Any]
    created_at: dt.datetime


@dataclass(frozen=True)
class Figures:
    """What the dashboard, `python -m bot report` and the weekly summary show."""

    since: dt.date | None
    until: dt.date
    outcomes: dict[str, int]  # outcome -> questions
    per_day: list[tuple[dt.date, dict[str, int]]]  # each day's counts by outcome
    up: int
    down: int
    top_plans: list[tuple[str, int]]  # plan id, questions
    top_fields: list[tuple[str, int]]
    open_inquiries: int
    median_first_reply: dt.timedelta | None
    queue: list[Any] = field(default_factory=list)  # grouping.QueueGroup

    @property
    def questions(self) -> int:
        return sum(self.outcomes.values())
