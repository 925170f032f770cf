"""Passing a question the bot cannot answer to the contact office.

The resident says 「担当者に問い合わせる」 (a button on every fallback answer, or
typed: 担当者と話したい, 問い合わせしたい …). The bot shows what will be sent and
asks to confirm; on confirmation the desk stores the inquiry *before* the bot
answers with its number, so an acknowledged inquiry is never lost. While the
inquiry is open, the resident's messages go to it (staff read them in Slack)
until they say 「ボットに戻る」 or staff close it.

The desk is a port (ports.py): the store implements it (inquiry, its messages and the
outbox that delivers them to Slack, in one transaction). The core only asks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from bot.core import lexicon as lx
from bot.core.inquiry.ports import InquiryDesk, RateLimiter
from bot.core.inquiry.record import Inquiry
from bot.core.intents import Parsed
from bot.core.normalize import normalize
from bot.core.types import Context, Message, Reply, Suggestion
from bot.knowledge.models import KnowledgeBase

SEND = Suggestion("送信する", "送信する")
CANCEL = Suggestion("やめる", "やめる")
BACK = Suggestion("ボットに戻る", "ボットに戻る")
ASK_STAFF = Suggestion("担当者に問い合わせる", "担当者に問い合わせたい")
# How long a draft waits for 送信する, and how long an unanswered question
# stays the one a later 「担当者に問い合わせる」 sends.
DRAFT_TTL = dt.timedelta(minutes=30)
MAX_INQUIRY_TEXT = 1000
# After this long without a message from the resident, an inquiry staff never
# closed stops taking their messages: the bot answers again (staff can still reply).
HANDOFF_QUIET = dt.timedelta(days=3)
# Per resident: enough for real needs, too few to flood the office's channel.
INQUIRY_LIMIT = 5
INQUIRY_WINDOW = dt.timedelta(days=1)


class InquiryFlow:
    def __init__(
        self,
        kb: KnowledgeBase,
        desk: InquiryDesk,
        limiter: RateLimiter | None = None,
        quiet: dt.timedelta = HANDOFF_QUIET,
    ) -> None:
        self.kb = kb
        self.desk = desk
        self.quiet = quiet
        self.limiter = limiter

    def step(
        self, message: Message, parsed: Parsed, ctx: Context, now: dt.datetime
    ) -> tuple[Reply | None, Context, str | None]:
        """Answer the message when it belongs to a hand-off, with the context to
        keep; a None reply when the bot should answer it as a question, with a
        notice to put before that answer when the resident was taken out of an
        inquiry that stayed quiet."""
        text = message.text.strip()
        notice = None
        if ctx.inquiry is not None and now - ctx.updated > self.quiet:
            # an inquiry staff never closed must not swallow every later question
            notice = self._quiet_notice(ctx.inquiry)
            ctx = replace(ctx, inquiry=None)
        if ctx.inquiry is not None:
            inquiry = self.desk.get_inquiry(ctx.inquiry)
            if inquiry is None or not inquiry.is_open:
                ctx = replace(ctx, inquiry=None)  # closed by staff; the resident was told
            elif parsed.back_to_bot:
                return self._back(inquiry), replace(ctx, inquiry=None, updated=now), None
            else:
                self.desk.add_resident_message(inquiry.id, text)  # whole: LINE allows 5,000
                return self._forwarded(inquiry), replace(ctx, updated=now), None
        fresh_draft = ctx.draft is not None and now - ctx.updated <= DRAFT_TTL
        token = lx.BUTTON_TOKEN.search(text)
        confirming = bool(lx.CONFIRM_YES.match(parsed.key))
        if (
            token
            and (confirming or lx.CONFIRM_NO.match(parsed.key))
            and (not fresh_draft or token.group(1) != ctx.draft_id)
        ):
            # a 送信する / やめる button of a draft that was sent, dropped or replaced
            return self._stale(), replace(ctx, updated=now), notice
        if confirming and not fresh_draft and not ctx.awaiting_text:
            return self._nothing_to_send(), replace(ctx, updated=now), notice
        if fresh_draft and confirming:
            if self.limiter is not None and not self.limiter.allow(
                message.user_key, "inquiry", INQUIRY_LIMIT, INQUIRY_WINDOW
            ):
                return self._limited(), replace(ctx, draft=None, updated=now), None
            inquiry = self.desk.open_inquiry(
                message.channel, message.user, ctx.draft or "", ctx.last_answer or ""
            )
            done = replace(ctx, draft=None, draft_id=None, inquiry=inquiry.id,
                           last_question=None, updated=now)  # fmt: skip
            return self._accepted(inquiry), done, None
        if (fresh_draft or ctx.awaiting_text) and lx.CONFIRM_NO.match(parsed.key):
            cancelled = replace(ctx, draft=None, draft_id=None, awaiting_text=False, updated=now)
            return self._cancelled(), cancelled, None
        if ctx.awaiting_text and not parsed.handoff:
            return (*self._draft(message, text, ctx, now), None)
        if not parsed.handoff:
            return None, ctx, notice
        question = _question_in(text) or _recent(ctx, now)
        if question is None:
            asking = replace(ctx, draft=None, draft_id=None, awaiting_text=True, updated=now)
            return self._ask_text(), asking, notice
        return (*self._draft(message, question, ctx, now), notice)

    def _draft(
        self, message: Message, question: str, ctx: Context, now: dt.datetime
    ) -> tuple[Reply, Context]:
        """Show what will be sent; its buttons carry a token of this draft, so a
        送信する pressed later applies to no other draft."""
        seed = f"{message.user_key}|{now.isoformat()}|{question}".encode()
        draft_id = hashlib.sha256(seed).hexdigest()[:6]
        kept = replace(ctx, draft=question[:MAX_INQUIRY_TEXT], draft_id=draft_id,
                       awaiting_text=False, updated=now)  # fmt: skip
        return self._confirm(question, draft_id), kept

    # -- what the resident reads ----------------------------------------------------

    def _office(self) -> str:
        return self.kb.city.office

    def _urgent(self) -> str:
        c = self.kb.city.contact
        hours = f"（受付時間: {c.hours}）" if c.hours else ""
        return f"お急ぎの場合は、{self._office()}（電話: {c.phone}）{hours}へお電話ください。"

    def _ask_text(self) -> Reply:
        return Reply(
            f"{self._office()}の担当者にお問い合わせをお送りします。"
            "お問い合わせの内容を入力してください。",
            "handoff.ask_text",
            suggestions=(CANCEL,),
        )

    def _confirm(self, question: str, draft_id: str) -> Reply:
        return Reply(
            f"次の内容を{self._office()}の担当者にお送りします。よろしいですか。\n"
            f"「{question[:MAX_INQUIRY_TEXT]}」\n"
            "送る場合は「送信する」、やめる場合は「やめる」を押してください。",
            "handoff.confirm",
            suggestions=(
                Suggestion(SEND.label, f"{SEND.text} #{draft_id}"),
                Suggestion(CANCEL.label, f"{CANCEL.text} #{draft_id}"),
            ),
        )

    def _stale(self) -> Reply:
        return Reply(
            "このボタンのお問い合わせは、すでに送信済みか、取りやめになっています。"
            "新しくお問い合わせをする場合は「担当者に問い合わせる」と送ってください。",
            "handoff.stale",
            suggestions=(ASK_STAFF,),
        )

    def _nothing_to_send(self) -> Reply:
        return Reply(
            "送信を待っているお問い合わせはありません。担当者にお問い合わせをする場合は"
            "「担当者に問い合わせる」と送ってください。",
            "handoff.nothing_to_send",
            suggestions=(ASK_STAFF,),
        )

    def _quiet_notice(self, inquiry_id: int) -> str:
        return (
            f"（受付番号 {inquiry_id} のお問い合わせは、担当者が引き続き確認しています。"
            "お返事はこのままお待ちください。追加で担当者に伝えたいことがある場合は、"
            "「担当者に問い合わせる」と送ってください。以下はボットがお答えします。）"
        )

    def _accepted(self, inquiry: Inquiry) -> Reply:
        return Reply(
            f"お問い合わせを受け付けました。受付番号は {inquiry.id} です。\n"
            f"担当者からのお返事は、{_where(inquiry.channel)}でお知らせします。"
            + self._urgent()
            + "\n"
            "続けて送ったメッセージも担当者に届きます。ボットの回答に戻るには"
            "「ボットに戻る」を押してください。",
            "handoff.accepted",
            suggestions=(BACK,),
            facts=("city.contact",),
        )

    def _forwarded(self, inquiry: Inquiry) -> Reply:
        return Reply(
            f"担当者にお伝えしました（受付番号 {inquiry.id}）。お返事までお待ちください。\n"
            "ボットの回答に戻るには「ボットに戻る」を押してください。",
            "handoff.forwarded",
            suggestions=(BACK,),
        )

    def _back(self, inquiry: Inquiry) -> Reply:
        return Reply(
            "ボットがお答えします。ご質問をどうぞ。\n"
            f"受付番号 {inquiry.id} のお問い合わせへの担当者からのお返事は、"
            f"{_where(inquiry.channel)}でお知らせします。",
            "handoff.back_to_bot",
        )

    def _limited(self) -> Reply:
        return Reply(
            "申し訳ありません。本日はこれ以上お問い合わせを受け付けられません。" + self._urgent(),
            "handoff.limited",
        )

    def _cancelled(self) -> Reply:
        return Reply("お問い合わせの送信を取りやめました。ほかにご質問があればどうぞ。",
                     "handoff.cancelled")  # fmt: skip


def _where(channel: str) -> str:
    """Where the staff's answer will reach the resident, in their channel's words."""
    return {"line": "このトーク", "web": "このページ（同じブラウザで開いたとき）"}.get(
        channel, "このチャット"
    )


def _question_in(text: str) -> str | None:
    """The question itself when the resident typed it with the request
    (「ごみの出し方について担当者と話したい」); None for a bare request."""
    rest = lx.HANDOFF_WORDS.sub("", normalize(text)).strip(" のをはがについて")
    return text.strip() if len(rest) >= 5 else None


def _recent(ctx: Context, now: dt.datetime) -> str | None:
    if ctx.last_question and now - ctx.updated <= DRAFT_TTL:
        return ctx.last_question
    return None
