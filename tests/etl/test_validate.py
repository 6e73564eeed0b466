"""Every guard in ``etl.validate`` refuses, naming the source, the row and the problem.

Each test starts from the real fixture inputs, parsed and cross-checked by the
real build (``prepare``), and breaks one thing in a copy of what the parsers
returned, so the guard under test is the one that must speak.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from etl import validate
from etl.build import Prepared, prepare, write_database
from etl.model import AreaIndex
from intake.errors import InputError
from layers.model import Catalogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ready() -> Prepared:
    return prepare(ROOT / "tests" / "fixtures" / "raw")


def _areas(ready: Prepared) -> AreaIndex:
    return AreaIndex(frame=ready.tables["areas"])


def _check(ready: Prepared, values: pd.DataFrame | None = None, **tables: pd.DataFrame) -> None:
    merged = {**ready.tables, **tables}
    validate.check_all(ready.catalogue, _areas(ready), ready.values if values is None else values, merged)


def _first(values: pd.DataFrame, indicator: str, area: str | None = None) -> int:
    rows = values[(values["indicator_id"] == indicator) & (values["area_code"] == area if area else True)]
    return int(rows.index[0])


def test_the_unbroken_inputs_pass(ready: Prepared) -> None:
    _check(ready)


def test_unknown_indicator(ready: Prepared) -> None:
    values = ready.values.copy()
    values.loc[_first(values, "population"), "indicator_id"] = "populaton"
    with pytest.raises(InputError, match="indicator 'populaton'.*not declared in the catalogue"):
        _check(ready, values)


def test_unknown_area(ready: Prepared) -> None:
    values = ready.values.copy()
    values.loc[_first(values, "population", "13101"), "area_code"] = "13999"
    with pytest.raises(InputError, match="nstac_ssdse: indicator 'population', area '13999'.*not in the official"):
        _check(ready, values)


def test_wrong_level(ready: Prepared) -> None:
    # ftth_takeup is declared for prefectures only; a municipal row must be refused.
    values = ready.values.copy()
    values.loc[_first(values, "ftth_takeup", "39000"), "area_code"] = "39201"
    with pytest.raises(InputError, match="soumu_ftth_takeup_pref: .*area '39201'.*is a municipality, not a level"):
        _check(ready, values)


def test_duplicate_rows(ready: Prepared) -> None:
    values = pd.concat([ready.values, ready.values.iloc[[10]]], ignore_index=True)
    row = ready.values.iloc[10]
    with pytest.raises(InputError, match=f"area '{row['area_code']}'.*duplicate \\(indicator, area, date\\)"):
        _check(ready, values)


@pytest.mark.parametrize("value", [-0.1, 100.5])
def test_percentage_outside_0_100(ready: Prepared, value: float) -> None:
    # The unit guard, for an indicator that declares no range (a user's, say).
    values = ready.values.copy()
    values.loc[_first(values, "aged_65_share", "36201"), "value"] = value
    unbounded = dataclasses.replace(ready.catalogue.indicators["aged_65_share"], plausible_min=None, plausible_max=None)
    catalogue = Catalogue(ready.catalogue.sources, {**ready.catalogue.indicators, "aged_65_share": unbounded})
    with pytest.raises(InputError, match=f"area '36201'.*percentage {value} is outside 0-100"):
        validate.check_all(catalogue, _areas(ready), values, ready.tables)


@pytest.mark.parametrize("value", [-0.1, 100.5, float("inf")])
def test_value_outside_its_declared_range(ready: Prepared, value: float) -> None:
    values = ready.values.copy()
    values.loc[_first(values, "aged_65_share", "36201"), "value"] = value
    with pytest.raises(InputError, match="area '36201' \\(徳島市\\).*(plausible range 0…100 %|not finite)"):
        _check(ready, values)


def test_declared_indicator_without_values(ready: Prepared) -> None:
    values = ready.values.copy()
    households = values["indicator_id"] == "households"
    values.loc[households, "value"] = float("nan")
    values.loc[households, "note"] = "元データが「-」（値なし）"  # missing with a reason, every one of them
    with pytest.raises(InputError, match="nstac_ssdse: indicator 'households': declared in the catalogue but has no"):
        _check(ready, values)


def test_area_without_boundary(ready: Prepared) -> None:
    boundaries = ready.tables["boundaries"]
    kept = boundaries[~((boundaries["area_code"] == "36201") & (boundaries["detail"] == "detailed"))]
    with pytest.raises(InputError, match="boundaries: detail 'detailed': 1 area\\(s\\) have no boundary.*36201"):
        _check(ready, boundaries=kept)


@pytest.mark.parametrize("table", ["areas", "boundaries", "geojson_assets"])
def test_table_no_source_produced(ready: Prepared, table: str) -> None:
    tables = {k: v for k, v in ready.tables.items() if k != table}
    with pytest.raises(InputError, match=f"build: {table}: no source produced this table"):
        validate.check_all(ready.catalogue, _areas(ready), ready.values, tables)


def test_targets_table_missing(ready: Prepared) -> None:
    tables = {k: v for k, v in ready.tables.items() if k != "policy_targets"}
    with pytest.raises(InputError, match="policy_targets: table 'policy_targets': missing"):
        validate.check_all(ready.catalogue, _areas(ready), ready.values, tables)


def _cited_target(ready: Prepared) -> str:
    return next(
        i.target.target_id for i in ready.catalogue.indicators.values()
        if i.target and i.target.source_id == "policy_targets"
    )


@pytest.mark.parametrize(
    ("column", "new", "problem"),
    [
        ("target_id", "renamed", "is not a row of broadband_policy_targets.csv"),
        ("target_value_pct", 42.0, "catalogue value .* != CSV 42.0"),
        ("deadline", "1999-01-01", "catalogue deadline .* != CSV 1999-01-01"),
    ],
)
def test_target_differs_from_its_csv_row(ready: Prepared, column: str, new: object, problem: str) -> None:
    targets = ready.tables["policy_targets"].copy()
    target_id = _cited_target(ready)
    targets[column] = targets[column].astype(object)
    targets.loc[targets["target_id"] == target_id, column] = new
    with pytest.raises(InputError, match=f"target '{target_id}': .*{problem}"):
        _check(ready, policy_targets=targets)


def _written(ready: Prepared, tmp_path: Path, values: pd.DataFrame, areas: pd.DataFrame) -> Path:
    path = tmp_path / "checked.duckdb"
    tables = {**ready.tables, "areas": areas}
    write_database(path, ready.catalogue, ready.parsed, values, tables, ready.user_sources)
    return path


def test_database_check_passes_the_real_file(ready: Prepared, tmp_path: Path) -> None:
    validate.check_database(_written(ready, tmp_path, ready.values, ready.tables["areas"]))


@pytest.mark.parametrize("level", ["municipality", "prefecture"])
def test_database_without_a_level(ready: Prepared, tmp_path: Path, level: str) -> None:
    areas = ready.tables["areas"]
    path = _written(ready, tmp_path, ready.values, areas[areas["level"] != level])
    with pytest.raises(InputError, match="areas: no municipalities or prefectures were written"):
        validate.check_database(path)


def test_database_with_an_empty_indicator(ready: Prepared, tmp_path: Path) -> None:
    values = ready.values[~ready.values["indicator_id"].isin(["households", "population"])]
    path = _written(ready, tmp_path, values, ready.tables["areas"])
    with pytest.raises(InputError, match="indicators: 2 indicator\\(s\\) have no rows"):
        validate.check_database(path)
