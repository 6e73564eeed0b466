"""policy_targets: the targets table, and the catalogue check against it."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from etl import validate
from etl.sources import policy_targets
from intake.errors import InputError
from layers.model import Catalogue
from layers.registry import load_catalogue
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, REAL_RAW, fixture_areas, full_areas
from tests.etl.sources.raw_edits import copy_source, replace_text

FILE = policy_targets.FILE_NAME


def test_fixture_targets_table() -> None:
    parsed = policy_targets.parse(FIXTURE_RAW, fixture_areas())
    table = parsed.tables["policy_targets"].set_index("target_id")
    assert len(table) == 8
    assert len(parsed.values) == 0
    assert table.loc["digiden_ftth_coverage", "target_value_pct"] == 99.9
    assert table.loc["digiden_ftth_coverage", "deadline"] == date(2028, 3, 31)
    assert table.loc["hikari_no_michi_usage", "source_document"].startswith("総務省")
    assert list(parsed.files.values()) == [8]
    assert table.loc["dx_plan_online_26", "deadline"] == date(2023, 3, 31)


def test_catalogue_targets_agree_with_csv() -> None:
    parsed = policy_targets.parse(FIXTURE_RAW, fixture_areas())
    validate.check_targets(load_catalogue(), parsed.tables)


def _with_target(catalogue: Catalogue, indicator_id: str, **changes: object) -> Catalogue:
    ind = catalogue.indicators[indicator_id]
    assert ind.target is not None
    changed = dataclasses.replace(ind, target=dataclasses.replace(ind.target, **changes))  # type: ignore[arg-type]
    return Catalogue(sources=catalogue.sources, indicators={**catalogue.indicators, indicator_id: changed})


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"value": 90.0}, "catalogue value 90.0"),
        ({"deadline": date(2016, 3, 31)}, "catalogue deadline 2016-03-31"),
        ({"target_id": "no_such_target"}, "not a row"),
    ],
)
def test_catalogue_target_disagreeing_with_csv_fails(changes: dict[str, object], problem: str) -> None:
    tables = policy_targets.parse(FIXTURE_RAW, fixture_areas()).tables
    catalogue = _with_target(load_catalogue(), "ultra_high_speed_availability", **changes)
    with pytest.raises(InputError, match=problem) as err:
        validate.check_targets(catalogue, tables)
    assert "ultra_high_speed_availability" in err.value.where


def test_missing_targets_table_fails() -> None:
    with pytest.raises(InputError, match="policy_targets"):
        validate.check_targets(load_catalogue(), {})


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        ("deadline,scope", "due,scope", "column 'deadline'", "missing"),
        (
            "usage,光の道 (Hikari no Michi),households using broadband (ブロードバンド利用),100,",
            "usage,光の道 (Hikari no Michi),households using broadband (ブロードバンド利用),120,",
            "row 2, column 'target_value_pct'",
            "outside 0-100",
        ),
        ("99.9,2028-03-31", "99.9,2028-13-31", "row 4, column 'deadline'", "not a YYYY-MM-DD date"),
        ("digiden_5g_pop_coverage_2030", "digiden_5g_pop_coverage_2023", "row 8, column 'target_id'", "twice"),
    ],
)
def test_bad_input_names_file_row_and_column(tmp_path: Path, old: str, new: str, where: str, problem: str) -> None:
    raw = copy_source(tmp_path, "policy_targets")
    replace_text(raw / "policy_targets" / FILE, old, new)
    with pytest.raises(InputError, match=problem) as err:
        policy_targets.parse(raw, fixture_areas())
    assert err.value.file.endswith(FILE)
    assert where in err.value.where


def test_real_file() -> None:
    parsed = policy_targets.parse(REAL_RAW, full_areas())
    assert len(parsed.tables["policy_targets"]) == 8
    validate.check_targets(load_catalogue(), parsed.tables)
