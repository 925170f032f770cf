"""Which browser is asking: a random id the server issues in an HttpOnly cookie.

The id is the resident's key to their conversation and to what staff answered
them, so it never travels in a URL (access logs, history, Referer) and the
page's script cannot read it (HttpOnly). The cookie holds the id and an HMAC
of it under the server's key, so only ids this service issued are accepted.

The page before this change kept its id in localStorage; it sends that id
once in the X-Chat-Legacy-Id header, and a browser without a cookie is given
one for that id, so an inquiry opened before the change still finds its
answers.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

COOKIE_NAME = "nagai_chat_id"
LEGACY_HEADER = "x-chat-legacy-id"
# Staff may take days to answer; the resident must still be this browser then.
COOKIE_MAX_AGE = 180 * 24 * 3600
_ID = re.compile(r"[0-9a-f]{32}")  # 16 random bytes, as the old page made them too
_SIGNATURE_CHARS = 32


@dataclass(frozen=True)
class Browser:
    id: str
    issue: bool  # whether the response must set the cookie (new, or adopted)


class BrowserIds:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the cookie key must be at least 16 bytes")
        self._key = key

    def signed(self, browser_id: str) -> str:
        return f"{browser_id}.{self._mac(browser_id)}"

    def verified(self, cookie: str | None) -> str | None:
        """The id in a cookie this service signed; None for anything else."""
        if not cookie or cookie.count(".") != 1:
            return None
        browser_id, mac = cookie.split(".")
        if not _ID.fullmatch(browser_id) or not hmac.compare_digest(
            mac.encode(), self._mac(browser_id).encode()
        ):
            return None
        return browser_id

    def of(self, cookies: dict[str, str], legacy: str | None, *, may_issue: bool) -> Browser | None:
        """The asking browser: its cookie's id; else (when `may_issue`) the
        old page's id or a new one, to be set as the cookie."""
        found = self.verified(cookies.get(COOKIE_NAME))
        if found is not None:
            return Browser(found, issue=False)
        if not may_issue:
            return None
        if legacy is not None and _ID.fullmatch(legacy):
            return Browser(legacy, issue=True)
        return Browser(secrets.token_hex(16), issue=True)

    def _mac(self, browser_id: str) -> str:
        digest = hmac.new(self._key, f"web-chat-id:{browser_id}".encode(), hashlib.sha256)
        return digest.hexdigest()[:_SIGNATURE_CHARS]
