"""The My Number card parser on the sliced snapshots, on edited copies of them, and on the real 46.

Expected numbers were read off the raw CSVs (the fixture keeps their lines byte for byte).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from etl.model import AreaIndex, Parsed
from etl.sources.mynumbercard import DATA_DIR, INDICATOR_ID, MUNICIPAL_FILE, PREFECTURE_FILE, SOURCE_ID, parse
from intake.errors import InputError
from layers.registry import load_catalogue
from tests.etl.sources.dx_areas_for_tests import FIXTURE_RAW, REAL_RAW, fixture_areas, full_areas

FIRST, NA_ERA, LAST = date(2017, 3, 8), date(2021, 8, 1), date(2022, 12, 31)
CHIYODA, MIYAKE, HACHIJO, YUSUHARA = "13101", "13381", "13401", "39405"


@pytest.fixture(scope="module")
def areas() -> AreaIndex:
    return fixture_areas()


@pytest.fixture(scope="module")
def parsed(areas: AreaIndex) -> Parsed:
    return parse(FIXTURE_RAW, areas)


def rate(parsed: Parsed, code: str, day: date) -> float:
    rows = parsed.values[(parsed.values["area_code"] == code) & (parsed.values["as_of"] == day)]
    assert len(rows) == 1, (code, day)
    return float(rows["value"].iloc[0])


def edited_copy(tmp_path: Path, snapshot: str, file_name: str, old: str, new: str) -> tuple[Path, Path]:
    """A raw dir with the fixture snapshots; one exact text replaced in one file (BOM and LF kept)."""
    shutil.copytree(FIXTURE_RAW / SOURCE_ID, tmp_path / SOURCE_ID)
    path = tmp_path / SOURCE_ID / DATA_DIR / snapshot / file_name
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) == 1, old
    path.write_bytes(text.replace(old, new).encode("utf-8"))
    return tmp_path, path


# ------------------------------------------------------------------ values


def test_one_value_per_area_and_snapshot(parsed: Parsed, areas: AreaIndex) -> None:
    values = parsed.values
    assert set(values["indicator_id"]) == {INDICATOR_ID}
    assert load_catalogue().indicators[INDICATOR_ID].source_id == SOURCE_ID
    assert sorted(set(values["as_of"])) == [FIRST, NA_ERA, LAST]
    assert len(values) == 3 * len(areas.frame)
    assert not values.duplicated(["area_code", "as_of"]).any()
    assert values["note"].isna().all()
    assert len(parsed.files) == 6 and set(parsed.files.values()) == {157, 5}


def test_values_match_the_raw_files(parsed: Parsed) -> None:
    assert rate(parsed, CHIYODA, FIRST) == 11.8
    assert rate(parsed, CHIYODA, LAST) == 62.3
    assert rate(parsed, YUSUHARA, FIRST) == 4.9  # 高岡郡檮原町 in this file: joined by code, not name
    assert rate(parsed, "13000", FIRST) == 10.0
    assert rate(parsed, "39000", LAST) == 51.6


def test_miyake_and_hachijo_na_codes_are_filled(parsed: Parsed) -> None:
    assert rate(parsed, MIYAKE, FIRST) == 9.6  # coded 133817 in 2017
    assert rate(parsed, MIYAKE, NA_ERA) == 41.0  # <NA> from 20210801
    assert rate(parsed, HACHIJO, NA_ERA) == 33.1
    assert rate(parsed, HACHIJO, LAST) == 48.4


def test_counts_table(parsed: Parsed) -> None:
    counts = parsed.tables["mynumber_counts"].set_index(["area_code", "as_of"])
    assert counts.loc[(CHIYODA, FIRST), ["population", "issued"]].tolist() == [58576, 6903]
    assert counts.loc[("13000", LAST), ["population", "issued"]].tolist() == [13794933, 7985934]
    assert len(counts) == len(parsed.values)
    # 人口算出基準日 as published: 20170308 divides by the register of 2016-01-01, 20221231 by 2022-01-01
    assert counts.loc[(CHIYODA, FIRST), "population_as_of"] == date(2016, 1, 1)
    assert counts.loc[(CHIYODA, LAST), "population_as_of"] == date(2022, 1, 1)
    assert counts.loc[(CHIYODA, NA_ERA), "population_as_of"] == date(2021, 1, 1)


def test_residents_at_the_date_shown(parsed: Parsed) -> None:
    """One row per value: the residents the rate divides by, and their date, for the dashboard's counts."""
    residents = parsed.tables["residents_at_date"]
    keys = ["indicator_id", "area_code", "as_of"]
    assert len(residents) == len(parsed.values)
    assert residents[keys].merge(parsed.values[keys], how="left", indicator=True)["_merge"].eq("both").all()
    by_key = residents.set_index(["area_code", "as_of"])
    assert by_key.loc[(CHIYODA, FIRST), "residents"] == 58576
    assert by_key.loc[(CHIYODA, LAST), "residents"] == 67049
    assert by_key.loc[(CHIYODA, LAST), "residents_as_of"] == date(2022, 1, 1)
    assert set(residents["indicator_id"]) == {INDICATOR_ID}


