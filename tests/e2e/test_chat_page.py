"""The chat page in a real browser: headless Chromium, driven through chromedriver,
against a real uvicorn server on loopback serving chat_routes.

Skipped where Chromium is not installed, except in CI (CI=true), where a
missing browser is a failure: .ci/install-chromium.sh installs it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from starlette.applications import Starlette

from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message, Reply
from bot.knowledge import load_knowledge
from bot.web.chat import chat_routes
from tests.e2e.server import serve
from tests.e2e.webdriver import CHROMEDRIVER, CHROMIUM, ENTER, Element, Session, chromedriver
from tests.e2e.webdriver import chromium_session as open_chromium
from tests.web.fakes import RecordingBot

pytestmark = pytest.mark.browser

STORAGE_KEY = "nagai-plan-bot:user"
ANSWERS = "#log .msg-bot:not(.typing)"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        message = f"{', '.join(missing)} missing: run .ci/install-chromium.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with chromedriver() as http, open_chromium(http, tmp_path_factory.mktemp("chromium")) as s:
        s.set_window_size(390, 844)  # a phone: the page's narrowest case
        yield s


@pytest.fixture
def session(browser: Session) -> Iterator[Session]:
    browser.browser_log()  # start each test with an empty console
    yield browser
    problems = [
        entry["message"]
        for entry in browser.browser_log()
        if entry["level"] in ("SEVERE", "WARNING")
    ]
    assert problems == [], "the page logged errors (CSP violations, script errors...)"


def serve_bot(bot: Bot) -> AbstractContextManager[str]:
    return serve(Starlette(routes=chat_routes(bot)))


@pytest.fixture(scope="module")
def real_bot() -> Bot:
    return Bot(load_knowledge(), MemoryContextStore())


@pytest.fixture(scope="module")
def real_url(real_bot: Bot) -> Iterator[str]:
    with serve_bot(real_bot) as url:
        yield url


@pytest.fixture
def recording() -> RecordingBot:
    return RecordingBot()


@pytest.fixture
def recording_url(recording: RecordingBot) -> Iterator[str]:
    with serve_bot(recording) as url:
        yield url


def answers(session: Session) -> list[Element]:
    return session.find_all(ANSWERS)


def open_page(session: Session, url: str) -> Element:
    """Open the page and wait for the greeting; return its bubble."""
    session.get(url)
    [greeting] = session.wait_until(lambda: answers(session), "the greeting")
    return greeting


def wait_for_answer(session: Session, count: int) -> Element:
    found = session.wait_until(
        lambda: len(answers(session)) >= count and answers(session), f"answer {count}"
    )
    return found[count - 1]


def buttons(bubble: Element) -> list[Element]:
    return bubble.find_all("button.suggestion")


def user_bubbles(session: Session) -> list[str]:
    return [e.text for e in session.find_all("#log .msg-user .msg-text")]


def screenshot(session: Session, tmp_path: Path) -> Path:
    path = tmp_path / "chat-page.png"
    path.write_bytes(session.screenshot())
    keep = os.environ.get("E2E_SCREENSHOT_DIR")
    if keep:  # somewhere to look at it after the run
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def test_typed_question_and_enter_shows_the_answer(
    session: Session, real_bot: Bot, real_url: str, tmp_path: Path
) -> None:
    phone = real_bot.kb.city.contact.phone
    open_page(session, real_url)
    question = session.find("#question")
    assert session.find("#send").attribute("disabled") is None

    question.send_keys("電話番号は？" + ENTER)

    answer = wait_for_answer(session, 2)
    assert phone in answer.text
    # on a phone, a tap on the number calls the office
    assert [a.attribute("href") for a in answer.find_all("a")] == [f"tel:{phone}"]
    assert user_bubbles(session)[-1].endswith("電話番号は？")
    assert question.property("value") == ""
    # keyboard users keep typing where they were
    assert session.active_element().attribute("id") == "question"
    png = screenshot(session, tmp_path)
    assert png.read_bytes().startswith(b"\x89PNG")


def test_greeting_offers_example_questions_that_can_be_clicked(
    session: Session, real_bot: Bot, real_url: str
) -> None:
    expected = real_bot.greet(Message("web", "visitor", ""))

    greeting = open_page(session, real_url)

    shown = buttons(greeting)
    assert [b.text for b in shown] == [s.label for s in expected.suggestions]
    assert expected.suggestions, "the greeting should offer example questions as buttons"
    shown[0].click()
    answer = wait_for_answer(session, 2)
    assert user_bubbles(session)[-1].endswith(expected.suggestions[0].text)
    assert answer.text.strip()


def test_clicking_a_suggestion_sends_its_text(
    session: Session, recording: RecordingBot, recording_url: str
) -> None:
    greeting = open_page(session, recording_url)
    [example] = buttons(greeting)
    assert example.text == "電話番号"

    example.click()

    answer = wait_for_answer(session, 2)
    asked = recording.calls[-1].message
    assert asked.text == "電話番号は？"  # the suggestion's text, not its label
    assert user_bubbles(session)[-1].endswith("電話番号は？")
    assert "「電話番号は？」について" in answer.text

    # The next answer's suggestion works the same way.
    [follow_up] = buttons(answer)
    follow_up.click()
    wait_for_answer(session, 3)
    assert recording.calls[-1].message.text == "電話番号は？ の続き"


def test_one_browser_keeps_one_conversation(
    session: Session, recording: RecordingBot, recording_url: str
) -> None:
    open_page(session, recording_url)
    session.find("#question").send_keys("一つ目" + ENTER)
    wait_for_answer(session, 2)
    stored = session.execute(f"return localStorage.getItem('{STORAGE_KEY}')")

    open_page(session, recording_url)  # a reload
    session.find("#question").send_keys("二つ目" + ENTER)
    wait_for_answer(session, 2)

    assert re.fullmatch(r"[0-9a-f]{32}", stored)
    assert session.execute(f"return localStorage.getItem('{STORAGE_KEY}')") == stored
    assert [c.method for c in recording.calls] == ["greet", "handle", "greet", "handle"]
    assert len({c.message.user for c in recording.calls}) == 1
    assert all(c.message.channel == "web" for c in recording.calls)


def test_html_in_questions_and_answers_is_shown_as_text(
    session: Session, recording: RecordingBot, recording_url: str
) -> None:
    html = '<img src=x onerror="window.injected=1"><b>太字</b>'
    greeting = open_page(session, recording_url)
    assert "<i>ご質問をどうぞ。</i>" in greeting.text  # the greeting's markup, as text

    session.find("#question").send_keys(html + ENTER)

    answer = wait_for_answer(session, 2)
    assert user_bubbles(session)[-1].endswith(html)
    # newlines in an answer are kept, markup in it is text
    assert f"「{html}」について\nお答えします。" in answer.text
    assert [b.text for b in buttons(answer)] == ["<b>次へ</b>"]
    assert session.find_all("#log img, #log b, #log i") == []
    assert session.execute("return window.injected === undefined") is True


def test_a_failing_answer_is_explained_and_can_be_retried(session: Session) -> None:
    attempts: list[str] = []

    def flaky(message: Message) -> Reply:
        attempts.append(message.text)
        if len(attempts) == 1:
            raise RuntimeError("the first try fails")
        return Reply(text="二度目の回答です。", intent="echo")

    with serve_bot(RecordingBot(answer=flaky)) as url:
        open_page(session, url)
        session.find("#question").send_keys("期間は？" + ENTER)
        error = wait_for_answer(session, 2)
        assert "申し訳ありません" in error.text
        # A failed request is logged by Chromium itself; the page handled it.
        session.browser_log()

        error.find_all("button.retry")[0].click()

        assert "二度目の回答です。" in wait_for_answer(session, 3).text
        assert attempts == ["期間は？", "期間は？"]
