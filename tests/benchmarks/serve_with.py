"""`python -m bot serve` with a chosen event loop and HTTP parser, so one
benchmark run compares uvicorn's plain asyncio + h11 with uvloop + httptools:

    python -m tests.benchmarks.serve_with asyncio|uvloop h11|httptools PORT
"""

from __future__ import annotations

import logging
import sys

import uvicorn

from bot.app import create_app
from bot.server import LOG_FORMAT
from bot.settings import Settings

if __name__ == "__main__":
    loop, http, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    uvicorn.run(
        create_app(Settings(), freeze_heap=True), host="127.0.0.1", port=port, log_level="info",
        log_config=None, proxy_headers=True, loop=loop, http=http,
    )  # fmt: skip
