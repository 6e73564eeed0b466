"""Reference dates as Japanese tables and their users write them, in the Western calendar or in 和暦.

A figure's reference date (基準日) is part of the claim: a value without the
day it refers to cannot be compared. Official tables and the people who fill
them in write 令和6年3月31日, R6.3.31, 平成31年4月1日, H31.4.1 or 令和元年5月1日
as often as 2024-03-31; one reader serves the build (titles such as
「…（令和6年1月1日現在）」) and the upload. An era date outside its era
(平成32年, 令和元年4月1日) is refused, never shifted: the reader does not guess.
Era boundaries: 元号法 and the 政令 of each 改元 (大正 1912-07-30, 昭和
1926-12-25, 平成 1989-01-08, 令和 2019-05-01).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from intake.cells import Cell

#: (name, initial, first day), newest first; an era ends the day before the next one begins.
ERAS: tuple[tuple[str, str, date], ...] = (
    ("令和", "R", date(2019, 5, 1)),
    ("平成", "H", date(1989, 1, 8)),
    ("昭和", "S", date(1926, 12, 25)),
    ("大正", "T", date(1912, 7, 30)),
)
_ERA = "|".join([name for name, _, _ in ERAS] + [initial for _, initial, _ in ERAS])
_SEP = r"\s*(?:[./\-]|年|月)\s*"
_WAREKI = re.compile(
    rf"({_ERA})\s*(\d{{1,2}}|元)\s*(?:年|[./\-])\s*(\d{{1,2}})\s*(?:月|[./\-])\s*(\d{{1,2}})\s*日?", re.I
)
_WESTERN = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})\s*日?")
_FISCAL = re.compile(rf"(?:({_ERA})\s*(\d{{1,2}}|元)|(\d{{4}}))\s*年度", re.I)
_SUFFIX = re.compile(r"\s*(現在|時点|[（(][日月火水木金土][)）])$")


def _era(token: str) -> tuple[str, date, date | None]:
    """(name, first day, first day of the next era or None) for 令和 or R (either case)."""
    for index, (name, initial, start) in enumerate(ERAS):
        if token.upper() in (name, initial):
            return name, start, ERAS[index - 1][2] if index else None
    raise ValueError(token)


def era_year_to_western(era: str, year: str) -> int:
    """令和6 → 2024, 令和元 → 2019 (the era's first year, 元年)."""
    _, start, _ = _era(era)
    return start.year + (1 if year == "元" else int(year)) - 1


def _wareki(match: re.Match[str]) -> date | None:
    era, year, month, day = match.groups()
    try:
        when = date(era_year_to_western(era, year), int(month), int(day))
    except ValueError:
        return None
    _, start, end = _era(era)
    return when if start <= when and (end is None or when < end) else None


def _western(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def read_date(cell: Cell) -> date | None:
    """A reference date from a cell: a spreadsheet date, ``2024-03-31``, ``2024/3/31``, ``2024年3月31日``,
    ``令和6年3月31日``, ``R6.3.31``, ``平成31年4月1日``, ``H31.4.1`` or ``令和元年5月1日`` (現在 may follow).

    A bare year or 年度 is refused: it does not say which day the figure refers to.
    """
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        return None
    text = _SUFFIX.sub("", unicodedata.normalize("NFKC", cell).strip())
    if (match := _WAREKI.fullmatch(text)) is not None:
        return _wareki(match)
    text = text.split(" ")[0].split("T")[0] if not _WESTERN.fullmatch(text) else text
    match = _WESTERN.fullmatch(text)
    return _western(match) if match is not None else None


def find_date(text: object) -> date | None:
    """The first date written anywhere in ``text`` (a table title: 「…（令和6年1月1日現在）」)."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    if (match := _WAREKI.search(folded)) is not None:
        return _wareki(match)
    match = _WESTERN.search(folded)
    return _western(match) if match is not None else None


def find_fiscal_year(text: object) -> int | None:
    """The fiscal year (年度, April to March) written in ``text``: 令和4年度 or 2022年度 → 2022."""
    match = _FISCAL.search(unicodedata.normalize("NFKC", str(text or "")))
    if match is None:
        return None
    return era_year_to_western(match.group(1), match.group(2)) if match.group(1) else int(match.group(3))


def era_of(day: date) -> str:
    """The era year of ``day``: 令和6年, 令和元年 (2019-05-01 onwards), 平成31年 (2019-04-30)."""
    for name, _, start in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年"
    return ""


def format_date_ja(day: date) -> str:
    """``2024年7月12日（令和6年）``: the Western date a reader computes with, the era year officials cite."""
    era = era_of(day)
    return f"{day.year}年{day.month}月{day.day}日" + (f"（{era}）" if era else "")
