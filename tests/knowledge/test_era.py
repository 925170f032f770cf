"""Era dates: what the bot says (令和2年3月30日) and what it reads from people."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.era import (
    DateMention,
    EraDateError,
    era_year_to_western,
    find_dates,
    parse_date,
    to_wareki,
    to_wareki_year,
    to_western,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2020, 3, 30), "令和2年3月30日"),
        (D(2019, 5, 1), "令和元年5月1日"),
        (D(2019, 4, 30), "平成31年4月30日"),
        (D(2016, 3, 15), "平成28年3月15日"),
        (D(1989, 1, 8), "平成元年1月8日"),
        (D(1989, 1, 7), "昭和64年1月7日"),
        (D(1926, 12, 25), "昭和元年12月25日"),
        (D(1926, 12, 24), "大正15年12月24日"),
        (D(1912, 7, 30), "大正元年7月30日"),
        (D(1912, 7, 29), "明治45年7月29日"),
        (D(1868, 1, 25), "明治元年1月25日"),
        (D(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_to_wareki_at_every_era_boundary(day: dt.date, expected: str) -> None:
    assert to_wareki(day) == expected


def test_dates_before_meiji_are_refused_in_japanese() -> None:
    with pytest.raises(EraDateError, match="明治より前"):
        to_wareki(D(1868, 1, 24))


def test_to_western() -> None:
    assert to_western(D(2020, 3, 30)) == "2020年3月30日"
    assert to_western(D(2019, 5, 1)) == "2019年5月1日"


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2020, "令和2年"), (2019, "平成31年"), (2018, "平成30年"), (1989, "昭和64年"),
     (1990, "平成2年"), (1868, "明治元年"), (2016, "平成28年")],
)  # fmt: skip
def test_to_wareki_year_is_the_era_of_1_january(year: int, expected: str) -> None:
    assert to_wareki_year(year) == expected


@pytest.mark.parametrize(
    ("era", "n", "expected"),
    [("令和", 1, 2019), ("令和", 2, 2020), ("平成", 31, 2019), ("平成", 28, 2016),
     ("H", 28, 2016), ("R", 2, 2020), ("昭和", 64, 1989), ("明治", 45, 1912)],
)  # fmt: skip
def test_era_year_to_western(era: str, n: int, expected: int) -> None:
    assert era_year_to_western(era, n) == expected


@pytest.mark.parametrize(("era", "n"), [("平成", 0), ("平成", 32), ("昭和", 65), ("大正", 16)])
def test_era_years_that_never_were(era: str, n: int) -> None:
    with pytest.raises(EraDateError, match="ありません"):
        era_year_to_western(era, n)


def test_unknown_era_name() -> None:
    with pytest.raises(EraDateError, match="元号"):
        era_year_to_western("天平", 1)


@pytest.mark.parametrize(
    "text",
    [
        "令和2年3月30日",
        "令和２年３月３０日",
        "令和二年三月三十日",
        "R2.3.30",
        "r2.3.30",
        "Ｒ２．３．３０",
        "令和2.3.30",
        "2020年3月30日",
        "２０２０年３月３０日",
        "2020-03-30",
        "2020/3/30",
        "2020.3.30",
        " 令和 2 年 3 月 30 日 ",
        "令和2年　3月30日",
    ],
)
def test_parse_date_reads_every_way_of_writing_one_day(text: str) -> None:
    assert parse_date(text) == D(2020, 3, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成二十八年三月十五日", D(2016, 3, 15)),
        ("令和元年五月一日", D(2019, 5, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("平成三十一年四月三十日", D(2019, 4, 30)),
        ("平成十年十月十日", D(1998, 10, 10)),
        ("H28.3.15", D(2016, 3, 15)),
        ("平成28.3.15", D(2016, 3, 15)),
        ("平成28年12月13日", D(2016, 12, 13)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("2020年2月29日", D(2020, 2, 29)),
    ],
)
def test_parse_date_kanji_numerals_and_abbreviations(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("平成31年5月1日", "平成は平成元年1月8日から平成31年4月30日まで"),
        ("令和元年4月30日", "令和は令和元年5月1日から"),
        ("令和2年2月30日", "令和2年2月30日という日はありません"),
        ("2019-02-30", "2019年2月30日という日はありません"),
        ("2021年2月29日", "という日はありません"),
        ("昭和65年1月1日", "昭和65年という年はありません"),
        ("昭和65年", "昭和65年という年はありません"),
        ("平成0年1月1日", "平成0年という年はありません"),
        ("令和2年13月1日", "13月という月はありません"),
        ("令和2年", "日付になっていません"),
        ("令和2年度", "日付になっていません"),
        ("令和2年3月", "日付になっていません"),
        ("きのう", "日付として読めません"),
        ("", "日付として読めません"),
        ("2020-3/30", "日付として読めません"),
        ("令和2年3月30日変更", "日付として読めません"),
    ],
)
def test_parse_date_refuses_impossible_or_unreadable_dates(text: str, reason: str) -> None:
    with pytest.raises(EraDateError, match=reason):
        parse_date(text)


def test_era_date_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="ありません"):
        parse_date("平成31年5月1日")


def _spans(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_dates(text)]


def test_find_dates_year_mentions() -> None:
    text = "令和2年に認定された計画"
    assert find_dates(text) == [DateMention(0, 4, 2020)]
    assert _spans("2020年に認定された計画") == ["2020年"]
    assert find_dates("R2の計画")[0].year == 2020


def test_find_dates_full_dates_with_spans_in_the_original_text() -> None:
    text = "2019年3月29日に認定された計画と、令和4年3月31日までの計画"
    mentions = find_dates(text)
    assert [(m.year, m.month, m.day) for m in mentions] == [(2019, 3, 29), (2022, 3, 31)]
    assert _spans(text) == ["2019年3月29日", "令和4年3月31日"]
    assert mentions[1].date == D(2022, 3, 31)


def test_find_dates_in_full_width_text_keeps_the_spans() -> None:
    text = "計画期間が令和４年３月３１日までの計画"
    assert _spans(text) == ["令和４年３月３１日"]
    assert find_dates(text)[0].date == D(2022, 3, 31)


def test_find_dates_month_mentions_cover_the_month() -> None:
    (mention,) = find_dates("令和2年3月に変更された計画")
    assert (mention.year, mention.month, mention.day) == (2020, 3, None)
    assert (mention.first_day, mention.last_day) == (D(2020, 3, 1), D(2020, 3, 31))
    assert mention.date is None


def test_find_dates_fiscal_years() -> None:
    (mention,) = find_dates("令和2年度の計画")
    assert mention.fiscal
    assert (mention.first_day, mention.last_day) == (D(2020, 4, 1), D(2021, 3, 31))
    # 平成31年度 and 令和元年度 both name the year from 2019-04-01
    assert [m.year for m in find_dates("平成31年度と令和元年度")] == [2019, 2019]
    assert find_dates("2020年度")[0].fiscal


def test_find_dates_year_mention_spans_the_calendar_year() -> None:
    (mention,) = find_dates("令和2年")
    assert not mention.fiscal
    assert (mention.first_day, mention.last_day) == (D(2020, 1, 1), D(2020, 12, 31))


def test_find_dates_kanji_and_abbreviations() -> None:
    assert [m.date for m in find_dates("平成二十八年三月十五日に認定、H29.5.30に変更")] == [
        D(2016, 3, 15),
        D(2017, 5, 30),
    ]


def test_find_dates_skips_impossible_dates_instead_of_raising() -> None:
    assert find_dates("平成31年5月1日と令和元年4月30日と令和2年2月30日") == []
    assert find_dates("平成32年度") == []
    assert _spans("平成31年5月1日、または令和2年") == ["令和2年"]


@pytest.mark.parametrize(
    "text",
    [
        "電話番号は0238-87-0714です",
        "H2Oの計画",
        "第36回の認定",
        "20代~40代",
        "5年間",
        "郵便番号993-8601",
    ],
)
def test_find_dates_ignores_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []
