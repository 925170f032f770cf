"""The few types that cross the boundary between adapters and the core."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Message:
    """One user message, the same for every platform.

    channel: "line", "slack", "web" or "cli"; user: the platform's user id
    (adapters may hash it); text: what the user typed, or the `text` of a
    suggestion they tapped.
    """

    channel: str
    user: str
    text: str

    @property
    def user_key(self) -> str:
        return f"{self.channel}:{self.user}"


@dataclass(frozen=True)
class Suggestion:
    """A next question or a candidate plan; adapters render it as a button.

    label: short text on the button (LINE allows 20 characters);
    text: the message sent as if the user typed it when the button is tapped.
    """

    label: str
    text: str


@dataclass(frozen=True)
class Reply:
    """The core's answer. `intent` and `plans` (plan ids) are data for adapters,
    logs and tests; `text` is what the user reads."""

    text: str
    intent: str
    plans: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    facts: tuple[str, ...] = ()  # the knowledge fields the answer used, e.g. "dmo-tourism.period"
    query: dict[str, Any] | None = None  # what the bot understood (Decision.to_json)
    day: dt.date | None = None  # the one day the answer is about, for a later 「その日」

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "intent": self.intent,
            "plans": list(self.plans),
            "suggestions": [asdict(s) for s in self.suggestions],
            "facts": list(self.facts),
        }

    def to_json(self) -> dict[str, Any]:
        """to_dict and the query understood, for `ask --json` / `--jsonl`."""
        return {**self.to_dict(), "query": self.query}


@dataclass
class Context:
    """What a user's conversation is about, kept between messages.

    plans: the plan(s) last talked about; fields: the field(s) last asked;
    candidates: plans offered in a "which plan?" question still open;
    updated: when it was last written (the plan part expires, see dialogue.CONTEXT_TTL;
    an open inquiry does not).
    """

    plans: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    others: tuple[str, ...] = ()  # candidates not chosen: 「もう一つの方」
    results: tuple[str, ...] = ()  # the plans the last list answer gave: 「そのうち」
    earlier: tuple[str, ...] = ()  # the list before that: 「残りの一つ」
    # the plans the last question over all plans looked within (「そのうち一番長いのは」):
    # 「2番目に長いのは?」 next looks there too
    pool: tuple[str, ...] = ()
    first: tuple[str, ...] = ()  # the plan(s) the conversation began with: 「最初に聞いたやつ」
    # the last two plans answered about, in the order asked: 「両者の変更回数」「後者」
    talked: tuple[str, ...] = ()
    day: str | None = None  # the last date asked about (ISO): 「その日に」
    western: bool = False  # Western dates were asked for (西暦で): later answers give them too
    updated: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # the hand-off to staff (bot/core/inquiry.py)
    last_question: str | None = None  # the last question the bot could not answer
    last_answer: str | None = None  # what the bot said to it
    draft: str | None = None  # an inquiry waiting for 送信する
    draft_id: str | None = None  # the token its 送信する / やめる buttons carry
    awaiting_text: bool = False  # the bot asked for the inquiry's text
    inquiry: int | None = None  # the open inquiry the user's messages go to

    def to_json(self) -> dict[str, Any]:
        return {
            "plans": list(self.plans),
            "fields": list(self.fields),
            "candidates": list(self.candidates),
            "others": list(self.others),
            "results": list(self.results),
            "earlier": list(self.earlier),
            "pool": list(self.pool),
            "first": list(self.first),
            "talked": list(self.talked),
            "day": self.day,
            "western": self.western,
            "updated": self.updated.isoformat(),
            "last_question": self.last_question,
            "last_answer": self.last_answer,
            "draft": self.draft,
            "draft_id": self.draft_id,
            "awaiting_text": self.awaiting_text,
            "inquiry": self.inquiry,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Context:
        return cls(
            plans=tuple(data.get("plans", ())),
            fields=tuple(data.get("fields", ())),
            candidates=tuple(data.get("candidates", ())),
            others=tuple(data.get("others", ())),
            results=tuple(data.get("results", ())),
            earlier=tuple(data.get("earlier", ())),
            pool=tuple(data.get("pool", ())),
            first=tuple(data.get("first", ())),
            talked=tuple(data.get("talked", ())),
            day=data.get("day"),
            western=bool(data.get("western", False)),
            updated=dt.datetime.fromisoformat(data["updated"]),
            last_question=data.get("last_question"),
            last_answer=data.get("last_answer"),
            draft=data.get("draft"),
            draft_id=data.get("draft_id"),
            awaiting_text=bool(data.get("awaiting_text", False)),
            inquiry=data.get("inquiry"),
        )


class ContextStore(Protocol):
    """Where conversation context lives: in memory for the CLI, in the
    database for the service (so several processes share it)."""

    def load(self, user_key: str) -> Context | None: ...

    def save(self, user_key: str, context: Context) -> None: ...

    def forget(self, user_key: str) -> None: ...


class MemoryContextStore:
    """A ContextStore in a dict, for the CLI and tests."""

    def __init__(self) -> None:
        self._contexts: dict[str, Context] = {}

    def load(self, user_key: str) -> Context | None:
        return self._contexts.get(user_key)

    def save(self, user_key: str, context: Context) -> None:
        self._contexts[user_key] = context

    def forget(self, user_key: str) -> None:
        self._contexts.pop(user_key, None)
