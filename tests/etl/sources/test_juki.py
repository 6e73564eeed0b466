"""juki: 住民基本台帳 age bands and households, municipalities only."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from etl.sources import juki
from etl.sources._cells import area_rows
from intake.errors import InputError
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, REAL_RAW, fixture_areas, full_areas
from tests.etl.sources.raw_edits import copy_source, edit_sheet, find_row

SOURCE = juki.SOURCE_ID
AGE = juki.AGE_FILE
HOUSEHOLDS = juki.HOUSEHOLD_FILE


def _raw_row(file: str, code6: str, sex: str | None = None) -> tuple[Any, ...]:
    wb = openpyxl.load_workbook(FIXTURE_RAW / SOURCE / file, read_only=True)
    try:
        for row in wb.worksheets[0].iter_rows(values_only=True):
            if row[0] == code6 and (sex is None or row[3] == sex):
                return tuple(row)
    finally:
        wb.close()
    raise AssertionError(code6)


def test_fixture_age_bands() -> None:
    parsed = juki.parse(FIXTURE_RAW, fixture_areas())
    bands = parsed.tables["juki_age_bands"]
    assert bands["area_code"].nunique() == 157
    assert len(bands) == 157 * 22
    assert set(bands["as_of"]) == {date(2023, 1, 1)}
    hachioji = bands[bands["area_code"] == "13201"].set_index("band")
    raw = _raw_row(AGE, "132012", "計")
    assert hachioji.loc["総数", "population"] == raw[4] == 562145
    assert hachioji.loc["0歳～4歳", "population"] == raw[5]
    assert hachioji.loc["100歳以上", "population"] == raw[25]
    assert hachioji.loc["100歳以上", "age_from"] == 100
    assert hachioji["note"].isna().all()


def test_fixture_households() -> None:
    households = juki.parse(FIXTURE_RAW, fixture_areas()).tables["juki_households"].set_index("area_code")
    assert len(households) == 157
    assert households.loc["13201", "population"] == 561758  # 132012 八王子市, 2022-01-01
    assert households.loc["13201", "households"] == 276046
    assert households.loc["13201", "as_of"] == date(2022, 1, 1)


def test_subtotals_and_prefectures_are_dropped() -> None:
    parsed = juki.parse(FIXTURE_RAW, fixture_areas())
    for table in parsed.tables.values():
        codes = set(table["area_code"])
        assert not {"13000", "13300", "13360", "36000"} & codes  # 東京都, 西多摩郡, 島しょ, 徳島県
        assert codes <= set(fixture_areas().municipalities["code"])


def _age_sheet_with(tmp_path: Path, rows: list[tuple[Any, ...]]) -> Path:
    """A copy of the age file keeping its title and headers but holding only ``rows`` (as 計/男/女)."""
    raw = copy_source(tmp_path, SOURCE)

    def change(ws: Any) -> None:
        ws.delete_rows(4, ws.max_row)
        for code6, pref, name, total in rows:
            for sex in ("計", "男", "女"):
                ws.append([code6, pref, name, sex, total, *([1] * 21)])

    edit_sheet(raw / SOURCE / AGE, change)
    return raw


def test_wards_gun_and_northern_territories_are_dropped(tmp_path: Path) -> None:
    raw = _age_sheet_with(
        tmp_path,
        [
            ("-", "合計", "-", 100),
            ("010006", "北海道", "-", 100),
            ("011002", "北海道", "札幌市", 100),
            ("011011", "北海道", "札幌市中央区", 50),
            ("013005", "北海道", "石狩郡", 5),
            ("013030", "北海道", "石狩郡当別町", 5),
            ("016951", "北海道", "色丹郡色丹村", 0),
        ],
    )
    bands = juki.parse_age_bands(raw / SOURCE / AGE, area_rows(full_areas()))
    assert sorted(bands["area_code"].unique()) == ["01100", "01303"]


def test_unknown_code_fails(tmp_path: Path) -> None:
    raw = _age_sheet_with(
        tmp_path,
        [("132012", "東京都", "八王子市", 1), ("133809", "東京都", "謎郡", 1), ("133906", "東京都", "謎島", 1)],
    )
    with pytest.raises(InputError, match="not a municipality, ward or 郡") as err:
        juki.parse_age_bands(raw / SOURCE / AGE, area_rows(fixture_areas()))
    assert err.value.file.endswith(AGE)
    assert err.value.where == "row 10, column '団体コード'"


def test_missing_mark_becomes_nan_with_note(tmp_path: Path) -> None:
    raw = copy_source(tmp_path, SOURCE)
    row = find_row(raw / SOURCE / HOUSEHOLDS, 1, "132012")
    edit_sheet(raw / SOURCE / HOUSEHOLDS, lambda ws: ws.cell(row=row, column=7, value="-"))
    households = juki.parse(raw, fixture_areas()).tables["juki_households"].set_index("area_code")
    assert math.isnan(households.loc["13201", "households"])
    assert "「-」" in households.loc["13201", "note"]


@pytest.mark.parametrize(
    ("file", "row_key", "column", "value", "where", "problem"),
    [
        (AGE, "132012", 1, "132013", "column '団体コード'", "check digit"),
        (AGE, "132012", 3, "立川市", "column '市区町村名'", "does not match"),
        (AGE, "132012", 6, "many", "column F (0歳～4歳)", "neither a number"),
        (AGE, "団体コード", 4, "男女", "column D", "expected '性別'"),
        (HOUSEHOLDS, "132012", 1, "132011", "column '団体コード'", "check digit"),
        (HOUSEHOLDS, "132012", 6, "?", "column 人口 計", "neither a number"),
    ],
)
def test_bad_input_names_file_row_and_column(
    tmp_path: Path, file: str, row_key: str, column: int, value: object, where: str, problem: str
) -> None:
    raw = copy_source(tmp_path, SOURCE)
    row = find_row(raw / SOURCE / file, 1, row_key)
    edit_sheet(raw / SOURCE / file, lambda ws: ws.cell(row=row, column=column, value=value))
    with pytest.raises(InputError, match=problem) as err:
        juki.parse(raw, fixture_areas())
    assert err.value.file.endswith(file)
    assert where in err.value.where and f"row {row}" in err.value.where


def test_renamed_band_header_fails(tmp_path: Path) -> None:
    raw = copy_source(tmp_path, SOURCE)
    edit_sheet(raw / SOURCE / AGE, lambda ws: ws.cell(row=2, column=26, value="100歳～"))
    with pytest.raises(InputError, match="expected '100歳以上', found '100歳～'") as err:
        juki.parse(raw, fixture_areas())
    assert "column Z" in err.value.where


def test_missing_household_column_fails(tmp_path: Path) -> None:
    raw = copy_source(tmp_path, SOURCE)
    edit_sheet(raw / SOURCE / HOUSEHOLDS, lambda ws: ws.cell(row=5, column=7, value="世帯"))
    with pytest.raises(InputError, match="missing") as err:
        juki.parse(raw, fixture_areas())
    assert "世帯数 世帯数" in err.value.where


def test_real_files_have_1741_municipalities() -> None:
    parsed = juki.parse(REAL_RAW, full_areas())
    bands = parsed.tables["juki_age_bands"]
    households = parsed.tables["juki_households"].set_index("area_code")
    assert bands["area_code"].nunique() == 1741 and len(households) == 1741
    totals = bands[bands["band"] == "総数"].set_index("area_code")["population"]
    assert totals.sum() == 125416877  # 合計 row, 2023-01-01
    assert totals["01100"] == 1959512  # 札幌市 as a whole city
    assert households["population"].sum() == 125927902  # 合計 row, 2022-01-01
    assert households.loc["40344", "households"] > 0  # 須惠町 in the file, 須恵町 in the code list
