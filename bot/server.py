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


def serve(host: str = "127.0.0.1", port: int | None = None, *, err: TextIO = sys.stderr) -> int:
    import os

    from bot.logs import configure

    # read before Settings so that even a settings error is logged in the chosen format
    configure(os.environ.get("LOG_FORMAT", "text").strip().lower(), LOG_FORMAT)
    # Bolt logs a refused request's whole body at INFO, message text included;
    # the access log still shows each 401.
    logging.getLogger("slack_bolt").setLevel(logging.WARNING)
    try:
        settings = Settings()
    except ValidationError as error:
        print(describe_settings_error(error), file=err)
        return 1
    try:
        app = create_app(settings)
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
        proxy_headers=True,
        timeout_graceful_shutdown=10,
    )
    return 0
