"""fiscal: 全市町村の主要財政指標 (FY2022), read from the xlsx layout."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from etl.sources import fiscal
from intake.errors import InputError
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, REAL_RAW, fixture_areas, full_areas
from tests.etl.sources.raw_edits import copy_source, edit_sheet, find_row

SOURCE = fiscal.SOURCE_ID
FILE = fiscal.FILE_NAME


def test_fixture_values_and_table() -> None:
    parsed = fiscal.parse(FIXTURE_RAW, fixture_areas())
    values = parsed.values.set_index("area_code")
    assert len(values) == 157
    assert set(values["as_of"]) == {date(2023, 3, 31)}
    assert values.loc["13201", "value"] == 0.91  # 132012 東京都 八王子市
    assert values.loc["13101", "value"] == 0.87  # 131016 千代田区
    table = parsed.tables["fiscal_indicators"].set_index("area_code")
    hachioji = table.loc["13201"]
    assert hachioji["fiscal_year"] == 2022
    assert hachioji["current_balance_ratio"] == 86.7
    assert hachioji["real_debt_service_ratio"] == -0.4
    assert math.isnan(hachioji["future_burden_ratio"])  # '-' in the source
    assert hachioji["laspeyres_index"] == 97.5
    assert list(parsed.files.values()) == [157]


def test_national_average_row_is_not_an_area() -> None:
    path = FIXTURE_RAW / SOURCE / FILE
    assert find_row(path, 1, "全国市町村平均") > 150  # the fixture keeps it
    parsed = fiscal.parse(FIXTURE_RAW, fixture_areas())
    assert parsed.values["area_code"].str.fullmatch(r"\d{5}").all()


def _edited(tmp_path: Path, change: Any) -> Path:
    raw = copy_source(tmp_path, SOURCE)
    edit_sheet(raw / SOURCE / FILE, change)
    return raw


def test_dash_in_index_becomes_nan_with_note(tmp_path: Path) -> None:
    row = find_row(FIXTURE_RAW / SOURCE / FILE, 1, "132012")
    raw = _edited(tmp_path, lambda ws: ws.cell(row=row, column=4, value="-"))
    values = fiscal.parse(raw, fixture_areas()).values.set_index("area_code")
    assert math.isnan(values.loc["13201", "value"])
    assert "「-」" in values.loc["13201", "note"]


def _set(row_key: str, column: int, value: object) -> Any:
    row = find_row(FIXTURE_RAW / SOURCE / FILE, 1, row_key)
    return row, lambda ws: ws.cell(row=row, column=column, value=value)


@pytest.mark.parametrize(
    ("row_key", "column", "value", "where", "problem"),
    [
        ("132012", 1, "132013", "column '団体コード'", "check digit"),
        ("132012", 1, "011002", "column '団体名'", "not a municipality"),
        ("132012", 3, "立川市", "column '団体名'", "does not match"),
        ("132012", 2, "大阪府", "column '都道府県名'", "not the prefecture"),
        ("132012", 4, "abc", "column '財政力指数'", "neither a number"),
        ("132012", 4, -0.5, "column '財政力指数'", "negative"),
        ("団体コード", 4, "財政力", "column '財政力指数'", "missing"),
    ],
)
def test_bad_input_names_file_row_and_column(
    tmp_path: Path, row_key: str, column: int, value: object, where: str, problem: str
) -> None:
    row, change = _set(row_key, column, value)
    raw = _edited(tmp_path, change)
    with pytest.raises(InputError, match=problem) as err:
        fiscal.parse(raw, fixture_areas())
    assert err.value.file.endswith(FILE)
    assert where in err.value.where and f"row {row}" in err.value.where


def test_title_without_fiscal_year_fails(tmp_path: Path) -> None:
    raw = _edited(tmp_path, lambda ws: ws.cell(row=1, column=1, value="全市町村の主要財政指標"))
    with pytest.raises(InputError, match="令和N年度") as err:
        fiscal.parse(raw, fixture_areas())
    assert err.value.where == "row 1 (title)"


def test_real_file_has_1741_municipalities() -> None:
    parsed = fiscal.parse(REAL_RAW, full_areas())
    assert len(parsed.values) == 1741
    assert parsed.values["value"].notna().all()
    table = parsed.tables["fiscal_indicators"]
    assert int(table["future_burden_ratio"].isna().sum()) == 899  # '-': no net future burden
    assert table.set_index("area_code").loc["01100", "fiscal_capability_index"] == 0.72  # 札幌市
