"""Implausible values: non-finite, negative, absurdly large, shares beyond 0-100, totals that are not sums.

Each case changes one cell of a copy of the fixture inputs, records it (so the
provenance check passes), builds, and expects a refusal naming the file and row.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from etl import validate
from etl.build import Prepared, prepare
from etl.model import AreaIndex
from intake.errors import InputError
from tests.etl.refusals import (
    FIXTURE_RAW,
    assert_build_refused,
    assert_cli_refused,
    fresh_raw,
    previous_db,
    recorded,
)
from tests.etl.sources.raw_edits import edit_sheet, find_row

SSDSE = ("nstac_ssdse", "SSDSE-A-2025.csv")
NARUTO_ROW = "R36202,徳島県,鳴門市,54622,"
FTTH = ("soumu_ftth_takeup_pref", "ftth_household_takeup_by_prefecture_2024-03.csv")


def _edit(raw: Path, source: tuple[str, str], old: str, new: str, encoding: str = "utf-8") -> None:
    path = raw / source[0] / source[1]
    data = path.read_bytes()
    assert data.count(old.encode(encoding)) == 1, old
    path.write_bytes(data.replace(old.encode(encoding), new.encode(encoding)))
    recorded(raw, source[0])


def test_nan_as_text_is_refused_by_the_cli(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    _edit(raw, SSDSE, NARUTO_ROW, NARUTO_ROW.replace("54622", "nan"), "cp932")
    out, before = previous_db(fixture_db, tmp_path)
    assert_cli_refused(raw, out, before, "SSDSE-A-2025.csv", "row 67", "'nan'", "neither a number")


@pytest.mark.parametrize(
    ("source", "old", "new", "encoding", "named"),
    [
        (SSDSE, NARUTO_ROW, NARUTO_ROW.replace("54622", "inf"), "cp932", ("row 67", "'inf'")),
        (SSDSE, NARUTO_ROW, NARUTO_ROW.replace("54622", "-54622"), "cp932", ("area '36202'", "-54,622", "plausible")),
        (SSDSE, NARUTO_ROW, NARUTO_ROW.replace("54622", "1e308"), "cp932", ("area '36202' (鳴門市)", "plausible")),
        (FTTH, "360007,徳島県,62.60", "360007,徳島県,162.60", "utf-8", ("row 3", "162.6", "0-100")),
        (FTTH, "360007,徳島県,62.60", "360007,徳島県,nan", "utf-8", ("row 3", "'nan'")),
    ],
    ids=["inf", "negative-count", "1e308-people", "share-above-100", "nan-share"],
)
def test_implausible_cell_is_refused_by_row(
    fixture_db: Path, tmp_path: Path, source: tuple[str, str], old: str, new: str, encoding: str, named: tuple[str, ...]
) -> None:
    raw = fresh_raw(tmp_path)
    _edit(raw, source, old, new, encoding)
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, source[1], *named)


def test_prefecture_total_that_is_not_the_sum_of_its_municipalities_my_number(
    fixture_db: Path, tmp_path: Path
) -> None:
    # 総数 of 徳島県 +100: the rate (55.6 %) still agrees, the sum of its 24 municipalities does not.
    raw = fresh_raw(tmp_path)
    source = ("mynumbercard_codeforjapan", "static/data/20221231/all_prefectures.csv")
    _edit(raw, source, '"徳島県",726729,', '"徳島県",726829,')
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, "20221231/all_prefectures.csv", "徳島県", "726,829", "726,729")


def test_prefecture_total_that_is_not_the_sum_of_its_municipalities_juki(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    path = raw / "soumu_juki_population" / "2203ssjin.xlsx"
    row = find_row(path, 1, "360007")
    edit_sheet(path, lambda ws: ws.cell(row=row, column=6, value=726730))
    recorded(raw, "soumu_juki_population")
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, "2203ssjin.xlsx", f"row {row} (徳島県)", "population total 726,730")


@pytest.fixture(scope="module")
def ready() -> Prepared:
    return prepare(FIXTURE_RAW)


def test_a_value_missing_without_a_reason_is_refused(ready: Prepared) -> None:
    values = ready.values.copy()
    index = values.index[(values["indicator_id"] == "households") & (values["area_code"] == "36202")][0]
    values.loc[index, ["value", "note"]] = [math.nan, None]
    with pytest.raises(InputError, match="SSDSE-A-2025.csv: indicator 'households', area '36202'.*without a reason"):
        validate.check_all(ready.catalogue, AreaIndex(ready.tables["areas"]), values, ready.tables,
                           {"nstac_ssdse": [FIXTURE_RAW / "nstac_ssdse" / "SSDSE-A-2025.csv"]})


def test_every_shipped_indicator_declares_a_range(ready: Prepared) -> None:
    # The guard above only speaks for indicators with a range; every shipped one must have it.
    for indicator in ready.catalogue.indicators.values():
        assert indicator.plausible_min is not None and indicator.plausible_max is not None, indicator.id


def test_all_fixture_values_lie_in_their_ranges(ready: Prepared) -> None:
    ranges = pd.DataFrame(
        [(i.id, i.plausible_min, i.plausible_max) for i in ready.catalogue.indicators.values()],
        columns=["indicator_id", "low", "high"],
    )
    joined = ready.values.merge(ranges, on="indicator_id").dropna(subset=["value"])
    assert len(joined) > 0
    assert ((joined["value"] >= joined["low"]) & (joined["value"] <= joined["high"])).all()
