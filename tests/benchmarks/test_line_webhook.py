"""LINE webhook throughput and latency, over real sockets (`make bench`).

Two servers run side by side in one run, each a real uvicorn process with the
same settings and logging:
- the bot: `python -m bot serve` with LINE on, its API pointed at a fake LINE
  API in this process; each event is answered by the core and replied to
  through the real SDK client (plus the loading-animation call);
- the yardstick: a bare Starlette endpoint that only checks the signature
  (tests/benchmarks/bare_line_endpoint.py).

The load: distinct signed webhook requests, one text event each (real
questions, many users), from CONCURRENCY clients; each client sends its next
event once the previous one is done: for the bot, when the fake LINE API has
received the reply; for the bare endpoint, when its 200 is back. Printed:
events per second (all events over the wall time from the first send to the
last reply) and median / p99 of request-to-reply. The target is at least half
of the bare endpoint's throughput.

Knobs: BENCH_EVENTS (default 1000), BENCH_CONCURRENCY (default 16).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import httpx
import pytest

from bot.knowledge import load_knowledge
from tests.fakes import FakeLineApi, Recorded
from tests.fakes.line_api import REPLY, sign_line, text_event, webhook_body

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
WARMUP = 100
ROUNDS = 3
SECRET = "bench-channel-secret"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Server:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU the server process has used so far (Linux /proc)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    name: str
    events: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)

    def add(self, other: Result, cpu_seconds: float) -> None:
        self.events += other.events
        self.seconds += other.seconds
        self.cpu_seconds += cpu_seconds
        self.latencies_ms += other.latencies_ms

    @property
    def rate(self) -> float:
        return self.events / self.seconds

    def line(self) -> str:
        ordered = sorted(self.latencies_ms)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return (
            f"{self.name:<36} {self.rate:6.0f} events/s   median {statistics.median(ordered):6.1f} ms"
            f"   p99 {p99:6.1f} ms   server CPU {self.cpu_seconds / self.events * 1000:5.2f} ms/event"
        )


def questions() -> list[str]:
    kb = load_knowledge()
    asked = ["電話番号を教えて", "計画の一覧を見せて", "問い合わせ先は?", "こんにちは", "観光"]
    for plan in kb.plans:
        asked += [f"{plan.title}の認定日は?", f"{plan.title}の計画期間はいつまで?"]
    return asked


def signed_events(prefix: str, count: int) -> list[tuple[str, bytes, str]]:
    """(reply token, body, signature) for `count` distinct text events."""
    asked = questions()
    out = []
    for i in range(count):
        token = f"{prefix}-{i}"
        event = text_event(
            asked[i % len(asked)],
            user=f"U{i % 100:032x}",
            event_id=f"{prefix}{i:020d}",
            reply_token=token,
        )
        body = webhook_body(event)
        out.append((token, body, sign_line(SECRET, body)))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    command: list[str], env: dict[str, str], cwd: Path
) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    log = (cwd / f"server-{port}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, *command, str(port)],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.post(base + "/line/webhook", content=b"{}", timeout=1)
            return base, process
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((cwd / f"server-{port}.log").read_text()) from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def fake_line() -> Iterator[FakeLineApi]:
    with FakeLineApi() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def servers(fake_line: FakeLineApi, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "SLACK_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        LINE_CHANNEL_SECRET=SECRET,
        LINE_CHANNEL_ACCESS_TOKEN="bench-token",
        LINE_API_BASE_URL=fake_line.url,
        BOT_TODAY="2026-11-26",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
    )
    bot_url, bot = start_server(["-m", "bot", "serve", "--port"], env, tmp_path)
    bare_url, bare = start_server(["-m", "tests.benchmarks.bare_line_endpoint"], env, tmp_path)
    try:
        yield Server(bot_url, bot.pid), Server(bare_url, bare.pid)
    finally:
        stop(bot)
        stop(bare)


async def drive(url: str, events: list[tuple[str, bytes, str]], fake: FakeLineApi | None) -> Result:
    """Send every event; with `fake`, an event is done when its reply reached the fake."""
    loop = asyncio.get_running_loop()
    arrived: dict[str, asyncio.Future[float]] = {t: loop.create_future() for t, _, _ in events}

    def on_request(record: Recorded) -> None:
        if record.path == REPLY:
            future = arrived.get(record.json["replyToken"])
            if future is not None:
                loop.call_soon_threadsafe(_settle, future, record.received_at)

    if fake is not None:
        fake.subscribe(on_request)
    queue = list(reversed(events))
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def client() -> None:
            while queue:
                token, body, signature = queue.pop()
                sent = time.perf_counter()
                async with session.post(
                    url + "/line/webhook",
                    data=body,
                    headers={"content-type": "application/json", "x-line-signature": signature},
                ) as response:
                    assert response.status == 200
                    await response.read()
                done = await asyncio.wait_for(arrived[token], 30) if fake else time.perf_counter()
                latencies.append((done - sent) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
        seconds = time.perf_counter() - started
    if fake is not None:
        fake._subscribers.remove(on_request)
    return Result("", len(events), seconds, 0.0, latencies)


def _settle(future: asyncio.Future[float], at: float) -> None:
    if not future.done():
        future.set_result(at)


def test_line_webhook_throughput_against_a_bare_signature_check(
    servers: tuple[Server, Server], fake_line: FakeLineApi
) -> None:
    bot_server, bare_server = servers
    bot = Result("bot: webhook -> reply at fake LINE")
    bare = Result("bare: signature check only")

    async def measure(server: Server, into: Result, prefix: str, count: int) -> None:
        before = server.cpu_seconds()
        result = await drive(server.url, signed_events(prefix, count), fake_line if into is bot else None)
        into.add(result, server.cpu_seconds() - before)

    async def run() -> None:
        # warm both (imports, the tokenizer, connection pools), then measure in
        # alternating rounds so that a burst of other load on the machine hits both
        await drive(bot_server.url, signed_events("warm", WARMUP), fake_line)
        await drive(bare_server.url, signed_events("warmbare", WARMUP), None)
        fake_line.clear()
        for round_ in range(ROUNDS):
            await measure(bare_server, bare, f"bare{round_}-", EVENTS // ROUNDS)
            await measure(bot_server, bot, f"bot{round_}-", EVENTS // ROUNDS)

    asyncio.run(run())

    replies = fake_line.replies()
    assert len(replies) == bot.events, "every event was answered exactly once"
    assert len({r.json["replyToken"] for r in replies}) == bot.events
    ratio = bot.rate / bare.rate
    print()
    print(
        f"LINE webhook: {bot.events} events each, {CONCURRENCY} concurrent clients, "
        f"{ROUNDS} alternating rounds, real sockets"
    )
    print(bot.line())
    print(bare.line())
    verdict = "met" if ratio >= 0.5 else "NOT met"
    print(f"bot throughput is {ratio:.0%} of the bare endpoint's (target >= 50%: {verdict})")
