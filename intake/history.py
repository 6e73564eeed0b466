"""Old municipality codes and names → today's municipality, looked up in ``area_history``.

Statistics keyed by a code or name that has since been merged away (the 平成の
大合併 removed ~1,500 codes between 1999 and 2010) must still land on a current
municipality. The ETL builds ``area_history`` from the e-Stat 廃置分合 events
(``etl.history.resolve_history``); these are the lookups on it, used by the
build's name-keyed sources. ``intake.matching.AreaMatcher`` indexes the same
table for a user's file.
"""

from __future__ import annotations

import pandas as pd

from intake.codes import normalise
from intake.names import fold_name


def resolve_old_code(history: pd.DataFrame, code5: str) -> str | None:
    """The current municipality an old code (LG5 or LG6) now belongs to, or None.

    None when the code is not an old code in ``history`` or when its area was
    split between several current municipalities. Callers check the current
    code list first: a code that never changed has no history.
    """
    code = normalise(code5)
    found = history.loc[history["old_code"] == code, "new_code"]
    targets = set(found.dropna())
    if len(targets) != 1 or found.isna().any():
        return None
    return str(targets.pop())


def old_names(history: pd.DataFrame) -> pd.DataFrame:
    """``prefecture_code, prefecture_name, old_name, name_key, code``: former names → current code.

    Names repeat across prefectures (泊村, 府中町 …), so a name is only
    meaningful with its prefecture; ``name_key`` is ``fold_name(old_name)``.
    """
    rows = history.dropna(subset=["new_code"])
    frame = pd.DataFrame(
        {
            "prefecture_code": rows["prefecture_code"],
            "prefecture_name": rows["prefecture_name"],
            "old_name": rows["old_name"],
            "name_key": rows["old_name"].map(fold_name),
            "code": rows["new_code"],
        }
    )
    return frame.drop_duplicates(["prefecture_code", "name_key", "code"]).reset_index(drop=True)


def old_name_code(names: pd.DataFrame, prefecture_code: str, name: str) -> str | None:
    """The current code for a former municipality name in a prefecture; None if unknown or ambiguous."""
    match = names.loc[
        (names["prefecture_code"] == prefecture_code) & (names["name_key"] == fold_name(name)), "code"
    ].unique()
    return str(match[0]) if len(match) == 1 else None
