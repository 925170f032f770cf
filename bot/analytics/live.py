"""LiveBot: the Bot every channel talks to in the service.

Around the core's Bot it does three things, none of which the core knows of:
- learned aliases: per request it reads the store's alias version (one
  indexed row); when another process (or this one) changed the aliases, it
  rebuilds the Bot on the knowledge merged with them, so a phrase staff
  taught is understood at once everywhere, without a restart;
- recording: every question answered is stored with its outcome, the query
  understood, the answer's kind and plans, and the hashed user tag;
- ratings: an answer gets 👍 / 👎 buttons (after its own suggestions, when
  there is room); pressing one rates the user's last answer, and a 👎
  offers to pass the question to staff.

Recording never costs the resident an answer: a store failure is logged
and the answer goes out anyway.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from bot.analytics.aliases import merge_aliases
from bot.analytics.outcomes import outcome_of, rating_of, with_rating_buttons
from bot.analytics.records import ANSWERED, DOWN, HANDOFF, LearnedAlias, QuestionRecord
from bot.core.bot import MAX_INPUT, Bot
from bot.core.types import Message, Reply, Suggestion
from bot.knowledge.models import KnowledgeBase

log = logging.getLogger(__name__)

RATING_WINDOW = dt.timedelta(minutes=30)  # as long as the conversation context lasts
HANDOFF_SUGGESTION = Suggestion("担当者に問い合わせる", "担当者に問い合わせたい")
THANKS_UP = "ご評価ありがとうございます。ほかにもご質問があればどうぞ。"
THANKS_DOWN = (
    "ご意見ありがとうございます。お役に立てず申し訳ありません。"
    "よろしければ、このご質問を担当者にお伝えします。"
    "「担当者に問い合わせる」を押してください。"
)
NOTHING_TO_RATE = "評価できる直前の回答が見つかりませんでした。ご質問をどうぞ。"


class LearningStore(Protocol):
    """What LiveBot needs of the store (bot.store.analytics.AnalyticsStore)."""

    def record(
        self,
        channel: str,
        user_id: str,
        user_key: str,
        text: str,
        outcome: str,
        intent: str,
        plans: tuple[str, ...],
        query: dict[str, Any] | None,
    ) -> int: ...

    def rate_last(
        self, channel: str, user_id: str, user_key: str, rating: str, within: dt.timedelta
    ) -> QuestionRecord | None: ...

    def mark_handoff(
        self, channel: str, user_id: str, user_key: str, within: dt.timedelta
    ) -> int: ...

    def alias_version(self) -> int: ...

    def active_aliases(self) -> list[LearnedAlias]: ...


# outcome, seconds the answer took
Observer = Callable[[str, float], None]


class LiveBot:
    """Duck-types the core Bot for the channels (handle, greet, not_text,
    forget, kb, contexts); `build(kb)` makes a core Bot on a knowledge base."""

    def __init__(
        self,
        base: KnowledgeBase,
        build: Callable[[KnowledgeBase], Bot],
        store: LearningStore,
        observer: Observer | None = None,
        unrecorded: frozenset[str] = frozenset({"slack-draft", "cli"}),
    ) -> None:
        self.base = base
        self._build = build
        self._store = store
        self._observer = observer
        # staff's drafts and the console are not residents asking
        self._unrecorded = unrecorded
        self._lock = threading.Lock()
        self._version: int | None = None
        self._bot = build(base)
        self.refresh()

    # -- what the channels call -----------------------------------------------------

    @property
    def kb(self) -> KnowledgeBase:
        return self._bot.kb

    def today(self) -> dt.date:
        """Today's date as the core answers it (for cards that show the status);
        the Bot in use is enough: learned aliases do not change the date, so
        their version is not read again for it."""
        return self._bot.today()

    @property
    def contexts(self) -> Any:
        return self._bot.contexts

    @property
    def core(self) -> Bot:
        """The core Bot in use now (rebuilt when the learned aliases change)."""
        self.refresh()
        return self._bot

    def handle(self, message: Message) -> Reply:
        started = time.perf_counter()
        bot = self.core
        rating = rating_of(message.text)
        if rating is not None:
            rated = self._rate(bot, message, rating)
            if rated is not None:
                return rated
        reply = bot.handle(message)
        if message.channel in self._unrecorded:
            return reply
        outcome = outcome_of(reply)
        if outcome is not None:
            self._record(message, reply, outcome)
            if self._observer is not None:
                self._observer(outcome, time.perf_counter() - started)
        if outcome == ANSWERED:
            reply = with_rating_buttons(reply)
        return reply

    def greet(self, message: Message) -> Reply:
        return self.core.greet(message)

    def not_text(self, message: Message) -> Reply:
        return self.core.not_text(message)

    def forget(self, user_key: str) -> None:
        self._bot.forget(user_key)

    # -- learned aliases ------------------------------------------------------------

    def refresh(self) -> bool:
        """Rebuild the core Bot if the learned aliases changed; True if it did."""
        try:
            version = self._store.alias_version()
        except Exception:  # the database is away: keep answering with what we have
            log.warning("learned aliases: could not read their version", exc_info=True)
            return False
        if version == self._version:
            return False
        with self._lock:
            if version == self._version:
                return False
            try:
                learned = self._store.active_aliases()
                bot = self._build(merge_aliases(self.base, learned))
            except Exception:
                log.exception("learned aliases: rebuilding the matcher failed; keeping the old one")
                return False
            self._bot, self._version = bot, version
        log.info("learned aliases: version %d, %d in use", version, len(learned))
        return True

    # -- recording and ratings ------------------------------------------------------

    def _record(self, message: Message, reply: Reply, outcome: str) -> None:
        try:
            if outcome == HANDOFF:
                self._store.mark_handoff(
                    message.channel, message.user, message.user_key, RATING_WINDOW
                )
                return
            self._store.record(
                message.channel,
                message.user,
                message.user_key,
                message.text[:MAX_INPUT],
                outcome,
                reply.intent,
                reply.plans,
                reply.query,
            )
        except Exception:
            log.exception("recording a question failed (channel=%s)", message.channel)

    def _rate(self, bot: Bot, message: Message, rating: str) -> Reply | None:
        try:
            rated = self._store.rate_last(
                message.channel, message.user, message.user_key, rating, RATING_WINDOW
            )
        except Exception:
            log.exception("storing a rating failed (channel=%s)", message.channel)
            rated = None
        if rated is None:
            return Reply(NOTHING_TO_RATE, "rating.none")
        if rating != DOWN:
            return Reply(THANKS_UP, "rating.up", plans=rated.plans)
        # 「担当者に問い合わせる」 next picks up the question rated, as after an
        # answer that did not answer
        context = bot.contexts.load(message.user_key)
        if context is not None:
            bot.contexts.save(
                message.user_key,
                replace(
                    context,
                    last_question=rated.text,
                    last_answer=None,
                    updated=bot.now(),
                ),
            )
        suggestions = (HANDOFF_SUGGESTION,) if bot.inquiries is not None else ()
        return Reply(THANKS_DOWN, "rating.down", plans=rated.plans, suggestions=suggestions)
