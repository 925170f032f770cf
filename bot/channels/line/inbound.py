"""The LINE adapter: POST /line/webhook, and answering what it accepted.

Every event acknowledged with 200 is answered exactly once, even through a
crash: LINE does not redeliver an event that got 200, so "200" must mean
"stored, and will be answered".

1. verify_signature: X-Line-Signature (HMAC-SHA256 of the raw body with the
   channel secret, base64) checked before anything else; missing or wrong:
   400, nothing processed.
2. store first: the request's events go into the inbox (bot.store.line_inbox)
   in one transaction, whose primary key is the duplicate check (a
   redelivered webhookEventId is a copy, unless its event was never
   answered: then it is answered now). Only then 200.
3. answer from a bounded queue: a fixed number of workers (as many as the
   connections to LINE, so no request waits for one unseen) take the events,
   ask the core, store the answer, and send it:
   - by reply while the reply token is fresh (LINE takes it for about a
     minute), retried when LINE refused or never got the request;
   - by push with an X-Line-Retry-Key derived from the event id once the
     token is refused or too old, so a push repeated by any process is
     shown once;
   then mark the event done. A crash anywhere leaves it pending: after the
   lease runs out, this process (restarted) or another one takes it over.
4. back-pressure: when the queue is full the event is still stored and
   acknowledged, but left for any process's sweep (every second) to take
   when there is room. Refusing it instead (503) would lose it on a channel
   without LINE's redelivery switched on.

Where the store's work runs: on PostgreSQL, on a few threads of its own (a
round trip must not stop the event loop). On SQLite, on the event loop
itself, whenever the database's single write lock is free at once: a thread
there only adds a hand-over of the interpreter lock at every statement, which
cost more than the answer itself (tests/benchmarks/test_line_webhook.py);
when another writer holds the lock, the work goes to the store's one thread,
which waits for it, so the loop never waits. Either way an event's writes
(context, rate limit, question record, the answer about to be sent) are one
transaction, and marking events done takes one for many.

The loading animation is shown only when the answer is not ready at once
(it usually is, in about a millisecond). An answer worked out on the event
loop cannot send it meanwhile, so a watch thread does, once the answer has
taken `loading_after`. A lost answer (LINE refused it for good) is logged as
an error with the hashed user tag.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, TypeVar

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.line.outbound import LineApi, Outcome, Result, encode_messages, retry_key
from bot.channels.line.render import render_messages
from bot.channels.tasks import BackgroundTasks
from bot.core.bot import Bot
from bot.core.types import Message, Reply
from bot.privacy import user_tag

__all__ = ["LineAdapter", "retry_key"]

log = logging.getLogger(__name__)

T = TypeVar("T")

CHANNEL = "line"
# LINE takes a reply token for about a minute after the event; past this the
# answer is pushed at once rather than after a refusal.
REPLY_TOKEN_LIFETIME = dt.timedelta(seconds=50)
MAX_RETRY_AFTER = 5.0
# Sweeps (retries after a failure) before an answer is given up as lost.
MAX_ATTEMPTS = 10
RETRY_LATER = dt.timedelta(seconds=15)
# Finished events are marked done together after this pause (one transaction).
FLUSH_AFTER = 0.005
# While another writer holds SQLite's lock, the event loop tries again after
# these pauses (it does not wait for the lock: other work goes on meanwhile)
# before it leaves the work to the store's thread. Handing work over at the
# first refusal made the thread hold the lock while it worked, which refused
# the loop again: most events ended up on the thread.
ON_LOOP_PAUSES = (0.0, 0.001, 0.002, 0.004, 0.008, 0.016)
_ELSEWHERE: Any = object()  # the work could not run on the event loop


@dataclass(frozen=True)
class LineEvent:
    """One event of a webhook request, as the inbox stores it."""

    event_id: str
    user_id: str
    kind: str  # "question" | "follow" | "not_text"
    text: str
    reply_token: str | None


@dataclass(frozen=True)
class Done:
    event_id: str
    status: str  # "done" | "failed"
    sent_by: str | None
    error: str | None = None


class Item(Protocol):
    """A pending event handed back by the inbox (bot.store.line_inbox.InboxItem)."""

    @property
    def event_id(self) -> str: ...
    @property
    def user_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def reply_token(self) -> str | None: ...
    @property
    def token_at(self) -> dt.datetime: ...
    @property
    def attempts(self) -> int: ...
    @property
    def answer(self) -> Any: ...


class Inbox(Protocol):
    """The store's LINE inbox, as this adapter uses it."""

    def now(self) -> dt.datetime: ...

    def batch(self, *, wait: bool = True) -> AbstractContextManager[None]: ...

    def accept(
        self, events: Sequence[LineEvent], *, owner: str, lease: dt.timedelta, take: int
    ) -> Sequence[Item]: ...

    def claim(self, *, owner: str, lease: dt.timedelta, limit: int) -> Sequence[Item]: ...

    def start_send(
        self,
        event_id: str,
        *,
        owner: str,
        answer: Any,
        lease: dt.timedelta,
        encoded: str | None = None,
    ) -> int | None: ...

    def finish(self, results: Sequence[Done]) -> None: ...

    def release(self, event_ids: Sequence[str], *, owner: str, at: dt.datetime) -> None: ...


