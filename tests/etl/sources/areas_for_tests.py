"""``AreaIndex`` objects for the context and broadband parser tests.

Built by the real ``etl.areas.parse_areas`` (the same index the build hands to
every parser) from the fixture inputs (prefectures 13, 36-39) or from the
shipped ``data/raw``; cached because several tests share them and the index is
read-only.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from etl.areas import parse_areas
from etl.model import AreaIndex

ROOT = Path(__file__).resolve().parents[3]
REAL_RAW = ROOT / "data" / "raw"
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"


@cache
def full_areas() -> AreaIndex:
    """All 47 prefectures and 1,741 municipalities (北方領土 excluded)."""
    return parse_areas(REAL_RAW)[0]


@cache
def fixture_areas() -> AreaIndex:
    """The fixture universe: 東京都, 徳島県, 香川県, 愛媛県, 高知県 and their 157 municipalities."""
    return parse_areas(FIXTURE_RAW)[0]
