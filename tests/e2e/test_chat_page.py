"""The chat page in a real browser: headless Chromium, driven through chromedriver,
against a real uvicorn server on loopback serving chat_routes.

Skipped where Chromium is not installed, except in CI (CI=true), where a
missing browser is a failure: .ci/install-chromium.sh installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from starlette.applications import Starlette

from bot.channels.web.chat import chat_routes, web_user
from bot.core.bot import Bot
from bot.core.inquiry import InquiryMessage
from bot.core.types import MemoryContextStore, Message, Reply
from bot.knowledge import load_knowledge
from bot.store import Store, open_store
from tests.channels.web.fakes import RecordingBot, RecordingInbox
from tests.e2e.server import serve
from tests.e2e.webdriver import CHROMEDRIVER, CHROMIUM, ENTER, Element, Session, chromedriver
from tests.e2e.webdriver import chromium_session as open_chromium

pytestmark = pytest.mark.browser

STORAGE_KEY = "nagai-plan-bot:user"
INBOX_KEY = "nagai-plan-bot:inbox-after"
ANSWERS = "#log .msg-bot:not(.typing)"
STAFF = "#log .msg-staff"
POLL_MS = 300  # instead of 15 s, through the page's ?inbox_poll_ms=


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
    # Leave the last test's page first: its polls would fail once its server is gone.
    browser.get("about:blank")
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


def screenshot(session: Session, tmp_path: Path, name: str = "chat-page.png") -> Path:
    path = tmp_path / name
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

    open_page(session, recording_url)  # a reload
    session.find("#question").send_keys("二つ目" + ENTER)
    wait_for_answer(session, 2)

    assert [c.method for c in recording.calls] == ["greet", "handle", "greet", "handle"]
    assert len({c.message.user for c in recording.calls}) == 1
    assert all(c.message.channel == "web" for c in recording.calls)
    # the id lives in an HttpOnly cookie: nothing the page (or a script in it) can read
    assert session.execute(f"return localStorage.getItem('{STORAGE_KEY}')") is None
    assert session.execute("return document.cookie") == ""


def test_an_id_the_old_page_kept_is_handed_over_once_and_then_forgotten(
    session: Session, recording: RecordingBot, recording_url: str
) -> None:
    old = "0123456789abcdef0123456789abcdef"
    open_page(session, recording_url)  # the new page, on the old page's storage:
    session.execute(f"localStorage.setItem('{STORAGE_KEY}', '{old}')")
    # a browser that never had the cookie: delete it where it is visible (Path=/api)
    session.get(recording_url + "api/inbox")
    session.command("DELETE", "/cookie")
    open_page(session, recording_url)
    session.find("#question").send_keys("一つ目" + ENTER)
    wait_for_answer(session, 2)

    assert recording.calls[-1].message.user == web_user(old)
    assert session.execute(f"return localStorage.getItem('{STORAGE_KEY}')") is None


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


class CountingInbox:
    """The store's desk, counting the page's polls so a test can wait for them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.polls = 0
        self._lock = threading.Lock()

    def web_inbox(
        self, user_key: str, after_id: int = 0, limit: int = 100
    ) -> Sequence[InquiryMessage]:
        with self._lock:
            self.polls += 1
        return self.store.desk.web_inbox(user_key, after_id, limit)

    def wait_for_polls(self, session: Session, count: int) -> None:
        start = self.polls
        session.wait_until(lambda: self.polls >= start + count, f"{count} polls of the inbox")


def staff_bubbles(session: Session) -> list[str]:
    return [e.text for e in session.find_all(STAFF)]


