"""Large unsigned bodies against the real `python -m bot serve` process: each
is refused with a 4xx, and the process's memory (VmHWM, its peak resident
set, read from /proc/PID/status) grows by a few MB at most while 300 MB
are streamed at each endpoint, one after another and then four at once."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.channels.line.outbound import OPEN_DELAY
from tests.app.serve_process import serve_process
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import REPLY, sign_line, text_event, webhook_body
from tests.platforms import LINE_SECRET, LINE_TOKEN, SLACK_SECRET, SLACK_TOKEN

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads memory from /proc"
)

MB = 1024 * 1024
UPLOAD = 300 * MB
# The guard holds at most one 1 MB body per request, plus what the sockets buffer.
ALLOWED_GROWTH_KB = 8 * 1024
LINE_SIGNATURE = "A" * 43 + "="  # well formed, wrong
SLACK_HEADERS = f"X-Slack-Signature: v0={'0' * 64}\r\nX-Slack-Request-Timestamp: {{now}}\r\n"


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{pid}/status")


def stream(port: int, path: str, headers: str, *, chunked: bool) -> int | None:
    """Send up to UPLOAD bytes; the status the server answered (None: none read)."""
    framing = "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {UPLOAD}\r\n"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{headers.format(now=int(time.time()))}{framing}\r\n"
    ).encode()
    chunk = b"[" * MB
    if chunked:
        chunk = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        try:
            for _ in range(UPLOAD // MB):
                sock.sendall(chunk)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the server stopped reading: what we want
        try:
            line = sock.makefile("rb").readline()
        except (ConnectionResetError, TimeoutError):
            return None
    return int(line.split()[1]) if line.startswith(b"HTTP/") else None


CASES = [
    ("/line/webhook", "", False),  # unsigned, declared length
    ("/line/webhook", "", True),  # unsigned, streamed
    ("/line/webhook", f"X-Line-Signature: {LINE_SIGNATURE}\r\n", True),  # wrong signature
    ("/slack/events", "", False),
    ("/slack/events", SLACK_HEADERS, True),
    ("/api/ask", "", False),
    ("/api/ask", "", True),
]


@pytest.fixture
def serve(
    tmp_path: Path,
) -> Iterator[tuple[int, subprocess.Popen[bytes], FakeLineApi, FakeSlackApi]]:
    with FakeLineApi() as line, FakeSlackApi() as slack:
        settings = {
            "LINE_CHANNEL_SECRET": LINE_SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
            "LINE_API_BASE_URL": line.url,
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": SLACK_SECRET,
            "SLACK_API_BASE_URL": slack.api_url,
        }
        with serve_process(tmp_path, **settings) as (port, process):
            yield port, process, line, slack  # type: ignore[misc]


def test_300_mb_unsigned_bodies_are_refused_without_growing_memory(
    serve: tuple[int, subprocess.Popen[bytes], FakeLineApi, FakeSlackApi],
) -> None:
    port, process, line, slack = serve
    # warm up: every route once with a small refused request, and one signed
    # LINE event answered, so that lazy imports (the LINE SDK is imported a
    # moment after start-up) and first-use allocations are in the baseline
    for path, _, _ in CASES:
        httpx.post(f"http://127.0.0.1:{port}{path}", content=b"[]", timeout=10)
    assert answered_on_line(port, line, 1)
    before = settled_rss_kb(process.pid)
    line.clear()

    statuses = [stream(port, path, headers, chunked=chunked) for path, headers, chunked in CASES]
    together: list[int | None] = []
    threads = [
        threading.Thread(
            target=lambda c=case: together.append(stream(port, c[0], c[1], chunked=c[2]))
        )
        for case in (CASES[1], CASES[2], CASES[4], CASES[6])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    peak = status_kb(process.pid, "VmHWM")
    print(f"statuses {statuses} {together}; VmRSS before {before} kB, VmHWM after {peak} kB")
    assert all(s is not None and 400 <= s < 500 for s in statuses), statuses
    assert all(s is not None and 400 <= s < 500 for s in together), together
    assert peak - before <= ALLOWED_GROWTH_KB, f"grew {peak - before} kB (from {before} kB)"
    assert line.requests == [] and slack.requests == []

    # positive control: the same process still answers a signed event
    assert answered_on_line(port, line, 2)


def settled_rss_kb(pid: int, timeout: float = 20.0) -> int:
    """VmRSS once it has stopped growing: the LINE SDK's import, which begins
    OPEN_DELAY after the start on its thread, done."""
    time.sleep(OPEN_DELAY)
    deadline = time.monotonic() + timeout
    last = status_kb(pid, "VmRSS")
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = status_kb(pid, "VmRSS")
        if abs(now - last) < 256:
            return now
        last = now
    return last


def answered_on_line(port: int, line: FakeLineApi, n: int) -> bool:
    event = text_event(
        "電話番号を教えて", event_id=f"01HZZZZZZZZZZZZZZZZZZZZZZ{n}", reply_token=f"r{n}"
    )
    body = webhook_body(event)
    response = httpx.post(
        f"http://127.0.0.1:{port}/line/webhook",
        content=body,
        headers={
            "content-type": "application/json",
            "x-line-signature": sign_line(LINE_SECRET, body),
        },
        timeout=10,
    )
    return response.status_code == 200 and len(line.wait_for(REPLY)) == 1
