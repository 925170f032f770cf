"""Reply -> LINE message within the Messaging API's limits."""

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


def test_a_text_longer_than_5000_characters_is_cut_visibly() -> None:
    [message] = render_reply(Reply("あ" * 6000, "x"))

    assert len(message.text) == 5000
    assert message.text.endswith("…")


def test_long_answers_are_split_for_line() -> None:
    parts = split_for_line("あ" * 12000)

    assert [len(p) for p in parts] == [5000, 5000, 2000]
    assert len(split_for_line("あ" * 40000)) == 5


def test_the_json_the_webhook_sends_is_what_the_sdk_would_send() -> None:
    from linebot.v3.messaging import ReplyMessageRequest

    suggestions = tuple(Suggestion(f"候補{i}", f"質問{i}") for i in range(3))
    messages = render_messages(Reply("回答です。", "x", suggestions=suggestions))
    payload = {"replyToken": "rt", "messages": messages}

    sdk = ReplyMessageRequest.from_dict(payload).to_dict()
    assert sdk.pop("notificationDisabled") is False  # LINE's default when left out
    assert sdk == payload
