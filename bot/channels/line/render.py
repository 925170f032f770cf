"""Reply -> LINE messages: a text message whose suggestions are quick-reply buttons.

Limits are the Messaging API's: text 5000 characters, 13 quick-reply items,
a button label 20 characters, a message action's text 300 characters.
"""

from __future__ import annotations

from linebot.v3.messaging import MessageAction, QuickReply, QuickReplyItem, TextMessage

from bot.core.types import Reply, Suggestion

MAX_TEXT = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_ACTION_TEXT = 300
ELLIPSIS = "…"
MAX_PUSH_MESSAGES = 5


def render_reply(reply: Reply) -> list[TextMessage]:
    items = [_item(s) for s in reply.suggestions if s.label.strip() and s.text.strip()]
    quick_reply = QuickReply(items=items[:MAX_QUICK_REPLIES]) if items else None
    return [TextMessage(text=clip(reply.text, MAX_TEXT), quick_reply=quick_reply)]


def _item(suggestion: Suggestion) -> QuickReplyItem:
    # A message action makes the tap look as if the user typed the question,
    # so it arrives as an ordinary text message and is answered as one.
    return QuickReplyItem(
        action=MessageAction(
            label=clip(suggestion.label.strip(), MAX_LABEL),
            text=clip(suggestion.text.strip(), MAX_ACTION_TEXT),
        )
    )


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
