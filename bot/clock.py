"""Time as the bot sees it: one JST, one "today".

Nagai's date decides whether a plan is still running, whatever the
machine's time zone; BOT_TODAY (the service) and --today (the command line)
fix it, and both are read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

# Japan has no daylight saving time.
JST = dt.timezone(dt.timedelta(hours=9), "JST")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def japan_today() -> dt.date:
    """Today's date in Nagai."""
    return dt.datetime.now(JST).date()


def parse_day(text: str) -> dt.date:
    """A fixed "today", written YYYY-MM-DD; ValueError when it is not a real date."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("日付を 2026-11-26 の形で指定してください") from None


def today_from(fixed: dt.date | None) -> Callable[[], dt.date]:
    """The bot's `today`: the fixed day when one is given, else Nagai's date at each call."""
    if fixed is None:
        return japan_today
    return lambda: fixed
