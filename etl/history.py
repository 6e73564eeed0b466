"""Old municipality codes and names → today's municipality.

Statistics keyed by a code or name that has since been merged away (the 平成の
大合併 removed ~1,500 codes between 1999 and 2010) must still land on a current
municipality. ``resolve_history`` follows the e-Stat 廃置分合 transitions
(old → next, parsed by ``etl.sources.haichi``) to a code in the current list.
The lookups on the resulting ``area_history`` (an old code or a former name →
today's municipality) are ``intake.history``'s, shared with the upload.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

HISTORY_COLUMNS = [
    "old_code",
    "old_name",
    "prefecture_code",
    "prefecture_name",
    "next_code",
    "next_name",
    "new_code",
    "new_name",
    "effective_date",
    "event",
    "reason",
]

Moves = dict[str, list[tuple[date, str]]]


def _moves(events: pd.DataFrame) -> Moves:
    """Transitions that change the code, by old code, in date order."""
    moves: Moves = {}
    changed = events[events["old_code"] != events["next_code"]].sort_values("effective_date", kind="stable")
    for old, new, when in zip(changed["old_code"], changed["next_code"], changed["effective_date"], strict=True):
        moves.setdefault(old, []).append((when, new))
    return moves


def _finals(code: str, since: date, moves: Moves, seen: frozenset[str] = frozenset()) -> set[str]:
    """Codes reached from ``code`` by the first later transition(s), recursively.

    A code split between several successors (e.g. a ward divided in two) gives
    several finals; a cycle (which would be a data error) stops where it closes.
    """
    later = [(when, new) for when, new in moves.get(code, []) if when >= since and new not in seen]
    if not later:
        return {code}
    first = min(when for when, _ in later)
    finals: set[str] = set()
    for when, new in later:
        if when == first:
            finals |= _finals(new, when, moves, seen | {code})
    return finals


def _current(finals: set[str], current: frozenset[str], ward_city: Mapping[str, str]) -> str | None:
    """The one current municipality the finals belong to; designated-city wards count as their city."""
    cities = {code if code in current else ward_city.get(code) for code in finals}
    return cities.pop() if len(cities) == 1 and None not in cities else None


def resolve_history(events: pd.DataFrame, areas: pd.DataFrame, ward_city: Mapping[str, str]) -> pd.DataFrame:
    """``area_history``: each transition with ``new_code``, the current municipality it ends in.

    ``new_code`` is NULL when the chain ends outside the current list (e.g. a
    district code) or splits between municipalities.
    """
    municipalities = areas[areas["level"] == "municipality"]
    current = frozenset(municipalities["code"])
    names = dict(zip(municipalities["code"], municipalities["name_ja"], strict=True))
    prefectures = dict(zip(areas["prefecture_code"], areas["prefecture_name"], strict=False))
    moves = _moves(events)
    history = events.copy()
    history["new_code"] = [
        _current(_finals(new, when, moves, frozenset({old})), current, ward_city)
        for old, new, when in zip(events["old_code"], events["next_code"], events["effective_date"], strict=True)
    ]
    history["new_name"] = history["new_code"].map(names)
    history["prefecture_code"] = history["old_code"].str[:2] + "000"
    history["prefecture_name"] = history["prefecture_code"].map(prefectures)
    # Text dtype (missing = NaN) so DuckDB types the columns VARCHAR even when every value is missing.
    history = history.astype({"new_code": "str", "new_name": "str", "prefecture_name": "str"})
    return history[HISTORY_COLUMNS].sort_values(["old_code", "effective_date", "next_code"], ignore_index=True)
