"""ftth_takeup: prefecture FTTH take-up, with code, name and range checks."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from etl.model import Parsed
from etl.sources import ftth_takeup
from intake.errors import InputError
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, REAL_RAW, fixture_areas, full_areas
from tests.etl.sources.raw_edits import copy_source, replace_text

SOURCE = ftth_takeup.SOURCE_ID
FILE = ftth_takeup.FILE_NAME


def test_fixture_values() -> None:
    values = ftth_takeup.parse(FIXTURE_RAW, fixture_areas()).values.set_index("area_code")
    assert sorted(values.index) == ["13000", "36000", "37000", "38000", "39000"]
    assert set(values["indicator_id"]) == {"ftth_takeup"}
    assert values.loc["13000", "value"] == 78.0  # 130001,東京都,78.00
    assert values.loc["39000", "value"] == 59.8  # 390003,高知県,59.80
    assert set(values["as_of"]) == {date(2024, 3, 31)}


def _parse_edited(tmp_path: Path, old: str, new: str) -> Parsed:
    raw = copy_source(tmp_path, SOURCE)
    replace_text(raw / SOURCE / FILE, old, new)
    return ftth_takeup.parse(raw, fixture_areas())


def test_missing_mark_becomes_nan_with_note(tmp_path: Path) -> None:
    values = _parse_edited(tmp_path, "香川県,67.40", "香川県,-").values.set_index("area_code")
    assert math.isnan(values.loc["37000", "value"])
    assert "「-」" in values.loc["37000", "note"]


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        ("130001,東京都", "130002,東京都", "row 2, column 'prefecture_code'", "check digit"),
        ("130001,東京都", "010006,北海道", "row 2, column 'prefecture'", "not a prefecture"),
        ("130001,東京都", "130001,大阪府", "row 2, column 'prefecture'", "does not match"),
        ("東京都,78.00", "東京都,178.00", "row 2, column 'ftth_household_takeup_pct'", "outside 0-100"),
        ("東京都,78.00", "東京都,n/a", "row 2, column 'ftth_household_takeup_pct'", "neither a number"),
        ("東京都,78.00,2024-03-31", "東京都,78.00,2024/03/31", "row 2, column 'as_of'", "YYYY-MM-DD"),
        ("ftth_household_takeup_pct", "takeup_pct", "column 'ftth_household_takeup_pct'", "missing"),
    ],
)
def test_bad_input_names_file_row_and_column(tmp_path: Path, old: str, new: str, where: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as err:
        _parse_edited(tmp_path, old, new)
    assert err.value.file.endswith(FILE)
    assert where in err.value.where


def test_real_file_has_47_prefectures() -> None:
    parsed = ftth_takeup.parse(REAL_RAW, full_areas())
    assert len(parsed.values) == 47
    assert parsed.values["value"].between(52.6, 78.0).all()
    assert round(parsed.values["value"].mean(), 1) == 66.0
