"""A fake HTTP API for the platform SDKs to talk to, over real sockets.

One aiohttp server on 127.0.0.1 (a free port), running on its own event loop
in a thread, so it serves sync tests, async tests and benchmarks alike, and a
test's own loop can never starve it. It records every request (path, headers,
body) and answers with a per-path default, unless a fault was queued for that
path: a status with a body, a Retry-After, a delay, a dropped connection.

A fault with `effect=True` models the dangerous half-failure: the platform
did the work (the default responder ran: a message was stored, a retry key
taken) and only the answer was lost or late. Delays end early on `release()`
(a test's "now let the platform answer") and when the fake stops.

Subclasses (FakeLineApi, FakeSlackApi) only add the platform's defaults.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

Responder = Callable[["Recorded"], "Canned"]


@dataclass(frozen=True)
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    body: bytes
    received_at: float  # time.perf_counter() when it arrived

    @property
    def json(self) -> Any:
        """The JSON body, or the form fields for a form-encoded body."""
        if "application/x-www-form-urlencoded" in self.headers.get("content-type", ""):
            return dict(parse_qsl(self.body.decode()))
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Canned:
    """A response: JSON-encoded unless `body` is already str or bytes."""

    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """What to do instead of the default answer, for the next `times` requests
    (None: for every request until cleared)."""

    status: int = 500
    body: Any = field(default_factory=lambda: {"message": "fault injected"})
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a timeout test sets it above the client's)
    disconnect: bool = False  # close the connection without any answer
    times: int | None = 1
    # The request takes effect first (the path's default answer is computed, with
    # whatever it records); then the delay and the disconnect apply, and an
    # answer that is still sent is that default answer, not `status`/`body`.
    effect: bool = False


class FakeApiServer:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._responders: dict[str, Responder] = {}
        self._subscribers: list[Callable[[Recorded], None]] = []
        self._faults: dict[str, deque[Fault]] = {}
        self._lock = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._release: asyncio.Event | None = None  # set to end the delays running now
        self.port = 0

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> FakeApiServer:
        started = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._serve())
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name=type(self).__name__, daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake API did not start")
        return self

    async def _serve(self) -> None:
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._site = site

    def refuse_connections(self) -> None:
        """Stop listening: new connections are refused (open ones stay)."""
        assert self._loop is not None and self._site is not None
        asyncio.run_coroutine_threadsafe(self._site.stop(), self._loop).result(10)

    def accept_connections(self) -> None:
        """Listen again on the same port."""
        assert self._loop is not None and self._runner is not None
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        asyncio.run_coroutine_threadsafe(site.start(), self._loop).result(10)
        self._site = site

    def stop(self) -> None:
        if self._loop is None:
            return
        self.release()  # hanging handlers would hold the shutdown up
        runner = self._runner
        if runner is not None:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop.close()
        self._loop = None

    def __enter__(self) -> FakeApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- configuring ----------------------------------------------------------

    def respond(self, path: str, responder: Responder) -> None:
        """Set the default answer for `path` (exact match, or "*" for any path)."""
        self._responders[path] = responder

    def fail(self, path: str, fault: Fault | None = None, **options: Any) -> Fault:
        """Queue a fault for `path`: `fail("/x", status=429, headers={"Retry-After": "1"})`."""
        fault = fault or Fault(**options)
        with self._lock:
            self._faults.setdefault(path, deque()).append(fault)
        return fault

    def subscribe(self, callback: Callable[[Recorded], None]) -> None:
        """Call `callback(record)` on the fake's thread as each request arrives
        (benchmarks use it to time the moment a reply reaches the platform)."""
        self._subscribers.append(callback)

    def release(self) -> None:
        """End every delay now running (a hanging request answers at once)."""
        if self._loop is None:
            return

        def release() -> None:
            if self._release is not None:
                self._release.set()
            self._release = None

        if threading.current_thread() is self._thread:
            release()
        else:
            asyncio.run_coroutine_threadsafe(_call(release), self._loop).result(10)

    def clear(self) -> None:
        """Forget the recorded requests and the queued faults."""
        with self._lock:
            self.requests.clear()
            self._faults.clear()

    # -- inspecting -----------------------------------------------------------

    def received(self, path: str | None = None) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def wait_for(self, path: str, count: int = 1, timeout: float = 10.0) -> list[Recorded]:
        """Block until `count` requests to `path` arrived; then return them all.
        From async code use `await asyncio.to_thread(fake.wait_for, ...)`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [r for r in self.requests if r.path == path]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{path}: {len(found)} of {count} requests arrived in {timeout} s"
                    )
                self._lock.wait(left)

    def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition"
    ) -> None:
        """Block until `predicate()` holds; it is re-checked as each request is handled."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{type(self).__name__}: {what} not met in {timeout} s")
                self._lock.wait(min(left, 0.05))

    # -- serving --------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        record = Recorded(
            method=request.method,
            path=request.path,
            query=dict(request.query),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
            received_at=time.perf_counter(),
        )
        with self._lock:
            self.requests.append(record)
            fault = self._next_fault(record.path)
            self._lock.notify_all()
        for callback in self._subscribers:
            callback(record)
        if fault is None:
            return _to_response(self._answer(record))
        canned = self._answer(record) if fault.effect else None
        if fault.delay:
            await self._hang(fault.delay)
        if fault.disconnect:
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if canned is not None:
            return _to_response(canned)
        return _to_response(Canned(fault.status, fault.body, fault.headers))

    def _answer(self, record: Recorded) -> Canned:
        responder = self._responders.get(record.path) or self._responders.get("*")
        return responder(record) if responder else Canned(404, {"message": "Not found"})

    async def _hang(self, delay: float) -> None:
        if self._release is None:
            self._release = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._release.wait(), delay)

    def _next_fault(self, path: str) -> Fault | None:
        queue = self._faults.get(path)
        if not queue:
            return None
        fault = queue[0]
        if fault.times is not None:
            fault.times -= 1
            if fault.times <= 0:
                queue.popleft()
        return fault


async def _call(function: Callable[[], None]) -> None:
    function()


def _to_response(canned: Canned) -> web.Response:
    if isinstance(canned.body, bytes):
        return web.Response(status=canned.status, body=canned.body, headers=canned.headers)
    if isinstance(canned.body, str):
        return web.Response(status=canned.status, text=canned.body, headers=canned.headers)
    return web.json_response(canned.body, status=canned.status, headers=canned.headers)
