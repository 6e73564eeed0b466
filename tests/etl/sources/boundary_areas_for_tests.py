"""Area indexes for the boundary tests.

The fixture and real indexes come from the real ``etl.areas.parse_areas`` (the
official code list); ``index_of`` builds a tiny one for hand-made inputs (a
designated city with wards, which the fixture prefectures do not have).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from etl.areas import parse_areas
from etl.model import AreaIndex
from intake.codes import prefecture_of, to_code6

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"
REAL_RAW = ROOT / "data" / "raw"


@cache
def fixture_areas() -> AreaIndex:
    """Prefectures 13, 36-39 and their 157 municipalities."""
    return parse_areas(FIXTURE_RAW)[0]


@cache
def real_areas() -> AreaIndex:
    """All 47 prefectures and 1,741 municipalities."""
    return parse_areas(REAL_RAW)[0]


def index_of(names: dict[str, str], prefecture_name: str) -> AreaIndex:
    """An index of the given ``{code: name}`` (prefectures end in 000), one prefecture."""
    rows = [
        {
            "code": code,
            "code6": to_code6(code),
            "level": "prefecture" if code.endswith("000") else "municipality",
            "prefecture_code": prefecture_of(code),
            "prefecture_name": prefecture_name,
            "name_ja": name,
        }
        for code, name in sorted(names.items())
    ]
    return AreaIndex(frame=pd.DataFrame(rows))


def subset(areas: AreaIndex, codes: set[str]) -> AreaIndex:
    """Only the given municipalities and their prefectures."""
    keep = areas.frame["code"].isin(codes | {prefecture_of(c) for c in codes})
    return AreaIndex(frame=areas.frame[keep].reset_index(drop=True))
