"""Load for the LINE webhook of real `serve` processes: signed text events
from many clients and users, and the count, at the fake LINE API, of what
each event got (by its reply token and by its push retry key)."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import aiohttp

from bot.channels.line.outbound import retry_key
from tests.e2e.test_kill9 import Service
from tests.fakes import FakeLineApi
from tests.fakes.line_api import sign_line, text_event, webhook_body
from tests.platforms import LINE_SECRET, LINE_TOKEN, SETTING_NAMES

QUESTIONS = (
    "電話番号を教えて", "計画の一覧を見せて", "DMOの計画はいつ認定された?", "こんにちは",
    "まちなか交流施設整備計画の概要", "問い合わせ先は?", "観光", "ありがとう",
)  # fmt: skip


def line_env(database_url: str, line: FakeLineApi, lease_seconds: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=database_url,
        LINE_CHANNEL_SECRET=LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN=LINE_TOKEN,
        LINE_API_BASE_URL=line.url,
        OUTBOX_LEASE_SECONDS=str(lease_seconds),
        BOT_TODAY="2026-11-26",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def start(workdir: Path, env: dict[str, str], log: IO[str]) -> Service:
    return Service(workdir, env, log)


@dataclass(frozen=True)
class Event:
    event_id: str
    body: bytes
    signature: str

    @property
    def reply_token(self) -> str:
        return f"rt-{self.event_id}"


def events(count: int, users: int, prefix: str = "E") -> list[Event]:
    out = []
    for i in range(count):
        event_id = f"{prefix}{i:025d}"
        body = webhook_body(
            text_event(
                QUESTIONS[i % len(QUESTIONS)],
                user=f"U{i % users:032x}",
                event_id=event_id,
                reply_token=f"rt-{event_id}",
            )
        )
        out.append(Event(event_id, body, sign_line(LINE_SECRET, body)))
    return out


@dataclass
class Burst:
    """Which events got 200 (LINE would not send them again)."""

    accepted: set[str] = field(default_factory=set)
    refused: Counter[str] = field(default_factory=Counter)  # why the others did not


async def send(urls: list[str], batch: list[Event], clients: int, burst: Burst) -> None:
    """Post every event, `clients` at a time; client i posts to urls[i % len(urls)]."""
    queue = list(reversed(batch))
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def client(url: str) -> None:
            while queue:
                event = queue.pop()
                headers = {"content-type": "application/json", "x-line-signature": event.signature}
                try:
                    async with session.post(
                        url + "/line/webhook", data=event.body, headers=headers
                    ) as response:
                        await response.read()
                        if response.status == 200:
                            burst.accepted.add(event.event_id)
                        else:
                            burst.refused[f"HTTP {response.status}"] += 1
                except (aiohttp.ClientError, TimeoutError) as error:
                    burst.refused[type(error).__name__] += 1

        await asyncio.gather(*(client(urls[i % len(urls)]) for i in range(clients)))


def answers_by_event(line: FakeLineApi, batch: list[Event]) -> Counter[str]:
    """How many answers reached LINE for each event, by reply or by push."""
    by_token = {e.reply_token: e.event_id for e in batch}
    by_key = {retry_key(e.event_id): e.event_id for e in batch}
    counts: Counter[str] = Counter()
    for how, key in line.answers():
        event_id = by_token.get(key) if how == "reply" else by_key.get(key)
        if event_id is not None:
            counts[event_id] += 1
    return counts


def wait_answered(line: FakeLineApi, batch: list[Event], expected: set[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        answered = answers_by_event(line, batch)
        missing = expected - set(answered)
        if not missing:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(missing)} accepted events never answered, e.g. {sorted(missing)[:3]}")
        time.sleep(0.2)
