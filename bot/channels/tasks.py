"""Work that outlives the webhook request that started it.

Platforms want their webhook answered within seconds, so adapters answer
200 first and do the work in tasks kept here: a reference stops the event loop
from garbage-collecting a running task, `drain()` lets tests and shutdown wait
for the work, and a failure is logged rather than lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self, name: str) -> None:
        self.name = name
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(work)
        self.track(task)
        return task

    def track(self, task: asyncio.Task[Any]) -> None:
        """Keep a task started elsewhere (e.g. by an SDK) so drain() waits for it too."""
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s: background work failed", self.name, exc_info=task.exception())

    async def drain(self) -> None:
        """Wait until no work is pending, including work started while waiting."""
        # one turn of the loop lets tasks scheduled just now start and register
        await asyncio.sleep(0)
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
            await asyncio.sleep(0)

    async def close(self, timeout: float) -> None:
        """On shutdown: give pending work `timeout` seconds, then cancel the rest."""
        try:
            await asyncio.wait_for(self.drain(), timeout)
        except TimeoutError:
            pending = list(self._tasks)
            log.warning("%s: cancelling %d unfinished tasks at shutdown", self.name, len(pending))
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
