"""The Slack adapter: POST /slack/events, through Bolt's AsyncApp.

Before Bolt sees a request, two steps of our own: the app's RequestGuard
(bot/channels/safety.py: a missing or malformed signature or timestamp
header, 401, and a body over 1 MB, 413, both before the body is read), then
`readable_request` here: the signature over the raw body (401) and a body
Bolt can parse (400; Bolt's own parser raises on bytes that are not UTF-8,
JSON that is not an object or nests too deeply, which would be a 500).
Bolt's own named steps follow: signature and timestamp again, the URL
challenge, and ignoring the bot's own events. This adapter adds one more
step, `dedupe_events`, so a retried event (same event_id) is answered once
and the retry still gets 200.

What is answered, always in a thread:
- a mention in a channel (`app_mention`),
- a direct message (`message` with channel_type "im"; other channel messages
  are not answered, so a mention is not answered twice),
- the slash command `/keikaku 質問`,
- a click on a "did you mean" button (action ids `suggest_<n>`).

With `staff` (bot/channels/slack/staff.py), staff's side of inquiries too:
replies in the inquiry channel's threads, the 担当する / 完了 buttons, the
draft shortcut, and the subcommands `/keikaku inquiries` and
`/keikaku draft 本文` (any other `/keikaku` text is a question, as before).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import time
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
from slack_bolt import BoltResponse
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.dedupe import EventClaims, EventDeduper
from bot.channels.safety import parse_json
from bot.channels.slack.home import OfficeHandlers, office_subcommand
from bot.channels.slack.render import SUGGESTION_ACTION_PATTERN, fallback_text, render_blocks
from bot.channels.slack.staff import StaffHandlers, split_subcommand
from bot.channels.tasks import BackgroundTasks
from bot.core.bot import Bot
from bot.core.types import Message, Reply
from bot.privacy import user_tag

log = logging.getLogger(__name__)

CHANNEL = "slack"
COMMAND = "/keikaku"
DEFAULT_API_BASE_URL = "https://slack.com/api/"
MAX_CLOCK_SKEW = 5 * 60  # seconds, as Slack (and Bolt) allow

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")


def _parsable(body: bytes, content_type: str | None) -> bool:
    """Whether Bolt's parse_body reads `body` as an object without raising:
    JSON when the media type is application/json or the body starts with
    "{" (Bolt's own test), else a form whose `payload` field is JSON."""
    try:
        text = body.decode("utf-8")
        if not text:
            return True
        if (content_type or "").split(";")[0] == "application/json" or text.startswith("{"):
            return isinstance(parse_json(body), dict)
        if "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            return payload is None or isinstance(parse_json(payload.encode()), dict)
        return True
    except ValueError:  # UnicodeDecodeError is one
        return False


def plain_text(slack_text: str) -> str:
    """What the user typed: mentions removed, links and Slack's escapes undone."""
    text = _MENTION.sub(" ", slack_text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


class SlackAdapter:
    def __init__(
        self,
        bot: Bot,
        store: EventClaims,
        *,
        bot_token: str,
        signing_secret: str,
        api_base_url: str | None = None,
        timeout: float = 10.0,
        dedupe_enabled: bool = True,
        staff: StaffHandlers | None = None,
        home: OfficeHandlers | None = None,
    ) -> None:
        self.bot = bot
        self.staff = staff
        self.home = home
        self.deduper = EventDeduper(store, CHANNEL, enabled=dedupe_enabled)
        self.tasks = BackgroundTasks(CHANNEL)
        # Bolt builds its client from the token (passing a client of our own
        # makes it warn that SLACK_BOT_TOKEN from the environment is unused);
        # then it is pointed at the configured API and given a timeout.
        self.app = AsyncApp(
            token=bot_token,
            signing_secret=signing_secret,
            logger=logging.getLogger("slack_bolt"),
        )
        self.client: AsyncWebClient = self.app.client
        self.client.base_url = api_base_url or DEFAULT_API_BASE_URL
        self.client.timeout = int(timeout)
        # A 429 means nothing was posted, so one retry cannot double an answer.
        # slack_sdk's default retry on connection errors is dropped: a dropped
        # connection may come after Slack posted, and answering twice is worse
        # than the person asking again (as with a failed LINE reply).
        self.client.retry_handlers = [AsyncRateLimitErrorRetryHandler(max_retry_count=1)]
        self.app.middleware(self.dedupe_events)
        self.app.event("app_mention")(self.on_mention)
        self.app.event("message")(self.on_message)
        self.app.command(COMMAND)(self.on_command)
        self.app.action(SUGGESTION_ACTION_PATTERN)(self.on_suggestion)
        if staff is not None:
            staff.register(self.app, self._track)
        if home is not None:
            home.register(self.app, self._track)
        self.app.error(self.on_error)
        self.handler = AsyncSlackRequestHandler(self.app)
        self._signing_key = signing_secret.encode()
        self._session: aiohttp.ClientSession | None = None

    def routes(self) -> list[BaseRoute]:
        return [Route("/slack/events", self.events, methods=["POST"])]

    # -- lifespan -------------------------------------------------------------

    async def start(self) -> None:
        # one pooled session for every Web API call instead of one per call;
        # slack_sdk applies client.timeout only to sessions it makes itself
        self._session = aiohttp.ClientSession(
            trust_env=True, timeout=aiohttp.ClientTimeout(total=self.client.timeout)
        )
        self.client.session = self._session

    async def close(self, timeout: float = 5.0) -> None:
        await self.tasks.close(timeout)
        if self._session is not None:
            self.client.session = None
            await self._session.close()
            self._session = None

    async def drain(self) -> None:
        """Wait for every listener started so far to finish."""
        await self.tasks.drain()

    # -- the endpoint ---------------------------------------------------------

    async def events(self, request: Request) -> Response:
        refused = await self.readable_request(request)
        if refused is not None:
            return refused
        response = await self.handler.handle(request)
        # Bolt starts event listeners after acking, without keeping the task;
        # one turn of the loop lets them start and register with self.tasks.
        await asyncio.sleep(0)
        return response

    # -- safety steps ---------------------------------------------------------

    async def readable_request(self, request: Request) -> Response | None:
        """None when the request is signed and Bolt can parse it; else the refusal.

        The body is read once here (Starlette keeps it for Bolt); the app's
        RequestGuard has already bounded its size.
        """
        body = await request.body()
        headers = request.headers
        if not self.signed(
            body, headers.get("x-slack-request-timestamp", ""), headers.get("x-slack-signature", "")
        ):
            log.warning("slack: request with a wrong or stale signature refused")
            return PlainTextResponse("invalid signature", status_code=401)
        if not _parsable(body, headers.get("content-type")):
            # signed by Slack yet unreadable: refuse rather than guess
            log.warning("slack: signed body could not be parsed")
            return PlainTextResponse("unreadable body", status_code=400)
        return None

    def signed(self, body: bytes, timestamp: str, signature: str) -> bool:
        """Slack's v0 signature over the raw bytes, within five minutes.

        Not slack_sdk's SignatureVerifier: it decodes the body as UTF-8 first,
        so signed bytes that are not UTF-8 would pass as "unsigned".
        """
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
            return False
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self._signing_key, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected.encode(), signature.encode())

    async def dedupe_events(self, body: dict[str, Any], next_: Any) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await self.deduper.claim(event_id):
            # 200, not 404: anything else makes Slack retry once more
            return BoltResponse(status=200, body="")
        return await next_()

    # -- listeners ------------------------------------------------------------

    async def on_mention(self, event: dict[str, Any]) -> None:
        self._track()
        if event.get("bot_id"):
            return  # another bot mentioning us: answering could start a loop
        await self._answer_message(event)

    async def on_message(self, event: dict[str, Any], context: dict[str, Any]) -> None:
        self._track()
        if self.staff is not None and self.staff.handles(event):
            await self.staff.on_thread_message(event, self.client, context.get("bot_user_id"))
            return
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # edits, joins, bot posts; channel messages come as app_mention
        await self._answer_message(event)

    async def on_command(self, ack: Any, command: dict[str, Any], respond: Any) -> None:
        self._track()
        await ack()
        office_command = office_subcommand(command.get("text", "")) if self.home else None
        if self.home is not None and office_command is not None:
            await self.home.on_command(office_command, command, respond, self.client)
            return
        staff_command = split_subcommand(command.get("text", "")) if self.staff else None
        if self.staff is not None and staff_command is not None:
            await self.staff.on_command(*staff_command, command, respond, self.client)
            return
        message = Message(CHANNEL, command.get("user_id", ""), plain_text(command.get("text", "")))
        reply = await self._reply_to(message)
        try:
            await respond(
                text=fallback_text(reply), blocks=render_blocks(reply), response_type="in_channel"
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.error("slack: command answer failed: %r", error)

    async def on_suggestion(self, ack: Any, body: dict[str, Any], respond: Any) -> None:
        self._track()
        await ack()
        action = (body.get("actions") or [{}])[0]
        user = (body.get("user") or {}).get("id", "")
        reply = await self._reply_to(Message(CHANNEL, user, action.get("value", "")))
        container = body.get("container") or {}
        posted = body.get("message") or {}
        thread_ts = (
            posted.get("thread_ts")
            or posted.get("ts")
            or container.get("thread_ts")
            or container.get("message_ts")
        )
        channel = (body.get("channel") or {}).get("id")
        if (
            channel
            and not container.get("is_ephemeral")
            and await self._post(channel, thread_ts, reply)
        ):
            return
        # ephemeral messages (and channels the bot may not post in) have a response_url
        try:
            await respond(
                text=fallback_text(reply),
                blocks=render_blocks(reply),
                replace_original=False,
                thread_ts=thread_ts,
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.error("slack: suggestion answer failed: %r", error)

    async def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        log.error("slack: listener failed for a %s request", body.get("type"), exc_info=error)

    # -- answering ------------------------------------------------------------

    def _track(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.tasks.track(task)

    async def _answer_message(self, event: dict[str, Any]) -> None:
        channel, ts = event.get("channel"), event.get("ts")
        if not channel or not ts:
            return
        # a mention in a DM can arrive both as app_mention and as message.im
        if not await self.deduper.claim(f"message:{channel}:{ts}"):
            return
        message = Message(CHANNEL, event.get("user", ""), plain_text(event.get("text", "")))
        reply = await self._reply_to(message)
        await self._post(channel, event.get("thread_ts") or ts, reply)

    async def _reply_to(self, message: Message) -> Reply:
        if not message.text:
            reply = await run_in_threadpool(self.bot.greet, message)
        else:
            reply = await run_in_threadpool(self.bot.handle, message)
        log.info("slack: answered user %s intent=%s", user_tag(CHANNEL, message.user), reply.intent)
        return reply

    async def _post(self, channel: str, thread_ts: str | None, reply: Reply) -> bool:
        try:
            await self.client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                text=fallback_text(reply),
                blocks=render_blocks(reply),
            )
            return True
        except SlackApiError as error:
            log.error("slack: chat.postMessage failed: %s", error.response.get("error"))
        except (aiohttp.ClientError, TimeoutError) as error:
            log.error("slack: chat.postMessage failed: %r", error)
        return False
