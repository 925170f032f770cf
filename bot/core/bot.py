"""The core's front door: one Message in, one Reply out, context kept per user.

Adapters call Bot.handle (sync; the web service runs it in a worker thread).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace

from bot.clock import japan_today, utc_now
from bot.core.answer import Answerer
from bot.core.confirm import affirmed
from bot.core.dialogue import decide, fresh, next_context
from bot.core.inquiry import HANDOFF_QUIET, InquiryDesk, InquiryFlow, RateLimiter
from bot.core.intents import Parsed
from bot.core.matcher import QuestionParser
from bot.core.parts import CIRCLED, joined_parts, listed_parts, numbered_parts, sentences
from bot.core.plan_index import PlanIndex
from bot.core.types import Context, ContextStore, Message, Reply
from bot.knowledge.models import KnowledgeBase

log = logging.getLogger(__name__)

# Longer input is cut before any work: a pasted page must not slow the bot.
MAX_INPUT = 2000
# Per user: far above a person typing, low enough to stop a script.
MESSAGE_LIMIT = 30
MESSAGE_WINDOW = dt.timedelta(minutes=1)
# A message of more sentences than this is not read sentence by sentence.
MAX_SENTENCES = 12
# Answers that did not answer: the question is kept for 「担当者に問い合わせる」.
FALLBACK_INTENTS = frozenset({"out_of_scope", "did_you_mean", "error"})
# answers that state a plan's or the office's values, which a claim can be checked against
_CONFIRMABLE = frozenset({"plan", "contact", "check", "content", "between"})


class Bot:
    def __init__(
        self,
        kb: KnowledgeBase,
        contexts: ContextStore,
        today: Callable[[], dt.date] = japan_today,
        now: Callable[[], dt.datetime] = utc_now,
        desk: InquiryDesk | None = None,
        limiter: RateLimiter | None = None,
        handoff_quiet: dt.timedelta = HANDOFF_QUIET,
        index: PlanIndex | None = None,  # built beforehand (a cache); else built here
    ) -> None:
        self.kb = kb
        self.contexts = contexts
        self.today = today
        self.now = now
        self.limiter = limiter
        self.parser = QuestionParser(kb, index)
        self.answerer = Answerer(kb)
        # Without a desk (the command line) a hand-off request gets the office's
        # contact details instead.
        self.inquiries = (
            InquiryFlow(kb, desk, limiter, handoff_quiet) if desk is not None else None
        )

    def handle(self, message: Message) -> Reply:
        """Answer one message. Never raises for any text a user can send: an
        unexpected error is logged and answered with an apology."""
        try:
            return self._handle(message)
        except Exception:
            log.exception("answering failed (channel=%s)", message.channel)
            c = self.kb.city.contact
            return Reply(
                "申し訳ありません。ただいまお答えできませんでした。時間をおいてもう一度お試しいただくか、"
                f"{self.kb.city.office}（電話: {c.phone}）へお問い合わせください。",
                "error",
            )

    def _handle(self, message: Message) -> Reply:
        now = self.now()
        if self.limiter is not None and not self.limiter.allow(
            message.user_key, "message", MESSAGE_LIMIT, MESSAGE_WINDOW
        ):
            return self.answerer.rate_limited()
        parsed = self.parser.parse(message.text[:MAX_INPUT], self.today())
        stored = self.contexts.load(message.user_key) or Context(updated=now)
        notice = None
        if self.inquiries is not None:
            handled, stored, notice = self.inquiries.step(message, parsed, stored, now)
            if handled is not None:
                self.contexts.save(message.user_key, stored)
                return handled
        context = fresh(stored, now)
        reply, kept = self._answer(parsed, context, now)
        # a message of several questions reads its parts, some more than once: each once
        said = {message.text[:MAX_INPUT]: parsed}

        def read(text: str) -> Parsed:
            if text not in said:
                said[text] = self.parser.parse(text, self.today())
            return said[text]

        preamble, parts = self._questions(message.text[:MAX_INPUT], reply, read)
        if parts:
            reply, kept = self._answer_parts(preamble, parts, reply, kept, context, now, read)
        elif joined := joined_parts(message.text[:MAX_INPUT]):
            reply, kept = self._joined(joined, reply, kept, context, now, read)
        if reply.intent.split(".")[0] in _CONFIRMABLE:
            # 「…で正しいですか」: はい first when the answer states every value claimed
            reply = replace(reply, text=affirmed(message.text, reply.text, parsed.english))
        if notice:
            reply = replace(reply, text=f"{notice}\n\n{reply.text}")
        unanswered = reply.intent in FALLBACK_INTENTS
        kept = replace(
            kept,
            inquiry=stored.inquiry,  # an open inquiry outlives the plan context
            last_question=message.text[:MAX_INPUT] if unanswered else None,
            last_answer=reply.text if unanswered else None,
        )
        self.contexts.save(message.user_key, kept)
        return reply

    def _answer(self, parsed: Parsed, context: Context, now: dt.datetime) -> tuple[Reply, Context]:
        decision = decide(parsed, context)
        decision = replace(decision, staff=self.inquiries is not None)
        reply = replace(self.answerer.answer(decision, self.today()), query=decision.to_json())
        return reply, next_context(decision, reply.plans, context, now, reply.day)

    def _questions(
        self, text: str, whole: Reply, read: Callable[[str], Parsed]
    ) -> tuple[str, list[str]]:
        """The questions of a message that asks several, numbered, listed or (when
        the message read whole found nothing to answer) one sentence after another,
        and what it says before them; none for one question."""
        for split in (numbered_parts, listed_parts):
            preamble, parts = split(text)
            if parts:
                return preamble, parts
        if whole.intent not in FALLBACK_INTENTS:
            # (「…「いつ国に認めてもらったの?」と電話がありました。認定日を教えてください。」
            # is one question said twice, which the whole message answers)
            return text, []
        said = sentences(text)
        if not 2 <= len(said) <= MAX_SENTENCES:
            return text, []  # (a pasted page is no list of questions)
        each = [read(s) for s in said]
        asking = [i for i, r in enumerate(each) if _asks(r)]
        if not asking:
            return text, []
        if len(asking) < 2:
            # "When was the DMO plan certified? Also, could you book me a hotel?": the
            # question the bot answers, and the request it does not
            asked = [i for i, r in enumerate(each) if i in asking or r.request or r.wh]
            if len(asked) < 2:
                return text, []
            return " ".join(said[: asked[0]]), [said[i] for i in asked]
        # (「パラレルワークの計画について質問です。」 before them says what they are about)
        return " ".join(said[: asking[0]]), [said[i] for i in asking]

    def _joined(
        self, joined: list[str], whole: Reply, kept: Context, context: Context,
        now: dt.datetime, read: Callable[[str], Parsed],
    ) -> tuple[Reply, Context]:
        """「…の認定日と、それからフラワー長井線の始発の時刻も」 "…? Also, could you book
        me a hotel?": the plan's part answered, the other said to be beyond the bot (not
        「…の認定日と、あと期間も」, which the message read whole answers)."""
        split, split_kept = self._answer_parts("", joined, whole, kept, context, now, read)
        kinds = [q.get("kind") for q in (split.query or {}).get("parts", [])]
        refused = [part for part, k in zip(joined, kinds, strict=False) if k == "out_of_scope"]
        # (a part refused that still asks a plan's field, 「あと計画期間と」, or names
        # nothing, 「南陽と白鷹とあとどこだっけ」, is the bot's slip on a fragment, not a
        # question beyond it)
        beyond = all(not _asks(r) and r.named_something for r in map(read, refused))
        if refused and len(refused) < len(kinds) and beyond:
            return split, split_kept
        return whole, kept

    def _answer_parts(
        self, preamble: str, parts: list[str], whole: Reply, kept: Context, context: Context,
        now: dt.datetime, read: Callable[[str], Parsed],
    ) -> tuple[Reply, Context]:
        """「①計画の総数 ②終了した計画の名前 ③最新の認定日」: each numbered question
        answered in turn, read with what the message says before them (「終了した計画
        について、①計画名 ②認定日」). When every part asks of the same plans in the
        same way (「①担当課 ②電話 ③FAX」), the whole message answers them at once."""
        topic = read(preamble) if preamble else None
        if topic is not None and not (
            topic.by_name or (topic.aggregate is not None and not topic.aggregate.dates)
        ):
            # (「電話メモ貼ります。【電話メモ】11/25 市民男性」 names no plan nor a set of
            # them, as 「終了した計画とされているものについて」 does: no topic of theirs)
            preamble = ""
        alone = [read(part) for part in parts]
        # (a thing of a plan asked as a noun, 「…にできる2つのホールの名前」, asks too)
        if not any(r.fields or r.aggregate or r.contact_parts or r.wh or r.yes_no or r.content
                   for r in alone):  # fmt: skip
            # 「確認したい計画が3つあります。①まちなか交流施設 ②6次産業化 ③しごと創出
            # まず①の認定日を」: the numbers name plans, they ask nothing
            return whole, kept
        replies, ctx = [], context
        for part, own in zip(parts, alone, strict=True):
            reply, ctx = self._answer(read(f"{preamble} {part}") if preamble else own, ctx, now)
            replies.append(reply)
        asked = {(r.intent.split(".")[0], r.plans) for r in replies}
        if asked == {(whole.intent.split(".")[0], whole.plans)}:
            return whole, kept
        text = "\n\n".join(f"{CIRCLED[i]} {r.text}" for i, r in enumerate(replies))
        plans = tuple(dict.fromkeys(p for r in replies for p in r.plans))
        last = replies[-1]
        query = {"parts": [r.query for r in replies]}
        facts = tuple(dict.fromkeys(f for r in replies for f in r.facts))
        reply = replace(last, text=text, plans=plans, facts=facts, intent="parts", query=query)
        return reply, ctx

    def greet(self, message: Message) -> Reply:
        """The greeting for a new follower (LINE follow event) or a new web visitor;
        one who comes back with an inquiry still open is told where it stands."""
        greeting = self.answerer.greeting()
        inquiry = self._open_inquiry(message.user_key)
        if inquiry is None:
            return greeting
        note = (
            f"受付番号 {inquiry} のお問い合わせは、担当者が確認しています。お返事はこのトークで"
            "お知らせします。続けて送ったメッセージも担当者に届きます。"
        )
        return replace(greeting, text=f"{greeting.text}\n\n{note}")

    def not_text(self, message: Message) -> Reply:
        """Stickers, images, audio, locations, files: the bot reads text only."""
        return self.answerer.not_text()

    def forget(self, user_key: str) -> None:
        """Drop a user's conversation context (LINE unfollow), all but the link
        to an inquiry still open: staff may still answer it."""
        inquiry = self._open_inquiry(user_key)
        if inquiry is None:
            self.contexts.forget(user_key)
        else:
            self.contexts.save(user_key, Context(updated=self.now(), inquiry=inquiry))

    def _open_inquiry(self, user_key: str) -> int | None:
        stored = self.contexts.load(user_key)
        if self.inquiries is None or stored is None or stored.inquiry is None:
            return None
        inquiry = self.inquiries.desk.get_inquiry(stored.inquiry)
        return inquiry.id if inquiry is not None and inquiry.is_open else None


def _asks(p: Parsed) -> bool:
    """Does this sentence ask something of the plans (not 「お世話になります。」)?"""
    return bool(p.fields or p.aggregate or p.contact_parts) and bool(p.wh or p.yes_no or p.request)
