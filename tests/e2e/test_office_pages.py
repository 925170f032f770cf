"""The dashboard in headless Chromium: it logs in through its form, draws its
charts without any request outside the service, and looks right (a
screenshot is taken; with SCREENSHOT_DIR set it is saved there, as the README's
are). The App Home's Block Kit is drawn as HTML and photographed the same way."""

from __future__ import annotations

import base64
import datetime as dt
import os
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.analytics.grouping import group_questions
from bot.app import create_app
from bot.channels.slack.home import OfficeHandlers
from bot.channels.slack.staff import StaffDirectory
from bot.knowledge import load_knowledge
from bot.settings import Settings
from bot.store import Store, open_store
from bot.store.store import Store as TimedStore
from tests.e2e.blockkit import render
from tests.e2e.server import serve
from tests.e2e.webdriver import CHROMEDRIVER, CHROMIUM, Session, chromedriver
from tests.e2e.webdriver import chromium_session as open_chromium
from tests.store.conftest import FakeClock

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} missing")
        pytest.skip(f"{', '.join(missing)} missing: run .ci/install-chromium.sh")
    with chromedriver() as http, open_chromium(http, tmp_path_factory.mktemp("chromium")) as s:
        s.set_window_size(1280, 1500)
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A week of questions, as the service would have recorded them."""
    with open_store(None, sqlite_path=tmp_path / "bot.sqlite3") as opened:
        clock = FakeClock(dt.datetime.now(dt.UTC) - dt.timedelta(days=6))
        timed = TimedStore(opened.db, clock=clock)
        a = timed.analytics
        samples = [
            ("DMOの計画はいつまで?", "answered", ("dmo-tourism",), ["period"]),
            ("パラレルワークの概要", "answered", ("parallel-work",), ["overview"]),
            ("6次産業化の認定日", "answered", ("sixth-industry",), ["certified"]),
            ("認定日は?", "ambiguous", (), ["certified"]),
            ("雪灯りまつりの計画はいつまで?", "out_of_scope", (), []),
        ]
        n = 0
        for day in range(7):
            for i, (text, outcome, plans, fields) in enumerate(samples):
                for _ in range((day + i) % 4):
                    n += 1
                    a.record("line", f"U{n}", f"line:U{n}", text, outcome, "x", plans,
                             {"kind": "plan", "fields": fields})  # fmt: skip
                    if outcome == "answered" and n % 3:
                        a.rate_last("line", f"U{n}", f"line:U{n}", "up" if n % 5 else "down",
                                    dt.timedelta(minutes=5))  # fmt: skip
            clock.advance(dt.timedelta(days=1))
        a.add_alias("dmo-tourism", "ながい観光局", "U0STAFF01", {"question": 1})
        a.audit("U0STAFF02", "inquiry.close", "inquiry:3", {})
        yield opened


def save(name: str, png: bytes) -> None:
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        (Path(directory) / name).write_bytes(png)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_the_dashboard_logs_in_and_draws_its_charts_from_the_service_alone(
    browser: Session, store: Store
) -> None:
    settings = Settings(admin_password=PASSWORD, admin_secure_cookie=False)
    with serve(create_app(settings, store=store)) as base:
        browser.get(base + "admin")
        browser.find('input[name="password"]').send_keys(PASSWORD)
        browser.find('button[type="submit"]').click()
        browser.wait_until(lambda: "質問の結果" in browser.find("body").text, "the dashboard")
        bars = browser.execute("return document.querySelectorAll('section svg rect').length")
        assert bars > 20  # stacked bars for the days, ratings, plans, fields
        heights = browser.execute(
            "return [...document.querySelectorAll('section.wide svg rect')]"
            ".map(r => r.getBoundingClientRect().height)"
        )
        assert max(heights) > 50  # the per-day bars really are drawn, not collapsed
        loaded = browser.execute("return performance.getEntriesByType('resource').map(e => e.name)")
        assert loaded and all(url.startswith(base) for url in loaded), loaded
        assert "雪灯りまつりの計画はいつまで?" in browser.find("body").text
        assert browser.execute("return document.cookie") == ""  # HttpOnly: no script sees it
        png = browser.screenshot()
        width, height = png_size(png)
        assert width == 1280 and height > 800  # the viewport: the window less its frame
        save("admin-dashboard.png", png)


def test_app_home_blocks_drawn_as_html(browser: Session, store: Store) -> None:
    kb = load_knowledge()

    class Live:
        def __init__(self) -> None:
            self.kb = kb

    home = OfficeHandlers(Live(), store.analytics, StaffDirectory(None))
    groups = group_questions(store.analytics.open_queue())
    blocks = [
        *home.queue_blocks(groups[:3]),
        {"type": "divider"},
        *home.alias_blocks(store.analytics.active_aliases()),
    ]
    html = render(blocks)
    browser.get("data:text/html;base64," + base64.b64encode(html.encode()).decode())
    text = browser.find("body").text
    assert "未回答の質問" in text and "この計画のこと" in text and "回答を書く" in text
    assert "「ながい観光局」→ 地域連携DMOを中心とした観光地域づくり計画" in text
    browser.set_window_size(800, 900)
    try:
        save("app-home.png", browser.screenshot())
    finally:
        browser.set_window_size(1280, 1500)
