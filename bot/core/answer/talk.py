"""Greetings, thanks, help, and the answers that are not about a plan: empty
input, out of scope, too many messages, stickers."""

from __future__ import annotations

import datetime as dt

from bot.core.answer.common import CONTACT, LIST_ALL, SCHEME, about_plan, clip, label
from bot.core.inquiry import ASK_STAFF
from bot.core.intents import Decision, Social
from bot.core.types import Reply, Suggestion
from bot.knowledge.models import KnowledgeBase


def social(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    if d.social is Social.THANKS:
        text = (
            "You're welcome. Feel free to ask anything else about the plans."
            if d.english
            else "どういたしまして。ほかにもご質問があれば、お気軽にどうぞ。"
        )
        return Reply(text, "thanks", suggestions=examples(kb))
    if d.social is Social.BYE:
        text = (
            "Thank you for using this service. Ask again any time about the plans."
            if d.english
            else "ご利用ありがとうございました。地域再生計画について、またいつでもご質問ください。"
        )
        return Reply(text, "bye")
    if d.social is Social.HELP:
        return help_reply(kb, d.english)
    return greeting(kb, d.english)


def greeting(kb: KnowledgeBase, english: bool = False) -> Reply:
    if english:
        return Reply(_intro_en(kb), "greeting", suggestions=examples(kb))
    text = (
        f"こんにちは。{kb.city.name}の地域再生計画についてお答えするボットです。\n" + capabilities()
    )
    return Reply(text, "greeting", suggestions=examples(kb))


def help_reply(kb: KnowledgeBase, english: bool = False) -> Reply:
    if english:
        return Reply(_intro_en(kb), "help", suggestions=examples(kb))
    text = (
        f"このボットでは、{kb.city.name}の地域再生計画についてお答えしています。\n" + capabilities()
    )
    return Reply(text, "help", suggestions=examples(kb))


def _intro_en(kb: KnowledgeBase) -> str:
    city = kb.city.english.city if kb.city.english else kb.city.name
    return (
        f"Hello. This bot answers questions about {city}'s regional revitalization plans "
        "(地域再生計画): when each was certified and changed, its plan period, what it does, "
        'the partner municipalities, and whom to contact. Try "list of plans" or '
        '"When does the DMO plan end?".'
    )


def capabilities() -> str:
    # Plan names go on the buttons only: this text is also the answer to
    # empty or unreadable input, which is about no plan.
    return (
        "各計画の認定日（第何回の認定か）・変更日・計画期間・実施状況・概要・連携する市町、"
        "計画の一覧、お問い合わせ先などをご質問ください。\n"
        "例えば「計画の一覧」「（計画の名前）の計画期間は?」「問い合わせ先」のように"
        "聞いてみてください。下のボタンからも質問できます。"
    )


def examples(kb: KnowledgeBase) -> tuple[Suggestion, ...]:
    """Example questions built from the knowledge base, not written in code."""
    plans = list(kb.plans)
    out = [Suggestion("計画の一覧", "計画の一覧を見せて")]
    if plans:
        name = label(kb, plans[0])
        out.append(Suggestion(clip(f"{name}の期間"), f"{name}の計画期間は?"))
    if len(plans) > 1:
        name = label(kb, plans[1])
        out.append(Suggestion(clip(f"{name}の認定日"), f"{name}はいつ認定された?"))
    return (*out, CONTACT, SCHEME)


def empty(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    return Reply("ご質問を入力してください。\n" + capabilities(), "empty", suggestions=examples(kb))


def back_to_bot(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    return Reply("ボットがお答えします。ご質問をどうぞ。", "back_to_bot", suggestions=examples(kb))


def out_of_scope(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    c = kb.city.contact
    if d.english:
        city = kb.city.english.city if kb.city.english else kb.city.name
        office = kb.city.english.office if kb.city.english else kb.city.office
        text = (
            "Sorry, I can't answer that. This bot answers questions about "
            f"{city}'s regional revitalization plans (certification, period, summary, ...).\n"
            f"For anything else, please contact {office} (phone: {c.phone})."
            + (" I can also pass your question on to a member of staff." if d.staff else "")
        )
    else:
        text = (
            "申し訳ありません。そのご質問にはお答えできません。"
            # (the scope said without 認定 or a date: an unrelated question gets no plan word)
            f"このボットは、{kb.city.name}の地域再生計画（いつ国に認められたか、計画期間、概要など）"
            "についてお答えしています。\n"
            f"ご不明な点は、{kb.city.office}（電話: {c.phone}）へお問い合わせください。"
            + ("ご希望でしたら、担当者にご質問をお伝えすることもできます。" if d.staff else "")
        )
    # Plans that came close are offered as buttons only: the text names none,
    # so an unrelated question never reads as an answer about a plan.
    near = tuple(about_plan(kb, kb.plan(p)) for p in d.candidates[:3])
    staff = (ASK_STAFF,) if d.staff else ()
    return Reply(text, "out_of_scope", (), (*near, *staff, LIST_ALL))


def rate_limited() -> Reply:
    return Reply(
        "申し訳ありません。短い時間にたくさんのメッセージが届いたため、少し時間をおいてから"
        "もう一度お送りください。",
        "rate_limited",
    )


def not_text(kb: KnowledgeBase) -> Reply:
    return Reply(
        "申し訳ありません。スタンプや画像などにはお答えできません。文字でご質問ください。",
        "not_text",
        suggestions=examples(kb),
    )
