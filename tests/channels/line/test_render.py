"""Reply -> LINE messages within the Messaging API's limits."""

from __future__ import annotations

from bot.channels.line.render import render_messages, render_reply, split_for_line
from bot.core.types import Reply, Suggestion


def test_text_and_suggestions_become_a_text_message_with_quick_replies() -> None:
    reply = Reply("回答です。", "x", suggestions=(Suggestion("一覧", "計画の一覧を見せて"),))

    [message] = render_reply(reply)

    assert message.text == "回答です。"
    [item] = message.quick_reply.items
    assert (item.action.label, item.action.text) == ("一覧", "計画の一覧を見せて")


def test_no_suggestions_means_no_quick_reply() -> None:
    [message] = render_reply(Reply("回答です。", "x"))

    assert message.quick_reply is None


def test_at_most_13_quick_replies_with_labels_of_at_most_20_characters() -> None:
    long_label = "長井市地域再生計画の計画期間はいつまでですか"
    suggestions = tuple(Suggestion(f"{long_label}{i}", f"質問{i}") for i in range(20))

    [message] = render_reply(Reply("回答", "x", suggestions=suggestions))

    items = message.quick_reply.items
    assert len(items) == 13
    assert all(len(i.action.label) <= 20 for i in items)
    assert items[0].action.label.endswith("…")
    assert [i.action.text for i in items] == [f"質問{i}" for i in range(13)]


def test_a_long_answer_is_split_at_line_ends_with_the_buttons_on_the_last_part() -> None:
    lines = [f"{i}行目の説明です。" + "あ" * 80 for i in range(120)]  # ~ 11,000 characters
    reply = Reply("\n".join(lines), "x", suggestions=(Suggestion("一覧", "計画の一覧"),))

    messages = render_reply(reply)

    assert 2 <= len(messages) <= 5
    assert all(len(m.text) <= 5000 for m in messages)
    # no line is cut in two: every part starts a line and ends one
    assert [line for m in messages for line in m.text.split("\n")] == lines
    assert [m.quick_reply is None for m in messages] == [True] * (len(messages) - 1) + [False]


def test_a_paragraph_break_is_preferred_to_a_line_break() -> None:
    first = "\n".join(["あ" * 99] * 40)  # 3,999 characters
    second = "\n".join(["い" * 99] * 20)
    parts = split_for_line(first + "\n\n" + second + "\n" + "う" * 2000)

    assert parts[0] == first


def test_text_without_breaks_is_cut_at_the_limit() -> None:
    parts = split_for_line("あ" * 12000)

    assert [len(p) for p in parts] == [5000, 5000, 2000]


def test_at_most_five_messages_the_last_cut_visibly() -> None:
    parts = split_for_line("あ" * 40000)

    assert len(parts) == 5
    assert parts[-1].endswith("…")
    assert len(render_reply(Reply("あ" * 40000, "x"))) == 5


def test_the_json_the_webhook_sends_is_what_the_sdk_would_send() -> None:
    from linebot.v3.messaging import ReplyMessageRequest

    suggestions = tuple(Suggestion(f"候補{i}", f"質問{i}") for i in range(3))
    messages = render_messages(Reply("回答です。", "x", suggestions=suggestions))
    payload = {"replyToken": "rt", "messages": messages}

    sdk = ReplyMessageRequest.from_dict(payload).to_dict()
    assert sdk.pop("notificationDisabled") is False  # LINE's default when left out
    assert sdk == payload
