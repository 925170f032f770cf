"""Delivering what the outbox holds: inquiries and their threads to Slack,
staff answers and notices to residents (LINE push, Slack DM, the web page).

- worker.py: the background loop (claim, deliver, complete / retry / give up)
- outcomes.py: what a deliverer reports (Retryable, Permanent, Unavailable)
- slack_delivery.py, line_delivery.py, resident.py: one deliverer per kind
- messages.py: what staff and residents read
- service.py: the worker, its deliverers and their API clients, for the app's lifespan
"""

from bot.delivery.service import DeliveryOptions, DeliveryService
from bot.delivery.worker import OutboxWorker, RetryPolicy, WorkerOptions

__all__ = ["DeliveryOptions", "DeliveryService", "OutboxWorker", "RetryPolicy", "WorkerOptions"]
