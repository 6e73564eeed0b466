"""総務省 code list parser on the sliced fixture, the real file, and broken copies."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from etl.sources import local_gov_code
from intake.codes import is_valid_code6
from intake.errors import InputError

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"
REAL_RAW = ROOT / "data" / "raw"
FILE = Path(local_gov_code.SOURCE_ID) / local_gov_code.FILE_NAME


def _broken_copy(tmp_path: Path, sheet: str, cell: str, value: object) -> Path:
    """A copy of the fixture workbook with one cell changed; returns the raw folder."""
    target = tmp_path / FILE
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURE_RAW / FILE, target)
    workbook = openpyxl.load_workbook(target)
    workbook[sheet][cell] = value
    workbook.save(target)
    return tmp_path


def test_fixture_code_list() -> None:
    parsed = local_gov_code.parse(FIXTURE_RAW)
    codes = parsed.tables["code_list"]
    assert parsed.source_id == "soumu_local_gov_code"
    assert list(codes["code"]) == sorted(codes["code"])
    assert (codes["level"] == "prefecture").sum() == 5
    assert set(codes["prefecture_code"]) == {"13000", "36000", "37000", "38000", "39000"}
    chiyoda = codes.set_index("code").loc["13101"]
    assert (chiyoda["code6"], chiyoda["name_ja"], chiyoda["kind"]) == ("131016", "千代田区", "special_ward")
    assert chiyoda["name_kana"] == "チヨダク"
    assert (codes["kind"] == "special_ward").sum() == 23
    assert codes["code6"].map(is_valid_code6).all()
    assert parsed.files == {FIXTURE_RAW / FILE: len(codes)}


def test_kana_are_full_width() -> None:
    codes = local_gov_code.parse(FIXTURE_RAW).tables["code_list"]
    for kana in codes["name_kana"]:
        assert kana == unicodedata.normalize("NFKC", kana)
        assert all("\u30a0" <= ch <= "\u30ff" for ch in kana), kana


def test_fixture_has_no_designated_city_but_keeps_the_sheet() -> None:
    parsed = local_gov_code.parse(FIXTURE_RAW)
    assert parsed.tables["designated"].empty
    assert local_gov_code.designated_wards(parsed.tables["designated"]).empty


def test_real_code_list_counts_and_northern_territories() -> None:
    parsed = local_gov_code.parse(REAL_RAW)
    codes = parsed.tables["code_list"].set_index("code")
    assert (codes["level"] == "municipality").sum() == 1741
    assert (codes["level"] == "prefecture").sum() == 47
    assert not set(local_gov_code.NORTHERN_TERRITORIES) & set(codes.index)
    assert codes.loc["01403", "name_ja"] == "泊村"  # the real 泊村 (後志) stays
    assert codes["kind"].value_counts().to_dict() == {
        "city": 772,
        "town": 743,
        "village": 183,
        "prefecture": 47,
        "special_ward": 23,
        "designated_city": 20,
    }
    # 1,794 rows in the main sheet + 191 in the designated-city sheet were read.
    assert parsed.files == {REAL_RAW / FILE: 1794 + 191}


def test_real_designated_cities_with_numeric_codes() -> None:
    """熊本市 (431001) and Hamamatsu's new wards are stored as numbers in the sheet."""
    parsed = local_gov_code.parse(REAL_RAW)
    designated = parsed.tables["designated"]
    assert designated["is_city"].sum() == 20
    kinds = parsed.tables["code_list"].set_index("code")["kind"]
    assert kinds["43100"] == "designated_city"
    wards = local_gov_code.designated_wards(designated).set_index("ward_code")
    assert len(wards) == 171
    assert wards.loc["22138", ["name_ja", "city_code"]].tolist() == ["浜松市中央区", "22130"]
    assert wards.loc["43101", "ward_code6"] == "431010"
    assert wards.loc["01101", "name_kana"] == "サッポロシチュウオウク"


def test_wrong_check_digit_names_file_sheet_and_row(tmp_path: Path) -> None:
    raw = _broken_copy(tmp_path, local_gov_code.SHEET_ALL, "A3", "131017")
    with pytest.raises(InputError) as caught:
        local_gov_code.parse(raw)
    assert caught.value.file.endswith("000925835.xlsx")
    assert "row 3" in caught.value.where and local_gov_code.SHEET_ALL in caught.value.where
    assert "check digit" in caught.value.problem and "131016" not in caught.value.problem


def test_renamed_header_names_the_column(tmp_path: Path) -> None:
    raw = _broken_copy(tmp_path, local_gov_code.SHEET_ALL, "E1", "市区町村名\n（ふりがな）")
    with pytest.raises(InputError) as caught:
        local_gov_code.parse(raw)
    assert "column E" in caught.value.where and "市区町村名(カナ)" in caught.value.where


def test_out_of_order_code_is_refused(tmp_path: Path) -> None:
    """Other sources assign codes by position, so the official order must hold."""
    raw = _broken_copy(tmp_path, local_gov_code.SHEET_ALL, "A4", "131016")
    with pytest.raises(InputError, match="out of order"):
        local_gov_code.parse(raw)


def test_missing_sheet(tmp_path: Path) -> None:
    target = tmp_path / FILE
    target.parent.mkdir(parents=True)
    workbook = openpyxl.load_workbook(FIXTURE_RAW / FILE)
    del workbook[local_gov_code.SHEET_DESIGNATED]
    workbook.save(target)
    with pytest.raises(InputError, match="no such sheet"):
        local_gov_code.parse(tmp_path)
