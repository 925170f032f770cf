"""What staff do in Slack about inquiries, as handlers on the SlackAdapter's AsyncApp.

- A reply in an inquiry's thread (a `message` event in SLACK_INQUIRY_CHANNEL
  whose thread_ts is the inquiry's post) is stored as the staff answer and
  queued for the resident (desk.add_staff_reply; the worker pushes it and
  notes in the thread whether it arrived). Not sent: replies starting with
  「//」 or 「（メモ）」 (notes among staff), replies that mention the bot (a
  question to the bot, answered as a mention), edits and deletions (what was
  sent stays sent), bots' messages, and anything from someone who is not
  staff (they get a private note saying so). Attached files are not sent;
  the sender is told.
- The buttons on the inquiry's post: 担当する (assign) and 完了 (close: the
  resident is told, once). The post is redrawn through the outbox.
- `/keikaku inquiries`: the open inquiries, for staff only (they hold what
  residents wrote).
- `/keikaku draft 本文` and the message shortcut "draft_answer": the bot's
  answer to a question that came by phone or mail, with the facts it used,
  shown only to the one who asked, to check, edit and send themselves. Anyone
  in the workspace may ask (it is what the bot answers anyway).

Staff are the members of SLACK_INQUIRY_CHANNEL (conversations.members,
cached for five minutes, re-read after half a minute for an unknown user so
that someone just invited is not refused for long) and the users listed in
SLACK_STAFF_USER_IDS.

Logs name users by user_tag, never by id, and never quote what anyone wrote.

Scopes: channels:history (groups:history for a private channel) and the
message.channels (message.groups) event for thread replies; channels:read
(groups:read) for conversations.members; chat:write for the private notes;
commands for /keikaku and the shortcut.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from starlette.concurrency import run_in_threadpool

from bot.channels.slack.blocks import (
    ASSIGN_ACTION,
    CLOSE_ACTION,
    EVENT_TYPE,
    MEMO_PREFIXES,
    draft_answer,
    inquiry_list,
    list_blocks,
)
from bot.clock import utc_now
from bot.core.bot import Bot
from bot.core.inquiry import CLOSED, Inquiry, StaffDesk
from bot.core.types import Message, Reply
from bot.knowledge.models import KnowledgeBase
from bot.privacy import user_tag

log = logging.getLogger(__name__)

DRAFT_SHORTCUT = "draft_answer"
DRAFT_CHANNEL = "slack-draft"  # a throwaway conversation per draft
INQUIRIES, DRAFT = "inquiries", "draft"
MEMBERS_TTL = 300.0
RECHECK_AFTER = 30.0
# Slack message subtypes that are someone writing in the thread.
_WRITTEN = (None, "thread_broadcast", "file_share")

NOT_STAFF = (
    "申し訳ありません。問い合わせの担当・完了・一覧は、問い合わせチャンネルのメンバーの方"
    "（または設定された職員の方）だけが使えます。"
)
NOT_STAFF_REPLY = (
    "この返信は住民の方には送られていません。問い合わせへの返信は、"
    "問い合わせチャンネルのメンバーの方（または設定された職員の方）だけができます。"
)
FILES_NOT_SENT = "添付ファイルは住民の方には送られません（文字のメッセージだけが届きます）。"
DRAFT_USAGE = (
    "使い方: `/keikaku draft 本文` — 電話やメールで届いたお問い合わせの本文を入れると、"
    "ボットの回答の下書きと、その根拠にした情報をお見せします（あなたにだけ表示されます）。"
)
DRAFT_NO_TEXT = "このメッセージには本文がないため、下書きを作れません。"

_USER_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_CHANNEL_MENTION = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_SPECIAL_MENTION = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>|<!subteam\^[^>]*>")
_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>")


def split_subcommand(text: str) -> tuple[str, str] | None:
    """("inquiries", "") or ("draft", 本文) for a staff subcommand of /keikaku;
    None for a question (answered by the bot as before)."""
    parts = text.strip().split(maxsplit=1)
    if not parts or parts[0].lower() not in (INQUIRIES, DRAFT):
        return None
    return parts[0].lower(), parts[1] if len(parts) > 1 else ""


def readable_text(slack_text: str) -> str:
    """A Slack message as a resident should read it: mentions dropped, links
    shown as their text and address, Slack's escapes undone, lines kept."""
    text = _USER_MENTION.sub("", slack_text)
    text = _SPECIAL_MENTION.sub("", text)
    text = _CHANNEL_MENTION.sub(lambda m: "#" + m.group(1), text)

    def link(m: re.Match[str]) -> str:
        target = m.group(1).removeprefix("mailto:").removeprefix("tel:")
        label = m.group(2)
        return f"{label}（{target}）" if label and label != target else target

    text = _LINK.sub(link, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def is_memo(text: str) -> bool:
    return text.lstrip().startswith(MEMO_PREFIXES)


class StaffDirectory:
    """Who counts as staff: members of the inquiry channel, and listed user ids."""

    def __init__(
        self,
        channel: str | None,
        extra: frozenset[str] = frozenset(),
        *,
        ttl: float = MEMBERS_TTL,
        recheck_after: float = RECHECK_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.channel = channel
        self.extra = extra
        self.ttl = ttl
        self.recheck_after = recheck_after
        self._clock = clock
        self._members: frozenset[str] | None = None
        self._read_at = 0.0
        self._lock = asyncio.Lock()

    async def is_staff(self, user_id: str | None, client: AsyncWebClient) -> bool:
        if not user_id:
            return False
        if user_id in self.extra:
            return True
        if not self.channel:
            return False
        members = await self._current(client, self.ttl)
        if user_id not in members:
            members = await self._current(client, self.recheck_after)
        return user_id in members

    async def _current(self, client: AsyncWebClient, max_age: float) -> frozenset[str]:
        async with self._lock:
            if self._members is not None and self._clock() - self._read_at < max_age:
                return self._members
            try:
                self._members = await self._read(client)
                self._read_at = self._clock()
            except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
                reason = error.response.get("error") if isinstance(error, SlackApiError) else error
                log.warning("slack: could not read the inquiry channel's members: %s", reason)
                if self._members is None:
                    return frozenset()  # refuse rather than let anyone in
            return self._members

    async def _read(self, client: AsyncWebClient) -> frozenset[str]:
        assert self.channel is not None
        members: set[str] = set()
        cursor: str | None = None
        for _ in range(50):  # 50 pages of 1000: more than any office
            response = await client.conversations_members(
                channel=self.channel, limit=1000, cursor=cursor
            )
            members.update(response.get("members") or [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return frozenset(members)


Respond = Callable[..., Awaitable[Any]]
# actor, action, subject, detail: the audit trail (bot.store.analytics)
Audit = Callable[[str, str, str, dict[str, Any]], None]


class StaffHandlers:
    def __init__(
        self,
        bot: Bot,
        desk: StaffDesk,
        kb: KnowledgeBase,
        *,
        inquiry_channel: str | None,
        staff_user_ids: frozenset[str] = frozenset(),
        directory: StaffDirectory | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        audit: Audit | None = None,
    ) -> None:
        self.audit = audit
        self.bot = bot
        self.desk = desk
        self.kb = kb
        self.inquiry_channel = inquiry_channel
        self.directory = directory or StaffDirectory(inquiry_channel, staff_user_ids)
        self._clock = clock

    def register(self, app: AsyncApp, track: Callable[[], None]) -> None:
        """Add the buttons' and the shortcut's listeners to `app`; `track` lets
        the adapter wait for them (drain, shutdown)."""

        async def assign(ack: Any, body: dict[str, Any], client: Any, respond: Any) -> None:
            track()
            await ack()
            await self.on_button(ASSIGN_ACTION, body, client, respond)

        async def close(ack: Any, body: dict[str, Any], client: Any, respond: Any) -> None:
            track()
            await ack()
            await self.on_button(CLOSE_ACTION, body, client, respond)

        async def shortcut(ack: Any, body: dict[str, Any], respond: Any) -> None:
            track()
            await ack()
            await self.on_draft_shortcut(body, respond)

        app.action(ASSIGN_ACTION)(assign)
        app.action(CLOSE_ACTION)(close)
        app.shortcut(DRAFT_SHORTCUT)(shortcut)

    # -- thread replies -----------------------------------------------------------

    def handles(self, event: dict[str, Any]) -> bool:
        """A message in an inquiry channel's thread: this module's, not the bot's."""
        thread_ts = event.get("thread_ts")
        return (
            self.inquiry_channel is not None
            and event.get("channel") == self.inquiry_channel
            and bool(thread_ts)
            and thread_ts != event.get("ts")
        )

    async def on_thread_message(
        self, event: dict[str, Any], client: AsyncWebClient, bot_user_id: str | None
    ) -> None:
        user, text = event.get("user"), event.get("text") or ""
        if event.get("subtype") not in _WRITTEN or event.get("bot_id") or not user:
            return
        if user == bot_user_id or (bot_user_id and f"<@{bot_user_id}" in text) or is_memo(text):
            return
        channel, thread_ts, ts = event["channel"], event["thread_ts"], event.get("ts", "")
        record = await run_in_threadpool(self.desk.find_by_thread, channel, thread_ts)
        if record is None:
            record = await self._unrecorded_post(client, channel, thread_ts, bot_user_id)
        if record is None:
            return  # a thread on some other message of the channel
        tag = user_tag("slack", user)
        if not await self.directory.is_staff(user, client):
            log.info("slack: reply by non-staff %s to inquiry %d not sent", tag, record.id)
            await self._note(client, channel, user, thread_ts, NOT_STAFF_REPLY)
            return
        if event.get("files"):
            await self._note(client, channel, user, thread_ts, FILES_NOT_SENT)
        answer = readable_text(text)
        if not answer:
            return
        message_id = await run_in_threadpool(self.desk.add_staff_reply, record.id, user, answer, ts)
        if message_id is not None:
            log.info("slack: staff %s answered inquiry %d (message %d)", tag, record.id, message_id)
            await self._audit(user, "inquiry.answer", record.id, {"message": message_id})

    async def _unrecorded_post(
        self, client: AsyncWebClient, channel: str, thread_ts: str, bot_user_id: str | None
    ) -> Inquiry | None:
        """The inquiry whose post `thread_ts` is, when the worker has not recorded
        it yet (a reply within moments of the post, or after the worker was
        killed between posting and recording): read from the post's metadata,
        trusted only on a message this app posted."""
        if not bot_user_id:
            return None
        try:
            found = await client.conversations_history(
                channel=channel,
                latest=thread_ts,
                inclusive=True,
                limit=1,
                include_all_metadata=True,
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("slack: could not read a thread's first message: %r", error)
            return None
        for message in found.get("messages") or []:
            metadata = message.get("metadata") or {}
            inquiry_id = (metadata.get("event_payload") or {}).get("inquiry_id")
            if message.get("ts") != thread_ts or message.get("user") != bot_user_id:
                continue
            if metadata.get("event_type") != EVENT_TYPE:
                continue
            if not isinstance(inquiry_id, int) or inquiry_id <= 0:
                continue
            try:
                # first post wins; a later duplicate's thread still belongs to the inquiry
                await run_in_threadpool(self.desk.record_slack_post, inquiry_id, channel, thread_ts)
            except LookupError:
                return None
            return await run_in_threadpool(self.desk.get_inquiry, inquiry_id)
        return None

    async def _note(
        self, client: AsyncWebClient, channel: str, user: str, thread_ts: str, text: str
    ) -> None:
        try:
            await client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread_ts, text=text
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("slack: private note failed: %r", error)

    # -- buttons ----------------------------------------------------------------------

    async def on_button(
        self, action_id: str, body: dict[str, Any], client: AsyncWebClient, respond: Respond
    ) -> None:
        user = (body.get("user") or {}).get("id")
        action = (body.get("actions") or [{}])[0]
        try:
            inquiry_id = int(str(action.get("value", "")))
        except ValueError:
            return
        tag = user_tag("slack", user or "")
        if not await self.directory.is_staff(user, client):
            log.info("slack: non-staff %s pressed %s on inquiry %d", tag, action_id, inquiry_id)
            await self._tell(respond, NOT_STAFF)
            return
        assert user is not None
        change = self.desk.assign if action_id == ASSIGN_ACTION else self.desk.close
        try:
            changed = await run_in_threadpool(change, inquiry_id, user)
        except LookupError:
            await self._tell(respond, f"受付番号 {inquiry_id} のお問い合わせが見つかりません。")
            return
        if changed:
            done = "assigned" if action_id == ASSIGN_ACTION else "closed"
            log.info("slack: staff %s %s inquiry %d", tag, done, inquiry_id)
            action = "inquiry.assign" if action_id == ASSIGN_ACTION else "inquiry.close"
            await self._audit(user, action, inquiry_id, {})
            return
        record = await run_in_threadpool(self.desk.get_inquiry, inquiry_id)
        if record is not None and record.status == CLOSED:
            await self._tell(respond, f"受付番号 {inquiry_id} はすでに完了しています。")
        else:
            await self._tell(respond, f"受付番号 {inquiry_id} はすでにあなたが担当しています。")

    # -- /keikaku inquiries, /keikaku draft, the shortcut -----------------------------

    async def on_command(
        self,
        subcommand: str,
        rest: str,
        command: dict[str, Any],
        respond: Respond,
        client: AsyncWebClient,
    ) -> None:
        if subcommand == INQUIRIES:
            if not await self.directory.is_staff(command.get("user_id"), client):
                await self._tell(respond, NOT_STAFF)
                return
            records = await run_in_threadpool(self.desk.list_open)
            text = inquiry_list(records, self._clock())
            await self._tell(respond, text, blocks=list_blocks(text))
        elif subcommand == DRAFT:
            question = readable_text(rest)
            if not question:
                await self._tell(respond, DRAFT_USAGE)
                return
            await self._draft(question, respond)

    async def on_draft_shortcut(self, body: dict[str, Any], respond: Respond) -> None:
        question = readable_text((body.get("message") or {}).get("text") or "")
        if not question:
            await self._tell(respond, DRAFT_NO_TEXT)
            return
        await self._draft(question, respond)

    async def _draft(self, question: str, respond: Respond) -> None:
        reply = await run_in_threadpool(self.draft, question)
        text, blocks = draft_answer(self.kb, question, reply)
        await self._tell(respond, text, blocks=blocks)

    def draft(self, question: str) -> Reply:
        """The bot's answer in a fresh conversation, forgotten afterwards."""
        message = Message(DRAFT_CHANNEL, uuid.uuid4().hex, question)
        try:
            return self.bot.handle(message)
        finally:
            self.bot.forget(message.user_key)

    async def _audit(self, user: str, action: str, inquiry_id: int, detail: dict[str, Any]) -> None:
        if self.audit is None:
            return
        try:
            await run_in_threadpool(self.audit, user, action, f"inquiry:{inquiry_id}", detail)
        except Exception:  # the trail is a record, never a reason to fail staff's action
            log.exception("slack: audit entry not written")

    async def _tell(
        self, respond: Respond, text: str, blocks: list[dict[str, Any]] | None = None
    ) -> None:
        try:
            await respond(
                text=text, blocks=blocks, response_type="ephemeral", replace_original=False
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.error("slack: staff answer failed: %r", error)
