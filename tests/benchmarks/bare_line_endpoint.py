"""The yardsticks for the LINE webhook benchmark, served by uvicorn with the
same settings and logging as `python -m bot serve`:

- `bare`: a Starlette endpoint that only checks X-Line-Signature and answers 200;
- `answer`: the same, plus the bot's answer function (Bot.handle on a SQLite
  store, as the service composes it) for each text event, inline, before the 200.

    python -m tests.benchmarks.bare_line_endpoint bare|answer PORT
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bot.app import build_bot
from bot.core.types import Message
from bot.knowledge import load_knowledge
from bot.server import LOG_FORMAT
from bot.store import open_store

SECRET = os.environ["LINE_CHANNEL_SECRET"].encode()
MODE = sys.argv[1] if len(sys.argv) > 2 else "bare"

bot = None
if MODE == "answer":
    store = open_store(None, sqlite_path=Path(tempfile.mkdtemp()) / "bot.sqlite3")
    bot = build_bot(load_knowledge(), store, lambda: dt.date(2026, 11, 26))


async def webhook(request: Request) -> PlainTextResponse:
    body = await request.body()
    expected = base64.b64encode(hmac.new(SECRET, body, hashlib.sha256).digest()).decode()
    if not hmac.compare_digest(expected, request.headers.get("x-line-signature", "")):
        return PlainTextResponse("invalid signature", status_code=400)
    if bot is not None:
        for event in json.loads(body).get("events", []):
            bot.handle(Message("line", event["source"]["userId"], event["message"]["text"]))
    return PlainTextResponse("OK")


app = Starlette(routes=[Route("/line/webhook", webhook, methods=["POST"])])

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[-1]), log_level="info", log_config=None)
