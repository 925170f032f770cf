"""`python -m bot serve`: run the app under uvicorn.

A malformed setting, broken knowledge or an unusable database stops the start
with a message saying what to fix (exit status 1, no traceback).
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

import uvicorn
from pydantic import ValidationError

from bot.app import StartupError, create_app
from bot.knowledge import KnowledgeError
from bot.settings import Settings, describe_settings_error

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def drop_query_strings(record: logging.LogRecord) -> bool:
    """uvicorn's access line without the query string: a browser's inbox poll
    or a hand-made link may carry an id or a token there."""
    args = record.args
    # uvicorn logs '%s - "%s %s HTTP/%s" %d' with (client, method, path?query, version, status)
    if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
        record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
    return True


def serve(host: str = "127.0.0.1", port: int | None = None, *, err: TextIO = sys.stderr) -> int:
    import os

    from bot.logs import configure

    # read before Settings so that even a settings error is logged in the chosen format
    configure(os.environ.get("LOG_FORMAT", "text").strip().lower(), LOG_FORMAT)
    # Bolt logs a refused request's whole body at INFO, message text included;
    # the access log still shows each 401.
    logging.getLogger("slack_bolt").setLevel(logging.WARNING)
    logging.getLogger("uvicorn.access").addFilter(drop_query_strings)
    try:
        settings = Settings()
    except ValidationError as error:
        print(describe_settings_error(error), file=err)
        return 1
    try:
        app = create_app(settings, freeze_heap=True)
    except KnowledgeError as error:
        print(
            f"知識ファイル ({settings.knowledge_dir}) に問題があるため起動できません:\n{error}",
            file=err,
        )
        return 1
    except StartupError as error:
        print(str(error), file=err)
        return 1
    uvicorn.run(
        app,
        host=host,
        port=port or settings.port,
        log_level="info",
        # our own handlers print the app's lines; keep uvicorn's in the same format
        log_config=None,
        # the app reads X-Forwarded-For itself, from TRUSTED_PROXIES only (bot/app.py)
        proxy_headers=False,
        timeout_graceful_shutdown=10,
    )
    return 0
