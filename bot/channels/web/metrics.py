"""GET /metrics in the Prometheus text format (prometheus-client).

- nagai_http_requests_total{route, method, status}: every request, by the
  route's template (/static/{name}), never the raw path;
- nagai_answers_total{outcome} and nagai_answer_seconds: questions answered
  by this process, by outcome, and how long the answer took;
- nagai_outbox_items{platform, status}: the outbox read from the database at
  scrape time, so every process reports the shared depth;
- nagai_delivery_failures{platform}: items that gave up (status failed).

Each app has its own registry: two apps in one test process do not collide.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


class OutboxCounts(Protocol):
    def outbox_counts(self) -> dict[tuple[str, str], int]: ...


class _OutboxCollector(Collector):
    def __init__(self, source: OutboxCounts) -> None:
        self.source = source

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily(
            "nagai_outbox_items",
            "Outbox items by platform and status",
            labels=["platform", "status"],
        )
        failed = GaugeMetricFamily(
            "nagai_delivery_failures", "Deliveries that gave up, by platform", labels=["platform"]
        )
        try:
            counts = self.source.outbox_counts()
        except Exception:  # a scrape must not fail because the database is away
            counts = {}
        for (platform, status), n in sorted(counts.items()):
            depth.add_metric([platform, status], n)
            if status == "failed":
                failed.add_metric([platform], n)
        yield depth
        yield failed


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "nagai_http_requests", "HTTP requests", ["route", "method", "status"],
            registry=self.registry,
        )  # fmt: skip
        self.answers = Counter(
            "nagai_answers", "Questions answered, by outcome", ["outcome"], registry=self.registry
        )
        self.latency = Histogram(
            "nagai_answer_seconds",
            "Time to answer one question",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
            registry=self.registry,
        )
        self._routes: list[BaseRoute] = []
        # (method, path) -> route, for routes without parameters: a bounded
        # set, so every webhook request is not matched against every route
        self._fixed: dict[tuple[str, str], str] = {}

    def observe_answer(self, outcome: str, seconds: float) -> None:
        self.answers.labels(outcome).inc()
        self.latency.observe(seconds)

    def routes(self, outbox: OutboxCounts) -> list[BaseRoute]:
        self.registry.register(_OutboxCollector(outbox))

        async def metrics(request: Request) -> Response:
            body = await run_in_threadpool(generate_latest, self.registry)
            return Response(body, media_type=CONTENT_TYPE_LATEST)

        return [Route("/metrics", metrics, methods=["GET"], name="metrics")]

    def instrument(self, app: Any) -> None:
        """Count every request of `app` by route template and status."""
        self._routes = app.routes
        app.add_middleware(_CountRequests, metrics=self)

    def route_of(self, scope: Scope) -> str:
        key = (scope.get("method", ""), scope.get("path", ""))
        known = self._fixed.get(key)
        if known is not None:
            return known
        for route in self._routes:
            match, _ = route.matches(scope)
            if match == Match.FULL:
                path = getattr(route, "path", "other")
                if path == key[1]:
                    self._fixed[key] = path
                return path
        return "unmatched"


class _CountRequests:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = {"code": 500}

        async def sending(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = self.metrics.route_of(scope)
            self.metrics.requests.labels(route, scope.get("method", ""), str(status["code"])).inc()
