"""The yardstick for the LINE webhook benchmark: a bare Starlette endpoint that
only checks X-Line-Signature and answers 200, served by uvicorn with the same
settings and logging as `python -m bot serve`.

    python -m tests.benchmarks.bare_line_endpoint PORT
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bot.server import LOG_FORMAT

SECRET = os.environ["LINE_CHANNEL_SECRET"].encode()


async def webhook(request: Request) -> PlainTextResponse:
    body = await request.body()
    expected = base64.b64encode(hmac.new(SECRET, body, hashlib.sha256).digest()).decode()
    if not hmac.compare_digest(expected, request.headers.get("x-line-signature", "")):
        return PlainTextResponse("invalid signature", status_code=400)
    return PlainTextResponse("OK")


app = Starlette(routes=[Route("/line/webhook", webhook, methods=["POST"])])

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="info", log_config=None)