class LineAdapter:
    def __init__(
        self,
        bot: Bot,
        inbox: Inbox,
        *,
        channel_secret: str,
        access_token: str,
        api_base_url: str | None = None,
        timeout: float = 10.0,
        loading_seconds: int = 5,
        loading_after: float = 0.3,
        attempts: int = 3,
        workers: int = 64,
        queue_size: int = 1000,
        lease: dt.timedelta = dt.timedelta(seconds=60),
        sweep_every: float | None = 1.0,
        store_threads: int = 1,
        store_on_loop: bool = False,
    ) -> None:
        self.bot = bot
        self.inbox = inbox
        self.secret = channel_secret.encode()
        self.api = LineApi(
            access_token, api_base_url, connections=workers, read_timeout=timeout
        )
        self.tasks = BackgroundTasks(CHANNEL)
        self.loading_seconds = loading_seconds
        self.loading_after = loading_after
        self.attempts = attempts
        self.workers = workers
        self.queue_size = queue_size
        self.lease = lease
        self.sweep_every = sweep_every
        # Unique per start, so a restarted process never mistakes its
        # predecessor's leases for its own.
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._queue: asyncio.Queue[Item] | None = None
        self._in_hand: set[str] = set()  # queued or being answered here
        self._finished: list[Done] = []
        self._flush_due = False
        self._flushing: asyncio.Lock | None = None
        self._runners: list[asyncio.Task[None]] = []
        # The store's work runs on threads of its own: one for SQLite, whose
        # writers would otherwise queue on its lock with sleeping retries
        # (the p99), a few for PostgreSQL; with `store_on_loop` (SQLite) on the
        # event loop whenever the write lock is free at once, the thread
        # taking only what would have to wait.
        self._store_threads = store_threads
        self._executor: ThreadPoolExecutor | None = None
        self.store_on_loop = store_on_loop
        self._watch: _SlowAnswerWatch | None = None

    def routes(self) -> list[BaseRoute]:
        return [Route("/line/webhook", self.webhook, methods=["POST"])]

    # -- lifespan -------------------------------------------------------------

    async def _in_store(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self._store_threads, "line-store")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(function, *args, **kwargs))

    async def _in_one_transaction(self, function: Callable[..., T], *args: Any) -> T:
        """`function` as one transaction: on the event loop when the store
        allows it without waiting (see the module docstring), else on the
        store's thread."""
        done = await self._on_loop(function, *args)
        if done is not _ELSEWHERE:
            return done  # type: ignore[no-any-return]
        return await self._in_store(self._batched, function, *args)

    async def _on_loop(
        self, function: Callable[..., T], *args: Any, user_id: str | None = None
    ) -> T | Any:
        """`function` on the event loop in one transaction, tried again after
        short pauses while the database is busy; _ELSEWHERE if it stayed busy.
        With `user_id`, a slow answer shows that user the loading animation."""
        if not self.store_on_loop:
            return _ELSEWHERE
        for pause in ON_LOOP_PAUSES:
            if pause:
                await asyncio.sleep(pause)
            with self._watching(user_id):
                done = self._here(function, *args)
            if done is not _ELSEWHERE:
                return done
        return _ELSEWHERE

    def _here(self, function: Callable[..., T], *args: Any) -> T | Any:
        """`function` on the event loop in one transaction, or _ELSEWHERE when
        that is off or the database is busy (then nothing was written)."""
        if not self.store_on_loop:
            return _ELSEWHERE
        try:
            with self.inbox.batch(wait=False):
                return function(*args)
        except Exception as error:  # mostly "database is locked": the thread waits for it
            log.debug("line: store busy on the event loop (%s)", type(error).__name__)
            return _ELSEWHERE

    def _batched(self, function: Callable[..., T], *args: Any) -> T:
        """On the store's thread: `function` in one transaction; if that
        fails (rolled back, so nothing of it stays), once more with each
        write on its own, as a database with a hiccup would take it."""
        try:
            with self.inbox.batch():
                return function(*args)
        except Exception:
            log.warning("line: a batched store write failed; once more write by write",
                        exc_info=True)  # fmt: skip
            return function(*args)

    async def start(self) -> None:
        await self.api.start()
        if self.store_on_loop:
            self._watch = _SlowAnswerWatch(
                lambda user_id: self._show_loading_now(user_id), self.loading_after
            )
            self._watch.start()
        self._queue = asyncio.Queue(self.queue_size)
        self._flushing = asyncio.Lock()
        loop = asyncio.get_running_loop()
        self._runners = [loop.create_task(self._work()) for _ in range(self.workers)]
        if self.sweep_every is not None:
            self._runners.append(loop.create_task(self._sweep_loop(self.sweep_every)))

    async def close(self, timeout: float = 5.0) -> None:
        try:
            await asyncio.wait_for(self.drain(), timeout)
        except TimeoutError:
            log.warning("line: %d events still unanswered at shutdown", len(self._in_hand))
        for runner in self._runners:
            runner.cancel()
        await asyncio.gather(*self._runners, return_exceptions=True)
        self._runners = []
        await self.tasks.close(1.0)
        await self._flush()
        if self._in_hand:
            # the next process (or another one) takes them at once, not after the lease
            left, self._in_hand = list(self._in_hand), set()
            await self._in_store(self.inbox.release, left, owner=self.owner, at=self.inbox.now())
        await self.api.close()
        if self._watch is not None:  # it may be sending: not on the loop
            await asyncio.to_thread(self._watch.stop)
            self._watch = None
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None

    async def drain(self) -> None:
        """Wait until every event received so far is answered (or given back)."""
        if self._queue is not None:
            await self._queue.join()
        await self.tasks.drain()
        await self._flush()

    async def sweep(self) -> int:
        """Take pending events nobody holds (their process died, or a full
        queue left them); return how many were taken."""
        queue = self._queue
        if queue is None:
            return 0
        room = self.queue_size - queue.qsize()
        if room <= 0:
            return 0
        items = await self._in_one_transaction(
            partial(self.inbox.claim, owner=self.owner, lease=self.lease, limit=room)
        )
        self._enqueue(items)
        return len(items)

    async def _sweep_loop(self, every: float) -> None:
        while True:
            try:
                await self.sweep()
            except Exception:  # a database hiccup must not end the sweeps
                log.warning("line: sweeping the inbox failed", exc_info=True)
            await asyncio.sleep(every)

    # -- the webhook ----------------------------------------------------------

    async def webhook(self, request: Request) -> Response:
        body = await request.body()
        events = self.verify_signature(body, request.headers.get("x-line-signature"))
        if events is None:
            return PlainTextResponse("invalid signature", status_code=400)
        answerable, leaving = _read_events(events)
        if answerable or leaving:
            queue = self._queue
            room = 0 if queue is None else self.queue_size - queue.qsize()
            items = await self._in_one_transaction(self._accept, answerable, leaving, room)
            self._enqueue(items)
        return PlainTextResponse("OK")

    def verify_signature(self, body: bytes, signature: str | None) -> list[Any] | None:
        """The request's events (JSON objects), or None when it must be refused."""
        if not signature:
            log.warning("line: request without X-Line-Signature refused")
            return None
        expected = base64.b64encode(hmac.new(self.secret, body, hashlib.sha256).digest())
        if not hmac.compare_digest(expected, signature.encode("ascii", "replace")):
            log.warning("line: request with a wrong signature refused")
            return None
        try:
            payload = json.loads(body)
            events = payload.get("events") or []
            if not isinstance(events, list):
                raise TypeError("events is not a list")
        except (UnicodeDecodeError, ValueError, TypeError, AttributeError, RecursionError) as e:
            # Signed by LINE yet unreadable: refuse rather than guess. Only the
            # error's type is logged: its text may quote what a user wrote.
            log.warning("line: signed body could not be parsed (%s)", type(e).__name__)
            return None
        return events

    def _accept(
        self, events: list[LineEvent], leaving: list[str], room: int
    ) -> Sequence[Item]:
        for user_id in leaving:
            self.bot.forget(Message(CHANNEL, user_id, "").user_key)
            log.info("line: user %s unfollowed; context forgotten", user_tag(CHANNEL, user_id))
        if not events:
            return []
        return self.inbox.accept(events, owner=self.owner, lease=self.lease, take=room)

    def _enqueue(self, items: Sequence[Item]) -> None:
        queue = self._queue
        assert queue is not None
        overflow = []
        for item in items:
            if item.event_id in self._in_hand:
                continue
            try:
                queue.put_nowait(item)
            except asyncio.QueueFull:
                overflow.append(item.event_id)
            else:
                self._in_hand.add(item.event_id)
        if overflow:
            # Stored and acknowledged; any process's sweep answers them once there is room.
            log.warning("line: queue full; %d events left for the next sweep", len(overflow))
            self.tasks.spawn(
                self._in_store(
                    self.inbox.release, overflow, owner=self.owner, at=self.inbox.now()
                )
            )

    # -- answering ------------------------------------------------------------

    async def _work(self) -> None:
        queue = self._queue
        assert queue is not None
        while True:
            item = await queue.get()
            try:
                await self._answer(item)
            except Exception:  # one bad event must not stop the worker
                log.exception("line: event %s failed; it is retried later", item.event_id)
                self._in_hand.discard(item.event_id)
            finally:
                queue.task_done()

    async def _answer(self, item: Item) -> None:
        started = time.perf_counter()
        watched = item.kind == "question" and item.answer is None
        prepared = await self._on_loop(
            self._prepare, item, user_id=item.user_id if watched else None
        )
        if prepared is _ELSEWHERE:
            preparing = asyncio.ensure_future(self._in_store(self._batched, self._prepare, item))
            if watched:
                done, _ = await asyncio.wait({preparing}, timeout=self.loading_after)
                if not done:  # not ready at once: show the user we are on it
                    self.tasks.spawn(self._show_loading(item.user_id))
            prepared = await preparing
        if prepared is None:
            self._in_hand.discard(item.event_id)
            return  # another process holds it now, or it is done
        messages, earlier = prepared
        outcome = await self._deliver(item, messages, earlier)
        if outcome is not None:
            self._finish(outcome)
            log.info(
                "line: answered user %s by %s in %.0f ms",
                user_tag(CHANNEL, item.user_id),
                outcome.sent_by or "nothing",
                (time.perf_counter() - started) * 1000,
            )

    def _prepare(self, item: Item) -> tuple[str, int] | None:
        """The answer (asked of the core unless an earlier attempt stored one)
        as the JSON text to send, stored before it is sent; None when the
        event is no longer ours. Also how many attempts were started before."""
        messages = item.answer
        if messages is None:
            messages = render_messages(self._reply(item), self.bot.kb, self.bot.today())
        encoded = encode_messages(messages)
        earlier = self.inbox.start_send(
            item.event_id, owner=self.owner, answer=messages, lease=self.lease, encoded=encoded
        )
        return None if earlier is None else (encoded, earlier)

    def _reply(self, item: Item) -> Reply:
        message = Message(CHANNEL, item.user_id, item.text)
        if item.kind == "question":
            return self.bot.handle(message)
        if item.kind == "follow":
            return self.bot.greet(message)
        return self.bot.not_text(message)

    async def _deliver(
        self, item: Item, messages: str, earlier: int
    ) -> Done | None:
        """Send the answer; the event's end (None: try again later)."""
        tag = user_tag(CHANNEL, item.user_id)
        token = item.reply_token
        if token and self.inbox.now() - item.token_at < REPLY_TOKEN_LIFETIME:
            result, maybe_sent = await self._reply_with_retries(token, messages)
            if result.outcome is Outcome.SENT:
                return Done(item.event_id, "done", "reply")
            if result.outcome is Outcome.TOKEN_REFUSED and (maybe_sent or earlier):
                # The token is fresh and single-use: an earlier attempt whose
                # answer we never saw is what used it.
                log.info("line: user %s: an earlier reply was delivered", tag)
                return Done(item.event_id, "done", "reply")
            if result.outcome is Outcome.FAILED:
                return self._lost(item, tag, result)
            if result.outcome is not Outcome.TOKEN_REFUSED:
                return await self._later(item, tag, result)
            log.info("line: reply token refused for user %s; pushing instead", tag)
        elif token and earlier:
            # The token is too old to try again, and an earlier attempt may
            # have used it. Pushing risks a repeat; not pushing risks a lost
            # answer, the worse of the two for a resident.
            log.warning("line: user %s: an earlier reply may have arrived; pushing", tag)
        result = await self._push_with_retries(item.user_id, messages, retry_key(item.event_id))
        if result.outcome in (Outcome.SENT, Outcome.CONFLICT):
            return Done(item.event_id, "done", "push")
        if result.outcome is Outcome.FAILED:
            return self._lost(item, tag, result)
        return await self._later(item, tag, result)

    async def _reply_with_retries(
        self, token: str, messages: str
    ) -> tuple[Result, bool]:
        """Reply, again while LINE refused for now or never got it; with
        whether an attempt may have reached LINE unseen. Repeating a reply is
        safe: the token is single-use."""
        maybe_sent = False
        result = await self._again(lambda: self.api.reply(token, messages))
        while result.outcome is Outcome.UNKNOWN and not maybe_sent:
            maybe_sent = True
            result = await self._again(lambda: self.api.reply(token, messages))
        return result, maybe_sent

    async def _push_with_retries(
        self, to: str, messages: str, key: str
    ) -> Result:
        """Push; every attempt carries the same retry key, so LINE shows it once."""

        async def push() -> Result:
            result = await self.api.push(to, messages, key)
            # a push that may have arrived is simply pushed again: 409 if it did
            return Result(Outcome.RETRY, detail=str(result)) if (
                result.outcome is Outcome.UNKNOWN
            ) else result

        return await self._again(push)

    async def _again(self, call: Callable[[], Awaitable[Result]]) -> Result:
        """`call`, repeated up to `attempts` times while it was refused for now
        (429, 5xx) or never left; a short pause between, Retry-After honoured."""
        result = await call()
        for attempt in range(1, self.attempts):
            if result.outcome not in (Outcome.RETRY, Outcome.NOT_SENT):
                break
            delay = min(result.retry_after or 0.2 * 2**attempt, MAX_RETRY_AFTER)
            log.warning("line: attempt %d failed (%s); again in %.1f s", attempt, result, delay)
            await asyncio.sleep(delay)
            result = await call()
        return result

    def _lost(self, item: Item, tag: str, result: Result) -> Done:
        log.error("line: answer to user %s lost: LINE refused it (%s)", tag, result)
        return Done(item.event_id, "failed", None, str(result))

    async def _later(self, item: Item, tag: str, result: Result) -> Done | None:
        if item.attempts + 1 >= MAX_ATTEMPTS:
            return self._lost(item, tag, result)
        log.warning("line: answer to user %s not sent yet (%s); retried later", tag, result)
        self._in_hand.discard(item.event_id)
        await self._in_store(
            self.inbox.release,
            [item.event_id],
            owner=self.owner,
            at=self.inbox.now() + RETRY_LATER,
        )
        return None

    async def _show_loading(self, user_id: str) -> None:
        result = await self.api.show_loading(user_id, self.loading_seconds)
        if result.outcome is not Outcome.SENT:
            log.info("line: loading animation not shown (%s)", result)

    def _show_loading_now(self, user_id: str) -> None:
        """From the watch thread, while the event loop works out an answer."""
        result = self.api.show_loading_blocking(user_id, self.loading_seconds)
        if result.outcome is not Outcome.SENT:
            log.info("line: loading animation not shown (%s)", result)

    def _watching(self, user_id: str | None) -> AbstractContextManager[None]:
        if self._watch is None or user_id is None:
            return _NOTHING_WATCHED
        return self._watch.watching(user_id)

    # -- marking done, in batches ---------------------------------------------

    def _finish(self, done: Done) -> None:
        self._finished.append(done)
        if not self._flush_due:
            self._flush_due = True
            self.tasks.spawn(self._flush(FLUSH_AFTER))

    async def _flush(self, after: float = 0.0) -> None:
        """Mark what was sent as done: one transaction for all finished since
        the last flush (under load, many events per round trip)."""
        assert self._flushing is not None
        if after:
            await asyncio.sleep(after)
        async with self._flushing:
            self._flush_due = False
            batch, self._finished = self._finished, []
            if not batch:
                return
            try:
                await self._in_one_transaction(self.inbox.finish, batch)
            except Exception:
                # Still pending in the store: after the lease the events are
                # taken over, and the single-use token or the retry key keeps
                # the answer from showing twice.
                log.exception("line: could not mark %d answered events done", len(batch))
            for done in batch:
                self._in_hand.discard(done.event_id)


