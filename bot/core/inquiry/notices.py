"""What a resident reads from the office: a staff answer, worded with the
office's name and the inquiry's number, and the notice that staff closed the
inquiry. The same words on every channel (LINE push, Slack DM, the web page)."""

from __future__ import annotations

from bot.core.inquiry.record import NOTICE_CLOSED, Inquiry, InquiryMessage
from bot.knowledge.models import KnowledgeBase


def staff_reply_text(kb: KnowledgeBase, inquiry_id: int, text: str) -> str:
    return f"{kb.city.office}からのお返事です（受付番号 {inquiry_id}）。\n{text}"


def closed_notice_text(kb: KnowledgeBase, inquiry_id: int) -> str:
    return (
        f"受付番号 {inquiry_id} のお問い合わせは、{kb.city.office}の担当者が対応を完了しました。"
        "ご利用ありがとうございました。\n"
        "これからのメッセージには、ボットがお答えします。"
    )


def resident_text(kb: KnowledgeBase, inquiry: Inquiry, message: InquiryMessage) -> str:
    """The text a resident receives for a staff answer or a notice."""
    if message.notice == NOTICE_CLOSED:
        return closed_notice_text(kb, inquiry.id)
    return staff_reply_text(kb, inquiry.id, message.text)
