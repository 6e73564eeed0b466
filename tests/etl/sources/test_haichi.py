"""e-Stat 廃置分合 parser: each wording of 改正事由 and the multi-line CSV."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from etl.sources import haichi
from intake.errors import InputError

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"
REAL_RAW = ROOT / "data" / "raw"
FILE = Path(haichi.SOURCE_ID) / haichi.FILE_NAME


# Lines quoted from the real file (NFKC-normalised where the original is full-width).
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("亀田市(01232)が函館市(01202)に編入", [("亀田市", "01232", "函館市", "01202", "absorption")]),
        (
            "釧路市(01206)、阿寒町(01666)、音別町(01669)が合併し、釧路市を新設",
            [
                ("釧路市", "01206", "釧路市", "01206", "merger"),
                ("阿寒町", "01666", "釧路市", "01206", "merger"),
                ("音別町", "01669", "釧路市", "01206", "merger"),
            ],
        ),
        (
            "田無市(13216)、保谷市(13217)が合併し、西東京市(13229)を新設",
            [("田無市", "13216", "西東京市", "13229", "merger"), ("保谷市", "13217", "西東京市", "13229", "merger")],
        ),
        ("鹿部村(01343)が鹿部町(01343)に町制施行", [("鹿部村", "01343", "鹿部町", "01343", "town_status")]),
        (
            "広島町(01301)が広島市に市制施行し、北広島市(01234)に名称変更",
            [("広島町", "01301", "北広島市", "01234", "rename")],
        ),
        (
            "札幌市(01201)の札幌市(01100)への政令指定都市施行",
            [("札幌市", "01201", "札幌市", "01100", "designated_city")],
        ),
        (
            "鳳至郡穴水町(17421)、門前町(17422)が鳳珠郡穴水町(17461)、門前町(17462)に郡の区域変更",
            [
                ("鳳至郡穴水町", "17421", "鳳珠郡穴水町", "17461", "district_change"),
                ("門前町", "17422", "門前町", "17462", "district_change"),
            ],
        ),
        (
            "須玉町(すだまちょう、19403)が須玉町(すたまちょう、19403)に名称変更",
            [("須玉町", "19403", "須玉町", "19403", "rename")],
        ),
        (
            "与那城村(よなぐすくそん、47322)が与那城村(よなしろそん)に名称変更し、与那城町(47322)に町制施行",
            [("与那城村", "47322", "与那城町", "47322", "town_status")],
        ),
        (
            "北区(27101)と大淀区(27112)が統合し、北区(27127)を新設",
            [("北区", "27101", "北区", "27127", "ward_merger"), ("大淀区", "27112", "北区", "27127", "ward_merger")],
        ),
        (
            "小倉区(40102)を分割し、小倉北区(40106)、小倉南区(40107)を新設",
            [
                ("小倉区", "40102", "小倉北区", "40106", "ward_split"),
                ("小倉区", "40102", "小倉南区", "40107", "ward_split"),
            ],
        ),
        (
            "北区(22135)(三方原地区以外)、浜北区(22136)を浜名区(22139)に再編",
            [
                ("北区", "22135", "浜名区", "22139", "ward_reorganisation"),
                ("浜北区", "22136", "浜名区", "22139", "ward_reorganisation"),
            ],
        ),
        (
            "ときがわ町(11349)がかすみがうら市(08235)に編入",
            [("ときがわ町", "11349", "かすみがうら市", "08235", "absorption")],
        ),
    ],
)
def test_transitions(line: str, expected: list[tuple[str, str, str, str, str]]) -> None:
    assert list(haichi.transitions(line)) == expected


@pytest.mark.parametrize(
    "line",
    [
        "稗貫郡(03340)の廃止",
        "中央区(01101)、北区(01102)の新設",
        "白石区(01104)から分離し、厚別区(01108)を新設",
        "函館市(01202)が特例市に移行",
        "浜松市(22130)の区の再編(7区から3区へ再編)",
    ],
)
def test_lines_that_move_no_code(line: str) -> None:
    assert list(haichi.transitions(line)) == []


def test_unknown_wording_is_an_error() -> None:
    with pytest.raises(ValueError, match="unrecognised"):
        list(haichi.transitions("A町(01001)がB町(01002)に吸収"))


def test_fixture_multi_line_records() -> None:
    raw = (FIXTURE_RAW / FILE).read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    parsed = haichi.parse(FIXTURE_RAW)
    events = parsed.tables["haichi_events"]
    assert list(events.columns) == haichi.EVENT_COLUMNS
    mima = events[events["next_code"] == "36207"].set_index("old_code")
    assert set(mima.index) == {"36461", "36462", "36466", "36467"}
    assert mima.loc["36461", "effective_date"] == date(2005, 3, 1)
    # 宇摩郡(38300)の廃止 sits on a second line of the same quoted field.
    shikoku_chuo = events[events["next_code"] == "38213"]
    assert shikoku_chuo["reason"].str.contains("\n宇摩郡(38300)の廃止", regex=False).all()
    assert parsed.files == {FIXTURE_RAW / FILE: 252}


def test_real_file_parses_completely() -> None:
    """3,507 records; every line's wording is recognised (unknown wording raises)."""
    parsed = haichi.parse(REAL_RAW)
    assert parsed.files == {REAL_RAW / FILE: 3507}
    events = parsed.tables["haichi_events"]
    assert events["effective_date"].min() == date(1970, 4, 20)
    assert events["effective_date"].max() == date(2024, 1, 1)
    hamamatsu = events[events["event"] == "ward_reorganisation"]
    assert set(hamamatsu["next_code"]) == {"22138", "22139", "22140"}


def test_unrecognised_reason_names_the_record(tmp_path: Path) -> None:
    target = tmp_path / FILE
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURE_RAW / FILE, target)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("に編入", "に吸収", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        haichi.parse(tmp_path)
    assert caught.value.file.endswith("estat-haichi.csv")
    assert caught.value.where.startswith("record ") and "改正事由" in caught.value.where


def test_bad_date_and_renamed_header(tmp_path: Path) -> None:
    target = tmp_path / FILE
    target.parent.mkdir(parents=True)
    text = (FIXTURE_RAW / FILE).read_text(encoding="utf-8")
    target.write_text(text.replace('"2005-03-01"', '"2005/03/01"', 1), encoding="utf-8")
    with pytest.raises(InputError, match="廃置分合等施行年月日.*not a date"):
        haichi.parse(tmp_path)
    target.write_text(text.replace('"改正事由"', '"事由"', 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        haichi.parse(tmp_path)
    assert caught.value.where == "column '改正事由'"
