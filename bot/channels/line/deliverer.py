"""line.push: a staff answer or a notice, pushed to the resident on LINE.

Exactly once: every attempt of an item sends the same X-Line-Retry-Key
(OutboxItem.retry_key), so LINE delivers the first attempt that reaches it
and answers any later one with 409, which counts as delivered. That holds
across processes and restarts, for 24 hours (far beyond the worker's
retries).

What LINE answers, and what the worker makes of it:
- 2xx, 409: delivered; the thread is told.
- 429, 5xx, timeout, dropped connection: Retryable (429 honours Retry-After).
- 401: Unavailable (the channel access token is wrong): retried slowly.
- other 4xx (400 "not a friend", 403, 404 ...): Permanent; the thread is
  told why, e.g. that the resident may have blocked the account.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from bot.channels.line.outbound import LinePushClient, retry_after
from bot.channels.line.render import split_for_line
from bot.channels.residents import ResidentMessages
from bot.core.inquiry import (
    BACK,
    LINE_PUSH,
    NOTICE_CLOSED,
    Inquiry,
    InquiryMessage,
    resident_text,
)
from bot.knowledge.models import KnowledgeBase
from bot.outbox import OutboxItem, Permanent, Retryable, Unavailable
from bot.privacy import user_tag

if TYPE_CHECKING:
    from linebot.v3.messaging import ApiException, TextMessage

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class LineDelivery:
    KINDS = (LINE_PUSH,)

    def __init__(
        self,
        residents: ResidentMessages,
        kb: KnowledgeBase,
        client: LinePushClient | None,
        *,
        timeout: float = 10.0,
    ) -> None:
        self.residents = residents
        self.kb = kb
        self.client = client
        self.timeout = timeout

    async def deliver(self, item: OutboxItem) -> dict[str, Any] | None:
        if self.client is None:
            raise Unavailable("LINE_CHANNEL_ACCESS_TOKEN が設定されていないため、LINEに送れません")
        if self.client.api is None:
            # The SDK is still being imported after start-up: come back in a
            # moment, rather than hold the item (and its lease) meanwhile.
            raise Retryable("LINEのクライアントを準備中です", 0.5)
        record, message = await self.residents.load(item)
        if message.delivered_at is None:
            accepted_before = await self._push(
                record.user_id, self._messages(record, message), item.retry_key
            )
        else:
            accepted_before = True  # a crash after marking it: only the note may be missing
        await self.residents.reached(record, message)
        log.info(
            "line: pushed message %d of inquiry %d to user %s%s",
            message.id,
            record.id,
            user_tag("line", record.user_id),
            " (already accepted)" if accepted_before else "",
        )
        return {"retry_key": item.retry_key, "repeat": accepted_before}

    async def give_up(self, item: OutboxItem, reason: str) -> None:
        await self.residents.not_reached(item, reason)

    def _messages(self, record: Inquiry, message: InquiryMessage) -> list[TextMessage]:
        # the SDK is imported when the first push is made, not at start-up
        from linebot.v3.messaging import MessageAction as LineMessageAction
        from linebot.v3.messaging import QuickReply, QuickReplyItem, TextMessage

        parts = split_for_line(resident_text(self.kb, record, message))
        # While the inquiry is open the resident's messages go to staff; the
        # button reminds them how to ask the bot again.
        back = (
            QuickReply(
                items=[QuickReplyItem(action=LineMessageAction(label=BACK.label, text=BACK.text))]
            )
            if record.is_open and message.notice != NOTICE_CLOSED
            else None
        )
        return [
            TextMessage(text=part, quick_reply=back if i == len(parts) - 1 else None)
            for i, part in enumerate(parts)
        ]

    async def _push(self, to: str, messages: list[TextMessage], key: str) -> bool:
        """Push; True when LINE had already accepted this key (409)."""
        # imported here, as the SDK is: with LINE off neither is ever loaded
        import aiohttp
        from linebot.v3.messaging import ApiException, PushMessageRequest

        try:
            api = await self.client.ready() if self.client is not None else None
        except RuntimeError:
            api = None
        if api is None:
            raise Retryable("LINEのクライアントがまだ開いていません")
        try:
            await api.push_message(
                PushMessageRequest(to=to, messages=messages),
                x_line_retry_key=key,
                _request_timeout=self.timeout,
            )
            return False
        except ApiException as error:
            if error.status == 409:
                return True
            raise _failure(error) from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise Retryable(f"LINEにつながりませんでした（{type(error).__name__}）") from None


def _failure(error: ApiException) -> Exception:
    status = int(error.status or 0)
    said = _line_message(error)
    detail = f"LINEの応答: HTTP {status}{' ' + said if said else ''}"
    if status in RETRYABLE_STATUSES or status >= 500:
        reason = f"LINEが一時的に受け付けませんでした（{detail}）"
        return Retryable(reason, retry_after(error.headers))
    if status == 401:
        return Unavailable(f"LINEのチャネルアクセストークンが無効です（{detail}）")
    hint = ""
    if status in (400, 403):
        hint = (
            "住民の方がLINE公式アカウントをブロックしたか、友だち登録を解除した可能性があります。"
        )
    return Permanent(f"LINEがメッセージを受け付けませんでした。{hint}（{detail}）")


def _line_message(error: ApiException) -> str:
    body = error.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    try:
        parsed = json.loads(body) if body else {}
    except (TypeError, ValueError):
        return str(body)[:200] if body else ""
    return str(parsed.get("message", ""))[:200] if isinstance(parsed, dict) else ""

