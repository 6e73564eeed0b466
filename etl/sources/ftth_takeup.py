"""FTTH household take-up by prefecture (FTTH契約数 ÷ 世帯数, %), March 2024.

Publisher: 総務省「FTTHサービス都道府県別普及率データ（令和6年3月現在）」, transcribed
from the table on https://hikari.i6i6.biz/area/todoufuken-ftth-fukyuuritu.html into
``ftth_household_takeup_by_prefecture_2024-03.csv`` (UTF-8, LF). Licence: 政府標準利用規約
(総務省). Cadence: quarterly at the publisher; this is one snapshot.

It is the closest prefecture-level measure of the 光の道 goal that every household
uses broadband. Because the figures were re-keyed by hand, every row is checked:
the LG6 check digit, that the code is a prefecture in the official list, that the
name agrees with the code, and that the percentage lies in 0-100.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from etl.model import AreaIndex, Parsed
from etl.sources._cells import area_rows, line_of, require_area, values_frame
from intake.cells import code5_from_lg6, number_or_fail
from intake.errors import InputError
from intake.text import read_text_table

SOURCE_ID = "soumu_ftth_takeup_pref"
FILE_NAME = "ftth_household_takeup_by_prefecture_2024-03.csv"
INDICATOR_ID = "ftth_takeup"
COLUMNS = ["prefecture_code", "prefecture", "ftth_household_takeup_pct", "as_of"]


def _as_of(path: Path, where: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(path, f"{where}, column 'as_of'", f"'{text}' is not a YYYY-MM-DD date") from None


def _value_row(path: Path, index: int, raw: dict[str, str], lookup: dict[str, dict[str, Any]]) -> dict[str, Any]:
    where = line_of(index)
    code5 = code5_from_lg6(raw["prefecture_code"], path, f"{where}, column 'prefecture_code'")
    require_area(lookup, code5, "prefecture", path, f"{where}, column 'prefecture'", name=raw["prefecture"])
    column = f"{where}, column 'ftth_household_takeup_pct'"
    value, note = number_or_fail(raw["ftth_household_takeup_pct"], path, column)
    if value == value and not 0 <= value <= 100:
        raise InputError(path, column, f"percentage {value} is outside 0-100")
    as_of = _as_of(path, where, raw["as_of"])
    return {"indicator_id": INDICATOR_ID, "area_code": code5, "as_of": as_of, "value": value, "note": note}


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    path = raw_dir / SOURCE_ID / FILE_NAME
    frame = read_text_table(path, "utf-8-sig", COLUMNS)
    lookup = area_rows(areas)
    rows = [_value_row(path, i, raw, lookup) for i, raw in enumerate(frame.to_dict("records"))]
    values = values_frame(rows)
    dup = values.duplicated(["area_code", "as_of"])
    if dup.any():
        index = int(dup.to_numpy().nonzero()[0][0])
        raise InputError(path, line_of(index), f"prefecture {values['area_code'][index]} appears twice for one date")
    return Parsed(source_id=SOURCE_ID, files={path: len(values)}, values=values)
