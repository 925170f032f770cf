"""`python -m bot serve` as a real process on a free loopback port, for the
tests that need what only the process shows (its memory, its access log)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

from tests.cli.test_serve import environment, free_port


@contextmanager
def serve_process(
    cwd: Path, output: IO[bytes] | int = subprocess.DEVNULL, **settings: str
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """Start serve with `settings` as its environment; yield (port, process) once healthy."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        cwd=cwd,
        env=environment(NO_PROXY="127.0.0.1,localhost", **settings),
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "serve exited at start"
            assert time.monotonic() < deadline, "serve did not start within 30 s"
            time.sleep(0.1)
        yield port, process
    finally:
        process.terminate()
        process.wait(15)
