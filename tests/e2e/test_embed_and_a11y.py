"""The chat page embedded in a city's site (a page on another origin, through
/widget.js), and its accessibility: axe-core in every state, plus what axe
cannot see (tab order, focus after a suggestion, the focus ring's contrast,
the header staying in view)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from bot.channels.line.render import render_reply
from bot.channels.web.chat import chat_routes
from bot.core.bot import Bot
from bot.core.types import Message
from tests.e2e import flex_preview
from tests.e2e.server import serve
from tests.e2e.test_chat_page import answers, open_page, screenshot, wait_for_answer
from tests.e2e.webdriver import ENTER, ESCAPE, TAB, Session

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


class CitySite:
    """A page of the city's own site on another origin (another port), with
    the one <script> tag the README tells the city to add."""

    def __init__(self) -> None:
        self.widget_src = ""

        async def page(request: Request) -> HTMLResponse:
            return HTMLResponse(
                "<!doctype html><html lang='ja'><head><meta charset='utf-8'>"
                "<title>長井市ホームページ</title><link rel='icon' href='data:,'></head><body><main><h1>長井市</h1>"
                "<p>市からのお知らせ</p></main>"
                f"<script src='{self.widget_src}' defer></script></body></html>"
            )

        self.app = Starlette(routes=[Route("/", page)])


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[CitySite, str]]:
    city = CitySite()
    with serve(city.app) as url:
        yield city, url


def chat_server(bot: Bot, frame_ancestors: tuple[str, ...]) -> Any:
    return serve(Starlette(routes=chat_routes(bot, frame_ancestors=frame_ancestors)))


def open_widget(session: Session, site_url: str) -> Any:
    session.get(site_url)
    button = session.wait_until(lambda: session.find_all("#nagai-chat-button"), "the widget")[0]
    assert button.attribute("aria-expanded") == "false"
    assert session.find_all("#nagai-chat-panel iframe") == []  # loaded only when opened
    button.click()
    return session.wait_until(lambda: session.find_all("#nagai-chat-panel iframe"), "the panel")[0]


def test_the_widget_opens_the_chat_on_the_citys_site(
    session: Session, real_bot: Bot, site: tuple[CitySite, str], tmp_path: Path
) -> None:
    city, site_url = site
    with chat_server(real_bot, (site_url.rstrip("/"),)) as chat_url:
        city.widget_src = chat_url + "widget.js"
        session.set_window_size(1000, 760)  # a desktop: the city's page beside the panel
        frame = open_widget(session, site_url)
        assert session.find("#nagai-chat-button").attribute("aria-expanded") == "true"

        session.switch_to_frame(frame)
        open_page_in_frame(session)
        session.find("#question").send_keys("電話番号は？" + ENTER)
        answer = wait_for_answer(session, 2)
        assert real_bot.kb.city.contact.phone in answer.text
        settled(session)
        session.switch_to_frame(None)
        screenshot(session, tmp_path, "widget.png")
        session.set_window_size(390, 844)

        session.press(ESCAPE)
        assert session.find("#nagai-chat-panel").property("hidden") is True
        assert session.active_element().attribute("id") == "nagai-chat-button"
        assert axe(session, iframes=False)["violations"] == []


def settled(session: Session) -> None:
    """Wait until the conversation's smooth scrolling has stopped."""
    last: list[float] = []

    def still() -> bool:
        last.append(session.execute("return document.getElementById('log').scrollTop"))
        return len(last) >= 3 and last[-1] == last[-2] == last[-3]

    session.wait_until(still, "the scrolling to stop")


def open_page_in_frame(session: Session) -> None:
    session.wait_until(lambda: answers(session), "the greeting inside the panel")


def test_without_web_frame_ancestors_no_other_site_can_frame_the_page(
    session: Session, real_bot: Bot, site: tuple[CitySite, str]
) -> None:
    city, site_url = site
    with chat_server(real_bot, ()) as chat_url:
        city.widget_src = chat_url + "widget.js"
        frame = open_widget(session, site_url)

        session.switch_to_frame(frame)
        where = session.wait_until(
            lambda: (
                session.execute("return location.href") != "about:blank"
                and session.execute("return location.href")
            ),
            "the frame to settle",
        )
        assert where.startswith("chrome-error://")  # blocked by frame-ancestors 'none'
        assert session.find_all("#log") == []
        session.switch_to_frame(None)
    # the browser reports the refusal in the console: expected here, not a page error
    session.browser_log()


