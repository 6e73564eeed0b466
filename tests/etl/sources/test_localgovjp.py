"""Code for FUKUI office locations: BOM, codes without leading zero, coordinates."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from etl.sources import localgovjp
from intake.errors import InputError

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"
REAL_RAW = ROOT / "data" / "raw"
FOLDER = Path(localgovjp.SOURCE_ID)


def _copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """The fixture folder with one text replacement in one file; returns the raw folder."""
    shutil.copytree(FIXTURE_RAW / FOLDER, tmp_path / FOLDER)
    path = tmp_path / FOLDER / name
    raw = path.read_bytes()
    assert old.encode() in raw
    path.write_bytes(raw.replace(old.encode(), new.encode(), 1))
    return tmp_path


def test_fixture_offices() -> None:
    assert (FIXTURE_RAW / FOLDER / localgovjp.MUNICIPAL_FILE).read_bytes().startswith(b"\xef\xbb\xbf")
    parsed = localgovjp.parse(FIXTURE_RAW)
    offices = parsed.tables["offices"].set_index("code")
    assert list(offices.columns) == ["name", "lat", "lon"]
    assert offices.loc["13000", "name"] == "東京都"
    assert offices.loc["13101", "name"] == "千代田区"
    assert offices["lat"].between(20, 46).all() and offices["lon"].between(122, 154).all()
    assert parsed.files == {
        FIXTURE_RAW / FOLDER / localgovjp.MUNICIPAL_FILE: 157,
        FIXTURE_RAW / FOLDER / localgovjp.PREFECTURE_FILE: 5,
    }


def test_real_offices_cover_every_code_once() -> None:
    offices = localgovjp.parse(REAL_RAW).tables["offices"]
    assert len(offices) == 47 + 1916  # 1,741 municipalities + 175 designated-city wards
    assert offices["code"].is_unique
    # prefjp writes 010006 as 10006: the leading zero must come back.
    assert offices.set_index("code").loc["01000", "name"] == "北海道"


def test_blank_coordinate_stays_missing(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, localgovjp.MUNICIPAL_FILE, ",千代田区,ちよだく,35.69388889,", ",千代田区,ちよだく,,")
    offices = localgovjp.parse(raw).tables["offices"].set_index("code")
    assert math.isnan(offices.loc["13101", "lat"])
    assert not math.isnan(offices.loc["13101", "lon"])


def test_wrong_check_digit_names_row_and_column(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, localgovjp.MUNICIPAL_FILE, ",131016\n", ",131017\n")
    with pytest.raises(InputError) as caught:
        localgovjp.parse(raw)
    assert caught.value.file.endswith(localgovjp.MUNICIPAL_FILE)
    assert caught.value.where == "row 2, column 'lgcode'"
    assert "check digit" in caught.value.problem


def test_coordinate_outside_japan(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, localgovjp.PREFECTURE_FILE, ",35.689521,", ",3.5689521,")
    with pytest.raises(InputError, match=r"row 2, column 'lat'.*outside Japan"):
        localgovjp.parse(raw)


def test_renamed_header(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, localgovjp.MUNICIPAL_FILE, ",lat,lng,", ",latitude,lng,")
    with pytest.raises(InputError) as caught:
        localgovjp.parse(raw)
    assert caught.value.where == "column 'lat'"


def test_english_names_from_readings_and_pref_en() -> None:
    english = localgovjp.parse(FIXTURE_RAW).tables["english"].set_index("code")
    assert list(english.columns) == ["name_en", "name_en_source"]
    assert english.loc["13000", "name_en"] == "Tokyo"
    assert english.loc["13101", "name_en"] == "Chiyoda-ku"
    assert english.loc["13102", "name_en"] == "Chuo-ku"
    assert english.loc["13000", "name_en_source"] == localgovjp.PREFECTURE_BASIS
    assert english.loc["13101", "name_en_source"] == localgovjp.MUNICIPAL_BASIS
    assert english["name_en"].notna().all()


def test_real_english_names_cover_every_code() -> None:
    english = localgovjp.parse(REAL_RAW).tables["english"].set_index("code")
    assert len(english) == 47 + 1916 and english["name_en"].notna().all()
    assert english.loc["01000", "name_en"] == "Hokkaido" and english.loc["27100", "name_en"] == "Osaka-shi"
    assert english.loc["01101", "name_en"] == "Sapporo-shi Chuo-ku"


def test_blank_reading_is_missing_not_guessed(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, localgovjp.MUNICIPAL_FILE, ",千代田区,ちよだく,", ",千代田区,,")
    english = localgovjp.parse(raw).tables["english"].set_index("code")
    assert english.loc["13101", "name_en"] is None and english.loc["13101", "name_en_source"] is None
    assert english.loc["13102", "name_en"] == "Chuo-ku"


def test_blank_pref_en_is_missing(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, localgovjp.PREFECTURE_FILE, ",Tokyo,", ",,")
    assert localgovjp.parse(raw).tables["english"].set_index("code").loc["13000", "name_en"] is None


def test_reading_of_another_kind_names_row_and_column(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, localgovjp.MUNICIPAL_FILE, ",千代田区,ちよだく,", ",千代田区,ちよだまち,")
    with pytest.raises(InputError) as info:
        localgovjp.parse(raw)
    message = str(info.value)
    assert "localgovjp-utf8.csv" in message and "row 2, column 'citykana'" in message and "ちよだまち" in message
