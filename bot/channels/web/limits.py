"""Limits on the web chat beyond the core's per-resident ones.

A web resident is only a browser id, and a fresh id is one request away, so
per-resident limits alone let a script open inquiries without end. Here:

- per client IP, requests to /api/ask and /api/greeting per minute (refused
  by the route with 429 before the bot is asked);
- per client IP, inquiries per day, and all web inquiries together per hour:
  checked when the core's inquiry flow asks its RateLimiter for "inquiry",
  because only the flow knows that a message opens one. `WebLimits` is that
  RateLimiter (it wraps the store's), and the route tells it, for the thread
  answering, which IP is asking.

The client IP is the ASGI client, which the app's ProxyHeadersMiddleware sets
from X-Forwarded-For only when the connection comes from TRUSTED_PROXIES.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.core.inquiry import RateLimiter

INQUIRY = "inquiry"  # the action bot.core.inquiry.flow counts
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
ALL_WEB = "web:all"


@dataclass(frozen=True)
class WebLimitSettings:
    requests_per_ip_per_minute: int = 60
    inquiries_per_ip_per_day: int = 10
    inquiries_per_hour: int = 20


class _Asking(threading.local):
    ip: str | None = None
    hourly_cap_hit: bool = False


class WebLimits:
    """The Bot's RateLimiter: the store's, plus the web's per-IP and hourly caps."""

    def __init__(self, limiter: RateLimiter, settings: WebLimitSettings | None = None) -> None:
        self.limiter = limiter
        self.settings = settings or WebLimitSettings()
        self._asking = _Asking()

    # -- the core's port ---------------------------------------------------------------

    def allow(self, key: str, action: str, limit: int, window: dt.timedelta) -> bool:
        if not self.limiter.allow(key, action, limit, window):
            return False
        if action != INQUIRY or not key.startswith("web:"):
            return True
        s = self.settings
        ip = self._asking.ip
        if ip is not None and not self.limiter.allow(
            f"ip:{ip}", "web_inquiry", s.inquiries_per_ip_per_day, DAY
        ):
            return False
        if not self.limiter.allow(ALL_WEB, "web_inquiry", s.inquiries_per_hour, HOUR):
            self._asking.hourly_cap_hit = True
            return False
        return True

    # -- for the web route ---------------------------------------------------------------

    def request_allowed(self, ip: str | None) -> bool:
        """Count one request from `ip` to the chat API; False when over the minute's limit."""
        if ip is None:
            return True
        return self.limiter.allow(
            f"ip:{ip}", "web_request", self.settings.requests_per_ip_per_minute, MINUTE
        )

    @contextmanager
    def asking_from(self, ip: str | None) -> Iterator[_Asking]:
        """Around bot.handle in the answering thread: the IP asking, and
        afterwards whether the hourly cap refused an inquiry."""
        self._asking.ip, self._asking.hourly_cap_hit = ip, False
        try:
            yield self._asking
        finally:
            self._asking.ip = None
