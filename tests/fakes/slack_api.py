"""A fake Slack Web API (point SLACK_API_BASE_URL at `fake.api_url`), which
also serves response_url posts under /response/.

It keeps the conversations it was asked to write to, enough for the delivery
worker's idempotency: chat.postMessage stores the message (with its
`metadata`), chat.update and chat.delete change it, conversations.history and
conversations.replies read it back (newest first / oldest first, `oldest`,
`latest`, `inclusive`, `limit`, `cursor`, metadata only with
include_all_metadata), and
conversations.members answers from `members`, conversations.info says a
channel is private unless it is in `public_channels` (or not found, in
`missing_channels`). Message timestamps follow the
wall clock, as Slack's do, so `oldest` filters work.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.fakes.api_server import Canned, FakeApiServer, Recorded

AUTH_TEST = "/api/auth.test"
POST_MESSAGE = "/api/chat.postMessage"
UPDATE = "/api/chat.update"
DELETE = "/api/chat.delete"
POST_EPHEMERAL = "/api/chat.postEphemeral"
HISTORY = "/api/conversations.history"
REPLIES = "/api/conversations.replies"
MEMBERS = "/api/conversations.members"
INFO = "/api/conversations.info"
OPEN = "/api/conversations.open"
VIEWS_OPEN = "/api/views.open"
RESPONSE_URL_PATH = "/response/T1/cmd"

BOT_USER_ID = "UBOTUSER1"
BOT_ID = "BBOTID001"
TEAM_ID = "T0TEAM001"


def arguments(request: Recorded) -> dict[str, Any]:
    """A Web API call's arguments, from the query string and the JSON or form body."""
    args: dict[str, Any] = dict(request.query)
    body = request.json if request.body else None
    if isinstance(body, dict):
        args.update(body)
    for name in ("blocks", "metadata"):
        if isinstance(args.get(name), str):
            args[name] = json.loads(args[name])
    return args


