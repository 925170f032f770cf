"""Reply -> Slack Block Kit within Slack's limits."""

from __future__ import annotations

from bot.channels.slack.render import (
    SUGGESTION_ACTION_PATTERN,
    fallback_text,
    render_blocks,
    split_text,
)
from bot.core.types import Reply, Suggestion


def test_the_answer_is_a_section_and_suggestions_are_buttons_with_their_question() -> None:
    reply = Reply("回答です。", "x", suggestions=(Suggestion("DMO", "地域連携DMOの認定日は?"),))

    blocks = render_blocks(reply)

    assert blocks[0] == {"type": "section", "text": {"type": "mrkdwn", "text": "回答です。"}}
    [button] = blocks[1]["elements"]
    assert button["text"]["text"] == "DMO"
    assert button["value"] == "地域連携DMOの認定日は?"
    assert SUGGESTION_ACTION_PATTERN.match(button["action_id"])
    assert fallback_text(reply) == "回答です。"


def test_button_action_ids_are_unique_within_the_message() -> None:
    suggestions = tuple(Suggestion(f"案{i}", f"質問{i}") for i in range(5))

    [_, actions] = render_blocks(Reply("どれですか。", "clarify", suggestions=suggestions))

    ids = [b["action_id"] for b in actions["elements"]]
    assert len(set(ids)) == 5


def test_markup_characters_in_an_answer_are_shown_as_typed() -> None:
    [section] = render_blocks(Reply("A&B <https://x> <!channel>", "x"))

    assert section["text"]["text"] == "A&amp;B &lt;https://x&gt; &lt;!channel&gt;"


def test_a_long_answer_is_split_into_sections_of_at_most_3000_characters() -> None:
    text = "\n".join(f"{i:04d} " + "あ" * 95 for i in range(100))  # ~10,000 characters

    sections = render_blocks(Reply(text, "x"))

    assert len(sections) > 3
    assert all(len(s["text"]["text"]) <= 3000 for s in sections)
    assert "\n".join(s["text"]["text"] for s in sections) == text


def test_splitting_never_cuts_an_escape_in_two() -> None:
    chunks = split_text("a" * 2998 + "&amp;b", 3000)

    assert chunks == ["a" * 2998, "&amp;b"]
