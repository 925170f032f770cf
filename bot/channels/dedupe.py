"""Safety step: answer each platform event once.

LINE redelivers a webhook event (same webhookEventId) and Slack retries an
event (same event_id) when an earlier delivery looked failed; several server
processes may receive the copies. The store claims the id atomically, so only
the first claimant, in any process, answers.
"""

from __future__ import annotations

import logging
from typing import Protocol

from starlette.concurrency import run_in_threadpool

log = logging.getLogger(__name__)


class EventClaims(Protocol):
    def claim_event(self, source: str, event_id: str) -> bool: ...


class EventDeduper:
    def __init__(self, store: EventClaims, source: str, *, enabled: bool = True) -> None:
        self.store = store
        self.source = source
        self.enabled = enabled

    def first_time(self, event_id: str) -> bool:
        """Sync form, for callers already on a worker thread."""
        if not self.enabled or not event_id:
            return True
        first = self.store.claim_event(self.source, event_id)
        if not first:
            log.info("%s: event %s already handled; skipping the copy", self.source, event_id)
        return first

    async def claim(self, event_id: str) -> bool:
        return await run_in_threadpool(self.first_time, event_id)
