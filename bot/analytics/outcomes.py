"""A Reply's outcome for analytics, and the rating buttons residents press."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from bot.analytics.records import AMBIGUOUS, ANSWERED, DOWN, HANDOFF, OUT_OF_SCOPE, UP
from bot.core.normalize import normalize
from bot.core.types import Reply, Suggestion

RATE_UP = Suggestion("👍 役に立った", "👍 役に立った")
RATE_DOWN = Suggestion("👎 役に立たなかった", "👎 役に立たなかった")
# LINE shows 13 quick replies: the ratings are added only while the
# suggestions leave room for both, never in their place.
MAX_BUTTONS = 13

_RATINGS = {
    normalize(RATE_UP.text): UP,
    normalize("役に立った"): UP,
    normalize(RATE_DOWN.text): DOWN,
    normalize("役に立たなかった"): DOWN,
}
_RATING_MARK = "役"
assert all(_RATING_MARK in key for key in _RATINGS)
# Conversation steps and small talk are not questions about the plans.
_NOT_QUESTIONS = frozenset({"social", "empty", "back_to_bot", "handoff"})


def outcome_of(reply: Reply) -> str | None:
    """answered / ambiguous / out_of_scope / handoff, or None for a reply that
    answers no question (greetings, thanks, the steps of a hand-off)."""
    if reply.intent == "handoff.accepted":
        return HANDOFF
    if reply.query is None:
        return OUT_OF_SCOPE if reply.intent == "error" else None
    kind = reply.query.get("kind")
    if kind in _NOT_QUESTIONS:
        return None
    if kind in ("clarify", "did_you_mean"):
        return AMBIGUOUS
    if kind == "out_of_scope" or reply.intent in ("out_of_scope", "error"):
        return OUT_OF_SCOPE
    return ANSWERED


def rating_of(text: str) -> str | None:
    """UP or DOWN when the message is a rating button (or its words typed)."""
    # The whole key only for a text that can be one: every rating says 役, and
    # of normalize's steps only the first (NFKC) can bring a 役 in. Questions
    # are normalized once more by the core; twice cost 2% of a LINE event.
    if _RATING_MARK not in unicodedata.normalize("NFKC", text):
        return None
    return _RATINGS.get(normalize(text))


def with_rating_buttons(reply: Reply) -> Reply:
    """The reply with 👍 / 👎 after its own suggestions, when there is room."""
    if len(reply.suggestions) + 2 > MAX_BUTTONS:
        return reply
    return replace(reply, suggestions=(*reply.suggestions, RATE_UP, RATE_DOWN))