@pytest.mark.parametrize(
    ("text", "problem"), [("2019/01/01", "not 1 January of 2022 or 2021"), ("2022/02/01", "not 1 January")]
)
def test_population_date_must_be_a_recent_1_january(tmp_path: Path, areas: AreaIndex, text: str, problem: str) -> None:
    raw, path = edited_copy(
        tmp_path,
        "20221231",
        MUNICIPAL_FILE,
        '"千代田区",67049,41802,62.3,"2022/01/01"',
        f'"千代田区",67049,41802,62.3,"{text}"',
    )
    with pytest.raises(InputError, match=problem) as err:
        parse(raw, areas)
    assert err.value.file == str(path) and "人口算出基準日" in err.value.where


# ------------------------------------------------------------------ errors


def test_other_na_code_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw, path = edited_copy(
        tmp_path,
        "20221231",
        MUNICIPAL_FILE,
        '"千代田区",67049,41802,62.3,"2022/01/01","2022/12/31",131016',
        '"千代田区",67049,41802,62.3,"2022/01/01","2022/12/31","<NA>"',
    )
    with pytest.raises(InputError) as err:
        parse(raw, areas)
    assert err.value.file == str(path)
    assert err.value.where.startswith("row ") and "東京都 千代田区" in err.value.where
    assert "<NA>" in err.value.problem


def test_na_is_filled_only_for_the_right_names(tmp_path: Path, areas: AreaIndex) -> None:
    raw, _ = edited_copy(tmp_path, "20221231", MUNICIPAL_FILE, '"東京都","三宅村"', '"東京都","御蔵島村"')
    with pytest.raises(InputError, match="東京都 御蔵島村.*only 三宅村 and 八丈町"):
        parse(raw, areas)


def test_code_not_in_areas_stops(tmp_path: Path, areas: AreaIndex) -> None:
    # 011002 (Sapporo) is a valid code, but not of the fixture universe.
    raw, path = edited_copy(tmp_path, "20170308", MUNICIPAL_FILE, ",131016\n", ",11002\n")
    with pytest.raises(InputError) as err:
        parse(raw, areas)
    assert err.value.file == str(path) and err.value.where == "row 2 (東京都 千代田区)"
    assert "not a municipality in the code list" in err.value.problem


def test_wrong_check_digit_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw, _ = edited_copy(tmp_path, "20170308", MUNICIPAL_FILE, ",131016\n", ",131017\n")
    with pytest.raises(InputError, match="row 2 .*check digit"):
        parse(raw, areas)


def test_rate_above_100_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw, path = edited_copy(tmp_path, "20221231", PREFECTURE_FILE, "7985934,57.9,", "7985934,157.9,")
    with pytest.raises(InputError) as err:
        parse(raw, areas)
    assert err.value.file == str(path) and err.value.where == "row 2" and "outside 0-100" in err.value.problem


def test_rate_not_matching_counts_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw, _ = edited_copy(tmp_path, "20170308", MUNICIPAL_FILE, "58576,6903,11.8", "58576,6903,18.1")
    with pytest.raises(InputError, match="row 2: rate 18.1 does not match"):
        parse(raw, areas)


def test_unknown_prefecture_name_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw, _ = edited_copy(tmp_path, "20210801", PREFECTURE_FILE, '"高知県"', '"土佐県"')
    with pytest.raises(InputError, match="row 6: 都道府県名 '土佐県' is not a prefecture"):
        parse(raw, areas)


def test_missing_municipality_stops(tmp_path: Path, areas: AreaIndex) -> None:
    line = '"2017/03/08","東京都","千代田区",58576,6903,11.8,"2016/01/01","2017/03/08",131016\n'
    raw, _ = edited_copy(tmp_path, "20170308", MUNICIPAL_FILE, line, "")
    with pytest.raises(InputError, match=r"1 area\(s\) of the code list are missing, e.g. \['13101'\]"):
        parse(raw, areas)


def test_date_column_must_match_folder(tmp_path: Path, areas: AreaIndex) -> None:
    raw, _ = edited_copy(tmp_path, "20170308", PREFECTURE_FILE, '"2017/03/08","東京都"', '"2017/03/09","東京都"')
    with pytest.raises(InputError, match="算出基準日 2017/03/09 is not the folder date 2017/03/08"):
        parse(raw, areas)


def test_changed_header_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw, _ = edited_copy(tmp_path, "20210801", MUNICIPAL_FILE, '"団体コード"', '"コード"')
    with pytest.raises(InputError, match="row 1: header"):
        parse(raw, areas)


# --------------------------------------------------------------- real data


def test_real_files_all_46_snapshots() -> None:
    areas = full_areas()
    result = parse(REAL_RAW, areas)
    values = result.values
    days = sorted(set(values["as_of"]))
    assert len(days) == 46 and (days[0], days[-1]) == (FIRST, LAST)
    assert len(result.files) == 92
    assert len(values) == 46 * (1741 + 47)
    assert values["value"].between(0, 100).all()
    assert (values["value"].min(), values["value"].max()) == (2.3, 95.4)
    assert rate(result, "01100", FIRST) == 7.4  # 札幌市 written 11002: the lost zero is restored
    # SOURCE.md: 26 of the 46 snapshots divide by the previous year's 1 January register count
    bases = result.tables["mynumber_counts"].groupby("as_of")["population_as_of"].unique()
    assert all(len(b) == 1 for b in bases)
    previous_year = [day for day, b in bases.items() if b[0].year == day.year - 1]
    assert len(previous_year) == 26 and len(bases) - len(previous_year) == 20
    filled = values[values["area_code"].isin([MIYAKE, HACHIJO]) & (values["as_of"] >= NA_ERA)]
    assert len(filled) == 2 * sum(day >= NA_ERA for day in days)
