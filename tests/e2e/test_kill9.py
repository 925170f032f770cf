"""kill -9 in the middle of a delivery: the real service (`python -m bot serve`)
as a subprocess, on a SQLite file and on PostgreSQL, talking to local fake
Slack and LINE APIs that run in this process.

The fake holds a request after it took effect (the post is in the channel,
the push reached the phone) and before it answers; the service is killed
right then, so it never learns that the call worked. A fresh process must
finish the job after the item's lease runs out without saying anything
twice: the inquiry is posted once (found again by its metadata) and the staff
answer reaches the resident once (the same X-Line-Retry-Key gets 409).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

from bot.store import Store, open_store
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import PUSH, REPLY, sign_line, text_event, webhook_body
from tests.fakes.slack_api import POST_MESSAGE, event_body, slack_headers
from tests.outbox.helpers import INQUIRY_CHANNEL, RESIDENT, STAFF, thread_reply
from tests.platforms import (
    LINE_SECRET,
    LINE_TOKEN,
    SETTING_NAMES,
    SLACK_SECRET,
    SLACK_TOKEN,
)

# the DATABASE_URLs of both backends (PostgreSQL from TEST_DATABASE_URL)
from tests.store.conftest import database_url, postgres_schema_url  # noqa: F401

LEASE_SECONDS = 2
HANG = 60.0  # the fake holds the call far longer than the test lasts
DEADLINE = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    """One `python -m bot serve` process; `kill9()` ends it without any cleanup."""

    def __init__(self, workdir: Path, env: dict[str, str], log: IO[str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--port", str(self.port)],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("serve did not start (see the log above)")
            time.sleep(0.05)

    def kill9(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def fakes() -> Iterator[tuple[FakeLineApi, FakeSlackApi]]:
    with FakeLineApi() as line, FakeSlackApi() as slack:
        slack.members[INQUIRY_CHANNEL] = [STAFF]
        yield line, slack  # type: ignore[misc]


def service_env(url: str, line: FakeLineApi, slack: FakeSlackApi) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=url,
        LINE_CHANNEL_SECRET=LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN=LINE_TOKEN,
        LINE_API_BASE_URL=line.url,
        SLACK_BOT_TOKEN=SLACK_TOKEN,
        SLACK_SIGNING_SECRET=SLACK_SECRET,
        SLACK_API_BASE_URL=slack.api_url,
        SLACK_INQUIRY_CHANNEL=INQUIRY_CHANNEL,
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
        BOT_TODAY="2026-11-26",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def line_says(service: Service, line: FakeLineApi, text: str) -> None:
    replies = len(line.received(REPLY))
    event = text_event(text, user=RESIDENT, event_id=uuid.uuid4().hex[:26].upper(),
                       reply_token=f"rt-{uuid.uuid4().hex}")  # fmt: skip
    body = webhook_body(event)
    signature = sign_line(LINE_SECRET, body)
    response = httpx.post(service.base + "/line/webhook", content=body,
                          headers={"x-line-signature": signature,
                                   "content-type": "application/json"})  # fmt: skip
    assert response.status_code == 200
    line.wait_for(REPLY, replies + 1)


def until(check: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what}: not within {DEADLINE} s"
        time.sleep(0.05)


def test_a_killed_delivery_is_finished_once_by_the_next_process(
    database_url: str,  # noqa: F811
    fakes: tuple[FakeLineApi, FakeSlackApi],
    tmp_path: Path,
) -> None:
    line, slack = fakes
    env = service_env(database_url, line, slack)
    started = time.monotonic()
    with (tmp_path / "serve.log").open("w") as log, open_store(database_url) as store:
        services: list[Service] = []
        try:
            # 1. The inquiry's post hangs in Slack (already posted); kill -9.
            slack.fail(POST_MESSAGE, delay=HANG, effect=True)
            first = Service(tmp_path, env, log)
            services.append(first)
            for text in ("市長に意見を伝えたい", "担当者に問い合わせたい", "送信する"):
                line_says(first, line, text)
            slack.wait_for(POST_MESSAGE)
            first.kill9()
            slack.release()  # the answer goes nowhere: its caller is gone

            second = Service(tmp_path, env, log)
            services.append(second)
            [inquiry] = store.desk.list_open()
            until(lambda: posted(store, inquiry.id), "the next process finished the post")
            [post] = slack.channel_messages(INQUIRY_CHANNEL)
            assert len(slack.posts()) == 1, "found by its metadata, not posted again"
            assert RESIDENT not in post["text"]

            # 2. A staff answer's push hangs at LINE (already delivered); kill -9.
            line.fail(PUSH, delay=HANG, effect=True)
            body = event_body(thread_reply("お返事です。市長に伝えました。", post["ts"]),
                              event_id="EvKill9")  # fmt: skip
            headers = slack_headers(SLACK_SECRET, body, content_type="application/json")
            assert httpx.post(second.base + "/slack/events", content=body,
                              headers=headers).status_code == 200  # fmt: skip
            line.wait_for(PUSH)
            second.kill9()
            line.release()

            third = Service(tmp_path, env, log)
            services.append(third)
            until(lambda: len(slack.thread(INQUIRY_CHANNEL, post["ts"])) >= 1,
                  "the next process told the thread")  # fmt: skip
            until(lambda: store.outbox.pending_count() == 0, "the outbox emptied")

            [pushed] = line.delivered(RESIDENT)
            assert "お返事です。市長に伝えました。" in pushed.json["messages"][0]["text"]
            assert len(line.pushes()) == 2  # the second got 409: already accepted
            assert len({r.headers["x-line-retry-key"] for r in line.pushes()}) == 1
            [note] = slack.thread(INQUIRY_CHANNEL, post["ts"])
            assert "LINEでお届けしました" in note["text"]
            assert len(slack.channel_messages(INQUIRY_CHANNEL)) == 1
        finally:
            for service in services:
                service.stop()
    assert time.monotonic() - started < 40


def posted(store: Store, inquiry_id: int) -> bool:
    record = store.desk.get_inquiry(inquiry_id)
    return record is not None and record.slack_ts is not None
