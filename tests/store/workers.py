"""Code run in separate processes by the store tests (importable under spawn).

Each worker puts exactly one item on `results`: what it found, or the error
it met as a string, so the test fails with the reason instead of timing out.
"""

from __future__ import annotations

from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

from bot.store import open_store


def claim_all(url: str, event_ids: list[str], start: Barrier, results: Queue) -> None:
    """Open the store, wait for the others, then claim every id in turn."""
    try:
        store = open_store(url)
        try:
            start.wait(timeout=60)
            results.put([store.claim_event("line", event_id) for event_id in event_ids])
        finally:
            store.close()
    except Exception as error:
        results.put(f"error: {error!r}")


def open_at_once(url: str, start: Barrier, results: Queue) -> None:
    """Wait for the others, then open (and so migrate) the store together."""
    try:
        start.wait(timeout=60)
        store = open_store(url)
        try:
            results.put(store.schema_version())
        finally:
            store.close()
    except Exception as error:
        results.put(f"error: {error!r}")
