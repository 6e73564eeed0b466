"""How many procedures each online-usage median rests on (issue 14, ``online_usage_basis``).

The Digital Agency's dashboard reports a filing rate per procedure; the atlas'
"online usage" value is the median over a fixed basket (``etl.sources.dx_usage``).
A median over 19 procedures and one over a single procedure are different claims,
so wherever such a value is shown (hover, table, profile, exports) it says
「N手続の中央値」, and a value resting on too few procedures (``too_few``, note
code ``few_procedures``) carries a † that a legend line explains.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd

from dashboard import db
from dashboard.db import DbKey

#: The mark on a value that rests on too few procedures (the legend line is i18n ``usage_few_legend``).
FEW_MARK = "†"


@lru_cache(maxsize=4)
def _indicators(key: DbKey) -> frozenset[str]:
    if not db.table_exists("online_usage_basis"):
        return frozenset()
    return frozenset(str(r[0]) for r in db.cursor().execute(
        "SELECT DISTINCT indicator_id FROM online_usage_basis").fetchall())


@lru_cache(maxsize=32)
def _rows(key: DbKey, indicator_id: str, as_of: str) -> pd.DataFrame:
    frame = db.cursor().execute(
        "SELECT area_code, procedures, basket_size, too_few FROM online_usage_basis "
        "WHERE indicator_id = ? AND as_of = ?", [indicator_id, date.fromisoformat(as_of)]).df()
    return frame.set_index(frame["area_code"].astype(str))


def _true(value: object) -> bool:
    return value is not None and bool(pd.notna(value)) and bool(value)


def applies(indicator_id: str) -> bool:
    """Whether the indicator's values are medians over a basket of procedures."""
    return indicator_id in _indicators(db.key())


def text(procedures: int, too_few: bool, lang: str) -> str:
    """「19手続の中央値」 / "median of 19 procedures", with † when there are too few."""
    mark = f"{FEW_MARK} " if too_few else ""
    if lang == "en":
        return f"{mark}median of {procedures} procedure{'s' if procedures != 1 else ''}"
    return f"{mark}{procedures}手続の中央値"


def texts(indicator_id: str, as_of: str | None, codes: pd.Series, values: pd.Series, lang: str) -> list[str]:
    """The basis text of each code's value ("" where the indicator is no median or the value is missing:
    a missing value rests on nothing, its note says why)."""
    if not as_of or not applies(indicator_id):
        return [""] * len(codes)
    rows = _rows(db.key(), indicator_id, as_of)
    procedures = rows["procedures"].to_dict()
    few = rows["too_few"].to_dict()
    return [text(int(procedures[c]), _true(few.get(c)), lang) if pd.notna(procedures.get(c)) and pd.notna(v) else ""
            for c, v in zip(codes.astype(str), values.tolist(), strict=True)]


def too_few(indicator_id: str, as_of: str | None, codes: pd.Series) -> list[bool]:
    """Whether each code's value rests on too few procedures."""
    if not as_of or not applies(indicator_id):
        return [False] * len(codes)
    few = _rows(db.key(), indicator_id, as_of)["too_few"].to_dict()
    return [_true(few.get(c)) for c in codes.astype(str)]


__all__ = ["FEW_MARK", "applies", "text", "texts", "too_few"]
