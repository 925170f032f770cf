"""Japanese era dates (和暦): render dates the way the city writes them, read the
ways people write them, and find date mentions in a question.

The era table is our own (no package): 明治 counts from 1868-01-25, the Gregorian
date of 明治元年1月1日, as the Meiji era was declared retroactive to the start of
that year. Month and day are always Gregorian: before the switch to the solar
calendar (明治6年 = 1873) the dates people then wrote were lunisolar, which this
module does not convert. Dates before 明治 are not supported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


class EraDateError(ValueError):
    """A date that cannot be read or that does not exist; the message is Japanese."""


@dataclass(frozen=True)
class Era:
    name: str
    letter: str  # the abbreviation in H28.3.15
    start: dt.date
    end: dt.date | None  # last day, None for the current era
    english: str = ""  # as English writes it ("the Heisei era")
    # the same as (y, m, d) tuples, which compare faster than building dates
    start_ymd: tuple[int, int, int] = field(init=False, repr=False)
    end_ymd: tuple[int, int, int] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start_ymd", _ymd(self.start))
        object.__setattr__(self, "end_ymd", _ymd(self.end) if self.end else None)


def _ymd(d: dt.date) -> tuple[int, int, int]:
    return (d.year, d.month, d.day)


ERAS: tuple[Era, ...] = (
    Era("明治", "M", dt.date(1868, 1, 25), dt.date(1912, 7, 29), "Meiji"),
    Era("大正", "T", dt.date(1912, 7, 30), dt.date(1926, 12, 24), "Taisho"),
    Era("昭和", "S", dt.date(1926, 12, 25), dt.date(1989, 1, 7), "Showa"),
    Era("平成", "H", dt.date(1989, 1, 8), dt.date(2019, 4, 30), "Heisei"),
    Era("令和", "R", dt.date(2019, 5, 1), None, "Reiwa"),
)
_BY_NAME: dict[str, Era] = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}
_BY_NAME |= {e.letter.lower(): e for e in ERAS}


# -- rendering -------------------------------------------------------------------


def era_of(d: dt.date) -> Era:
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise EraDateError(f"{to_western(d)} は明治より前の日付のため和暦にできません")


def _year_text(n: int) -> str:
    return "元年" if n == 1 else f"{n}年"


def to_wareki(d: dt.date) -> str:
    """2020-03-30 → 令和2年3月30日; 2019-05-01 → 令和元年5月1日."""
    era = era_of(d)
    return f"{era.name}{_year_text(d.year - era.start.year + 1)}{d.month}月{d.day}日"


def to_western(d: dt.date) -> str:
    """2020-03-30 → 2020年3月30日."""
    return f"{d.year}年{d.month}月{d.day}日"


def to_wareki_year(year: int) -> str:
    """The era year a Western year is called by, as of its 1 January: 2019 → 平成31年,
    2020 → 令和2年. 1868 is 明治元年 although 明治 begins on 25 January."""
    jan1 = dt.date(year, 1, 1)
    era = ERAS[0] if year == ERAS[0].start.year else era_of(jan1)
    return f"{era.name}{_year_text(year - era.start.year + 1)}"


def era_year_to_western(era: str, n: int) -> int:
    """(令和, 2) → 2020; ("H", 31) → 2019. Raises EraDateError for a year the era
    never had (平成0年, 平成32年, 昭和65年) or an unknown era name."""
    found = _BY_NAME.get(era.strip())
    if found is None:
        raise EraDateError(f"「{era}」という元号はわかりません")
    return _era_year(found, n)


def _era_year(era: Era, n: int) -> int:
    if n < 1:
        raise EraDateError(f"{era.name}{n}年という年はありません (元年が最初の年です)")
    year = era.start.year + n - 1
    if era.end is not None and year > era.end.year:
        raise EraDateError(
            f"{era.name}{n}年という年はありません"
            f" ({era.name}は{_year_text(era.end.year - era.start.year + 1)}までです)"
        )
    return year


# -- reading ---------------------------------------------------------------------

# Full-width digits, letters and separators to ASCII, one character for one, so
# that spans found in the translated text are spans in the caller's text.
_HALF = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"．": ".", "／": "/", "－": "-", "‐": "-", "−": "-"}
)

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4,
                 "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_KANJI = "〇零一二三四五六七八九十"
_SP = r"[ \t\u00a0\u3000]*"
_ERA_NAMES = "|".join(e.name for e in ERAS)
_ERA_LETTERS = "".join(e.letter for e in ERAS)
# An era year: 元, 1-2 digits or a kanji numeral (二十八).
_EY = rf"(?:元|[0-9]{{1,2}}|[{_KANJI}]{{1,4}})"
_MD = rf"(?:[0-9]{{1,2}}|[{_KANJI}]{{1,4}})"


def _era(tag: str) -> str:
    """An era name (令和) or letter (R, only before a digit); group names carry
    `tag` because one pattern holds several forms."""
    return (
        rf"(?:(?P<era{tag}>{_ERA_NAMES})"
        rf"|(?<![A-Za-z])(?P<letter{tag}>[{_ERA_LETTERS}{_ERA_LETTERS.lower()}])(?=\s*[0-9]))"
    )


# 令和2年3月30日 / 令和2年3月 / 令和2年 / 令和2年度, and 2020年… alike
_KANJI_FORM = (
    rf"(?:{_era('_k')}{_SP}(?P<ey_k>{_EY})|(?<![0-9.])(?P<wy_k>[12][0-9]{{3}})){_SP}年"
    rf"(?:{_SP}(?P<fiscal>度)|{_SP}(?P<m_k>{_MD}){_SP}月(?:{_SP}(?P<d_k>{_MD}){_SP}日)?)?"
)
# H28.3.15 / 平成28.3.15 / 2020-03-30 / 2020/3/30 / 2020.3.30
_NUMERIC_FORM = (
    rf"(?:{_era('_n')}{_SP}(?P<ey_n>[0-9]{{1,2}})|(?<![0-9.])(?P<wy_n>[12][0-9]{{3}}))"
    rf"{_SP}(?P<sep>[./-]){_SP}(?P<m_n>[0-9]{{1,2}}){_SP}(?P=sep){_SP}(?P<d_n>[0-9]{{1,2}})(?![0-9.])"
)
# R2, H31: an era letter and a year alone (only in free text)
_LETTER_YEAR = (
    rf"(?<![A-Za-z])(?P<letter_y>[{_ERA_LETTERS}])(?P<ey_y>[0-9]{{1,2}})(?![0-9.A-Za-z年])"
)

_DATE_RX = re.compile(rf"{_SP}(?:{_KANJI_FORM}|{_NUMERIC_FORM}){_SP}")
# The lookahead lets the scan skip, in one step, positions where no form can start.
_FIND_RX = re.compile(
    rf"(?=[0-9{_ERA_LETTERS}{_ERA_LETTERS.lower()}{''.join(e.name[0] for e in ERAS)}])"
    rf"(?:{_NUMERIC_FORM}|{_KANJI_FORM}|{_LETTER_YEAR})"
)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month]


def _number(text: str) -> int:
    if text.isascii():
        return int(text)
    if text == "元":
        return 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        if "十" in ones or (tens and len(tens) > 1) or len(ones) > 1:
            raise EraDateError(f"「{text}」は数として読めません")
        return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)
    value = 0
    for ch in text:  # 二〇 (positional)
        value = value * 10 + _KANJI_DIGITS[ch]
    return value


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date, month or year mentioned in text. `start`/`end` are the span in the
    text given; `year` is Western. `fiscal` marks 年度 (令和2年度 = 2020-04-01 ..
    2021-03-31)."""

    start: int
    end: int
    year: int
    month: int | None = None
    day: int | None = None
    fiscal: bool = False

    @property
    def first_day(self) -> dt.date:
        if self.fiscal:
            return dt.date(self.year, 4, 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.fiscal:
            return dt.date(self.year + 1, 3, 31)
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, _days_in(self.year, self.month))
        return dt.date(self.year, self.month, self.day)

    @property
    def date(self) -> dt.date | None:
        """The day meant, when the mention names one."""
        return self.last_day if self.day is not None else None


