"""What the real serve process prints in its access log: the path of each
request, never its query string (where a browser's id or a token could be)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import httpx

from tests.app.serve_process import serve_process

SECRET = "s3cr3t0123456789abcdef0123456789"


def test_the_access_log_shows_paths_without_query_strings(tmp_path: Path) -> None:
    with tempfile.TemporaryFile() as output:
        with serve_process(tmp_path, output) as (port, _):
            base = f"http://127.0.0.1:{port}"
            assert httpx.get(f"{base}/api/inbox?user={SECRET}&after=0").status_code < 500
            assert httpx.get(f"{base}/api/greeting?user={SECRET}").status_code < 500
            assert httpx.get(f"{base}/healthz?probe={SECRET}").status_code == 200
            time.sleep(0.2)  # let the log lines reach the file
        output.seek(0)
        log = output.read().decode()

    # positive control: the access log is on and names each request
    assert '"GET /api/inbox HTTP/1.1"' in log, log
    assert '"GET /api/greeting HTTP/1.1"' in log
    assert '"GET /healthz HTTP/1.1" 200' in log
    assert SECRET not in log
    assert "?" not in "".join(line for line in log.splitlines() if '"GET ' in line)
