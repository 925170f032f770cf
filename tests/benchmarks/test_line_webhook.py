"""LINE webhook throughput and latency, over real sockets (`make bench`).

Servers run side by side in one run, each a real uvicorn process with the
same settings and logging:
- the bot: `python -m bot serve` with LINE on, its API pointed at a fake LINE
  API in this process; each event is stored in the inbox, answered by the
  core and replied to through the webhook's lean client (LineApi); the same
  again under uvloop + httptools (uvicorn[standard]) when they are installed;
- the yardstick: a bare Starlette endpoint that checks the signature and
  runs the bot's answer function (Bot.handle on a SQLite store) inline,
  before its 200 (tests/benchmarks/bare_line_endpoint.py answer);
- for scale, the bare endpoint that only checks the signature.

The load: distinct signed webhook requests, one text event each (real
questions, 100 users), from CONCURRENCY clients; each client sends its next
event once the previous one is done: for the bot, when the fake LINE API has
received the reply; for the others, when the 200 is back. Printed: events
per second (all events over the wall time from the first send to the last
reply), median / p99 of request-to-reply, server CPU per event, the ratio
to the yardstick (target >= 50%), p99 (target < 80 ms), answers lost
(target 0), and `serve` start-up to the first healthy /healthz.

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
import tempfile
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
    lost: int = 0

    def add(self, other: Result, cpu_seconds: float) -> None:
        self.lost += other.lost
        self.events += other.events
        self.seconds += other.seconds
        self.cpu_seconds += cpu_seconds
        self.latencies_ms += other.latencies_ms

    @property
    def p99(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]

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
    env = {**env, "DATABASE_URL": f"sqlite:///{cwd / f'bot-{port}.sqlite3'}"}
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


def bench_env(fake_line: FakeLineApi) -> dict[str, str]:
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
    return env


def has_uvicorn_standard() -> bool:
    try:
        import httptools  # noqa: F401
        import uvloop  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture
def servers(fake_line: FakeLineApi, tmp_path: Path) -> Iterator[dict[str, Server]]:
    env = bench_env(fake_line)
    commands = {
        "bot": ["-m", "tests.benchmarks.serve_with", "asyncio", "h11"],
        "answer": ["-m", "tests.benchmarks.bare_line_endpoint", "answer"],
        "bare": ["-m", "tests.benchmarks.bare_line_endpoint", "bare"],
    }
    if has_uvicorn_standard():
        commands["bot-std"] = ["-m", "tests.benchmarks.serve_with", "uvloop", "httptools"]
    started: dict[str, tuple[str, subprocess.Popen[bytes]]] = {}
    try:
        for name, command in commands.items():
            started[name] = start_server(command, env, tmp_path)
        yield {name: Server(url, p.pid) for name, (url, p) in started.items()}
    finally:
        for _, process in started.values():
            stop(process)


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
    lost: list[str] = []
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
                if fake is None:
                    latencies.append((time.perf_counter() - sent) * 1000)
                    continue
                try:
                    done = await asyncio.wait_for(arrived[token], 30)
                except TimeoutError:
                    lost.append(token)
                else:
                    latencies.append((done - sent) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
        seconds = time.perf_counter() - started
    if fake is not None:
        fake._subscribers.remove(on_request)
    return Result("", len(events), seconds, 0.0, latencies, len(lost))


def _settle(future: asyncio.Future[float], at: float) -> None:
    if not future.done():
        future.set_result(at)


def test_line_webhook_throughput_against_the_bare_endpoint_with_the_answer_function(
    servers: dict[str, Server], fake_line: FakeLineApi
) -> None:
    labels = {
        "bot": "bot (asyncio, h11): webhook -> reply",
        "bot-std": "bot (uvloop, httptools): -> reply",
        "answer": "yardstick: signature + answer function",
        "bare": "bare: signature check only",
    }
    results = {name: Result(labels[name]) for name in servers}
    bots = {name for name in servers if name.startswith("bot")}

    async def measure(name: str, prefix: str, count: int) -> None:
        server = servers[name]
        before = server.cpu_seconds()
        fake = fake_line if name in bots else None
        result = await drive(server.url, signed_events(prefix, count), fake)
        results[name].add(result, server.cpu_seconds() - before)

    async def run() -> None:
        # warm every server (imports, the tokenizer, connection pools), then
        # measure in alternating rounds so that other load on the machine hits all
        for name, server in servers.items():
            await drive(server.url, signed_events(f"warm{name}", WARMUP), fake_line if name in bots else None)
        fake_line.clear()
        for round_ in range(ROUNDS):
            for name in servers:
                await measure(name, f"{name}{round_}-", EVENTS // ROUNDS)

    asyncio.run(run())

    replies = fake_line.replies()
    answered = sum(results[name].events - results[name].lost for name in bots)
    assert len({r.json["replyToken"] for r in replies}) == len(replies), "none answered twice"
    startup_on = startup_seconds(bench_env(fake_line))
    startup_off = startup_seconds({k: v for k, v in bench_env(fake_line).items()
                                   if not k.startswith("LINE_")})  # fmt: skip
    yardstick = results["answer"]
    print()
    print(
        f"LINE webhook: {EVENTS // ROUNDS * ROUNDS} events each, {CONCURRENCY} concurrent clients, "
        f"{ROUNDS} alternating rounds, real sockets, fake LINE API without latency"
    )
    for result in results.values():
        print(result.line())
    for name in sorted(bots):
        bot = results[name]
        ratio = bot.rate / yardstick.rate
        print(
            f"{name}: {ratio:.0%} of the yardstick's events/s (target >= 50%: "
            f"{'met' if ratio >= 0.5 else 'NOT met'}); p99 {bot.p99:.1f} ms (target < 80 ms: "
            f"{'met' if bot.p99 < 80 else 'NOT met'}); answers lost {bot.lost} (target 0)"
        )
    print(f"serve start-up to healthy /healthz, median of 5: LINE on {startup_on:.2f} s, "
          f"LINE and Slack off {startup_off:.2f} s (target < 1 s)")  # fmt: skip
    assert answered == len(replies)
    assert all(results[name].lost == 0 for name in bots), "every answer reached LINE"


def startup_seconds(env: dict[str, str], runs: int = 5) -> float:
    """`python -m bot serve` until its first 200 on /healthz, median of `runs`."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**env, "DATABASE_URL": f"sqlite:///{tmp}/bot.sqlite3"}
        for _ in range(runs):
            port = free_port()
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "--port", str(port)], env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                while True:
                    try:
                        if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    assert process.poll() is None, "serve exited"
                    time.sleep(0.01)
                times.append(time.perf_counter() - started)
            finally:
                stop(process)
    return statistics.median(times)
