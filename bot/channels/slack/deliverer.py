"""Slack deliveries: the inquiry's post, its thread, its redraws, and DMs to
residents who asked from Slack.

Kinds handled (payloads hold ids; see bot/store/outbox.py):
- slack.post_inquiry: post the inquiry in SLACK_INQUIRY_CHANNEL, then
  desk.record_slack_post; a post that lost that race (another worker posted
  first) is deleted again.
- slack.thread_message: a resident's follow-up, in the inquiry's thread;
  marked delivered once there.
- slack.thread_note: the worker's line about a message to the resident
  (delivered / why not), in the thread.
- slack.update_inquiry: chat.update of the post (status, assignee, buttons).
- slack.dm: a staff answer or notice to a resident who asked in Slack, in
  their DM with the app (conversations.open).

Not twice: chat.postMessage has no idempotency key, so every post carries
message metadata {"event_type": "nagai_outbox", "event_payload":
{"outbox_id", "inquiry_id"}}. An item on its second or later attempt (its
first may have reached Slack before a timeout, a dropped connection or a
kill -9) first looks for that metadata in the channel's history (or the
thread's replies), from ten minutes before the item was queued, and
completes with the message it finds instead of posting again. chat.update is
idempotent anyway. If the lookup itself is not allowed (a missing scope), it
is skipped with a warning: a possible duplicate is better than no delivery.

Slack's answers: ok → done; 429 → Retryable after Retry-After; 5xx,
timeouts, dropped connections and unknown errors → Retryable; errors that
an operator must fix (not_in_channel, invalid_auth, missing_scope, ...) →
Unavailable (retried slowly, never given up); errors about the message
itself (msg_too_long, message_not_found, ...) → Permanent.

The client must not retry on its own (retry_handlers=[]): a blind retry of
chat.postMessage after a dropped connection is exactly the duplicate this
module avoids.

Scopes: chat:write; channels:history (groups:history for a private inquiry
channel) for the lookup; im:write and im:history for DMs to Slack residents.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import TYPE_CHECKING, Any, Protocol

from bot.channels.residents import ResidentMessages
from bot.channels.slack.blocks import (
    EVENT_TYPE,
    delivery_note,
    inquiry_post,
    resident_followup,
)
from bot.channels.slack.outbound import SlackApiClient
from bot.core.inquiry import (
    SLACK_DM,
    SLACK_POST_INQUIRY,
    SLACK_THREAD_MESSAGE,
    SLACK_THREAD_NOTE,
    SLACK_UPDATE_INQUIRY,
    DeliveryDesk,
    Inquiry,
    InquiryMessage,
    resident_text,
)
from bot.knowledge.models import KnowledgeBase
from bot.outbox import (
    FAILED,
    DeliveryError,
    OutboxItem,
    OutboxRecord,
    Permanent,
    Retryable,
    Unavailable,
)
from bot.privacy import user_tag

if TYPE_CHECKING:
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_slack_response import AsyncSlackResponse

log = logging.getLogger(__name__)

LOOKBACK = dt.timedelta(minutes=10)  # Slack's clock and ours may differ a little
LOOKUP_PAGE = 200
LOOKUP_PAGES = 5

CONFIG_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "no_permission",
        "not_allowed_token_type",
        "team_access_not_granted",
        "restricted_action",
        "ekm_access_denied",
    }
)
MESSAGE_ERRORS = frozenset(
    {
        "msg_too_long",
        "no_text",
        "invalid_blocks",
        "invalid_blocks_format",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "metadata_too_large",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "thread_not_found",
    }
)


class RetryablePosts(Protocol):
    """The part of the outbox that puts a given-up post of an inquiry back in line."""

    def for_inquiry(self, inquiry_id: int) -> list[OutboxRecord]: ...

    def requeue(self, item_id: int) -> bool: ...


class SlackDelivery:
    KINDS = (
        SLACK_POST_INQUIRY,
        SLACK_THREAD_MESSAGE,
        SLACK_THREAD_NOTE,
        SLACK_UPDATE_INQUIRY,
        SLACK_DM,
    )

    def __init__(
        self,
        desk: DeliveryDesk,
        outbox: RetryablePosts,
        kb: KnowledgeBase,
        residents: ResidentMessages,
        api: SlackApiClient | None,
        *,
        inquiry_channel: str | None,
    ) -> None:
        self.desk = desk
        self.outbox = outbox
        self.kb = kb
        self.residents = residents
        self.api = api
        self.inquiry_channel = inquiry_channel
        self._lookup_refused_logged = False

    async def deliver(self, item: OutboxItem) -> dict[str, Any] | None:
        if self.api is None:
            raise Unavailable("SLACK_BOT_TOKEN が設定されていないため、Slackに送れません")
        if item.kind == SLACK_POST_INQUIRY:
            return await self._post_inquiry(item)
        if item.kind == SLACK_THREAD_MESSAGE:
            return await self._thread_message(item)
        if item.kind == SLACK_THREAD_NOTE:
            return await self._thread_note(item)
        if item.kind == SLACK_UPDATE_INQUIRY:
            return await self._update_inquiry(item)
        if item.kind == SLACK_DM:
            return await self._direct_message(item)
        raise Permanent(f"unknown kind {item.kind}")

    async def give_up(self, item: OutboxItem, reason: str) -> None:
        if item.kind == SLACK_DM:
            await self.residents.not_reached(item, reason)
        elif item.kind == SLACK_THREAD_MESSAGE and "message_id" in item.payload:
            await asyncio.to_thread(
                self.desk.mark_undeliverable, int(item.payload["message_id"]), reason
            )

    # -- kinds ------------------------------------------------------------------

    async def _post_inquiry(self, item: OutboxItem) -> dict[str, Any]:
        record = await self._record(item)
        if record.slack_channel and record.slack_ts:  # posted and recorded before a crash
            return {"channel": record.slack_channel, "ts": record.slack_ts}
        if not self.inquiry_channel:
            raise Unavailable(
                "SLACK_INQUIRY_CHANNEL が設定されていないため、問い合わせを投稿できません"
            )
        channel = self.inquiry_channel
        ts = await self._find_earlier(item, channel) if item.attempts > 1 else None
        if ts is None:
            text, blocks = inquiry_post(self.kb, record)
            posted = await self._post(item, channel, text, blocks=blocks)
            channel, ts = str(posted["channel"]), str(posted["ts"])
        kept = await asyncio.to_thread(self.desk.record_slack_post, record.id, channel, ts)
        if kept:
            return {"channel": channel, "ts": ts}
        # Another worker's post of this inquiry is the thread; ours is a duplicate.
        try:
            await self._call("chat_delete", channel=channel, ts=ts)
        except DeliveryError as error:
            log.warning(
                "slack: could not delete a duplicate post of inquiry %d: %s",
                record.id,
                error.reason,
            )
        record = await self._record(item)
        return {"channel": record.slack_channel, "ts": record.slack_ts, "deleted": ts}

    async def _thread_message(self, item: OutboxItem) -> dict[str, Any]:
        record = await self._record(item)
        channel, thread_ts = await self._thread_of(record)
        message = await self._message(item)
        if message.delivered_at is not None:
            return {"channel": channel, "thread_ts": thread_ts, "repeat": True}
        ts = await self._find_earlier(item, channel, thread_ts) if item.attempts > 1 else None
        if ts is None:
            posted = await self._post(
                item, channel, resident_followup(record, message), thread_ts=thread_ts
            )
            ts = str(posted["ts"])
        await asyncio.to_thread(self.desk.mark_delivered, message.id)
        return {"channel": channel, "ts": ts}

    async def _thread_note(self, item: OutboxItem) -> dict[str, Any]:
        record = await self._record(item)
        channel, thread_ts = await self._thread_of(record)
        message = await self._message(item)
        outcome = str(item.payload.get("outcome", "delivered"))
        ts = await self._find_earlier(item, channel, thread_ts) if item.attempts > 1 else None
        if ts is None:
            note = delivery_note(record, message, outcome)
            posted = await self._post(item, channel, note, thread_ts=thread_ts)
            ts = str(posted["ts"])
        return {"channel": channel, "ts": ts}

    async def _update_inquiry(self, item: OutboxItem) -> dict[str, Any]:
        record = await self._record(item)
        channel, ts = await self._thread_of(record)
        text, blocks = inquiry_post(self.kb, record)  # the state as it is now, not as queued
        await self._call("chat_update", channel=channel, ts=ts, text=text, blocks=blocks)
        return {"channel": channel, "ts": ts, "status": record.status}

    async def _direct_message(self, item: OutboxItem) -> dict[str, Any]:
        record, message = await self.residents.load(item)
        if message.delivered_at is None:
            opened = await self._call("conversations_open", users=record.user_id)
            channel = str((opened.get("channel") or {}).get("id", ""))
            if not channel:
                raise Retryable("SlackのDMを開けませんでした")
            ts = await self._find_earlier(item, channel) if item.attempts > 1 else None
            if ts is None:
                await self._post(item, channel, resident_text(self.kb, record, message))
            log.info(
                "slack: sent message %d of inquiry %d to user %s",
                message.id,
                record.id,
                user_tag("slack", record.user_id),
            )
        await self.residents.reached(record, message)
        return {"dm": True}

    # -- the inquiry and its thread ----------------------------------------------

    async def _record(self, item: OutboxItem) -> Inquiry:
        inquiry_id = item.payload.get("inquiry_id", item.inquiry_id)
        record = None
        if inquiry_id is not None:
            record = await asyncio.to_thread(self.desk.get_inquiry, int(inquiry_id))
        if record is None:
            raise Permanent(f"受付番号 {inquiry_id} の問い合わせが見つかりません")
        return record

    async def _message(self, item: OutboxItem) -> InquiryMessage:
        message_id = item.payload.get("message_id")
        message = None
        if message_id is not None:
            message = await asyncio.to_thread(self.desk.get_message, int(message_id))
        if message is None:
            raise Permanent(f"メッセージ {message_id} が見つかりません")
        return message

    async def _thread_of(self, record: Inquiry) -> tuple[str, str]:
        """The inquiry's post; when its posting was given up, post it again first."""
        if record.slack_channel and record.slack_ts:
            return record.slack_channel, record.slack_ts
        requeued = await asyncio.to_thread(self._requeue_post, record.id)
        reason = f"受付番号 {record.id} の投稿がまだSlackにありません"
        # A requeued post goes first (it is older); this item follows it shortly.
        raise Retryable(reason, retry_after=1.0 if requeued else None)

    def _requeue_post(self, inquiry_id: int) -> bool:
        for record in self.outbox.for_inquiry(inquiry_id):
            if record.kind == SLACK_POST_INQUIRY and record.status == FAILED:
                log.warning("slack: posting inquiry %d again before its thread", inquiry_id)
                return self.outbox.requeue(record.id)
        return False

    # -- Slack calls ---------------------------------------------------------------

    async def _post(
        self,
        item: OutboxItem,
        channel: str,
        text: str,
        *,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> AsyncSlackResponse:
        return await self._call(
            "chat_postMessage",
            channel=channel,
            text=text,
            blocks=blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": EVENT_TYPE,
                "event_payload": {"outbox_id": item.id, "inquiry_id": item.inquiry_id or 0},
            },
        )

    async def _find_earlier(
        self, item: OutboxItem, channel: str, thread_ts: str | None = None
    ) -> str | None:
        """The ts of a message an earlier attempt of `item` posted, if any."""
        oldest = f"{(item.created_at - LOOKBACK).timestamp():.6f}"
        cursor: str | None = None
        for _ in range(LOOKUP_PAGES):
            arguments: dict[str, Any] = {
                "channel": channel,
                "oldest": oldest,
                "limit": LOOKUP_PAGE,
                "include_all_metadata": True,
                "cursor": cursor,
            }
            try:
                if thread_ts is None:
                    found = await self._call("conversations_history", **arguments)
                else:
                    found = await self._call("conversations_replies", ts=thread_ts, **arguments)
            except (Unavailable, Permanent) as error:
                if not self._lookup_refused_logged:
                    self._lookup_refused_logged = True
                    log.warning(
                        "slack: cannot look for earlier posts (%s); a retried post may "
                        "appear twice",
                        error.reason,
                    )
                return None
            for message in found.get("messages") or []:
                if _is_ours(message, item):
                    log.info("slack: outbox #%d was posted by an earlier attempt", item.id)
                    return str(message["ts"])
            cursor = (found.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return None

    async def _call(self, method: str, **arguments: Any) -> AsyncSlackResponse:
        # imported only once Slack is configured
        import aiohttp
        from slack_sdk.errors import SlackApiError

        client = self.api.client if self.api is not None else None
        if client is None:
            raise Retryable("Slackのクライアントがまだ開いていません")
        arguments = {k: v for k, v in arguments.items() if v is not None}
        try:
            return await getattr(client, method)(**arguments)
        except SlackApiError as error:
            raise _failure(method, error) from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise Retryable(
                f"Slackにつながりませんでした（{method}: {type(error).__name__}）"
            ) from None


def _is_ours(message: dict[str, Any], item: OutboxItem) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return metadata.get("event_type") == EVENT_TYPE and str(payload.get("outbox_id")) == str(
        item.id
    )


def _failure(method: str, error: SlackApiError) -> DeliveryError:
    response = error.response
    status = int(getattr(response, "status_code", 0) or 0)
    code = ""
    data = getattr(response, "data", None)
    if isinstance(data, dict):
        code = str(data.get("error") or "")
    detail = f"Slackの応答: {method} HTTP {status}{' ' + code if code else ''}"
    if status == 429 or code == "ratelimited":
        return Retryable(f"Slackの送信制限です（{detail}）", _retry_after(response))
    if status >= 500:
        return Retryable(f"Slackが一時的に受け付けませんでした（{detail}）", None)
    if code in CONFIG_ERRORS:
        return Unavailable(f"Slackアプリの設定を確認してください（{detail}）")
    if code in MESSAGE_ERRORS:
        return Permanent(f"Slackがこのメッセージを受け付けませんでした（{detail}）")
    return Retryable(f"Slackが受け付けませんでした（{detail}）")


def _retry_after(response: Any) -> float | None:
    headers = getattr(response, "headers", None) or {}
    for name in ("Retry-After", "retry-after"):
        value = headers.get(name)
        if value is not None:
            try:
                return float(value[0] if isinstance(value, list) else value)
            except (TypeError, ValueError):
                return None
    return None
