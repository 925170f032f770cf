"""Delivering what the outbox holds, knowing no platform.

- worker.py: the background loop (claim, deliver, complete / retry / give up;
  leases, backoff, Retry-After)
- outcomes.py: what a deliverer reports (Retryable, Permanent, Unavailable)
- service.py: the worker with the deliverers the channels registered and
  their API clients, for the app's lifespan

The deliverers live with their platforms: bot/channels/*/deliverer.py.
"""

from bot.outbox.outcomes import Deliverer, DeliveryError, Permanent, Retryable, Unavailable
from bot.outbox.service import DeliveryService
from bot.outbox.worker import OutboxWorker, RetryPolicy, WorkerOptions

# What the worker hands a deliverer, as the store keeps it.
from bot.store.outbox import FAILED, OutboxItem, OutboxRecord

__all__ = [
    "FAILED",
    "Deliverer",
    "DeliveryError",
    "DeliveryService",
    "OutboxItem",
    "OutboxRecord",
    "OutboxWorker",
    "Permanent",
    "RetryPolicy",
    "Retryable",
    "Unavailable",
    "WorkerOptions",
]
