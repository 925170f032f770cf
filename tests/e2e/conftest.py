"""The browser fixtures of test_chat_page.py (one Chromium per module, a clean
console per test, the real bot's page), shared with the other browser tests."""

from tests.e2e.test_chat_page import browser, real_bot, real_url, session  # noqa: F401
