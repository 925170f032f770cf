"""Calling the Messaging API: the webhook's lean client (LineApi), the push
retry key, reading LINE's errors, and the SDK client the outbox's deliverer
pushes with (LinePushClient).

LineApi goes around the SDK on the webhook's hot path: it posts JSON built
once (render_messages) over one aiohttp session, where the SDK builds and
validates its models, serializes them again, and looks up .netrc and the
proxy settings on every request; the benchmark (tests/benchmarks/
test_line_webhook.py) shows the difference. It also tells apart what the
webhook must know to answer exactly once (Outcome):

- NOT_SENT: the request never left (no free connection in time, connection
  refused or not made in time): always safe to send again;
- UNKNOWN: sent, but no answer (timeout while waiting, connection dropped):
  LINE may have acted on it;
- TOKEN_REFUSED, CONFLICT (push retry key already accepted), RETRY (429,
  5xx), FAILED (any other refusal), SENT.

The wait for a free connection is timed apart from the request: a burst
waits in the pool (`pool_timeout`) without eating into the time LINE has to
answer (`connect_timeout`, then `read_timeout`).

The deliverer's client is separate so the outbox works whenever an access
token is set, even with the webhook switched off (no channel secret); the
SDK it uses is imported only when it is opened.
"""

from __future__ import annotations

import asyncio
import enum
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import aiohttp
    from linebot.v3.messaging import ApiException, AsyncApiClient, AsyncMessagingApi

DEFAULT_API = "https://api.line.me"
REPLY_PATH = "/v2/bot/message/reply"
PUSH_PATH = "/v2/bot/message/push"
LOADING_PATH = "/v2/bot/chat/loading/start"
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

# Push retry keys are uuid5(namespace, webhookEventId): the same event always
# yields the same key, in any process, so LINE accepts it at most once.
RETRY_KEY_NAMESPACE = uuid.UUID("9a4c1f0e-5d7b-4b8e-9c3a-6f2d8e1b7a54")


def retry_key(webhook_event_id: str) -> str:
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, webhook_event_id))


def reply_token_refused(error: ApiException) -> bool:
    """LINE answers 400 "Invalid reply token" for an expired or used token."""
    body = error.body or b""
    return _token_refused(error.status, body)


def _token_refused(status: int | None, body: bytes | str) -> bool:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return status == 400 and "reply token" in text.lower()


def retry_after(headers: Any) -> float | None:
    """LINE's Retry-After in seconds, if it sent one that reads as a number."""
    try:
        value = (headers.get("Retry-After") or headers.get("retry-after")) if headers else None
        return float(value) if value is not None else None
    except (TypeError, ValueError, AttributeError):
        return None


# How long after the start the webhook's client imports aiohttp, unless a
# request needs it sooner: the import holds the GIL for a fifth of a second,
# which the first healthy /healthz would otherwise wait behind.
OPEN_DELAY = 1.0


class LinePushClient:
    """The SDK's Messaging API client for pushes from the outbox, opened by the
    app's lifespan (the client opens an aiohttp session, which needs the
    running loop). The SDK takes most of a second to import, so it is imported
    on a worker thread once the service is up; until then `api` is None and
    the deliverer retries."""

    def __init__(self, access_token: str, api_base_url: str | None = None) -> None:
        self.access_token = access_token
        self.api_base_url = api_base_url
        self._client: AsyncApiClient | None = None
        self.api: AsyncMessagingApi | None = None
        self._opening: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._opening = asyncio.get_running_loop().create_task(self._open())

    async def _open(self) -> None:
        messaging = await asyncio.to_thread(_import_messaging)
        configuration = messaging.Configuration(
            access_token=self.access_token, host=self.api_base_url
        )
        self._client = messaging.AsyncApiClient(configuration)
        self.api = messaging.AsyncMessagingApi(self._client)

    async def ready(self) -> AsyncMessagingApi:
        if self.api is None and self._opening is not None:
            await asyncio.shield(self._opening)
        if self.api is None:
            raise RuntimeError("LinePushClient.start() has not run")
        return self.api

    async def close(self) -> None:
        if self._opening is not None and not self._opening.done():
            self._opening.cancel()
        if self._client is not None:
            await self._client.close()
            self._client = self.api = None


def _import_aiohttp() -> Any:
    import aiohttp  # only once LINE is configured

    return aiohttp


def _import_messaging() -> Any:
    import linebot.v3.messaging

    return linebot.v3.messaging


# -- the webhook's lean client ---------------------------------------------------


class Outcome(enum.Enum):
    SENT = "sent"
    TOKEN_REFUSED = "token_refused"
    CONFLICT = "conflict"  # 409: a push with this retry key was accepted before
    RETRY = "retry"
    NOT_SENT = "not_sent"
    UNKNOWN = "unknown"
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    status: int | None = None
    detail: str = ""
    retry_after: float | None = None

    def __str__(self) -> str:
        status = f"HTTP {self.status} " if self.status else ""
        return f"{self.outcome.value}: {status}{self.detail}".strip()


