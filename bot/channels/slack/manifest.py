"""The Slack app manifest: `python -m bot slack manifest --url https://HOST`.

It declares exactly what this folder's code uses: the bot events its
listeners take (inbound.py, staff.py), the slash command, the message
shortcut, interactivity for the buttons, and the scopes of the Web API
methods it calls (METHOD_SCOPES). tests/channels/slack/test_manifest.py
checks it against the listeners the app registers and the methods the code
calls, so the two cannot drift apart.

Scopes, and why each is needed:
  app_mentions:read  app_mention events (mentions in channels)
  im:history         message.im (direct messages)
  channels:history   message.channels (replies in an inquiry's thread), conversations.history
                     / conversations.replies (finding an earlier post before posting again)
  groups:history     the same for a private inquiry channel
  channels:read, groups:read  conversations.members (who may handle inquiries),
                     conversations.info (at start: is the inquiry channel private?)
  chat:write         chat.postMessage, chat.update, chat.delete, chat.postEphemeral
  im:write           conversations.open (answers to staff who asked by DM)
  commands           /keikaku and the message shortcut
  files:write        the weekly summary's chart (files.upload_v2)
views.publish (App Home) and views.open (the answer form) need no scope of their own,
nor does the app_home_opened event.
`im:read` is not needed: no call reads a DM's information (conversations.info
is asked only about the inquiry channel); conversations.open needs im:write only.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.channels.slack.inbound import COMMAND
from bot.channels.slack.staff import DRAFT_SHORTCUT

EVENTS_PATH = "/slack/events"  # events, commands and interactivity share one endpoint

# Each Web API method the code calls, and the bot scopes it needs (public and
# private inquiry channels alike). A method missing here fails the test.
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.delete": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "conversations.history": ("channels:history", "groups:history"),
    "conversations.replies": ("channels:history", "groups:history"),
    "conversations.members": ("channels:read", "groups:read"),
    "conversations.info": ("channels:read", "groups:read"),
    "conversations.open": ("im:write",),
    "views.publish": (),
    "views.open": (),
    "files.upload_v2": ("files:write",),
}
# Each bot event subscribed, and its scope. `message.*` all reach the one
# `message` listener, which answers DMs and hands thread replies to staff.
EVENT_SCOPES: dict[str, str | None] = {
    "app_home_opened": None,  # the unanswered queue on the app's Home tab
    "app_mention": "app_mentions:read",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
}


class ManifestError(ValueError):
    pass


def manifest(url: str, city: str | None = None) -> dict[str, Any]:
    """The manifest for a service reachable at `url` (https://HOST); `city` is
    the knowledge's city name (city.yaml), read from the bundled knowledge if
    not given."""
    if city is None:
        from bot.knowledge import load_knowledge

        city = load_knowledge().city.name
    base = _base_url(url)
    endpoint = base + EVENTS_PATH
    scopes = {s for ss in METHOD_SCOPES.values() for s in ss}
    scopes |= {s for s in EVENT_SCOPES.values() if s}
    scopes.add("commands")
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": f"{city} 計画案内ボット",
            "description": (
                f"{city}の地域再生計画についての質問に答え、住民からの問い合わせを担当者へ届けます。"
            ),
            "background_color": "#0b5f86",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,  # the unanswered queue (home.py)
                "messages_tab_enabled": True,  # staff ask the bot by DM
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "keikaku-bot", "always_online": True},
            "slash_commands": [
                {
                    "command": COMMAND,
                    "url": endpoint,
                    "description": (
                        "地域再生計画について質問します（問い合わせの一覧・回答の下書きも）"
                    ),
                    "usage_hint": "質問 | inquiries | draft 本文",
                    "should_escape": False,
                }
            ],
            "shortcuts": [
                {
                    "name": "回答の下書き",
                    "type": "message",
                    "callback_id": DRAFT_SHORTCUT,
                    "description": "このメッセージへの回答の下書きと、使った情報を表示します",
                }
            ],
        },
        "oauth_config": {"scopes": {"bot": sorted(scopes)}},
        "settings": {
            "event_subscriptions": {"request_url": endpoint, "bot_events": sorted(EVENT_SCOPES)},
            "interactivity": {"is_enabled": True, "request_url": endpoint},
            "org_deploy_enabled": False,
            "socket_mode_enabled": False,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(url: str, city: str | None = None) -> str:
    return yaml.safe_dump(manifest(url, city), allow_unicode=True, sort_keys=False)


def _base_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise ManifestError(
            f"--url には https:// で始まるサービスのアドレスを指定してください（指定値: {url!r}）"
        )
    return f"https://{parts.netloc}{parts.path.rstrip('/')}"
