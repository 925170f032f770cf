"""`python -m bot serve` as an operator runs it: a real process on a real port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.platforms import SETTING_NAMES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    env.update(settings)
    return env


def run_serve(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve", *args],
        cwd=tmp_path,
        env=environment(**settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start:\n{process.communicate()[0]}")
            time.sleep(0.1)
        yield base, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def test_starts_with_no_credentials_and_serves_health_and_the_chat_page(
    server: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, process = server

    assert httpx.get(base + "/healthz").json()["status"] == "ok"
    assert httpx.get(base + "/").status_code == 200
    assert (tmp_path / "var" / "bot.sqlite3").exists(), "SQLite under var/ by default"

    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=15)[0]
    assert process.returncode == 0
    assert output.count("LINE adapter off") == 1
    assert output.count("Slack adapter off") == 1
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("name", "value"),
    [("PORT", "eighty"), ("BOT_TODAY", "2026-02-30"), ("DATABASE_URL", "mysql://db/bot"),
     ("KNOWLEDGE_DIR", "/no/such/dir"), ("LINE_API_BASE_URL", "api.line.me")],
)
def test_a_malformed_setting_stops_the_start_naming_it(
    tmp_path: Path, name: str, value: str
) -> None:
    result = run_serve(tmp_path, **{name: value})

    assert result.returncode == 1
    assert name in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_secret_is_never_echoed_in_the_message(tmp_path: Path) -> None:
    result = run_serve(tmp_path, DATABASE_URL="mysql://user:hunter2@db/bot")

    assert result.returncode == 1
    assert "hunter2" not in result.stderr


def test_broken_knowledge_stops_the_start_with_the_problem(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "plans.yaml").write_text("plans:\n  - id: Not An Id\n", encoding="utf-8")

    result = run_serve(tmp_path, KNOWLEDGE_DIR=str(knowledge))

    assert result.returncode == 1
    assert "plans.yaml" in result.stderr
    assert "Traceback" not in result.stderr
