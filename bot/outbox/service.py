"""The delivery side of the service for the app's lifespan: the outbox worker,
the deliverers each channel registered for its kinds, and the API clients
they use, opened before the worker starts and closed after it stops.

It knows no platform: the composition root (bot/app.py) builds the clients
and deliverers and registers them here. A kind without a deliverer is not
an error: its items wait in the outbox (Unavailable) until one is set up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from bot.outbox.outcomes import Deliverer
from bot.outbox.worker import OutboxWorker, WorkerOptions
from bot.store.outbox import Outbox


class Client(Protocol):
    """An API client a deliverer uses; opened in the running event loop."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...


class DeliveryService:
    def __init__(
        self,
        outbox: Outbox,
        options: WorkerOptions | None = None,
        *,
        clients: Sequence[Client] = (),
    ) -> None:
        self.outbox = outbox
        self.options = options or WorkerOptions()
        self.clients = list(clients)
        self.deliverers: dict[str, Deliverer] = {}
        self.worker: OutboxWorker | None = None
        self._opened: list[Client] = []

    def register(self, kinds: Iterable[str], deliverer: Deliverer) -> None:
        """Let `deliverer` send every item of these kinds."""
        for kind in kinds:
            if kind in self.deliverers:
                raise ValueError(f"two deliverers for {kind}")
            self.deliverers[kind] = deliverer

    async def start(self) -> None:
        for client in self.clients:
            await client.start()
            self._opened.append(client)
        self.worker = OutboxWorker(self.outbox, self.deliverers, self.options)
        await self.worker.start()

    async def stop(self, grace: float = 5.0) -> None:
        if self.worker is not None:
            await self.worker.stop(grace)
        while self._opened:
            await self._opened.pop().close()