# -- accessibility ----------------------------------------------------------------


def axe(session: Session, *, iframes: bool = True) -> dict[str, Any]:
    """axe-core's results for the page as it is now (WCAG 2.x A and AA rules)."""
    if not session.execute("return typeof window.axe !== 'undefined'"):
        session.execute(AXE + "\nreturn true;")
    result = session.command(
        "POST",
        "/execute/async",
        {
            "script": """
        const done = arguments[arguments.length - 1];
        axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                             "best-practice"]},
            iframes: arguments[0],
        }).then((r) => done(JSON.stringify({
            violations: r.violations.map((v) => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map((n) => n.target.join(" "))})),
            passes: r.passes.map((p) => p.id),
        })), (e) => done(JSON.stringify({error: String(e)})));
    """,
            "args": [iframes],
        },
    )
    found = json.loads(result)
    assert "error" not in found, found
    return found


def test_axe_finds_no_violation_in_any_state(
    session: Session, real_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    states = {}
    open_page(session, real_url)
    states["greeting"] = axe(session)
    session.find("#question").send_keys("計画の一覧" + ENTER)
    wait_for_answer(session, 2)
    states["list of plans"] = axe(session)
    session.find("#question").send_keys("DMOの計画について" + ENTER)
    wait_for_answer(session, 3)
    # too long: refused in the page with an error (a script, since typing stops at maxlength)
    session.execute(
        "document.getElementById('question').value = 'あ'.repeat(2001);"
        "document.getElementById('ask-form').requestSubmit();"
    )
    session.wait_until(lambda: session.find_all("#log .msg-error"), "the error")
    states["error"] = axe(session)

    for state, result in states.items():
        assert result["violations"] == [], state
        assert len(result["passes"]) >= 20, state
    with capsys.disabled():
        print("\naxe rules passed:", {s: len(r["passes"]) for s, r in states.items()})


def test_axe_catches_a_violation(session: Session, real_url: str) -> None:
    """The positive control: an unlabelled input is found."""
    open_page(session, real_url)
    session.execute(
        "document.querySelector('label[for=question]').remove();"
        "document.getElementById('question').removeAttribute('placeholder');"
    )

    assert "label" in [v["id"] for v in axe(session)["violations"]]


def test_tab_reaches_the_input_before_the_buttons_of_past_answers(
    session: Session, real_url: str
) -> None:
    open_page(session, real_url)
    session.find("#question").send_keys("計画の一覧" + ENTER)
    wait_for_answer(session, 2)
    session.find(".app-header h1").click()  # Tab goes on from the header, as after reading it

    session.press(TAB)

    assert session.active_element().attribute("id") == "question"
    session.press(TAB, TAB)  # the send button, then the first past button
    assert "suggestion" in (session.active_element().attribute("class") or "")


def test_the_list_of_plans_is_a_list(session: Session, real_bot: Bot, real_url: str) -> None:
    open_page(session, real_url)
    session.find("#question").send_keys("計画の一覧" + ENTER)
    answer = wait_for_answer(session, 2)

    items = answer.find_all("ul.msg-list > li")

    assert [i.text.split("\n")[0] for i in items] == [p.title for p in real_bot.kb.plans]
    assert all("認定日" in i.text for i in items)


def test_the_header_stays_in_view_after_many_messages(session: Session, real_url: str) -> None:
    open_page(session, real_url)
    for n in range(8):
        session.find("#question").send_keys("計画の一覧" + ENTER)
        wait_for_answer(session, n + 2)

    page = session.execute(
        "const s = document.scrollingElement;"
        "return [s.scrollTop, s.scrollHeight, window.innerHeight,"
        " document.querySelector('.app-header').getBoundingClientRect().top,"
        " document.getElementById('log').scrollHeight > document.getElementById('log').clientHeight];"
    )
    scroll_top, scroll_height, inner_height, header_top, log_scrolls = page
    assert log_scrolls  # the conversation is long enough to scroll, inside the log
    assert (scroll_top, header_top) == (0, 0)
    assert scroll_height <= inner_height


def test_after_pressing_a_suggestion_with_the_keyboard_focus_is_on_the_input(
    session: Session, real_url: str
) -> None:
    greeting = open_page(session, real_url)
    button = greeting.find_all("button.suggestion")[0]
    session.execute("arguments[0].focus()", {"element-6066-11e4-a52e-4f735466cecf": button.id})

    session.press(ENTER)

    wait_for_answer(session, 2)
    assert session.active_element().attribute("id") == "question"


def contrast(a: list[float], b: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        channels = [c / 255 for c in rgb[:3]]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_has_3_to_1_contrast_where_it_is_drawn(
    session: Session, real_url: str
) -> None:
    open_page(session, real_url)
    session.find(".app-header h1").click()
    session.press(TAB)  # keyboard focus on the input: :focus-visible applies
    colours = session.execute("""
        const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const input = document.activeElement;
        const ring = getComputedStyle(input);
        return {ring: rgb(ring.outlineColor), width: parseFloat(ring.outlineWidth),
                page: rgb(getComputedStyle(document.body).backgroundColor),
                composer: rgb(getComputedStyle(input.closest('.composer-area')).backgroundColor)};
    """)

    assert colours["width"] >= 2
    for behind in ("page", "composer"):
        assert contrast(colours["ring"], colours[behind]) >= 3, behind


def test_the_notice_under_the_input_asks_for_no_personal_information(
    session: Session, real_url: str
) -> None:
    open_page(session, real_url)
    notice = session.find("#privacy-notice")

    assert "個人情報" in notice.text
    assert "保存" in notice.text
    assert "privacy-notice" in (session.find("#question").attribute("aria-describedby") or "")
    below = session.execute(
        "return document.getElementById('privacy-notice').getBoundingClientRect().top >="
        " document.getElementById('question').getBoundingClientRect().bottom"
    )
    assert below


def test_screenshots_for_the_readme(
    session: Session, real_url: str, tmp_path: Path, real_bot: Bot
) -> None:
    """Not an assertion of looks: saves what docs/ shows (E2E_SCREENSHOT_DIR)."""
    open_page(session, real_url)
    session.find("#question").send_keys("計画の一覧" + ENTER)
    wait_for_answer(session, 2)
    settled(session)
    assert screenshot(session, tmp_path, "chat-list.png").stat().st_size > 1000


# -- LINE Flex cards, looked at in a browser ----------------------------------------


@pytest.mark.parametrize("question", ["問い合わせ先は?", "DMOの計画について", "計画の一覧"])
def test_the_flex_cards_wrap_their_japanese_without_overflowing(
    session: Session, real_bot: Bot, question: str, tmp_path: Path
) -> None:
    """The contact, plan and list cards, drawn by tests/e2e/flex_preview.py: every
    text stays inside its card (long titles and addresses wrap)."""
    reply = real_bot.handle(Message("line", "U" + "e" * 32, question))
    [message] = render_reply(reply, real_bot.kb, real_bot.today())
    sent = json.loads(message.to_json())
    assert sent["type"] == "flex"
    html = flex_preview.page(sent)

    with serve(Starlette(routes=[Route("/", lambda r: HTMLResponse(html))])) as url:
        session.get(url)
        overflowing = session.execute(
            "return [...document.querySelectorAll('.bubble')].flatMap((b) => {"
            " const edge = b.getBoundingClientRect();"
            " return [...b.querySelectorAll('.text, .button')].filter((t) => {"
            "  const r = t.getBoundingClientRect();"
            "  return r.right > edge.right + 0.5 || t.scrollWidth > t.clientWidth + 1; })"
            " .map((t) => t.textContent); });"
        )
        name = {"問い合わせ先は?": "contact", "DMOの計画について": "plan"}.get(question, "list")
        screenshot(session, tmp_path, f"flex-{name}.png")

    assert overflowing == []