def _resolve(m: re.Match[str]) -> tuple[int, int | None, int | None, bool]:
    """(year, month, day, fiscal) of a match of the patterns above, checked, or raise
    EraDateError. Dates are compared as (y, m, d) tuples: this runs for every question."""
    g = m.groupdict()
    western = g["wy_k"] or g["wy_n"]
    era: Era | None = None
    n = 0
    if western:
        year = int(western)
    else:
        key = g["era_k"] or g["letter_k"] or g["era_n"] or g["letter_n"] or g.get("letter_y")
        era = _BY_NAME[key]
        n = _number(g["ey_k"] or g["ey_n"] or g.get("ey_y", ""))
        year = _era_year(era, n)
    month_text = g["m_k"] or g["m_n"]
    day_text = g["d_k"] or g["d_n"]
    month = _number(month_text) if month_text else None
    day = _number(day_text) if day_text else None
    fiscal = g["fiscal"] is not None
    if month is not None and not 1 <= month <= 12:
        raise EraDateError(f"{_shown(era, n, year)}{month}月という月はありません")
    if day is not None and month is not None and not 1 <= day <= _days_in(year, month):
        raise EraDateError(f"{_shown(era, n, year)}{month}月{day}日という日はありません")
    if era is not None:
        # The era must have been in force on some day of what is named: 平成31年5月 and
        # 令和元年4月 do not exist, while 平成31年度 and 令和元年度 both name FY2019.
        if fiscal:
            first, last = (year, 4, 1), (year + 1, 3, 31)
        else:
            first = (year, month or 1, day or 1)
            last = (year, month or 12, day or 31)
        if last < era.start_ymd or (era.end_ymd is not None and first > era.end_ymd):
            what = _shown(era, n, year) + ("度" if fiscal else "")
            what += (f"{month}月" if month else "") + (f"{day}日" if day else "")
            span = f"{to_wareki(era.start)}から" + (f"{to_wareki(era.end)}まで" if era.end else "")
            raise EraDateError(f"{what}はありません ({era.name}は{span}です)")
    return year, month, day, fiscal