class _SlowAnswerWatch:
    """A thread that shows the loading animation for an answer being worked
    out on the event loop once it has taken `after` seconds (the loop itself
    cannot send while it works). It looks every `every` seconds: nothing is
    signalled per event."""

    def __init__(self, show: Callable[[str], None], after: float, every: float = 0.05) -> None:
        self._show = show
        self._after = after
        self._every = every
        # (user id, started) of the answer in the works; set and cleared by the loop
        self._current: tuple[str, float] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="line-loading", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    @contextmanager
    def watching(self, user_id: str) -> Iterator[None]:
        self._current = (user_id, time.monotonic())
        try:
            yield
        finally:
            self._current = None

    def _run(self) -> None:
        shown: tuple[str, float] | None = None
        while not self._stop.wait(self._every):
            current = self._current
            if current is None or current is shown:
                continue
            if time.monotonic() - current[1] >= self._after:
                shown = current
                try:
                    self._show(current[0])
                except Exception:  # only a courtesy: never a reason to stop watching
                    log.warning("line: loading animation failed", exc_info=True)


_NOTHING_WATCHED = nullcontext()


def _read_events(events: list[Any]) -> tuple[list[LineEvent], list[str]]:
    """The events to answer, and the users who unfollowed. Groups, rooms,
    chats in standby (another channel owns them) and other event types are
    not answered."""
    answerable: list[LineEvent] = []
    leaving: list[str] = []
    for event in events:
        if not isinstance(event, dict) or event.get("mode", "active") == "standby":
            continue
        source = event.get("source")
        if not isinstance(source, dict) or source.get("type") != "user":
            continue
        user_id = source.get("userId")
        event_id = event.get("webhookEventId")
        if not isinstance(user_id, str) or not user_id:
            continue
        kind, text = _classify(event)
        if kind == "unfollow":
            leaving.append(user_id)
        elif kind is not None and isinstance(event_id, str) and event_id:
            token = event.get("replyToken")
            answerable.append(
                LineEvent(event_id, user_id, kind, text, token if isinstance(token, str) else None)
            )
    return answerable, leaving


def _classify(event: dict[str, Any]) -> tuple[str | None, str]:
    """What the event asks for and its text."""
    kind = event.get("type")
    if kind == "message":
        message = event.get("message")
        if isinstance(message, dict) and message.get("type") == "text":
            text = message.get("text")
            return "question", text if isinstance(text, str) else ""
        return "not_text", ""  # sticker, image, video, audio, location, file
    if kind == "postback":
        postback = event.get("postback")
        data = postback.get("data") if isinstance(postback, dict) else None
        return "question", data if isinstance(data, str) else ""
    if kind == "follow":
        return "follow", ""
    if kind == "unfollow":
        return "unfollow", ""
    return None, ""
