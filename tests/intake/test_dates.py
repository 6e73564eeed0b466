"""和暦 and Western reference dates: one reader for the upload and the build (issue 12)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from etl.sources import fiscal, juki
from intake import InputError
from intake.dates import ERAS, era_of, find_date, find_fiscal_year, format_date_ja, read_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年3月31日", date(2024, 3, 31)),
        ("R6.3.31", date(2024, 3, 31)),
        ("r6.3.31", date(2024, 3, 31)),
        ("R6/3/31", date(2024, 3, 31)),
        ("平成31年4月1日", date(2019, 4, 1)),
        ("H31.4.1", date(2019, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和元年12月31日", date(2019, 12, 31)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("令和６年３月３１日", date(2024, 3, 31)),  # full-width digits
        ("㋿6年3月31日", date(2024, 3, 31)),  # the one-character era sign
        ("令和6年3月31日現在", date(2024, 3, 31)),
        ("令和6年3月31日(日)", date(2024, 3, 31)),
        ("2024-03-31", date(2024, 3, 31)),
        ("2024/3/31", date(2024, 3, 31)),
        ("2024.3.31", date(2024, 3, 31)),
        ("2024年3月31日", date(2024, 3, 31)),
        ("2024-03-31 00:00:00", date(2024, 3, 31)),
        (datetime(2024, 3, 31, 12), date(2024, 3, 31)),
        (date(2024, 3, 31), date(2024, 3, 31)),
    ],
)
def test_dates_are_read_in_either_calendar(text: object, expected: date) -> None:
    assert read_date(text) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "令和元年4月1日",  # 令和 began on 1 May 2019
        "平成32年1月1日",  # 平成 ended on 30 April 2019: not shifted to 令和2年
        "平成31年5月1日",
        "令和6年2月30日",
        "令和6年",
        "令和6年度",
        "2024",
        "2024年度",
        "X6.3.31",
        "",
        None,
        2024,
    ],
)
def test_no_date_is_guessed(text: object) -> None:
    assert read_date(text) is None  # type: ignore[arg-type]


def test_every_era_starts_the_day_after_the_previous_ends() -> None:
    for (name, _, start), (_, _, older_start) in zip(ERAS, ERAS[1:], strict=False):
        assert era_of(start) == f"{name}元年"
        assert older_start < start


def test_the_formatter_gives_the_western_date_and_the_era_year() -> None:
    assert format_date_ja(date(2024, 7, 12)) == "2024年7月12日（令和6年）"
    assert format_date_ja(date(2019, 5, 1)) == "2019年5月1日（令和元年）"
    assert format_date_ja(date(2019, 4, 30)) == "2019年4月30日（平成31年）"
    assert format_date_ja(date(1989, 1, 7)) == "1989年1月7日（昭和64年）"
    for day in (date(1990, 1, 1), date(2019, 5, 1), date(2024, 7, 12), date(2026, 12, 2)):
        assert read_date(format_date_ja(day).split("（")[0]) == day  # the formatter's date reads back
        assert read_date(era_of(day) + f"{day.month}月{day.day}日") == day  # and so does its era date


def test_titles_of_official_tables() -> None:
    assert find_date("住民基本台帳に基づく人口、人口動態及び世帯数（令和6年1月1日現在）") == date(2024, 1, 1)
    assert find_date("（平成31年1月1日現在）") == date(2019, 1, 1)
    assert find_fiscal_year("市町村別決算状況調（令和４年度）") == 2022
    assert find_fiscal_year("令和元年度") == 2019 and find_fiscal_year("平成30年度") == 2018
    assert find_fiscal_year("2022年度") == 2022 and find_fiscal_year("令和6年3月31日") is None


def test_the_build_reads_era_dates_in_titles_through_intake() -> None:
    here = Path("title.xlsx")
    assert juki.reference_date(here, "人口（平成31年1月1日現在）") == date(2019, 1, 1)
    assert juki.reference_date(here, "人口（令和元年5月1日現在）") == date(2019, 5, 1)
    assert fiscal._fiscal_year(here, "財政指標（平成30年度）") == 2018
    with pytest.raises(InputError, match=r"title\.xlsx: row 1 \(title\): no date"):
        juki.reference_date(here, "人口（令和元年4月1日現在）")  # no such day: refused, not shifted

