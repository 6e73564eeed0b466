"""The assembled ``areas`` table, its history and companions, on fixtures and the real data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl.areas import AREA_COLUMNS, parse_areas
from etl.model import AreaIndex, Parsed
from intake.errors import InputError
from intake.history import old_name_code, old_names, resolve_old_code

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"
REAL_RAW = ROOT / "data" / "raw"
AREA_SOURCES = ("soumu_local_gov_code", "code4fukui_localgovjp", "kaso_list_derived", "estat_haichi_bungou")


def _tables(parsed: list[Parsed]) -> dict[str, pd.DataFrame]:
    return {name: frame for p in parsed for name, frame in p.tables.items()}


@pytest.fixture(scope="module")
def fixture_areas() -> tuple[AreaIndex, list[Parsed]]:
    return parse_areas(FIXTURE_RAW)


@pytest.fixture(scope="module")
def real_areas() -> tuple[AreaIndex, list[Parsed]]:
    return parse_areas(REAL_RAW)


def test_fixture_areas_table(fixture_areas: tuple[AreaIndex, list[Parsed]]) -> None:
    index, _ = fixture_areas
    areas = index.frame
    assert list(areas.columns) == AREA_COLUMNS
    assert len(index.prefectures) == 5 and len(index.municipalities) == 157
    assert list(areas["code"]) == sorted(areas["code"])
    assert areas["code"].is_unique
    assert areas[["lat", "lon"]].notna().all().all()
    assert set(areas["kaso_class"].dropna()) == {"全部", "一部", "みなし"}
    assert areas.loc[areas["code"].str.startswith("131"), "kind"].eq("special_ward").sum() == 23
    tokushima = areas.set_index("code").loc["36000"]
    assert (tokushima["level"], tokushima["kind"], tokushima["name_kana"]) == (
        "prefecture",
        "prefecture",
        "トクシマケン",
    )
    assert index.has("36207") and index.name("36207") == "美馬市"
    assert areas["name_en"].notna().all() and areas["name_en_source"].notna().all()
    assert areas.set_index("code").loc["36207", "name_en"] == "Mima-shi"
    assert areas.set_index("code").loc["36000", "name_en"] == "Tokushima"


def test_real_areas_all_have_english_names(real_areas: tuple[AreaIndex, list[Parsed]]) -> None:
    areas = real_areas[0].frame.set_index("code")
    assert areas["name_en"].notna().all()
    assert areas.loc["13000", "name_en"] == "Tokyo" and areas.loc["13201", "name_en"] == "Hachioji-shi"


def test_area_without_reading_has_no_english_name_and_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copytree(FIXTURE_RAW, tmp_path / "raw")
    path = tmp_path / "raw" / "code4fukui_localgovjp" / "localgovjp-utf8.csv"
    path.write_bytes(path.read_bytes().replace("美馬市,みまし,".encode(), "美馬市,,".encode(), 1))
    with caplog.at_level("WARNING"):
        areas = parse_areas(tmp_path / "raw")[0].frame.set_index("code")
    assert areas.loc["36207", "name_en"] is None and areas.loc["36207", "name_en_source"] is None
    assert "36207" in caplog.text and "no published reading" in caplog.text


def test_every_source_is_reported_with_its_files(fixture_areas: tuple[AreaIndex, list[Parsed]]) -> None:
    _, parsed = fixture_areas
    assert [p.source_id for p in parsed] == list(AREA_SOURCES)
    for p in parsed:
        assert p.files and all(path.exists() and rows > 0 for path, rows in p.files.items())
    assert set(_tables(parsed)) == {"areas", "designated_wards", "kaso_partial", "area_history"}


def test_fixture_history_resolves_chains(fixture_areas: tuple[AreaIndex, list[Parsed]]) -> None:
    history = _tables(fixture_areas[1])["area_history"]
    # 壬生川町 → 東予町 (1971 merger) → 東予市 (1972 市制) → 西条市 (2004 merger)
    assert resolve_old_code(history, "38322") == "38206"
    assert resolve_old_code(history, "383228") == "38206"  # LG6 accepted
    assert resolve_old_code(history, "36461") == "36207"  # 脇町 → 美馬市
    assert resolve_old_code(history, "13216") == "13229"  # 田無市 → 西東京市
    assert resolve_old_code(history, "13101") is None  # never changed: not an old code
    row = history[(history["old_code"] == "38322")].iloc[0]
    assert (row["next_code"], row["new_code"], row["new_name"]) == ("38325", "38206", "西条市")


def test_old_names_need_the_prefecture(fixture_areas: tuple[AreaIndex, list[Parsed]]) -> None:
    names = old_names(_tables(fixture_areas[1])["area_history"])
    assert old_name_code(names, "36000", "脇町") == "36207"
    assert old_name_code(names, "38000", "北条市") == "38201"
    assert old_name_code(names, "37000", "脇町") is None


def test_kaso_partial_names_old_codes(fixture_areas: tuple[AreaIndex, list[Parsed]]) -> None:
    partial = _tables(fixture_areas[1])["kaso_partial"]
    assert list(partial.columns) == ["area_code", "partial_area", "old_code"]
    yoshinogawa = partial[partial["area_code"] == "36205"].set_index("partial_area")["old_code"]
    assert yoshinogawa.to_dict() == {"美郷村": "36444", "山川町": "36443"}


def test_real_areas(real_areas: tuple[AreaIndex, list[Parsed]]) -> None:
    index, parsed = real_areas
    areas = index.frame
    assert len(index.municipalities) == 1741 and len(index.prefectures) == 47
    assert areas["kind"].value_counts().to_dict() == {
        "city": 772,
        "town": 743,
        "village": 183,
        "prefecture": 47,
        "special_ward": 23,
        "designated_city": 20,
    }
    assert areas["kaso_class"].value_counts().to_dict() == {"全部": 713, "一部": 158, "みなし": 14}
    assert areas["kaso_class"].isna().sum() == 1741 + 47 - 885
    assert areas[["lat", "lon"]].notna().all().all()
    assert not areas["code"].between("01695", "01700").any()
    assert len(_tables(parsed)["designated_wards"]) == 171


def test_real_history(real_areas: tuple[AreaIndex, list[Parsed]]) -> None:
    history = _tables(real_areas[1])["area_history"]
    assert history["new_code"].notna().all()
    assert set(history["new_code"]) <= set(real_areas[0].municipalities["code"])
    assert resolve_old_code(history, "01338") == "01202"  # 亀田町 → 亀田市 → 函館市
    assert resolve_old_code(history, "01201") == "01100"  # 札幌市 before designation
    assert resolve_old_code(history, "22131") == "22130"  # 浜松市中区 (abolished 2024) → 浜松市
    assert resolve_old_code(history, "22135") == "22130"  # 浜松市北区, split between two wards
    assert resolve_old_code(history, "40102") == "40100"  # 小倉区, split in 1974
    assert resolve_old_code(history, "20431") == "21206"  # 長野県山口村 → 岐阜県中津川市


def _fixture_copy(tmp_path: Path) -> Path:
    for source in AREA_SOURCES:
        shutil.copytree(FIXTURE_RAW / source, tmp_path / source)
    return tmp_path


def test_kaso_name_must_match_the_code(tmp_path: Path) -> None:
    raw = _fixture_copy(tmp_path)
    path = raw / "kaso_list_derived" / "kaso_match.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",美馬市,全部過疎,", ",三好市,全部過疎,"), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        parse_areas(raw)
    assert caught.value.file.endswith("kaso_match.csv")
    assert caught.value.where == "muni_code 36207" and "三好市" in caught.value.problem


def test_kaso_code_must_be_a_municipality(tmp_path: Path) -> None:
    raw = _fixture_copy(tmp_path)
    path = raw / "kaso_list_derived" / "kaso_match.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",36207,", ",36000,"), encoding="utf-8")
    with pytest.raises(InputError, match="muni_code 36000"):
        parse_areas(raw)


def test_office_name_must_match_the_code(tmp_path: Path) -> None:
    raw = _fixture_copy(tmp_path)
    path = raw / "code4fukui_localgovjp" / "localgovjp-utf8.csv"
    path.write_bytes(path.read_bytes().replace("千代田区,ちよだく".encode(), "中央区,ちゅうおうく".encode(), 1))
    with pytest.raises(InputError, match="lgcode 13101"):
        parse_areas(raw)