def _flag(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


class FakeSlackApi(FakeApiServer):
    def __init__(self) -> None:
        super().__init__()
        self.conversations: dict[str, list[dict[str, Any]]] = {}
        self.deleted: list[dict[str, Any]] = []
        self.members: dict[str, list[str]] = {}
        # conversations.info: every channel exists and is private, unless listed here
        self.public_channels: set[str] = set()
        self.missing_channels: set[str] = set()
        self._last_micros = 0

        self.respond(
            AUTH_TEST,
            lambda request: Canned(
                200,
                {"ok": True, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": TEAM_ID,
                 "team": "Nagai", "user": "keikaku-bot", "url": "https://nagai.example/"},
            ),
        )
        self.respond(POST_MESSAGE, self._post_message)
        self.respond(UPDATE, self._update)
        self.respond(DELETE, self._delete)
        self.respond(POST_EPHEMERAL, lambda request: Canned(200, {"ok": True, "message_ts": self._ts()}))
        self.respond(HISTORY, self._history)
        self.respond(REPLIES, self._replies)
        self.respond(MEMBERS, self._members)
        self.respond(INFO, self._info)
        self.respond(OPEN, self._open)
        self.respond(RESPONSE_URL_PATH, lambda request: Canned(200, "ok"))
        self.respond("*", lambda request: Canned(200, {"ok": True}))

    # -- what the workspace now shows ------------------------------------------

    def channel_messages(self, channel: str) -> list[dict[str, Any]]:
        """Top-level messages of a channel (thread parents included), oldest first."""
        with self._lock:
            return [m for m in self.conversations.get(channel, []) if _top_level(m)]

    def thread(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """The replies in a thread (not its parent), oldest first."""
        with self._lock:
            return [
                m for m in self.conversations.get(channel, [])
                if m.get("thread_ts") == thread_ts and m["ts"] != thread_ts
            ]

    def ephemerals(self) -> list[Recorded]:
        return self.received(POST_EPHEMERAL)

    def updates(self) -> list[Recorded]:
        return self.received(UPDATE)

    # -- Web API methods ----------------------------------------------------------

    def _ts(self) -> str:
        with self._lock:
            micros = max(int(time.time() * 1_000_000), self._last_micros + 1)
            self._last_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _post_message(self, request: Recorded) -> Canned:
        args = arguments(request)
        channel = str(args.get("channel") or "")
        if not channel:
            return Canned(200, {"ok": False, "error": "channel_not_found"})
        if not args.get("text") and not args.get("blocks"):
            return Canned(200, {"ok": False, "error": "no_text"})
        ts = self._ts()
        message: dict[str, Any] = {
            "type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts,
            "text": args.get("text", ""), "blocks": args.get("blocks") or [],
        }
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        with self._lock:
            self.conversations.setdefault(channel, []).append(message)
            self._lock.notify_all()
        return Canned(200, {"ok": True, "channel": channel, "ts": ts, "message": message})

    def _find(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.conversations.get(channel, []) if m["ts"] == ts), None)

    def _update(self, request: Recorded) -> Canned:
        args = arguments(request)
        with self._lock:
            message = self._find(str(args.get("channel")), str(args.get("ts")))
            if message is None:
                return Canned(200, {"ok": False, "error": "message_not_found"})
            for name in ("text", "blocks"):
                if name in args:
                    message[name] = args[name]
            self._lock.notify_all()
        return Canned(200, {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")})

    def _delete(self, request: Recorded) -> Canned:
        args = arguments(request)
        channel = str(args.get("channel"))
        with self._lock:
            message = self._find(channel, str(args.get("ts")))
            if message is None:
                return Canned(200, {"ok": False, "error": "message_not_found"})
            self.conversations[channel].remove(message)
            self.deleted.append(message)
            self._lock.notify_all()
        return Canned(200, {"ok": True, "channel": channel, "ts": args.get("ts")})

    def _history(self, request: Recorded) -> Canned:
        args = arguments(request)
        channel = str(args.get("channel"))
        with self._lock:
            found = [m for m in self.conversations.get(channel, []) if _top_level(m)]
        inclusive = _flag(args.get("inclusive"))
        oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or "inf")
        found = [
            m for m in found
            if (oldest <= float(m["ts"]) if inclusive else oldest < float(m["ts"]))
            and (float(m["ts"]) <= latest if inclusive else float(m["ts"]) < latest)
        ]
        return self._page(list(reversed(found)), args)

    def _replies(self, request: Recorded) -> Canned:
        args = arguments(request)
        channel, parent = str(args.get("channel")), str(args.get("ts"))
        with self._lock:
            if self._find(channel, parent) is None:
                return Canned(200, {"ok": False, "error": "thread_not_found"})
            found = [
                m for m in self.conversations.get(channel, [])
                if m["ts"] == parent or m.get("thread_ts") == parent
            ]
        found = [m for m in found if float(m["ts"]) >= float(args.get("oldest") or 0)]
        return self._page(found, args)

    def _page(self, found: list[dict[str, Any]], args: dict[str, Any]) -> Canned:
        start = int(args.get("cursor") or 0)
        limit = int(args.get("limit") or 100)
        page = found[start : start + limit]
        if not _flag(args.get("include_all_metadata")):
            page = [{k: v for k, v in m.items() if k != "metadata"} for m in page]
        more = start + limit < len(found)
        return Canned(200, {
            "ok": True, "messages": page, "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        })

    def _members(self, request: Recorded) -> Canned:
        args = arguments(request)
        channel = str(args.get("channel"))
        with self._lock:
            if channel not in self.members:
                return Canned(200, {"ok": False, "error": "channel_not_found"})
            members = list(self.members[channel])
        start = int(args.get("cursor") or 0)
        limit = int(args.get("limit") or 100)
        more = start + limit < len(members)
        return Canned(200, {
            "ok": True, "members": members[start : start + limit],
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        })

    def _info(self, request: Recorded) -> Canned:
        channel = str(arguments(request).get("channel") or "")
        with self._lock:
            if not channel or channel in self.missing_channels:
                return Canned(200, {"ok": False, "error": "channel_not_found"})
            private = channel not in self.public_channels
        return Canned(200, {"ok": True, "channel": {
            "id": channel, "name": "inquiries", "is_channel": True, "is_private": private,
        }})  # fmt: skip

    def _open(self, request: Recorded) -> Canned:
        users = str(arguments(request).get("users") or "")
        if not users or "," in users:
            return Canned(200, {"ok": False, "error": "users_list_not_supplied"})
        return Canned(200, {"ok": True, "channel": {"id": "D" + users.lstrip("UW")}})

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    @property
    def response_url(self) -> str:
        return self.url + RESPONSE_URL_PATH

    def posts(self) -> list[Recorded]:
        return self.received(POST_MESSAGE)

    def responses(self) -> list[Recorded]:
        return self.received(RESPONSE_URL_PATH)


def _top_level(message: dict[str, Any]) -> bool:
    return message.get("thread_ts") in (None, message["ts"])


def slack_headers(
    signing_secret: str, body: bytes, *, timestamp: int | None = None, content_type: str
) -> dict[str, str]:
    """The headers Slack sends: v0 HMAC-SHA256 over "v0:{ts}:{body}"."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    signature = "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "x-slack-request-timestamp": ts,
        "x-slack-signature": signature,
        "content-type": content_type,
    }


def event_body(event: dict[str, Any], *, event_id: str) -> bytes:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "A0APP0001",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1764000000,
            "event": event,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
    ).encode()


def mention_event(text: str, *, user: str = "U0STAFF01", channel: str = "C0PLANS01",
                  ts: str = "1764000001.000100", thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}",
             "ts": ts, "channel": channel, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm_event(text: str, *, user: str = "U0STAFF01", channel: str = "D0DIRECT1",
             ts: str = "1764000002.000200", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts,
            "channel": channel, "event_ts": ts, **extra}


def command_body(text: str, *, response_url: str, user: str = "U0STAFF01",
                 channel: str = "C0PLANS01") -> bytes:
    return urlencode(
        {"token": "legacy", "team_id": TEAM_ID, "channel_id": channel, "user_id": user,
         "command": "/keikaku", "text": text, "response_url": response_url,
         "trigger_id": "1.2.3", "api_app_id": "A0APP0001"}
    ).encode()


def action_body(value: str, *, response_url: str, user: str = "U0STAFF01",
                channel: str = "C0PLANS01", message_ts: str = "1764000003.000300",
                thread_ts: str | None = None, action_id: str = "suggest_0",
                ephemeral: bool = False) -> bytes:
    message: dict[str, Any] = {"type": "message", "ts": message_ts, "text": "…"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "api_app_id": "A0APP0001",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                      "is_ephemeral": ephemeral},
        "channel": {"id": channel},
        **({} if ephemeral else {"message": message}),
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b1",
                     "value": value, "action_ts": "1764000004.0"}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()
