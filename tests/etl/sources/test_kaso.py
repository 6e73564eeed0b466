"""過疎 list parser: classes, partial areas, and rows that must be refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.sources import kaso
from intake.errors import InputError

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"
REAL_RAW = ROOT / "data" / "raw"
FILE = Path(kaso.SOURCE_ID) / kaso.FILE_NAME


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / FILE
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURE_RAW / FILE, target)
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_fixture_classes_and_partial_areas() -> None:
    parsed = kaso.parse(FIXTURE_RAW)
    table = parsed.tables["kaso"].set_index("code")
    assert set(table["kaso_class"]) == {"全部", "一部", "みなし"}
    assert table.loc["36207", "kaso_class"] == "全部"  # 美馬市
    assert table.loc["36205", "kaso_class"] == "一部"  # 吉野川市
    partial = parsed.tables["kaso_partial"]
    assert partial.loc[partial["area_code"] == "36205", "partial_area"].tolist() == ["美郷村", "山川町"]
    assert set(partial["area_code"]) == set(table.index[table["kaso_class"] == "一部"])
    assert parsed.files == {FIXTURE_RAW / FILE: len(table)}


def test_real_counts_match_the_published_totals() -> None:
    """全部過疎 713 / 一部過疎 158 / みなし過疎 14, as the repository's README states."""
    table = kaso.parse(REAL_RAW).tables["kaso"]
    assert table["kaso_class"].value_counts().to_dict() == {"全部": 713, "一部": 158, "みなし": 14}


def test_unknown_class_names_row_and_column(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, ",全部過疎,", ",過疎,")
    with pytest.raises(InputError) as caught:
        kaso.parse(raw)
    assert caught.value.file.endswith("kaso_match.csv")
    assert caught.value.where.endswith("column 'kaso_kind'") and caught.value.where.startswith("row ")


def test_partial_without_areas_is_refused(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, ",一部過疎,美郷村、山川町,", ",一部過疎,,")
    with pytest.raises(InputError, match="partial_area"):
        kaso.parse(raw)


def test_bad_code_and_duplicate(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, ",36207,", ",3620x,")
    with pytest.raises(InputError, match="muni_code"):
        kaso.parse(raw)
    shutil.rmtree(tmp_path / kaso.SOURCE_ID)
    raw = _copy_with(tmp_path, ",36208,", ",36207,")
    with pytest.raises(InputError, match="listed twice"):
        kaso.parse(raw)


def test_renamed_header(tmp_path: Path) -> None:
    raw = _copy_with(tmp_path, "muni_code", "code")
    with pytest.raises(InputError) as caught:
        kaso.parse(raw)
    assert caught.value.where == "column 'muni_code'"
