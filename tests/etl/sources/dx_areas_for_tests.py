"""An ``AreaIndex`` for the DX dashboard and My Number card parser tests.

The real one comes from ``etl.areas.parse_areas``; while that module is being
written elsewhere, this helper builds an equivalent frame straight from the
shipped 総務省 code list (``data/raw/soumu_local_gov_code/000925835.xlsx``).
When ``etl.areas`` exists it is used instead, so the tests exercise the same
index the build uses.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.model import AreaIndex

ROOT = Path(__file__).resolve().parents[3]
REAL_RAW = ROOT / "data" / "raw"
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"
CODE_LIST = REAL_RAW / "soumu_local_gov_code" / "000925835.xlsx"

#: The fixture universe shared by all workers: 東京都, 徳島県, 香川県, 愛媛県, 高知県.
UNIVERSE = ("13", "36", "37", "38", "39")

#: The 6 北方領土 villages are in the code list but in no statistics table.
NORTHERN_TERRITORIES = frozenset({"01695", "01696", "01697", "01698", "01699", "01700"})

_KINDS = {"市": "city", "区": "special_ward", "町": "town", "村": "village"}


def code_list_frame(path: Path = CODE_LIST) -> pd.DataFrame:
    """Prefectures and municipalities of the code list, in list (= code) order."""
    raw = pd.read_excel(path, sheet_name=0, dtype=str)
    raw.columns = ["code6", "prefecture_name", "name", "prefecture_kana", "name_kana"]
    raw["code"] = raw["code6"].str[:5]
    raw = raw[~raw["code"].isin(NORTHERN_TERRITORIES)]
    is_pref = raw["name"].isna()
    frame = pd.DataFrame(
        {
            "code": raw["code"],
            "code6": raw["code6"],
            "level": is_pref.map({True: "prefecture", False: "municipality"}),
            "prefecture_code": raw["code"].str[:2] + "000",
            "prefecture_name": raw["prefecture_name"],
            "name_ja": raw["name"].fillna(raw["prefecture_name"]),
        }
    )
    frame["kind"] = [None if p else _KINDS.get(n[-1]) for p, n in zip(is_pref, frame["name_ja"], strict=True)]
    return frame.reset_index(drop=True)


def _from_etl_areas(raw_dir: Path) -> AreaIndex | None:
    try:
        from etl.areas import parse_areas  # type: ignore[import-not-found]
    except ImportError:
        return None
    if not (raw_dir / "soumu_local_gov_code").exists():
        return None
    areas, _ = parse_areas(raw_dir)
    return areas  # type: ignore[no-any-return]


def fixture_areas() -> AreaIndex:
    """The fixture universe (5 prefectures and their municipalities)."""
    real = _from_etl_areas(FIXTURE_RAW)
    if real is not None:
        return real
    frame = code_list_frame()
    return AreaIndex(frame[frame["code"].str[:2].isin(UNIVERSE)].reset_index(drop=True))


def full_areas() -> AreaIndex:
    """All 47 prefectures and 1,741 municipalities, for the tests on ``data/raw``."""
    real = _from_etl_areas(REAL_RAW)
    return real if real is not None else AreaIndex(code_list_frame())
