"""Flex cards for the answers a card reads better as, built from the bot's own
replies; each validated by the SDK's models and carrying the reply's text as
altText."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from linebot.v3.messaging import FlexMessage, TextMessage

from bot.channels.line.render import render_reply
from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message, Reply
from bot.knowledge import KnowledgeBase
from bot.knowledge.era import to_wareki

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def ask(kb: KnowledgeBase) -> Any:
    bot = Bot(kb, MemoryContextStore(), today=lambda: TODAY)

    def ask(text: str) -> tuple[Reply, list[Any]]:
        reply = bot.handle(Message("line", "U" + "c" * 32, text))
        return reply, render_reply(reply, kb, TODAY)

    return ask


def as_sent(message: Any) -> dict[str, Any]:
    """The JSON the SDK sends, read back through the SDK's own model (a card
    the model refuses fails here)."""
    sent = json.loads(message.to_json())
    FlexMessage.from_dict(sent)
    return sent


def texts(node: Any) -> list[str]:
    """Every text a reader sees on a card, in order (labels of buttons too)."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "text":
            found.append(node["text"])
        if "action" in node:
            found.append(node["action"]["label"])
        for value in node.values():
            found += texts(value)
    elif isinstance(node, list):
        for value in node:
            found += texts(value)
    return found


def actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [node["action"]] if "action" in node else []
        return own + [a for v in node.values() for a in actions(v)]
    if isinstance(node, list):
        return [a for v in node for a in actions(v)]
    return []


def test_the_contact_answer_is_a_card_with_a_tel_button(ask: Any, kb: KnowledgeBase) -> None:
    reply, [message] = ask("問い合わせ先は?")

    assert isinstance(message, FlexMessage)
    sent = as_sent(message)
    c = kb.city.contact
    shown = "\n".join(texts(sent["contents"]))
    for fact in (kb.city.office, c.postal_code, c.address, c.phone, c.fax, c.mail_form.label):
        assert fact in shown
    assert {"type": "uri", "label": "電話をかける", "uri": "tel:0238870714"} in actions(sent)
    # notifications and old clients show altText: the same facts as the card
    assert sent["altText"] == reply.text
    for fact in (c.address, c.phone, c.fax):
        assert fact in sent["altText"]
    # the suggestions stay as quick replies on the card
    assert [i["action"]["text"] for i in sent["quickReply"]["items"]] == [
        s.text for s in reply.suggestions
    ]


def test_a_question_for_the_phone_number_alone_stays_text(ask: Any) -> None:
    reply, [message] = ask("電話番号は?")

    assert isinstance(message, TextMessage)
    assert message.text == reply.text


def test_a_plan_overview_is_a_plan_card(ask: Any, kb: KnowledgeBase) -> None:
    reply, [message] = ask("DMOの計画について")

    sent = as_sent(message)
    plan = kb.plan("dmo-tourism")
    shown = "\n".join(texts(sent["contents"]))
    assert plan.title in shown
    assert f"{to_wareki(plan.certification.date)}（第51回）" in shown
    assert to_wareki(plan.period.end) in shown
    assert "終了" in shown  # 令和4年3月31日 is before today
    assert "南陽市" in shown
    [button] = actions(sent["contents"])
    assert button["type"] == "message"
    assert button["text"].endswith("の概要")
    assert sent["altText"] == reply.text


def test_the_summary_button_asks_a_question_the_bot_answers_with_the_summary(
    ask: Any, kb: KnowledgeBase
) -> None:
    _, [message] = ask("DMOの計画について")
    [button] = actions(as_sent(message)["contents"])

    reply, _ = ask(button["text"])

    assert reply.plans == ("dmo-tourism",)
    assert kb.plan("dmo-tourism").summary[:30] in reply.text


def test_the_list_of_plans_is_a_carousel_of_every_listed_plan(ask: Any, kb: KnowledgeBase) -> None:
    reply, [message] = ask("計画の一覧")

    sent = as_sent(message)
    bubbles = sent["contents"]["contents"]
    assert sent["contents"]["type"] == "carousel"
    assert [texts(b)[1] for b in bubbles] == [kb.plan(p).title for p in reply.plans]
    assert len(bubbles) == len(kb.plans)
    assert sent["altText"] == reply.text
    for plan in kb.plans:
        assert plan.title in sent["altText"]
    # each card's button asks about its own plan, and the bot answers for that plan
    for plan_id, bubble in zip(reply.plans, bubbles, strict=True):
        [button] = actions(bubble)
        answer, _ = ask(button["text"])
        assert answer.plans == (plan_id,)


def test_a_running_plan_says_so_on_its_card(kb: KnowledgeBase) -> None:
    plan = kb.plan("machinaka-facility")
    reply = Reply("概要です。", "plan.overview", (plan.id,))

    [message] = render_reply(reply, kb, plan.period.start + dt.timedelta(days=1))

    assert "実施中" in "".join(texts(as_sent(message)["contents"]))


def test_english_answers_stay_text(ask: Any) -> None:
    _, [message] = ask("What is the contact?")

    assert isinstance(message, TextMessage)


def test_a_reply_longer_than_alt_text_allows_is_sent_as_text(kb: KnowledgeBase) -> None:
    long = "長井市 総合政策課 " + kb.city.contact.phone + kb.city.contact.fax
    long += kb.city.contact.address + "あ" * 1600
    reply = Reply(long, "contact", (), (), ("city.contact",))

    messages = render_reply(reply, kb, TODAY)

    assert all(isinstance(m, TextMessage) for m in messages)
    assert "".join(m.text for m in messages) == long


def test_without_the_knowledge_the_reply_is_text(ask: Any) -> None:
    reply, _ = ask("問い合わせ先は?")

    [message] = render_reply(reply)

    assert isinstance(message, TextMessage)


def test_a_card_is_never_another_knowledge_bases(kb: KnowledgeBase) -> None:
    """Cards are kept once built: a knowledge base with another phone number
    (an edited city.yaml, reloaded) gets its own card."""
    from dataclasses import replace

    contact = kb.city.contact.model_copy(update={"phone": "0238-00-0000"})
    edited = replace(kb, city=kb.city.model_copy(update={"contact": contact}))
    reply = Reply(
        "\n".join((kb.city.contact.address, "0238-00-0000", kb.city.contact.phone,
                   kb.city.contact.fax)), "contact", (), (), ("city.contact",),
    )  # fmt: skip

    [first] = render_reply(reply, kb, TODAY)
    [second] = render_reply(reply, edited, TODAY)

    assert kb.city.contact.phone in texts(as_sent(first)["contents"])
    assert "0238-00-0000" in texts(as_sent(second)["contents"])