def _shown(era: Era | None, n: int, year: int) -> str:
    return f"{era.name}{_year_text(n)}" if era is not None else f"{year}年"


def parse_date(text: str) -> dt.date:
    """Read one full date: 令和2年3月30日, 令和２年３月３０日, 平成二十八年三月十五日,
    令和元年五月一日, H28.3.15, R2.3.30, 平成28.3.15, 2020年3月30日, 2020-03-30,
    2020/3/30, 2020.3.30. Raises EraDateError for unreadable or impossible dates."""
    m = _DATE_RX.fullmatch(text.translate(_HALF))
    if m is None:
        raise EraDateError(f"「{text.strip()}」は日付として読めません (例: 令和2年3月30日)")
    year, month, day, _ = _resolve(m)  # first, so that 昭和65年 says why it cannot be
    if month is None or day is None:
        raise EraDateError(f"「{text.strip()}」は日付になっていません (例: 令和2年3月30日)")
    return dt.date(year, month, day)


def find_dates(text: str) -> list[DateMention]:
    """Every date, month, year or fiscal-year mention in `text`, in order. Mentions
    of dates that do not exist (令和元年4月30日) are left out."""
    found: list[DateMention] = []
    for m in _FIND_RX.finditer(text.translate(_HALF)):
        try:
            year, month, day, fiscal = _resolve(m)
        except EraDateError:
            continue
        found.append(DateMention(m.start(), m.end(), year, month, day, fiscal))
    return found
