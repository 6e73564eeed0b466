"""The ``areas`` table and its companions, assembled from four sources.

Every other parser checks its codes against this list, so it is built first
(``etl.build.parse_all``). Sources, each its own module under ``etl/sources``:

* ``soumu_local_gov_code``: the official list (codes, names, kana, kind),
  without the 6 北方領土 villages: 47 prefectures + 1,741 municipalities;
* ``code4fukui_localgovjp``: office latitude/longitude and the English name
  (``name_en``: the romanised reading, or the prefecture's ``pref_en``, with
  ``name_en_source`` saying which; joined on code, names cross-checked so a
  shifted code cannot go unnoticed; NULL and logged when no reading is given);
* ``kaso_list_derived``: the 過疎 class (``全部``/``一部``/``みなし``, NULL when
  not listed) and, in ``kaso_partial``, the former municipalities of each
  一部過疎 municipality that count as 過疎 (with their old code when the merger
  history names them);
* ``estat_haichi_bungou``: ``area_history``, old codes resolved to today's.

Designated cities are whole cities here (as in the statistics); their wards
go to ``designated_wards(ward_code, ward_code6, name_ja, name_kana, city_code)``.
Row order is code order, which the parser checks equals the official order.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from etl.history import resolve_history
from etl.model import AreaIndex, Parsed
from etl.sources import haichi, kaso, local_gov_code, localgovjp
from intake.errors import InputError
from intake.history import old_names, resolve_old_code
from intake.names import fold_name

log = logging.getLogger(__name__)

AREA_COLUMNS = [
    "code",
    "code6",
    "level",
    "prefecture_code",
    "prefecture_name",
    "name_ja",
    "name_kana",
    "name_en",
    "name_en_source",
    "kind",
    "kaso_class",
    "lat",
    "lon",
]


def _check_names(path: Path, joined: pd.DataFrame, other: str, what: str) -> None:
    """Fail when a joined row's name disagrees with the code list (ignoring ケ/ヶ, 檮/梼)."""
    for code, name, other_name in zip(joined["code"], joined["name_ja"], joined[other], strict=True):
        if isinstance(other_name, str) and fold_name(name) != fold_name(other_name):
            raise InputError(path, f"{what} {code}", f"name '{other_name}' does not match the code list ('{name}')")


def _with_offices(codes: pd.DataFrame, offices: Parsed) -> pd.DataFrame:
    table = offices.tables["offices"].rename(columns={"name": "office_name"})
    joined = codes.merge(table, on="code", how="left", validate="one_to_one")
    path = next(p for p in offices.files if p.name == localgovjp.MUNICIPAL_FILE)
    _check_names(path, joined, "office_name", "lgcode")
    joined = joined.merge(offices.tables["english"], on="code", how="left", validate="one_to_one")
    missing = joined.loc[joined["name_en"].isna(), "code"].tolist()
    if missing:
        log.warning("%d area(s) have no published reading, so no English name (shown in Japanese): %s",
                    len(missing), ", ".join(missing[:10]))
    return joined.drop(columns="office_name")


def _with_kaso(codes: pd.DataFrame, listed: Parsed) -> pd.DataFrame:
    table = listed.tables["kaso"].rename(columns={"name": "kaso_name"})
    (path,) = listed.files
    municipalities = set(codes.loc[codes["level"] == "municipality", "code"])
    unknown = table[~table["code"].isin(municipalities)]
    if len(unknown):
        raise InputError(path, f"muni_code {unknown['code'].iloc[0]}", "is not a municipality in the code list")
    joined = codes.merge(table, on="code", how="left", validate="one_to_one")
    _check_names(path, joined, "kaso_name", "muni_code")
    return joined.drop(columns="kaso_name")


def _partial_with_old_codes(partial: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Name each 一部過疎 former municipality's old code, when the history has exactly one."""
    keys = history.assign(name_key=history["old_name"].map(fold_name))
    old_codes: list[str | None] = []
    for area_code, name in zip(partial["area_code"], partial["partial_area"], strict=True):
        matches = keys.loc[(keys["new_code"] == area_code) & (keys["name_key"] == fold_name(name)), "old_code"]
        unique = matches.unique()
        old_codes.append(str(unique[0]) if len(unique) == 1 else None)
    return partial.assign(old_code=old_codes)[["area_code", "partial_area", "old_code"]]


def build_areas(codes: pd.DataFrame, offices: Parsed, listed: Parsed) -> pd.DataFrame:
    """Code list + office location + 過疎 class, in ``AREA_COLUMNS`` and code order."""
    areas = _with_kaso(_with_offices(codes, offices), listed)
    nullable = ["kaso_class", "name_kana", "name_en", "name_en_source"]
    areas = areas.astype(dict.fromkeys(nullable, object))
    areas[nullable] = areas[nullable].where(areas[nullable].notna(), None)
    areas[["lat", "lon"]] = areas[["lat", "lon"]].astype("float64")
    return areas[AREA_COLUMNS].sort_values("code", ignore_index=True)


def parse_areas(raw_dir: Path) -> tuple[AreaIndex, list[Parsed]]:
    """Parse the four area sources; return the index and one ``Parsed`` per source for the build."""
    code_list = local_gov_code.parse(raw_dir)
    offices = localgovjp.parse(raw_dir)
    listed = kaso.parse(raw_dir)
    events = haichi.parse(raw_dir)
    areas = build_areas(code_list.tables["code_list"], offices, listed)
    wards = local_gov_code.designated_wards(code_list.tables["designated"])
    history = resolve_history(
        events.tables["haichi_events"], areas, dict(zip(wards["ward_code"], wards["city_code"], strict=True))
    )
    partial = _partial_with_old_codes(listed.tables["kaso_partial"], history)
    parsed = [
        Parsed(code_list.source_id, code_list.files, tables={"areas": areas, "designated_wards": wards}),
        Parsed(offices.source_id, offices.files),
        Parsed(listed.source_id, listed.files, tables={"kaso_partial": partial}),
        Parsed(events.source_id, events.files, tables={"area_history": history}),
    ]
    return AreaIndex(frame=areas), parsed


__all__ = ["AREA_COLUMNS", "build_areas", "old_names", "parse_areas", "resolve_old_code"]
