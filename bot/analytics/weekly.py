"""The weekly summary for the staff channel, on a schedule the service runs itself.

Every process checks now and then (CHECK_EVERY) whether this week's summary
is due (Monday 09:00 in Japan, or later in the week); when it is, it adds
one outbox item keyed by the ISO week (weekly_summary:2026-W48). The key is
unique in the outbox, so with any number of processes exactly one item per
week exists, and the delivery worker posts it once (bot/channels/slack/weekly.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Protocol

from bot.clock import JST, utc_now

log = logging.getLogger(__name__)

KIND = "slack.weekly_summary"
CHECK_EVERY = 600.0  # seconds
DUE_WEEKDAY, DUE_HOUR = 0, 9  # Monday, 09:00 JST


class Enqueue(Protocol):
    def enqueue(
        self, kind: str, payload: dict[str, Any], *, ordering_key: str, idem_key: str | None = ...
    ) -> int | None: ...


def week_of(now: dt.datetime) -> tuple[str, dt.date, dt.date]:
    """The ISO week holding `now` in Japan ("2026-W48") and the previous week's
    Monday and Sunday, which its summary is about."""
    local = now.astimezone(JST)
    year, week, _ = local.isocalendar()
    monday = local.date() - dt.timedelta(days=local.weekday())
    return f"{year}-W{week:02d}", monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)


def is_due(now: dt.datetime) -> bool:
    local = now.astimezone(JST)
    return (local.weekday(), local.hour) >= (DUE_WEEKDAY, DUE_HOUR)


class WeeklySchedule:
    def __init__(
        self,
        outbox: Enqueue,
        *,
        channel: str | None,
        clock: Callable[[], dt.datetime] = utc_now,
        check_every: float = CHECK_EVERY,
    ) -> None:
        self.outbox = outbox
        self.channel = channel
        self.clock = clock
        self.check_every = check_every
        self._task: asyncio.Task[None] | None = None

    def tick(self) -> int | None:
        """Queue this week's summary if it is due and not queued yet; its id, or None."""
        if not self.channel:
            return None
        now = self.clock()
        if not is_due(now):
            return None
        period, first, last = week_of(now)
        return self.outbox.enqueue(
            KIND,
            {"period": period, "since": first.isoformat(), "until": last.isoformat(),
             "channel": self.channel},
            ordering_key="weekly_summary",
            idem_key=f"weekly_summary:{period}",
        )  # fmt: skip

    async def start(self) -> None:
        if self.channel and self._task is None:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                queued = await asyncio.to_thread(self.tick)
                if queued is not None:
                    log.info("weekly summary queued (outbox item %d)", queued)
            except Exception:  # the next check tries again
                log.exception("weekly summary: check failed")
            await asyncio.sleep(self.check_every)
