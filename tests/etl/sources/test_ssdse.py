"""ssdse: CP932 SSDSE-A, columns found by item code, derived ratios and prefecture sums."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl.model import AreaIndex
from etl.sources import ssdse
from intake.errors import InputError
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, REAL_RAW, fixture_areas, full_areas
from tests.etl.sources.raw_edits import copy_source, replace_text

SOURCE = ssdse.SOURCE_ID
FILE = ssdse.FILE_NAME


def _raw_table(raw_dir: Path) -> pd.DataFrame:
    """The file as the publisher wrote it: item codes as columns, one row per municipality."""
    frame = pd.read_csv(raw_dir / SOURCE / FILE, encoding="cp932", header=None, dtype=str, skiprows=[1, 2])
    frame.columns = frame.iloc[0]
    return frame.iloc[1:].set_index("SSDSE-A-2025")


def _values(raw_dir: Path, areas: AreaIndex) -> pd.DataFrame:
    parsed = ssdse.parse(raw_dir, areas)
    return parsed.values.set_index(["indicator_id", "area_code"])


def test_fixture_reads_cp932_and_matches_raw_cells() -> None:
    values = _values(FIXTURE_RAW, fixture_areas())
    raw = _raw_table(FIXTURE_RAW).loc["R13201"]  # 八王子市
    pop = float(raw["A1101"])
    assert values.loc[("population", "13201"), "value"] == pop == 579355
    assert values.loc[("households", "13201"), "value"] == float(raw["A7101"])
    known_age = float(raw["A1301"]) + float(raw["A1302"]) + float(raw["A1303"])  # 年齢不詳 excluded
    assert known_age < pop
    assert values.loc[("aged_65_share", "13201"), "value"] == pytest.approx(float(raw["A1303"]) / known_age * 100)
    assert values.loc[("aged_75_share", "13201"), "value"] == pytest.approx(float(raw["A1419"]) / known_age * 100)
    share = float(raw["A8301"]) / float(raw["A710101"]) * 100
    assert values.loc[("single_elderly_household_share", "13201"), "value"] == pytest.approx(share)
    assert values.loc[("habitable_density", "13201"), "value"] == pytest.approx(pop / (float(raw["B1103"]) / 100))
    ict = float(raw["C210839"]) / pop * 1000
    assert values.loc[("ict_establishments_per_1000", "13201"), "value"] == pytest.approx(ict)


def test_fixture_counts_and_dates() -> None:
    parsed = ssdse.parse(FIXTURE_RAW, fixture_areas())
    assert list(parsed.files.values()) == [157]
    assert len(parsed.values) == (157 + 5) * 7
    dates = parsed.values.groupby("indicator_id")["as_of"].unique()
    assert list(dates["ict_establishments_per_1000"]) == [date(2021, 6, 1)]
    assert list(dates["population"]) == [date(2020, 10, 1)]
    assert parsed.values["value"].notna().all()


def test_prefecture_values_are_sums_of_municipal_counts() -> None:
    values = _values(FIXTURE_RAW, fixture_areas())
    raw = _raw_table(FIXTURE_RAW)
    kochi = raw[raw.index.str.startswith("R39")]
    pop = kochi["A1101"].astype(float).sum()
    assert values.loc[("population", "39000"), "value"] == pop
    known_age = sum(kochi[item].astype(float).sum() for item in ("A1301", "A1302", "A1303"))
    assert values.loc[("aged_65_share", "39000"), "value"] == pytest.approx(
        kochi["A1303"].astype(float).sum() / known_age * 100
    )
    assert values.loc[("population", "39000"), "note"] == "市区町村の合計から算出"
    assert values.loc[("population", "13000"), "value"] == 14047594  # 2020 census, 東京都


def test_missing_mark_becomes_nan_with_note_and_spoils_the_prefecture_sum(tmp_path: Path) -> None:
    raw = copy_source(tmp_path, SOURCE)
    path = raw / SOURCE / FILE
    row = next(line for line in path.read_bytes().decode("cp932").splitlines() if line.startswith("R39301"))
    cells = row.split(",")
    cells[45] = "-"  # C210839 事業所数（民営）（情報通信業）
    replace_text(path, row, ",".join(cells), encoding="cp932")
    values = _values(raw, fixture_areas())
    muni = values.loc[("ict_establishments_per_1000", "39301")]
    assert math.isnan(muni["value"]) and "情報通信業" in muni["note"] and "「-」" in muni["note"]
    pref = values.loc[("ict_establishments_per_1000", "39000")]
    assert math.isnan(pref["value"]) and "欠損" in pref["note"]
    assert values.loc[("population", "39301"), "value"] > 0


@pytest.mark.parametrize(
    ("items", "indicator", "reason"),
    [
        (("A1101",), "ict_establishments_per_1000", "総人口が0"),
        (("A1301", "A1302", "A1303"), "aged_65_share", "15歳未満人口・15～64歳人口・65歳以上人口が0"),
    ],
)
def test_zero_population_gives_nan_not_infinity(
    tmp_path: Path, items: tuple[str, ...], indicator: str, reason: str
) -> None:
    raw = copy_source(tmp_path, SOURCE)
    path = raw / SOURCE / FILE
    text = path.read_bytes().decode("cp932")
    header = text.splitlines()[0].split(",")
    row = next(line for line in text.splitlines() if line.startswith("R13364"))
    cells = row.split(",")  # 神津島村
    for item in items:
        cells[header.index(item)] = "0"
    replace_text(path, row, ",".join(cells), encoding="cp932")
    values = _values(raw, fixture_areas())
    share = values.loc[(indicator, "13364")]
    assert math.isnan(share["value"]) and reason in share["note"]


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        (",A1303,", ",A1399,", "column 'A1303' (65歳以上人口)", "item code not found"),
        (",65歳以上人口,", ",65歳以上,", "header row 3, column 'A1303'", "label is '65歳以上'"),
        ("R13201,", "R99201,", "row 27, column '地域コード'", "not a municipality"),  # file line 27
        ("R13201,", "13201,", "row 27, column '地域コード'", "is not 'R'"),
        ("R13201,東京都,八王子市", "R13201,東京都,立川市", "column '地域コード'", "does not match"),
        ("R13201,東京都", "R13201,大阪府", "column '都道府県'", "not the prefecture"),
    ],
)
def test_bad_input_names_file_row_and_column(tmp_path: Path, old: str, new: str, where: str, problem: str) -> None:
    raw = copy_source(tmp_path, SOURCE)
    replace_text(raw / SOURCE / FILE, old, new, encoding="cp932")
    with pytest.raises(InputError, match=problem) as err:
        ssdse.parse(raw, fixture_areas())
    assert err.value.file.endswith(FILE)
    assert where in err.value.where


@pytest.mark.parametrize(
    ("item", "year", "problem"),
    [
        ("C210839", "2019", "not a 経済センサス‐活動調査 round"),
        ("A1303", "2022", "not a 国勢調査 year"),
        ("A1303", "2025", "year differs from other census items"),
        ("B1103", "R5", "not a 4-digit year"),
    ],
)
def test_a_year_that_cannot_be_dated_fails(tmp_path: Path, item: str, year: str, problem: str) -> None:
    raw = copy_source(tmp_path, SOURCE)
    path = raw / SOURCE / FILE
    lines = path.read_bytes().decode("cp932").split("\r\n")
    years = lines[1].split(",")
    years[lines[0].split(",").index(item)] = year
    lines[1] = ",".join(years)
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    with pytest.raises(InputError, match=problem) as err:
        ssdse.parse(raw, fixture_areas())
    assert "header row 2" in err.value.where and err.value.file.endswith(FILE)


def _newer_edition(tmp_path: Path, census: str = "2020") -> tuple[Path, Path]:
    """The fixture plus a 2026 edition beside it: same rows, area of 2024, census items of ``census``."""
    raw = copy_source(tmp_path, SOURCE)
    lines = (raw / SOURCE / FILE).read_bytes().decode("cp932").split("\r\n")
    codes, years = lines[0].split(","), lines[1].split(",")
    codes[0] = "SSDSE-A-2026"
    years[codes.index("B1103")] = "2024"
    for item, (_, kind) in ssdse.ITEMS.items():
        if kind == "census":
            years[codes.index(item)] = census
    lines[0], lines[1] = ",".join(codes), ",".join(years)
    newer = raw / SOURCE / "SSDSE-A-2026.csv"
    newer.write_bytes("\r\n".join(lines).encode("cp932"))
    return raw, newer


def test_a_newer_edition_is_read_instead_and_dated_by_its_own_header(tmp_path: Path) -> None:
    raw, newer = _newer_edition(tmp_path, census="2025")
    assert ssdse.edition(raw / SOURCE) == newer
    parsed = ssdse.parse(raw, fixture_areas())
    assert list(parsed.files) == [newer]
    dates = parsed.values.groupby("indicator_id")["as_of"].unique()
    assert list(dates["population"]) == [date(2025, 10, 1)]
    assert list(dates["ict_establishments_per_1000"]) == [date(2021, 6, 1)]


def test_an_edition_whose_header_names_another_edition_is_refused(tmp_path: Path) -> None:
    raw, newer = _newer_edition(tmp_path)
    newer.rename(newer.with_name("SSDSE-A-2027.csv"))
    with pytest.raises(InputError, match="edition is 'SSDSE-A-2026'") as err:
        ssdse.parse(raw, fixture_areas())
    assert err.value.file.endswith("SSDSE-A-2027.csv")


def test_utf8_copy_is_refused(tmp_path: Path) -> None:
    raw = copy_source(tmp_path, SOURCE)
    path = raw / SOURCE / FILE
    path.write_bytes(path.read_bytes().decode("cp932").encode("utf-8"))
    with pytest.raises(InputError, match="cp932") as err:
        ssdse.parse(raw, fixture_areas())
    assert err.value.file.endswith(FILE)


def test_real_file_has_1741_municipalities() -> None:
    parsed = ssdse.parse(REAL_RAW, full_areas())
    assert list(parsed.files.values()) == [1741]
    values = parsed.values.set_index(["indicator_id", "area_code"])
    assert len(values) == (1741 + 47) * 7
    futaba = values.loc[("aged_65_share", "07546")]  # 双葉町: no residents in 2020
    assert math.isnan(futaba["value"]) and futaba["note"]
    share = values.loc["aged_65_share", "value"]
    # 高齢化率 as officially defined: 65歳以上 ÷ 年齢判明人口 (issue 14: 所沢市 29.57, not 25.42; 浪江町 33.89)
    assert share["11208"] == pytest.approx(29.57, abs=0.005)
    assert share["07547"] == pytest.approx(33.89, abs=0.005)
    assert share.min() == pytest.approx(10.3, abs=0.05) and share.max() == pytest.approx(65.2, abs=0.05)
    pref = values.loc["aged_65_share"].loc[lambda f: f["note"] == "市区町村の合計から算出", "value"]
    assert len(pref) == 47 and pref.between(22.5, 37.7).all()
    national = values.loc["population"].loc[lambda f: f["note"] == "市区町村の合計から算出", "value"].sum()
    assert national == 126146099  # 2020 census, Japan
