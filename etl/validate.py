"""Cross-source checks run before anything is written.

Each parser checks its own file; these checks need the whole picture: every
value points at a known indicator and area of an allowed level, no fact is
given twice, percentages are percentages, every declared indicator has data and
every municipality has a boundary. A failure raises ``InputError`` naming the
source, the row key and the problem.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.model import AreaIndex
from intake.errors import InputError
from layers.model import Catalogue, Indicator

DETAILS = ("overview", "detailed")


def check_values(catalogue: Catalogue, areas: AreaIndex, values: pd.DataFrame) -> None:
    known = set(catalogue.indicators)
    unknown = sorted(set(values["indicator_id"]) - known)
    if unknown:
        raise InputError("indicator_values", f"indicator '{unknown[0]}'", "is not declared in the catalogue")
    level_of = pd.Series(areas.frame["level"].to_numpy(), index=areas.frame["code"].to_numpy())
    levels = values["area_code"].map(level_of)
    unknown_area = values[levels.isna()]
    if len(unknown_area):
        row = unknown_area.iloc[0]
        raise InputError(
            catalogue.source_of(row["indicator_id"]).id,
            f"indicator '{row['indicator_id']}', area '{row['area_code']}', {row['as_of']}",
            "area code is not in the official code list",
        )
    allowed = values["indicator_id"].map({i.id: set(i.levels) for i in catalogue.indicators.values()})
    wrong = [lvl not in ok for lvl, ok in zip(levels, allowed, strict=True)]
    if any(wrong):
        row = values[wrong].iloc[0]
        raise InputError(
            catalogue.source_of(row["indicator_id"]).id,
            f"indicator '{row['indicator_id']}', area '{row['area_code']}', {row['as_of']}",
            f"area is a {level_of[row['area_code']]}, not a level declared for this indicator",
        )
    dup = values.duplicated(["indicator_id", "area_code", "as_of"], keep=False)
    if dup.any():
        first = values[dup].iloc[0]
        raise InputError(
            catalogue.source_of(first["indicator_id"]).id,
            f"indicator '{first['indicator_id']}', area '{first['area_code']}', {first['as_of']}",
            "duplicate (indicator, area, date)",
        )
    for ind in catalogue.indicators.values():
        rows = values[values["indicator_id"] == ind.id]
        if rows["value"].notna().sum() == 0:
            raise InputError(ind.source_id, f"indicator '{ind.id}'", "declared in the catalogue but has no values")
        if ind.unit == "%":
            bad = rows[(rows["value"] < 0) | (rows["value"] > 100)]
            if len(bad):
                first = bad.iloc[0]
                raise InputError(
                    ind.source_id,
                    f"indicator '{ind.id}', area '{first['area_code']}', {first['as_of']}",
                    f"percentage {first['value']} is outside 0-100",
                )
        check_plausible(ind, rows)


def check_plausible(ind: Indicator, rows: pd.DataFrame) -> None:
    """Every value is finite and inside the catalogue's ``plausible_min``/``plausible_max`` for it."""
    value = rows["value"].to_numpy(dtype="float64", na_value=np.nan)
    low = -np.inf if ind.plausible_min is None else ind.plausible_min
    high = np.inf if ind.plausible_max is None else ind.plausible_max
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(value) & ~((value >= low) & (value <= high) & np.isfinite(value))
    if bad.any():
        first = rows.iloc[int(np.flatnonzero(bad)[0])]
        raise InputError(
            ind.source_id,
            f"indicator '{ind.id}', area '{first['area_code']}', {first['as_of']}",
            f"value {first['value']} is outside the plausible range {low:g} to {high:g} declared in the catalogue",
        )


def check_boundaries(areas: AreaIndex, boundaries: pd.DataFrame) -> None:
    """Every area has a boundary; a boundary marked as having statistics is an area, and one
    without (the 北方領土 villages, drawn as part of Hokkaido) is not."""
    codes = set(areas.frame["code"])
    for detail in DETAILS:
        rows = boundaries[boundaries["detail"] == detail]
        missing = sorted(codes - set(rows["area_code"]))
        if missing:
            raise InputError(
                "boundaries", f"detail '{detail}'", f"{len(missing)} area(s) have no boundary, e.g. {missing[:5]}"
            )
        stray = sorted(set(rows.loc[rows["has_statistics"].astype(bool), "area_code"]) - codes)
        mixed = sorted(set(rows.loc[~rows["has_statistics"].astype(bool), "area_code"]) & codes)
        if stray or mixed:
            problem = f"has_statistics disagrees with the areas table for {(stray + mixed)[:5]}"
            raise InputError("boundaries", f"detail '{detail}'", problem)


def check_targets(catalogue: Catalogue, tables: dict[str, pd.DataFrame]) -> None:
    """Every catalogue target citing ``policy_targets`` must equal its row in the CSV.

    The target line drawn on a map comes from the catalogue; this keeps it
    traceable to the cited, transcribed policy document.
    """
    cited = [i for i in catalogue.indicators.values() if i.target and i.target.source_id == "policy_targets"]
    if not cited:
        return
    if "policy_targets" not in tables:
        raise InputError("policy_targets", "table 'policy_targets'", "missing, but catalogue targets cite it")
    rows = {str(r["target_id"]): r for r in tables["policy_targets"].to_dict("records")}
    for ind in cited:
        target = ind.target
        assert target is not None
        where = f"indicator '{ind.id}', target '{target.target_id}'"
        row = rows.get(target.target_id)
        if row is None:
            raise InputError("policy_targets", where, "target_id is not a row of broadband_policy_targets.csv")
        if abs(float(row["target_value_pct"]) - target.value) > 1e-9:
            problem = f"catalogue value {target.value} != CSV {row['target_value_pct']}"
            raise InputError("policy_targets", where, problem)
        if pd.Timestamp(row["deadline"]).date() != target.deadline:
            raise InputError("policy_targets", where, f"catalogue deadline {target.deadline} != CSV {row['deadline']}")
        if str(row["measure"]) != target.measure:
            problem = f"catalogue measure '{target.measure}' is not the CSV row's measure '{row['measure']}'"
            raise InputError("policy_targets", where, problem + ": a target applies only to the measure it was set for")


def check_all(catalogue: Catalogue, areas: AreaIndex, values: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    for name in ("areas", "boundaries", "geojson_assets"):
        if name not in tables:
            raise InputError("build", name, "no source produced this table")
    check_values(catalogue, areas, values)
    check_targets(catalogue, tables)
    check_boundaries(areas, tables["boundaries"])


def check_database(path: Path) -> None:
    """Re-open the written file and check the contract the dashboard relies on."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        muni = con.execute("SELECT count(*) FROM areas WHERE level = 'municipality'").fetchone()
        pref = con.execute("SELECT count(*) FROM areas WHERE level = 'prefecture'").fetchone()
        empty = con.execute(
            "SELECT count(*) FROM indicators i WHERE NOT EXISTS "
            "(SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.id)"
        ).fetchone()
    finally:
        con.close()
    if not muni or not pref or muni[0] == 0 or pref[0] == 0:
        raise InputError(str(path), "areas", "no municipalities or prefectures were written")
    if empty and empty[0]:
        raise InputError(str(path), "indicators", f"{empty[0]} indicator(s) have no rows")
