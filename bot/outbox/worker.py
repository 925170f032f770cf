"""The outbox worker: an asyncio task, started in the app's lifespan, that sends
what the store's outbox holds (bot/store/outbox.py explains the guarantees).

Loop:
- claim due items (in a thread: the store is sync), at most as many as there
  are free delivery slots, and deliver each in its own task. Items of one
  claim head different ordering keys, so they may go at the same time;
  `concurrency` bounds how many calls are in the air.
- each item ends in exactly one of:
  complete(result)                       it reached the platform
  retry(at = now + backoff)              Retryable; backoff doubles from
                                         `base` up to `cap`, ± `jitter`
  retry(at = now + Retry-After)          Retryable with retry_after (a 429);
                                         not counted towards giving up
  retry(at = now + unavailable_interval) Unavailable (platform off or
                                         misconfigured), logged once per
                                         outage, never given up
  give_up + fail                         Permanent, or Retryable after
                                         `max_attempts` attempts
  An unexpected exception in a deliverer counts as Retryable (and is logged
  with its traceback).
- then sleep until woken or until the store's wait_hint() (the next retry or
  lease end), at most `poll_interval`. Woken by the outbox's listener when
  this process enqueues or frees an item; the poll finds what other processes
  enqueued.

Defaults: 15 attempts from 2 s doubling to a 15-minute cap: a platform may be
down for about an hour and a half before a message is given up. That is far
inside the 24 hours for which LINE honours an X-Line-Retry-Key, so a retried
push is never delivered twice.

Shutdown: stop claiming, give in-flight deliveries `grace` seconds, cancel the
rest. A cancelled or killed delivery leaves its item 'sending'; once its lease
runs out any process re-delivers it, and the deliverers make that repeat
harmless (LINE retry key, Slack metadata lookup). So the lease must outlast
one delivery (a few API calls, each with its client's timeout).

Tests await `drained()` instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.clock import utc_now
from bot.outbox.outcomes import Deliverer, Permanent, Retryable, Unavailable
from bot.store.outbox import DEFAULT_LEASE, Outbox, OutboxItem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    base: float = 2.0  # seconds before the second attempt
    factor: float = 2.0
    cap: float = 900.0  # no wait between attempts is longer
    jitter: float = 0.2  # ± this fraction, so items failed together do not retry together
    max_attempts: int = 15
    unavailable_interval: float = 300.0  # between attempts while a platform is off
    max_retry_after: float = 3600.0  # a Retry-After beyond this is taken as this

    def backoff(self, attempts: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait after the `attempts`-th attempt failed."""
        delay = min(self.cap, self.base * self.factor ** max(0, attempts - 1))
        spread = 1.0 + self.jitter * (2.0 * rand() - 1.0)
        return max(0.0, min(self.cap, delay * spread))


@dataclass(frozen=True)
class WorkerOptions:
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    lease: dt.timedelta = DEFAULT_LEASE
    poll_interval: float = 2.0  # seconds; finds items other processes added
    batch: int = 10
    concurrency: int = 4


