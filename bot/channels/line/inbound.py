"""The LINE adapter: POST /line/webhook.

Safety steps, in order, each named so it can be read (and tested) alone:
1. verify_signature: X-Line-Signature over the raw body; missing or wrong -> 400,
   nothing processed.
2. answer 200 at once and handle each event in a background task (LINE
   recommends it, and a slow answer must not make LINE redeliver).
3. dedupe: the store claims the webhookEventId, so a redelivery is answered once
   even when another process receives it.
4. send: the reply API; when LINE refuses the reply token (expired, already
   used), push instead with an X-Line-Retry-Key derived from the event id, so a
   retried push is never delivered twice.

Every LINE API call has a timeout; a failing call is logged, never raised into
the webhook.
"""

from __future__ import annotations

import asyncio
import logging
import time

import aiohttp
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    PushMessageRequest,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
)
from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    MessageEvent,
    PostbackEvent,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
)
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.dedupe import EventClaims, EventDeduper
from bot.channels.line.outbound import reply_token_refused, retry_after, retry_key
from bot.channels.line.render import render_reply
from bot.channels.tasks import BackgroundTasks
from bot.core.bot import Bot
from bot.core.types import Message, Reply
from bot.privacy import user_tag

log = logging.getLogger(__name__)

CHANNEL = "line"
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 5.0


