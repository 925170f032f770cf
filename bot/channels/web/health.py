"""GET /healthz: 200 only when the knowledge is loaded and the store answers.

A load balancer or platform router takes a process out of rotation on 503, so
the check is cheap (one `SELECT 1`) and says which part failed.
"""

from __future__ import annotations

from typing import Protocol

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.knowledge.models import KnowledgeBase


class Pingable(Protocol):
    def ping(self) -> bool: ...


def health_routes(kb: KnowledgeBase | None, store: Pingable) -> list[Route]:
    async def healthz(request: Request) -> Response:
        knowledge_ok = kb is not None and len(kb.plans) > 0
        try:
            store_ok = bool(await run_in_threadpool(store.ping))
        except Exception:  # a store that raises is as unhealthy as one that says no
            store_ok = False
        body = {
            "status": "ok" if knowledge_ok and store_ok else "unavailable",
            "knowledge": {"ok": knowledge_ok, "plans": len(kb.plans) if kb else 0},
            "store": {"ok": store_ok},
        }
        return JSONResponse(
            body,
            status_code=200 if knowledge_ok and store_ok else 503,
            headers={"Cache-Control": "no-store"},
        )

    return [Route("/healthz", healthz, methods=["GET"])]
