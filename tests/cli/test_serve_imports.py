"""`serve` imports a platform's SDK (and the HTTP client its outbound calls
use) only when that platform is configured, and the LINE webhook needs no
SDK at start (its hot path goes around the SDK); its HTTP client, aiohttp,
is imported a moment after the start or at the first request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from bot.app import create_app
from bot.settings import Settings
create_app(Settings())
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'linebot', 'slack_bolt', 'slack_sdk', 'aiohttp'})))
"""


def sdks_imported(tmp_path: Path, **settings: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "SLACK_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.sqlite3'}", **settings)
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(out.splitlines()[-1])


def test_with_no_platform_configured_no_sdk_is_imported(tmp_path: Path) -> None:
    assert sdks_imported(tmp_path) == []


def test_with_line_configured_the_webhook_imports_no_sdk_at_start(tmp_path: Path) -> None:
    assert sdks_imported(tmp_path, LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t") == []


def test_control_with_slack_configured_bolt_is_imported(tmp_path: Path) -> None:
    assert sdks_imported(tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="x") == [
        "aiohttp", "slack_bolt", "slack_sdk"
    ]