class LineApi:
    """The Messaging API calls the webhook makes: reply, push, loading animation."""

    def __init__(
        self,
        access_token: str,
        api_base_url: str | None = None,
        *,
        connections: int = 64,
        pool_timeout: float = 30.0,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
    ) -> None:
        self.base = (api_base_url or DEFAULT_API).rstrip("/")
        self.connections = connections
        self.pool_timeout = pool_timeout
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._headers = {
            "Authorization": f"Bearer {access_token}",
            "Content-Type": "application/json",
            "User-Agent": "nagai-plan-bot",
        }
        # Read once: aiohttp's trust_env would read .netrc and the environment
        # on every request.
        self._proxy = _proxy_for(self.base)
        self._blocking_timeout = connect_timeout + read_timeout
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler(
                {urlsplit(self.base).scheme: self._proxy} if self._proxy else {}
            )
        )
        self._session: aiohttp.ClientSession | None = None
        self.timeout: aiohttp.ClientTimeout | None = None  # built when aiohttp is in
        self._slots: asyncio.Semaphore | None = None
        self._opening: asyncio.Task[None] | None = None

    async def start(self, delay: float = OPEN_DELAY) -> None:
        """Open the session `delay` seconds from now, or at the first request:
        aiohttp takes a fifth of a second to import, which would otherwise
        come before the service's first healthy /healthz."""
        self._slots = asyncio.Semaphore(self.connections)
        self._opening = asyncio.get_running_loop().create_task(self._open_later(delay))

    async def _open_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        self._open(await asyncio.to_thread(_import_aiohttp))

    def _open(self, aiohttp: Any) -> None:
        if self._session is not None:
            return
        if self.timeout is None:
            self.timeout = aiohttp.ClientTimeout(
                total=None, connect=self._connect_timeout, sock_connect=self._connect_timeout,
                sock_read=self._read_timeout,
            )  # fmt: skip
        connector = aiohttp.TCPConnector(limit=self.connections, keepalive_timeout=30)
        self._session = aiohttp.ClientSession(connector=connector, trust_env=False)

    async def close(self) -> None:
        if self._opening is not None and not self._opening.done():
            self._opening.cancel()
        self._opening = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def reply(self, token: str, messages: list[dict[str, Any]] | str) -> Result:
        """`messages`: the message objects, or already as a JSON array's text."""
        return await self._post(REPLY_PATH, _body({"replyToken": token}, messages))

    async def push(
        self, to: str, messages: list[dict[str, Any]] | str, retry_key: str
    ) -> Result:
        return await self._post(
            PUSH_PATH, _body({"to": to}, messages), {"X-Line-Retry-Key": retry_key}
        )

    async def show_loading(self, user_id: str, seconds: int) -> Result:
        return await self._post(
            LOADING_PATH, _json({"chatId": user_id, "loadingSeconds": seconds})
        )

    def show_loading_blocking(self, user_id: str, seconds: int) -> Result:
        """The loading animation from a thread other than the event loop's (a
        plain blocking request: the loop is busy working out the answer)."""
        body = json.dumps({"chatId": user_id, "loadingSeconds": seconds}).encode()
        request = urllib.request.Request(
            self.base + LOADING_PATH, data=body, headers=self._headers, method="POST"
        )
        try:
            with self._opener.open(request, timeout=self._blocking_timeout) as response:
                return _result(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as error:
            return _result(error.code, error.read(), error.headers)
        except (OSError, ValueError) as error:
            return Result(Outcome.UNKNOWN, detail=type(error).__name__)

    async def _post(self, path: str, body: bytes, extra: dict[str, str] | None = None) -> Result:
        aiohttp = _import_aiohttp()  # at once if a request comes before the delay is up
        if self._opening is not None and self._session is None:
            self._open(aiohttp)
        if self._session is None or self._slots is None:
            return Result(Outcome.NOT_SENT, detail="the client is not open")
        headers = {**self._headers, **extra} if extra else self._headers
        if self._slots.locked():  # all connections busy: wait, but not for ever
            try:
                await asyncio.wait_for(self._slots.acquire(), self.pool_timeout)
            except TimeoutError:
                return Result(Outcome.NOT_SENT, detail="no free connection in time")
        else:
            await self._slots.acquire()  # a free slot: taken at once, no timer needed
        try:
            async with self._session.post(
                self.base + path, data=body, headers=headers, timeout=self.timeout,
                proxy=self._proxy,
            ) as response:  # fmt: skip
                text = await response.read()
                return _result(response.status, text, response.headers)
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
            return Result(Outcome.NOT_SENT, detail=type(error).__name__)
        except (aiohttp.ClientError, TimeoutError) as error:
            return Result(Outcome.UNKNOWN, detail=type(error).__name__)
        finally:
            self._slots.release()


def encode_messages(messages: list[dict[str, Any]]) -> str:
    """The message objects as the JSON text the Messaging API takes (and the
    inbox stores): encoded once, sent as is by reply() and push()."""
    return json.dumps(messages, ensure_ascii=False)


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def _body(fields: dict[str, Any], messages: list[dict[str, Any]] | str) -> bytes:
    """`fields` plus "messages", without encoding messages given as text again."""
    if not isinstance(messages, str):
        return _json({**fields, "messages": messages})
    head = _json(fields)  # b'{"replyToken": "..."}'
    return b"%s, \"messages\": %s}" % (head[:-1], messages.encode())


def _result(status: int, body: bytes, headers: Any) -> Result:
    if 200 <= status < 300:
        return Result(Outcome.SENT, status)
    detail = _message(body)
    if status == 409:
        return Result(Outcome.CONFLICT, status, detail)
    if _token_refused(status, body):
        return Result(Outcome.TOKEN_REFUSED, status, detail)
    if status in RETRYABLE_STATUSES or status >= 500:
        return Result(Outcome.RETRY, status, detail, retry_after(headers))
    return Result(Outcome.FAILED, status, detail)


def _message(body: bytes) -> str:
    try:
        parsed = json.loads(body) if body else {}
    except ValueError:
        return body[:200].decode("utf-8", "replace")
    return str(parsed.get("message", ""))[:200] if isinstance(parsed, dict) else ""


def _proxy_for(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    proxies = urllib.request.getproxies()
    if not proxies or urllib.request.proxy_bypass(host):
        return None
    return proxies.get(urlsplit(url).scheme)