class OutboxWorker:
    def __init__(
        self,
        outbox: Outbox,
        deliverers: Mapping[str, Deliverer],
        options: WorkerOptions | None = None,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.outbox = outbox
        self.deliverers = dict(deliverers)
        self.options = options or WorkerOptions()
        self._clock = clock
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._progress: asyncio.Event | None = None
        self._inflight: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._unavailable: set[str] = set()  # kinds whose outage was logged

    # -- lifecycle ------------------------------------------------------------

    async def start(self) -> None:
        if self._task is not None:
            return
        loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._progress = asyncio.Event()
        self._stopping = False

        def poke() -> None:  # called from whatever thread wrote to the outbox
            if self._stopping or loop.is_closed():
                return
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._poke)

        self.outbox.add_listener(poke)
        self._task = loop.create_task(self._run(), name="outbox-worker")

    async def stop(self, grace: float = 5.0) -> None:
        """Stop claiming; give deliveries in flight `grace` seconds, then cancel them."""
        if self._task is None:
            return
        self._stopping = True
        self._poke()
        await asyncio.gather(self._task, return_exceptions=True)
        self._task = None
        if self._inflight:
            pending = list(self._inflight)
            _, late = await asyncio.wait(pending, timeout=grace)
            if late:
                log.warning(
                    "outbox: %d deliveries unfinished at shutdown; they will be "
                    "re-delivered after their lease",
                    len(late),
                )
                for task in late:
                    task.cancel()
                await asyncio.gather(*late, return_exceptions=True)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def drained(self, timeout: float = 10.0) -> None:
        """Wait until the outbox holds nothing unfinished ('pending' or 'sending')
        and no delivery is in flight; TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            progress = self._progress
            if not self._inflight and await asyncio.to_thread(self.outbox.pending_count) == 0:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                count = await asyncio.to_thread(self.outbox.pending_count)
                raise TimeoutError(f"outbox not drained in {timeout} s: {count} unfinished")
            if progress is None or not self.running:
                await asyncio.sleep(min(left, 0.05))
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(progress.wait(), min(left, 0.5))

    # -- the loop -------------------------------------------------------------

    def _poke(self) -> None:
        if self._wake is not None:
            self._wake.set()

    def _made_progress(self) -> None:
        if self._progress is not None:
            self._progress.set()
            self._progress = asyncio.Event()

    async def _run(self) -> None:
        assert self._wake is not None
        while not self._stopping:
            self._wake.clear()
            free = self.options.concurrency - len(self._inflight)
            if free <= 0:
                await self._wake.wait()  # a delivery finishing sets it
                continue
            try:
                items = await asyncio.to_thread(
                    self.outbox.claim, None, min(free, self.options.batch), self.options.lease
                )
            except Exception:  # the database is away: try again after a poll interval
                log.exception("outbox: claim failed")
                await self._sleep(self.options.poll_interval)
                continue
            # claimed just as stop() began: still delivered, within its grace
            for item in items:
                task = asyncio.get_running_loop().create_task(self._deliver(item))
                self._inflight.add(task)
                task.add_done_callback(self._finished)
            if items:
                continue
            self._made_progress()
            await self._sleep(await self._time_to_next())

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._inflight.discard(task)
        self._poke()
        self._made_progress()

    async def _time_to_next(self) -> float:
        poll = self.options.poll_interval
        try:
            hint = await asyncio.to_thread(self.outbox.wait_hint)
        except Exception:
            log.exception("outbox: wait_hint failed")
            return poll
        if hint is None:
            return poll
        # never 0: a due item we could not take (all slots busy) must not spin the loop
        return min(poll, max(0.01, (hint - self._clock()).total_seconds()))

    async def _sleep(self, seconds: float) -> None:
        assert self._wake is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    # -- one item -------------------------------------------------------------

    async def _deliver(self, item: OutboxItem) -> None:
        deliverer = self.deliverers.get(item.kind)
        started = time.perf_counter()
        try:
            if deliverer is None:
                raise Unavailable(f"no deliverer for {item.kind}")
            result = await deliverer.deliver(item)
        except Unavailable as error:
            await self._unavailable_now(item, error)
        except Permanent as error:
            await self._give_up(item, deliverer, error.reason)
        except Retryable as error:
            await self._retry(item, deliverer, error.reason, error.retry_after)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.exception("outbox: delivering %s failed unexpectedly", _name(item))
            await self._retry(item, deliverer, f"unexpected error: {type(error).__name__}", None)
        else:
            await self._store(self.outbox.complete, item.id, result)
            if item.kind in self._unavailable:
                self._unavailable.discard(item.kind)
                log.info("outbox: %s deliveries work again", item.kind)
            log.info(
                "outbox: delivered %s (attempt %d) in %.0f ms",
                _name(item),
                item.attempts,
                (time.perf_counter() - started) * 1000,
            )

    async def _retry(
        self,
        item: OutboxItem,
        deliverer: Deliverer | None,
        reason: str,
        retry_after: float | None,
    ) -> None:
        policy = self.options.policy
        if retry_after is not None:
            delay = min(max(retry_after, 0.0), policy.max_retry_after)
        elif item.attempts >= policy.max_attempts:
            await self._give_up(
                item, deliverer, f"{item.attempts}回試しても送れませんでした（{reason}）"
            )
            return
        else:
            delay = policy.backoff(item.attempts)
        at = self._clock() + dt.timedelta(seconds=delay)
        await self._store(self.outbox.retry, item.id, reason, at)
        log.warning(
            "outbox: %s attempt %d failed (%s); next in %.1f s",
            _name(item),
            item.attempts,
            reason,
            delay,
        )

    async def _unavailable_now(self, item: OutboxItem, error: Unavailable) -> None:
        if item.kind not in self._unavailable:
            self._unavailable.add(item.kind)
            log.warning(
                "outbox: %s deliveries wait: %s (retrying every %g s)",
                item.kind,
                error.reason,
                self.options.policy.unavailable_interval,
            )
        at = self._clock() + dt.timedelta(seconds=self.options.policy.unavailable_interval)
        await self._store(self.outbox.retry, item.id, error.reason, at)

    async def _give_up(self, item: OutboxItem, deliverer: Deliverer | None, reason: str) -> None:
        log.error(
            "outbox: giving up on %s after %d attempts: %s", _name(item), item.attempts, reason
        )
        if deliverer is not None:
            try:
                await deliverer.give_up(item, reason)
            except Exception:  # telling staff failed; the item is still given up
                log.exception("outbox: give_up of %s failed", _name(item))
        await self._store(self.outbox.fail, item.id, reason)

    async def _store(self, call: Callable[..., Any], *args: Any) -> None:
        try:
            await asyncio.to_thread(call, *args)
        except Exception:  # the lease runs out and the item goes again
            log.exception("outbox: could not record the outcome of an item")


def _name(item: OutboxItem) -> str:
    inquiry = f" inquiry {item.inquiry_id}" if item.inquiry_id is not None else ""
    return f"#{item.id} {item.kind}{inquiry}"
