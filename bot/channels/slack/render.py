"""Reply -> Slack Block Kit: section blocks for the text, one actions block of
buttons for the suggestions, and the plain text as the notification fallback.

Limits are Slack's: 3000 characters per section text, 50 blocks per message,
25 elements per actions block, 75 characters of button text, 2000 of value.
"""

from __future__ import annotations

import re
from typing import Any

from bot.core.types import Reply

SECTION_LIMIT = 3000
MAX_BLOCKS = 50
MAX_BUTTONS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
FALLBACK_LIMIT = 3000
SUGGESTION_ACTION = "suggest_{index}"
SUGGESTION_ACTION_PATTERN = re.compile(r"^suggest_\d+$")
ELLIPSIS = "…"


def render_blocks(reply: Reply) -> list[dict[str, Any]]:
    buttons = _buttons(reply)
    room = MAX_BLOCKS - (1 if buttons else 0)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in split_text(escape(reply.text), SECTION_LIMIT)[:room]
    ]
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return blocks


def fallback_text(reply: Reply) -> str:
    """What notifications and clients without Block Kit show."""
    return _clip(reply.text, FALLBACK_LIMIT)


def _buttons(reply: Reply) -> list[dict[str, Any]]:
    buttons = []
    for index, suggestion in enumerate(reply.suggestions[:MAX_BUTTONS]):
        if not suggestion.label.strip() or not suggestion.text.strip():
            continue
        buttons.append(
            {
                "type": "button",
                "action_id": SUGGESTION_ACTION.format(index=index),
                "text": {
                    "type": "plain_text",
                    "text": _clip(suggestion.label, MAX_BUTTON_TEXT),
                    "emoji": True,
                },
                "value": _clip(suggestion.text, MAX_BUTTON_VALUE),
            }
        )
    return buttons


def escape(text: str) -> str:
    """mrkdwn treats &, < and > as markup; a plain answer must show them as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_text(text: str, limit: int) -> list[str]:
    """Cut at line ends where possible, so no section exceeds `limit` characters."""
    if not text.strip():
        return ["…"]
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        # never cut an escape like &amp; in two
        amp = rest.rfind("&", max(0, cut - 5), cut)
        if amp > 0 and ";" not in rest[amp:cut]:
            cut = amp
        chunks.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    if rest:
        chunks.append(rest)
    return chunks


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
