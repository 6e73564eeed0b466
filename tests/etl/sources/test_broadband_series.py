"""broadband_series: Shikoku availability series, national figures and reference rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.sources import broadband_series
from intake.errors import InputError
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, REAL_RAW, fixture_areas, full_areas
from tests.etl.sources.raw_edits import copy_source, replace_text

SOURCE = broadband_series.SOURCE_ID
SERIES = broadband_series.SERIES_FILE
NOTES = broadband_series.NOTES_FILE


def test_fixture_series_values() -> None:
    parsed = broadband_series.parse(FIXTURE_RAW, fixture_areas())
    values = parsed.values.set_index(["area_code", "as_of"])
    assert set(parsed.values["indicator_id"]) == {"ultra_high_speed_availability"}
    assert len(values) == 16
    assert values.loc[("39000", date(2012, 3, 31)), "value"] == 84.5  # 390003,高知県,2012-03-31,84.5
    assert values.loc[("37000", date(2014, 3, 31)), "value"] == 100.0
    assert set(parsed.values["note"]) == {"transcribed secondary source"}


def test_fixture_national_values() -> None:
    national = broadband_series.parse(FIXTURE_RAW, fixture_areas()).tables["national_values"]
    got = {(r.indicator_id, r.as_of): r.value for r in national.itertuples()}
    assert got[("ultra_high_speed_availability", date(2015, 3, 31))] == 99.98
    assert got[("ftth_coverage", date(2023, 3, 31))] == 99.84
    assert got[("broadband_coverage", date(2020, 3, 31))] == 99.1
    assert len(got) == 7
    assert set(national["source_id"]) == {SOURCE}
    assert set(national["note"]) == {"transcribed secondary source"}


def test_fixture_reference_rows_keep_every_notes_row() -> None:
    refs = broadband_series.parse(FIXTURE_RAW, fixture_areas()).tables["reference_values"]
    assert len(refs) == 3  # the fixture keeps the three 全国 rows of the notes file
    assert set(refs["area_code"]) == {"00000"}
    assert refs["source_reference"].str.len().min() > 0


def _raw_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    raw = copy_source(tmp_path, SOURCE)
    replace_text(raw / SOURCE / file, old, new)
    return raw


def test_prefecture_rows_of_notes_file_map_to_codes(tmp_path: Path) -> None:
    row = "香川県,2023-03-31,FTTH household coverage (光ファイバ世帯カバー率),99.5,test page\n"
    raw = copy_source(tmp_path, SOURCE)
    path = raw / SOURCE / NOTES
    path.write_bytes(path.read_bytes() + row.encode())
    parsed = broadband_series.parse(raw, fixture_areas())
    refs = parsed.tables["reference_values"]
    kagawa = refs[refs["area_code"] == "37000"]
    assert kagawa["value"].tolist() == [99.5]
    # sparse prefecture figures are reference rows, not map values
    assert "37000" not in set(parsed.values.loc[parsed.values["as_of"] == date(2023, 3, 31), "area_code"])


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "problem"),
    [
        (SERIES, "360007,徳島県,2012", "360008,徳島県,2012", "row 2, column 'area_code'", "check digit"),
        (SERIES, "360007,徳島県,2012", "010006,北海道,2012", "row 2, column 'area'", "not a prefecture"),
        (SERIES, "360007,徳島県,2012", "360007,香川県,2012", "row 2, column 'area'", "does not match"),
        (SERIES, ",全国,2012-03-31", ",日本,2012-03-31", "row 18, column 'area_code'", "blank code"),
        (SERIES, "2012-03-31,98.7", "2012-03-31,198.7", "row 2, column 'ultra_high", "outside 0-100"),
        (SERIES, "ultra_high_speed_available_households_pct", "pct", "column 'ultra_high", "missing"),
        (NOTES, "全国,2021-03-31", "佐賀県,2021-03-31", "row 3, column 'area'", "not a prefecture"),
        (NOTES, "FTTH household coverage (光", "Fibre coverage (光", "row 3, column 'measure'", "unknown measure"),
        (NOTES, "2021-03-31", "R3.3.31", "row 3, column 'as_of'", "YYYY-MM-DD"),
    ],
)
def test_bad_input_names_file_row_and_column(
    tmp_path: Path, file: str, old: str, new: str, where: str, problem: str
) -> None:
    raw = _raw_with(tmp_path, file, old, new)
    with pytest.raises(InputError, match=problem) as err:
        broadband_series.parse(raw, fixture_areas())
    assert err.value.file.endswith(file)
    assert where in err.value.where


def test_real_files() -> None:
    parsed = broadband_series.parse(REAL_RAW, full_areas())
    assert len(parsed.values) == 16
    assert len(parsed.tables["national_values"]) == 7
    refs = parsed.tables["reference_values"]
    assert len(refs) == 9
    saga = refs[(refs["area_code"] == "41000") & (refs["as_of"] == date(2023, 3, 31))]
    assert saga["value"].tolist() == [95.68]
