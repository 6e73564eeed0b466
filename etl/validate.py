"""Cross-source checks run before anything is written.

Each parser checks its own file; these checks need the whole picture: every
value points at a known indicator and area of an allowed level, no fact is
given twice, percentages are percentages, every declared indicator has data and
every municipality has a boundary. A failure raises ``InputError`` naming the
source, the row key and the problem.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.model import AreaIndex
from intake.errors import InputError
from layers.model import Catalogue

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
    _check_each_indicator(catalogue, values)


def _check_each_indicator(catalogue: Catalogue, values: pd.DataFrame) -> None:
    """Each declared indicator has a value, and a percentage (even one with no declared range) is one."""
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


def _file_of(source_id: str, as_of: object, files: Mapping[str, Sequence[Path]]) -> str | Path:
    """The file a value came from: the source's only file, or the one whose folder names the date."""
    paths = list(files.get(source_id, ()))
    if len(paths) == 1:
        return paths[0]
    stamp = pd.Timestamp(str(as_of)).strftime("%Y%m%d")
    dated = [p for p in paths if stamp in p.parts[-2] and p.name != "all_prefectures.csv"]
    return dated[0] if len(dated) == 1 else source_id


def check_plausible(
    catalogue: Catalogue, areas: AreaIndex, values: pd.DataFrame, files: Mapping[str, Sequence[Path]] | None = None
) -> None:
    """Every value is finite and inside its indicator's declared range; a missing one keeps its reason.

    The range (``plausible_min``/``plausible_max``, declared once in the catalogue
    beside the unit) turns a negative count, a 10^308-person town or an 'inf' into a
    refusal instead of a colour on the map.
    """
    numbers = values["value"].to_numpy(dtype="float64")
    noted = values["note"].fillna("").astype(str).str.strip() != ""
    for ind in catalogue.indicators.values():
        mine = (values["indicator_id"] == ind.id).to_numpy()
        missing = np.isnan(numbers)
        low = -np.inf if ind.plausible_min is None else ind.plausible_min
        high = np.inf if ind.plausible_max is None else ind.plausible_max
        bad = mine & ((missing & ~noted.to_numpy()) | (~missing & ~((numbers >= low) & (numbers <= high))))
        if not bad.any():
            continue
        # a municipality's own row before a prefecture total summed from it
        first = min(np.flatnonzero(bad), key=lambda i: (str(values["area_code"].iat[i]).endswith("000"), i))
        row = values.iloc[int(first)]
        value = float(row["value"])
        where = f"indicator '{ind.id}', area '{row['area_code']}' ({areas.name(str(row['area_code']))}), {row['as_of']}"
        if math.isnan(value):
            problem = "value is missing without a reason (a cell read as NaN, e.g. 'nan' text)"
        elif not math.isfinite(value):
            problem = f"value {value} is not finite"
        else:
            problem = f"value {_number(value)} is outside the plausible range {_number(low)}…{_number(high)} {ind.unit}"
        raise InputError(_file_of(ind.source_id, row["as_of"], files or {}), where, problem)


def _number(x: float) -> str:
    return f"{x:,.0f}" if math.isfinite(x) and x == int(x) and abs(x) < 1e15 else f"{x:g}"


def check_prefecture_totals(
    file: Path,
    counts: pd.DataFrame,
    columns: Sequence[str],
    areas: AreaIndex,
    where_of: Mapping[str, str] | None = None,
) -> None:
    """Where a file carries a prefecture's total and its municipalities, the total is their sum.

    ``counts`` has ``area_code`` (prefectures and municipalities) and ``columns``;
    a prefecture with any municipality missing is not compared (missing is not 0).
    """
    level = counts["area_code"].map(dict(zip(areas.frame["code"], areas.frame["level"], strict=True)))
    munis = counts[level == "municipality"]
    prefecture = munis["area_code"].map(dict(zip(areas.frame["code"], areas.frame["prefecture_code"], strict=True)))
    totals = counts[level == "prefecture"].set_index("area_code")
    expected = areas.municipalities.groupby("prefecture_code")["code"].size()
    for column in columns:
        sums = munis.groupby(prefecture)[column].agg(["sum", "count"])
        for code in sorted(set(totals.index) & set(sums.index)):
            total, (summed, seen) = float(totals.at[code, column]), sums.loc[code]
            if seen < expected.get(code, 0) or math.isnan(total) or abs(total - float(summed)) <= 0.5:
                continue
            where = (where_of or {}).get(code, f"prefecture {code}") + f" ({areas.name(code)})"
            problem = f"{column} total {total:,.0f} is not the sum of its municipalities ({float(summed):,.0f})"
            raise InputError(file, where, problem)


#: Shipped indicators that by their source cover only some areas of a level.
PARTIAL_COVERAGE = {
    "ultra_high_speed_availability": "transcribed for Shikoku's four prefectures only (see its SOURCE.md)",
}


def check_complete(
    catalogue: Catalogue,
    areas: AreaIndex,
    values: pd.DataFrame,
    files: Mapping[str, Sequence[Path]] | None = None,
    partial: Collection[str] = (),
) -> None:
    """Each date of a shipped indicator has a row for every area of each level it declares.

    A missing value is a row with NaN and its reason; an area with no row at all
    means the file ended early or lost lines, which must not pass as "no data".
    """
    level_of = dict(zip(areas.frame["code"], areas.frame["level"], strict=True))
    expected = {lvl: set(frame["code"]) for lvl, frame in areas.frame.groupby("level")}
    levels = values["area_code"].map(level_of)
    for ind in catalogue.indicators.values():
        if ind.id in PARTIAL_COVERAGE or ind.id in partial:
            continue
        rows = values[values["indicator_id"] == ind.id]
        for (lvl, as_of), group in rows.groupby([levels[rows.index], "as_of"], sort=True):
            missing = sorted(expected.get(str(lvl), set()) - set(group["area_code"]))
            if missing:
                named = ", ".join(f"{c} ({areas.name(c)})" for c in missing[:3])
                raise InputError(
                    _file_of(ind.source_id, as_of, files or {}), f"indicator '{ind.id}', {as_of}",
                    f"{len(missing)} {lvl}(s) of the code list have no row, e.g. {named}: the file ends early "
                    "or lost rows (a missing value is written as a mark such as '-', not left out)",
                )


def check_all(
    catalogue: Catalogue,
    areas: AreaIndex,
    values: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    files: Mapping[str, Sequence[Path]] | None = None,
    partial: Collection[str] = (),
) -> None:
    """All cross-source checks; ``files`` (source id → files read) lets a refusal name the file.

    ``partial`` names indicators allowed to cover only some areas (a region's own data).
    """
    for name in ("areas", "boundaries", "geojson_assets"):
        if name not in tables:
            raise InputError("build", name, "no source produced this table")
    check_plausible(catalogue, areas, values, files)  # first: a negative count explains the share it skews
    check_values(catalogue, areas, values)
    check_complete(catalogue, areas, values, files, partial)
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
