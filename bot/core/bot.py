"""The core's front door: one Message in, one Reply out, context kept per user.

Adapters call Bot.handle (sync; the web service runs it in a worker thread).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.core.types import ContextStore, Message, Reply
from bot.knowledge.models import KnowledgeBase


class Bot:
    def __init__(
        self,
        kb: KnowledgeBase,
        contexts: ContextStore,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.kb = kb
        self.contexts = contexts
        self.today = today

    def handle(self, message: Message) -> Reply:
        """Answer one message. Never raises for any text a user can send."""
        # placeholder until the matcher lands (same session)
        c = self.kb.city.contact
        return Reply(text=f"{c.name} 電話 {c.phone}", intent="fallback")

    def greet(self, message: Message) -> Reply:
        """The greeting for a new follower (LINE follow event) or a new web visitor."""
        return Reply(text="友だち追加ありがとうございます。", intent="greeting")

    def not_text(self, message: Message) -> Reply:
        """Stickers, images, audio, locations, files: the bot reads text only."""
        return Reply(text="申し訳ありません。文字のメッセージでご質問ください。", intent="not_text")

    def forget(self, user_key: str) -> None:
        """Drop a user's conversation context (LINE unfollow)."""
        self.contexts.forget(user_key)
