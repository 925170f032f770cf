"""Small pieces of Japanese the answers are built from: dates in the city's
form, lengths of time, lists."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from bot.knowledge.era import to_wareki, to_western


def date_ja(d: dt.date, western: bool = False) -> str:
    """令和2年3月30日, or 令和2年3月30日（2020年3月30日） when the Western date helps."""
    return f"{to_wareki(d)}（{to_western(d)}）" if western else to_wareki(d)


def duration(start: dt.date, end: dt.date) -> tuple[int, int]:
    """(years, months) between two days, counted the way people say it."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    days = end.day - start.day
    if days < 0:
        months -= 1
        days += 30
    if days >= 25:  # nearly a whole month more: round up, else the days are noise
        months += 1
    return divmod(months, 12)


def duration_ja(start: dt.date, end: dt.date) -> str:
    """The length of a period: 約5年, 約2年4か月."""
    return months_ja(sum_months(duration(start, end)))


def sum_months(length: tuple[int, int]) -> int:
    years, months = length
    return years * 12 + months


def months_ja(months: int) -> str:
    """約5年, 約2年4か月, 約0か月: a length said in whole months."""
    years, rest = divmod(months, 12)
    if years and rest:
        return f"約{years}年{rest}か月"
    if years:
        return f"約{years}年"
    return f"約{rest}か月"


def days_between(start: dt.date, end: dt.date) -> int:
    """A period's days, both ends counted (令和2年3月30日から令和5年3月31日まで: 1097日)."""
    return (end - start).days + 1


def whole_months(start: dt.date, end: dt.date) -> tuple[int, int]:
    """(whole months, days left over) from start to end."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    anchor_year, anchor_month = divmod(start.month - 1 + months, 12)
    year, month = start.year + anchor_year, anchor_month + 1
    anchor = dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    return months, (end - anchor).days


def length_in(unit: str, start: dt.date, end: dt.date, english: bool = False) -> str:
    """「1097日間」「36か月と2日」, "1097 days" "36 months and 2 days"."""
    if unit == "days":
        n = days_between(start, end)
        return f"{n} days" if english else f"{n}日間"
    months, days = whole_months(start, end)
    if english:
        return f"{months} months" + (f" and {days} day{'s' if days != 1 else ''}" if days else "")
    return f"{months}か月" + (f"と{days}日" if days else "")


def join_ja(items: Iterable[str]) -> str:
    """長井市・南陽市・白鷹町・飯豊町"""
    return "・".join(items)


def bullet_lines(lines: Iterable[str]) -> str:
    return "\n".join(f"・{line}" for line in lines)


def fiscal_year_ja(year: int) -> str:
    """Fiscal 2019 (April 2019 to March 2020) is 令和元年度: the era its year ends in."""
    from bot.knowledge.era import era_of

    era = era_of(dt.date(year + 1, 3, 31))
    n = year - era.start.year + 1
    return f"{era.name}{'元' if n == 1 else n}年度"


def fiscal_ja(d: dt.date) -> str:
    """The fiscal year (April to March) a day falls in: 2016-03-15 is 平成27年度・2015年度."""
    year = d.year if d.month >= 4 else d.year - 1
    return f"{fiscal_year_ja(year)}・{year}年度"
