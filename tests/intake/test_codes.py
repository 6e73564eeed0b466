"""Local government codes: check digits, accepted spellings, canonical LG5."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from intake.codes import CodeError, check_digit, is_prefecture, is_valid_code6, normalise, prefecture_of, to_code6

ROOT = Path(__file__).resolve().parents[2]
PREFECTURE_FILE = ROOT / "data" / "raw" / "code4fukui_localgovjp" / "prefjp-utf8.csv"


@pytest.mark.parametrize(
    ("code6", "place"),
    [("011002", "札幌市"), ("131016", "千代田区"), ("130001", "東京都"), ("362018", "徳島市"), ("473821", "与那国町")],
)
def test_check_digit_of_published_codes(code6: str, place: str) -> None:
    assert check_digit(code6[:5]) == code6[5], place
    assert to_code6(code6[:5]) == code6
    assert is_valid_code6(code6)
    assert normalise(code6) == code6[:5]


def test_all_47_prefecture_codes_are_valid() -> None:
    """Code for FUKUI's prefecture list writes LG6 as an integer (``10006``), an independent copy of the codes."""
    with PREFECTURE_FILE.open(encoding="utf-8-sig", newline="") as fh:
        codes = [row["lgcode"] for row in csv.DictReader(fh)]
    assert len(codes) == 47
    normalised = [normalise(code, width_hint=6) for code in codes]
    assert normalised == [f"{n:02d}000" for n in range(1, 48)]
    assert all(is_valid_code6(to_code6(code)) for code in normalised)


def test_wrong_check_digit_raises() -> None:
    assert not is_valid_code6("011003")
    with pytest.raises(CodeError, match="check digit"):
        normalise("011003")


def test_leading_zero_lost_needs_the_width_hint() -> None:
    """Code for Japan's CSVs write 011002 as the integer 11002."""
    assert normalise("11002", width_hint=6) == "01100"
    assert normalise(11002, width_hint=6) == "01100"
    # Without the hint the same text is read as an LG5 of another area: the caller must say what it meant.
    assert normalise("11002") == "11002"


def test_excel_float_and_r_prefix() -> None:
    assert normalise(131016.0) == "13101"
    assert normalise("R01100") == "01100"  # SSDSE 地域コード
    assert normalise(" 01100 ") == "01100"


@pytest.mark.parametrize("raw", ["", "abc", "01-10", "123", "1234567", "R"])
def test_malformed_codes_raise(raw: str) -> None:
    with pytest.raises(CodeError):
        normalise(raw)


def test_prefecture_helpers() -> None:
    assert prefecture_of("13101") == "13000"
    assert is_prefecture("13000") and not is_prefecture("13101")
