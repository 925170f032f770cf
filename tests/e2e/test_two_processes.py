"""Two `python -m bot serve` processes on one PostgreSQL database behave as one:
a phrase staff teach through one process is understood by the other at once,
without a restart; the weekly summary is posted once; the queue is shared.
Also read from the real processes: /metrics and LOG_FORMAT=json."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from bot.analytics.weekly import is_due
from bot.clock import utc_now
from bot.store import Store, open_store

# the real-process helpers of the kill -9 test
from tests.e2e.test_kill9 import (
    Service,
    fakes,  # noqa: F401  (a fixture)
    service_env,
    until,
)
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.api_server import Canned
from tests.fakes.slack_api import TEAM_ID, arguments, slack_headers
from tests.outbox.helpers import STAFF
from tests.platforms import SLACK_SECRET
from tests.store.conftest import postgres_schema_url  # noqa: F401  (a fixture)

STAFF_CHANNEL = "C0STAFF01"
UNKNOWN = "雪灯りまつりの計画はいつまで?"
UPLOAD_URL = "/api/files.getUploadURLExternal"
COMPLETE = "/api/files.completeUploadExternal"


@pytest.fixture
def services(
    postgres_schema_url: str,  # noqa: F811
    fakes: tuple[FakeLineApi, FakeSlackApi],  # noqa: F811
    tmp_path: Path,
) -> Iterator[tuple[Service, Service]]:
    line, slack = fakes
    slack.respond(UPLOAD_URL, lambda request: Canned(
        200, {"ok": True, "upload_url": slack.url + "/upload/F0CHART1", "file_id": "F0CHART1"}
    ))  # fmt: skip
    slack.respond(COMPLETE, lambda request: Canned(
        200, {"ok": True, "files": [{"id": "F0CHART1", "title": "chart"}]}
    ))  # fmt: skip
    env = service_env(postgres_schema_url, line, slack)
    env.update(SLACK_STAFF_CHANNEL=STAFF_CHANNEL, LOG_FORMAT="json")
    logs = [open(tmp_path / f"serve-{n}.log", "w") for n in (1, 2)]  # noqa: SIM115
    first = Service(tmp_path, env, logs[0])
    second = Service(tmp_path, env, logs[1])
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()
        for log in logs:
            log.close()


@pytest.fixture
def shared(postgres_schema_url: str) -> Iterator[Store]:  # noqa: F811
    with open_store(postgres_schema_url) as store:
        yield store


def ask(service: Service, browser: str, text: str) -> dict:
    response = httpx.post(service.base + "/api/ask", json={"user": browser, "text": text})
    assert response.status_code == 200
    return response.json()


def teach(service: Service, question_id: int, plan_id: str) -> None:
    payload = {
        "type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": STAFF},
        "api_app_id": "A0APP0001", "container": {"type": "view", "view_id": "V1"},
        "view": {"id": "V1", "type": "home"}, "trigger_id": "1.2",
        "actions": [{"type": "static_select", "action_id": "queue_alias", "block_id": "b",
                     "selected_option": {"value": f"{question_id}|{plan_id}"},
                     "action_ts": "1.0"}],
    }  # fmt: skip
    body = urlencode({"payload": json.dumps(payload)}).encode()
    headers = slack_headers(SLACK_SECRET, body, content_type="application/x-www-form-urlencoded")
    assert (
        httpx.post(service.base + "/slack/events", content=body, headers=headers).status_code == 200
    )


@pytest.mark.postgres
def test_two_processes_share_learned_aliases_the_queue_and_the_weekly_summary(
    services: tuple[Service, Service],
    fakes: tuple[FakeLineApi, FakeSlackApi],  # noqa: F811
    shared: Store,
    tmp_path: Path,
) -> None:
    first, second = services
    _, slack = fakes
    assert "お答えできません" in ask(first, "a" * 32, UNKNOWN)["answer"]
    assert "お答えできません" in ask(second, "b" * 32, UNKNOWN)["answer"]
    queue = shared.analytics.open_queue()
    assert len(queue) == 2  # one queue, whichever process answered

    teach(first, queue[0].id, "dmo-tourism")
    until(lambda: shared.analytics.active_aliases(), "the alias stored")
    answer = ask(second, "c" * 32, UNKNOWN)  # the other process, never restarted
    assert "地域連携DMO" in answer["answer"] and "お答えできません" not in answer["answer"]
    assert shared.analytics.open_queue() == []

    if is_due(utc_now()):  # Monday 09:00 JST onwards: this week's summary is due
        until(lambda: slack.received(COMPLETE), "the chart uploaded")
        time.sleep(1.0)  # time for a second, wrong, post to show
        posts = [m for m in slack.channel_messages(STAFF_CHANNEL)]
        assert len(posts) == 1 and "先週" in posts[0]["text"]
        [complete] = slack.received(COMPLETE)
        assert arguments(complete)["thread_ts"] == posts[0]["ts"]  # the chart, in its thread
        [upload] = slack.received("/upload/F0CHART1")
        assert upload.body.find(b"\x89PNG\r\n") >= 0
    else:
        assert slack.channel_messages(STAFF_CHANNEL) == []

    metrics = httpx.get(first.base + "/metrics").text
    assert 'nagai_answers_total{outcome="out_of_scope"} 1.0' in metrics
    assert 'nagai_http_requests_total{method="POST",route="/api/ask",status="200"} 1.0' in metrics
    assert "nagai_outbox_items" in metrics

    first.stop()
    lines = (tmp_path / "serve-1.log").read_text().splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert records and {"time", "level", "logger", "message"} <= set(records[0])
    assert any(r["logger"] == "bot.analytics.live" for r in records)
    assert UNKNOWN not in "\n".join(lines)  # no resident's text in the log at info level
