"""Reply -> LINE messages: a Flex card where one reads better (flex.py),
otherwise text; the suggestions are quick-reply buttons on the last message.

Limits are the Messaging API's: 5 messages a reply or push, text 5000
characters, 13 quick-reply items, a button label 20 characters, a message
action's text 300 characters. A text over 5000 characters is split where a
reader expects a break (a blank line, else a line end, else a sentence end),
never inside a word when a break is near.

`render_messages` gives the JSON the Messaging API takes, which the webhook
sends as it is (building the SDK's models for every answer cost more than
answering the question); `render_reply` gives the same as the SDK's models,
and tests hold the two equal and validate every card with them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from bot.channels.line.flex import flex_for
from bot.core.types import Reply, Suggestion
from bot.knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from linebot.v3.messaging import FlexMessage, TextMessage

MAX_TEXT = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_ACTION_TEXT = 300
ELLIPSIS = "…"
MAX_PUSH_MESSAGES = 5
MAX_REPLY_MESSAGES = 5
# How far back from the limit a break is looked for: a part may end this much
# short of 5000 characters to end at a paragraph or line instead of mid-sentence.
_BREAK_WINDOW = 1500
_BREAKS = ("\n\n", "\n", "。", "、")


def render_messages(
    reply: Reply, kb: KnowledgeBase | None = None, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The reply as Messaging API message objects (JSON-ready dicts); with the
    knowledge and today's date, a card where flex.py finds one."""
    quick = quick_reply_for(reply.suggestions)
    card = flex_for(reply, kb, today) if kb is not None and today is not None else None
    if card is not None:
        return [{**card, "quickReply": quick} if quick else card]
    messages: list[dict[str, Any]] = [
        {"type": "text", "text": part}
        for part in split_for_line(reply.text, most=MAX_REPLY_MESSAGES)
    ]
    if quick:
        messages[-1]["quickReply"] = quick
    return messages


def render_reply(
    reply: Reply, kb: KnowledgeBase | None = None, today: dt.date | None = None
) -> list[TextMessage | FlexMessage]:
    """The same messages as the SDK's models (tests; the SDK validates them)."""
    from linebot.v3.messaging import FlexMessage, TextMessage

    return [
        FlexMessage.from_dict(m) if m["type"] == "flex" else TextMessage.from_dict(m)
        for m in render_messages(reply, kb, today)
    ]


def quick_reply_for(suggestions: tuple[Suggestion, ...]) -> dict[str, Any] | None:
    items = [_item(s) for s in suggestions if s.label.strip() and s.text.strip()]
    return {"items": items[:MAX_QUICK_REPLIES]} if items else None


def _item(suggestion: Suggestion) -> dict[str, Any]:
    # A message action makes the tap look as if the user typed the question,
    # so it arrives as an ordinary text message and is answered as one.
    return {
        "type": "action",
        "action": {
            "type": "message",
            "label": clip(suggestion.label.strip(), MAX_LABEL),
            "text": clip(suggestion.text.strip(), MAX_ACTION_TEXT),
        },
    }


def clip(text: str, limit: int) -> str:
    text = text if text.strip() else "…"
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def split_for_line(text: str, limit: int = MAX_TEXT, most: int = MAX_PUSH_MESSAGES) -> list[str]:
    """The text in parts of at most `limit` characters, at most `most` parts
    (the last one cut visibly with … when even that is not enough)."""
    text = text if text.strip() else ELLIPSIS
    parts: list[str] = []
    rest = text
    while len(rest) > limit and len(parts) < most:
        cut = _break_before(rest, limit)
        parts.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    if rest and len(parts) < most:
        parts.append(rest)
    elif rest:
        parts[-1] = parts[-1][: limit - 1] + ELLIPSIS
    return parts


def _break_before(text: str, limit: int) -> int:
    """Where to end a part of `text` of at most `limit` characters."""
    for mark in _BREAKS:
        at = text.rfind(mark, max(0, limit - _BREAK_WINDOW), limit - len(mark) + 1)
        if at > 0:
            return at + len(mark)
    return limit
