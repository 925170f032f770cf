"""Reply -> LINE messages: a text message whose suggestions are quick-reply buttons.

Limits are the Messaging API's: text 5000 characters, 13 quick-reply items,
a button label 20 characters, a message action's text 300 characters.

`render_messages` gives the JSON the Messaging API takes, which the webhook
sends as it is (building the SDK's models for every answer cost more than
answering the question); `render_reply` gives the same as the SDK's models,
and tests hold the two equal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.core.types import Reply, Suggestion

if TYPE_CHECKING:
    from linebot.v3.messaging import TextMessage

MAX_TEXT = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_ACTION_TEXT = 300
ELLIPSIS = "…"
MAX_PUSH_MESSAGES = 5


def render_messages(reply: Reply) -> list[dict[str, Any]]:
    """The reply as Messaging API message objects (JSON-ready dicts)."""
    message: dict[str, Any] = {"type": "text", "text": clip(reply.text, MAX_TEXT)}
    items = [_item(s) for s in reply.suggestions if s.label.strip() and s.text.strip()]
    if items:
        message["quickReply"] = {"items": items[:MAX_QUICK_REPLIES]}
    return [message]


def render_reply(reply: Reply) -> list[TextMessage]:
    """The same messages as the SDK's models."""
    from linebot.v3.messaging import TextMessage

    return [TextMessage.from_dict(m) for m in render_messages(reply)]


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
    """LINE takes 5000 characters a message and 5 messages a push."""
    parts = [text[i : i + limit] for i in range(0, max(len(text), 1), limit)]
    if len(parts) > most:
        parts = parts[:most]
        parts[-1] = parts[-1][: limit - 1] + ELLIPSIS
    return parts
