"""Just enough of the W3C WebDriver protocol (JSON over HTTP, with httpx) to drive
headless Chromium through Debian's chromedriver, without a Selenium dependency."""

from __future__ import annotations

import base64
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference
ENTER = "\ue007"
TAB = "\ue004"
ESCAPE = "\ue00c"

T = TypeVar("T")

# Headless, offline and quiet: no sync, no component or safe-browsing downloads.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--lang=ja",
    "--force-device-scale-factor=1",
)


class WebDriverError(RuntimeError):
    pass


class Element:
    def __init__(self, session: Session, element_id: str) -> None:
        self.session = session
        self.id = element_id

    def click(self) -> None:
        self.session.command("POST", f"/element/{self.id}/click", {})

    def send_keys(self, text: str) -> None:
        self.session.command("POST", f"/element/{self.id}/value", {"text": text})

    @property
    def text(self) -> str:
        """The rendered text (innerText: newlines as shown, hidden text left out)."""
        return self.session.command("GET", f"/element/{self.id}/text")

    def attribute(self, name: str) -> str | None:
        return self.session.command("GET", f"/element/{self.id}/attribute/{name}")

    def property(self, name: str) -> Any:
        return self.session.command("GET", f"/element/{self.id}/property/{name}")

    def find_all(self, css: str) -> list[Element]:
        found = self.session.command(
            "POST", f"/element/{self.id}/elements", {"using": "css selector", "value": css}
        )
        return [Element(self.session, ref[ELEMENT]) for ref in found]


class Session:
    def __init__(self, http: httpx.Client, session_id: str) -> None:
        self.http = http
        self.id = session_id

    def command(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, f"/session/{self.id}{path}", json=body)
        value = response.json()["value"]
        if response.status_code != 200:
            raise WebDriverError(f"{method} {path}: {value.get('error')}: {value.get('message')}")
        return value

    def get(self, url: str) -> None:
        self.command("POST", "/url", {"url": url})

    def set_window_size(self, width: int, height: int) -> None:
        self.command("POST", "/window/rect", {"width": width, "height": height})

    def find(self, css: str) -> Element:
        ref = self.command("POST", "/element", {"using": "css selector", "value": css})
        return Element(self, ref[ELEMENT])

    def find_all(self, css: str) -> list[Element]:
        found = self.command("POST", "/elements", {"using": "css selector", "value": css})
        return [Element(self, ref[ELEMENT]) for ref in found]

    def execute(self, script: str, *args: Any) -> Any:
        return self.command("POST", "/execute/sync", {"script": script, "args": list(args)})

    def active_element(self) -> Element:
        return Element(self, self.command("GET", "/element/active")[ELEMENT])

    def press(self, *keys: str) -> None:
        """Press and release each key in turn, on whatever has the focus (as a person does)."""
        actions = [a for k in keys for a in ({"type": "keyDown", "value": k},
                                              {"type": "keyUp", "value": k})]  # fmt: skip
        self.command("POST", "/actions", {"actions": [
            {"type": "key", "id": "keyboard", "actions": actions}]})  # fmt: skip

    def switch_to_frame(self, frame: Element | None) -> None:
        """Into an iframe, or back to the top page with None."""
        target = None if frame is None else {ELEMENT: frame.id}
        self.command("POST", "/frame", {"id": target})

    def screenshot(self) -> bytes:
        return base64.b64decode(self.command("GET", "/screenshot"))

    def browser_log(self) -> list[dict[str, Any]]:
        """Console messages and page errors since the last call (chromedriver's
        extension of the protocol; needs goog:loggingPrefs)."""
        return self.command("POST", "/se/log", {"type": "browser"})

    def wait_until(self, condition: Callable[[], T | None], what: str, timeout: float = 10.0) -> T:
        deadline = time.monotonic() + timeout
        while True:
            try:
                result = condition()
            except WebDriverError as error:
                # A page being replaced (a form posted, a redirect followed) turns the
                # element just found stale before its text is read: look again.
                if "stale element" not in str(error) or time.monotonic() > deadline:
                    raise
                result = None
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")
            time.sleep(0.05)


@contextmanager
def chromedriver() -> Iterator[httpx.Client]:
    """Start chromedriver on a free port (it picks one for --port=0)."""
    process = subprocess.Popen(
        [str(CHROMEDRIVER), "--port=0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        port = None
        assert process.stdout is not None
        for line in process.stdout:
            match = re.search(r"started successfully on port (\d+)", line)
            if match:
                port = int(match.group(1))
                break
        if port is None:
            raise WebDriverError(f"chromedriver did not start (exit code {process.wait(5)})")
        # Keep reading so that a chatty chromedriver never blocks on a full pipe.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            yield http
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def chromium_session(http: httpx.Client, profile_dir: Path) -> Iterator[Session]:
    capabilities = {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": str(CHROMIUM),
            "args": [*CHROMIUM_ARGS, f"--user-data-dir={profile_dir}"],
        },
        "goog:loggingPrefs": {"browser": "ALL"},
    }
    response = http.post("/session", json={"capabilities": {"alwaysMatch": capabilities}})
    value = response.json()["value"]
    if response.status_code != 200:
        raise WebDriverError(f"new session: {value.get('error')}: {value.get('message')}")
    session = Session(http, value["sessionId"])
    try:
        yield session
    finally:
        http.delete(f"/session/{session.id}")