class LineAdapter:
    def __init__(
        self,
        bot: Bot,
        store: EventClaims,
        *,
        channel_secret: str,
        access_token: str,
        api_base_url: str | None = None,
        timeout: float = 10.0,
        loading_seconds: int = 5,
        push_attempts: int = 3,
        dedupe_enabled: bool = True,
    ) -> None:
        self.bot = bot
        self.parser = WebhookParser(channel_secret)
        self.configuration = Configuration(access_token=access_token, host=api_base_url)
        self.deduper = EventDeduper(store, CHANNEL, enabled=dedupe_enabled)
        self.tasks = BackgroundTasks(CHANNEL)
        self.timeout = timeout
        # the animation is cosmetic: never let it hold the answer back for long
        self.loading_timeout = min(timeout, 3.0)
        self.loading_seconds = loading_seconds
        self.push_attempts = push_attempts
        self._client: AsyncApiClient | None = None
        self._api: AsyncMessagingApi | None = None

    def routes(self) -> list[BaseRoute]:
        return [Route("/line/webhook", self.webhook, methods=["POST"])]

    # -- lifespan -------------------------------------------------------------

    async def start(self) -> None:
        # The client opens an aiohttp session, which needs the running loop.
        self._client = AsyncApiClient(self.configuration)
        self._api = AsyncMessagingApi(self._client)

    async def close(self, timeout: float = 5.0) -> None:
        await self.tasks.close(timeout)
        if self._client is not None:
            await self._client.close()
            self._client = self._api = None

    async def drain(self) -> None:
        """Wait for every event received so far to be fully handled."""
        await self.tasks.drain()

    @property
    def api(self) -> AsyncMessagingApi:
        if self._api is None:
            raise RuntimeError("LineAdapter.start() has not run (the app's lifespan starts it)")
        return self._api

    # -- the webhook ----------------------------------------------------------

    async def webhook(self, request: Request) -> Response:
        body = await request.body()
        events = self.verify_signature(body, request.headers.get("x-line-signature"))
        if events is None:
            return PlainTextResponse("invalid signature", status_code=400)
        for event in events:
            self.tasks.spawn(self.handle_event(event))
        return PlainTextResponse("OK")

    def verify_signature(self, body: bytes, signature: str | None) -> list[Event] | None:
        """The parsed events, or None when the request must be refused."""
        if not signature:
            log.warning("line: request without X-Line-Signature refused")
            return None
        try:
            payload = self.parser.parse(body.decode("utf-8"), signature, as_payload=True)
        except InvalidSignatureError:
            log.warning("line: request with a wrong signature refused")
            return None
        except (UnicodeDecodeError, ValueError, TypeError, KeyError) as error:
            # Signed by LINE yet unreadable: refuse rather than guess. Only the
            # error's type is logged: its text may quote what a user wrote.
            log.warning("line: signed body could not be parsed (%s)", type(error).__name__)
            return None
        return list(payload.events or [])

    async def handle_event(self, event: Event) -> None:
        try:
            await self._handle(event)
        except Exception:  # one bad event must not hide the others, nor crash the loop
            log.exception("line: event %s failed", getattr(event, "webhook_event_id", "?"))

    async def _handle(self, event: Event) -> None:
        if getattr(event, "mode", "active") == "standby":
            return  # another channel (e.g. a staff chat module) owns this chat now
        source = getattr(event, "source", None)
        if not isinstance(source, UserSource) or not source.user_id:
            # groups and rooms: the bot answers one-on-one chats only
            log.debug("line: %s from a %s ignored", event.type, getattr(source, "type", None))
            return
        user_id = source.user_id
        tag = user_tag(CHANNEL, user_id)

        if isinstance(event, UnfollowEvent):
            await run_in_threadpool(self.bot.forget, Message(CHANNEL, user_id, "").user_key)
            log.info("line: user %s unfollowed; context forgotten", tag)
            return

        kind, text = self._classify(event)
        if kind is None:
            log.debug("line: %s event ignored", event.type)
            return
        if not await self.deduper.claim(event.webhook_event_id):
            return
        started = time.perf_counter()
        message = Message(CHANNEL, user_id, text)
        if kind == "question":
            loading = asyncio.create_task(self.show_loading(user_id))
            reply = await run_in_threadpool(self.bot.handle, message)
            await loading
        elif kind == "follow":
            reply = await run_in_threadpool(self.bot.greet, message)
        else:
            reply = await run_in_threadpool(self.bot.not_text, message)
        await self.send(event, user_id, reply)
        log.info(
            "line: answered user %s intent=%s in %.0f ms",
            tag,
            reply.intent,
            (time.perf_counter() - started) * 1000,
        )

    @staticmethod
    def _classify(event: Event) -> tuple[str | None, str]:
        """What the event asks for ("question", "follow", "not_text" or None) and its text."""
        if isinstance(event, MessageEvent):
            if isinstance(event.message, TextMessageContent):
                return "question", event.message.text
            return "not_text", ""  # sticker, image, video, audio, location, file
        if isinstance(event, PostbackEvent):
            return "question", event.postback.data
        if isinstance(event, FollowEvent):
            return "follow", ""
        return None, ""

    # -- LINE API calls -------------------------------------------------------

    async def show_loading(self, user_id: str) -> None:
        request = ShowLoadingAnimationRequest(chat_id=user_id, loading_seconds=self.loading_seconds)
        try:
            await self.api.show_loading_animation(request, _request_timeout=self.loading_timeout)
        except ApiException as error:
            log.warning("line: loading animation refused: %s", _describe(error))
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("line: loading animation failed: %r", error)

    async def send(self, event: Event, to: str, reply: Reply) -> None:
        messages = render_reply(reply, self.bot.kb, self.bot.today())
        token = getattr(event, "reply_token", None)
        if token:
            try:
                await self.api.reply_message(
                    ReplyMessageRequest(reply_token=token, messages=messages),
                    _request_timeout=self.timeout,
                )
                return
            except ApiException as error:
                if not reply_token_refused(error):
                    log.error("line: reply failed: %s", _describe(error))
                    return
                log.info("line: reply token refused; sending by push instead")
            except (aiohttp.ClientError, TimeoutError) as error:
                # The reply may have arrived; pushing now could say it twice.
                log.error("line: reply failed, not retried: %r", error)
                return
        await self.push(to, messages, retry_key(event.webhook_event_id))

    async def push(self, to: str, messages: list[TextMessage], key: str) -> bool:
        """Push with retries; the retry key makes every attempt the same message."""
        request = PushMessageRequest(to=to, messages=messages)
        for attempt in range(1, self.push_attempts + 1):
            delay = 1.0
            try:
                await self.api.push_message(
                    request, x_line_retry_key=key, _request_timeout=self.timeout
                )
                return True
            except ApiException as error:
                if error.status == 409:  # an earlier attempt with this key was accepted
                    return True
                if error.status not in RETRYABLE_STATUSES:
                    log.error("line: push failed: %s", _describe(error))
                    return False
                delay = retry_after(error.headers) or delay
                log.warning("line: push attempt %d failed: %s", attempt, _describe(error))
            except (aiohttp.ClientError, TimeoutError) as error:
                log.warning("line: push attempt %d failed: %r", attempt, error)
            if attempt < self.push_attempts:
                await asyncio.sleep(min(delay, MAX_RETRY_AFTER))
        log.error("line: push gave up after %d attempts", self.push_attempts)
        return False


def _describe(error: ApiException) -> str:
    request_id = error.headers.get("x-line-request-id") if error.headers else None
    body = error.body.decode("utf-8", "replace") if isinstance(error.body, bytes) else error.body
    return f"HTTP {error.status} {body or ''} (request id {request_id})".strip()