def test_a_hand_off_and_the_staff_answer_appear_on_the_page(
    session: Session, tmp_path: Path
) -> None:
    with open_store(f"sqlite:///{tmp_path / 'bot.sqlite3'}") as store:
        kb = load_knowledge()
        bot = Bot(kb, store.contexts, desk=store.desk, limiter=store.limiter)
        inbox = CountingInbox(store)
        with serve(Starlette(routes=chat_routes(bot, inbox=inbox))) as url:
            page = f"{url}?inbox_poll_ms={POLL_MS}"
            open_page(session, page)
            session.find("#question").send_keys("ごみの出し方を教えて" + ENTER)
            out_of_scope = wait_for_answer(session, 2)
            [ask_staff] = [b for b in buttons(out_of_scope) if b.text == "担当者に問い合わせる"]

            ask_staff.click()
            confirm = wait_for_answer(session, 3)
            assert "「ごみの出し方を教えて」" in confirm.text
            assert [b.text for b in buttons(confirm)] == ["送信する", "やめる"]
            buttons(confirm)[0].click()

            accepted = wait_for_answer(session, 4)
            number = re.search(r"受付番号は (\d+) です", accepted.text)
            assert number, accepted.text
            inquiry_id = int(number.group(1))
            assert [i.id for i in store.desk.list_open()] == [inquiry_id]
            assert "このブラウザでこのページを開くと表示されます" in accepted.text
            assert [b.text for b in buttons(accepted)] == ["ボットに戻る"]
            screenshot(session, tmp_path, "chat-handoff.png")
            inbox.wait_for_polls(session, 2)
            assert staff_bubbles(session) == []  # nothing until staff answer

            # Staff answer in Slack; the delivery worker marks it delivered.
            answer = (
                "お問い合わせありがとうございます。\nごみの出し方は、担当の課からご案内します。"
            )
            reply_id = store.desk.add_staff_reply(inquiry_id, "U0STAFF", answer, "1700000000.0")
            assert reply_id is not None
            inbox.wait_for_polls(session, 2)
            assert staff_bubbles(session) == []  # not delivered yet
            store.desk.mark_delivered(reply_id)

            [bubble] = session.wait_until(lambda: session.find_all(STAFF), "the staff answer")
            office = kb.city.office
            assert bubble.text.startswith("担当者より")
            assert f"{office}からのお返事です（受付番号 {inquiry_id}）。" in bubble.text
            assert "ごみの出し方は、担当の課から" in bubble.text
            assert bubble.find_all("time")  # when it was sent
            inbox.wait_for_polls(session, 3)
            assert len(staff_bubbles(session)) == 1  # shown once, not at every poll
            assert session.execute(f"return localStorage.getItem('{INBOX_KEY}')") == str(reply_id)
            # within the announced log, after the bot's answers
            assert session.execute(
                "return document.querySelector('#log > :last-child').matches('.msg-staff')"
            )
            png = screenshot(session, tmp_path, "chat-staff-answer.png")
            assert png.read_bytes().startswith(b"\x89PNG")

            # A reload shows the greeting, not the same answer again.
            open_page(session, page)
            inbox.wait_for_polls(session, 3)
            assert staff_bubbles(session) == []

            # What staff send later still comes, each once: a follow-up and the closure.
            later = store.desk.add_staff_reply(inquiry_id, "U0STAFF", "補足です。", "1700000001.0")
            assert later is not None
            store.desk.mark_delivered(later)
            assert store.desk.close(inquiry_id, "U0STAFF")
            store.desk.mark_delivered(store.desk.messages(inquiry_id)[-1].id)

            shown = session.wait_until(
                lambda: len(staff_bubbles(session)) >= 2 and staff_bubbles(session), "two more"
            )
            inbox.wait_for_polls(session, 3)
            assert staff_bubbles(session) == shown
            assert len(shown) == 2
            assert "補足です。" in shown[0]
            assert shown[1].startswith("お知らせ")
            assert f"受付番号 {inquiry_id} のお問い合わせは" in shown[1]
            assert "対応を完了しました。" in shown[1]
            assert "お返事です" not in shown[1]
            screenshot(session, tmp_path, "chat-closed.png")
            # Leave before the server stops, so no failed poll is logged.
            session.get("about:blank")


def test_polling_backs_off_on_errors_and_recovers(session: Session) -> None:
    inbox = RecordingInbox(fail=RuntimeError("the database is down"))
    with serve(Starlette(routes=chat_routes(RecordingBot(), inbox=inbox))) as url:
        open_page(session, f"{url}?inbox_poll_ms=200")
        time.sleep(3)
        # 200 ms apart this would be about 15; doubling each time, 4 or 5
        failing = len(inbox.calls)
        assert 2 <= failing <= 6, inbox.calls
        assert session.find_all(STAFF) == []
        assert not session.find_all("#log .msg-error")  # the visitor is not bothered

        inbox.fail = None
        session.find("#question").send_keys("期間は？" + ENTER)  # polls right after the answer
        wait_for_answer(session, 2)
        session.wait_until(lambda: len(inbox.calls) >= failing + 5, "polls 200 ms apart again")
        session.browser_log()  # Chromium itself logs each failed request
        session.get("about:blank")


def test_polling_stops_when_idle_and_resumes_on_activity(session: Session) -> None:
    inbox = RecordingInbox()
    with serve(Starlette(routes=chat_routes(RecordingBot(), inbox=inbox))) as url:
        open_page(session, f"{url}?inbox_poll_ms=200&inbox_idle_ms=1000")
        session.wait_until(lambda: len(inbox.calls) >= 3, "polls while active")
        time.sleep(1.5)
        idle = len(inbox.calls)
        time.sleep(1)
        assert len(inbox.calls) == idle  # stopped

        session.find("#question").send_keys("a")

        session.wait_until(lambda: len(inbox.calls) > idle, "polling again after a key press")
        session.get("about:blank")
