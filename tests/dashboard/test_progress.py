"""Projection and status rules (``dashboard.progress``) on hand-made series."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.progress import PERCENT, Goal, assess, bounds_for, counts, slopes

NAN = math.nan
DATES = pd.to_datetime(["2020-03-31", "2021-03-31", "2022-03-31", "2023-03-31"])
GOAL = Goal(value=90.0, deadline=date(2025, 3, 31))


def _matrix(rows: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=DATES)


def _one(values: list[float], goal: Goal | None = GOAL, start: date | None = None) -> pd.Series:
    return assess(_matrix({"a": values}), start, goal, PERCENT).loc["a"]


def test_reached_when_the_latest_value_meets_the_target() -> None:
    row = _one([70, 80, 88, 91])
    assert row["status"] == "reached"
    assert row["latest"] == 91


def test_on_track_when_the_recent_pace_gets_there_by_the_deadline() -> None:
    row = _one([50, 60, 70, 80])  # +10/yr, 2 years left: projected 100 (>= 90)
    assert row["status"] == "on_track"
    assert row["pace"] == pytest.approx(10.0, rel=1e-3)
    assert row["required"] == pytest.approx(5.0, rel=1e-2)
    assert row["gap_pace"] > 0


def test_off_track_when_the_pace_is_too_slow() -> None:
    row = _one([70, 71, 72, 73])  # +1/yr: projected 75 < 90
    assert row["status"] == "off_track"
    assert row["projected"] == pytest.approx(75.0, rel=1e-2)
    assert row["gap_pace"] == pytest.approx(1.0 - 8.5, rel=1e-2)


def test_flat_series_is_off_track_with_zero_pace() -> None:
    row = _one([40, 40, 40, 40])
    assert row["pace"] == 0
    assert row["projected"] == 40
    assert row["status"] == "off_track"


def test_fewer_than_three_points_give_no_projection() -> None:
    row = _one([NAN, NAN, 50, 80])
    assert math.isnan(row["pace"]) and math.isnan(row["projected"])
    assert row["status"] == "no_data"
    assert row["points"] == 2
    assert row["change"] == 30  # the change over the period is still shown


def test_period_start_limits_the_points() -> None:
    row = _one([10, 60, 70, 80], start=date(2021, 1, 1))
    assert row["points"] == 3
    assert row["pace"] == pytest.approx(10.0, rel=1e-3)
    assert _one([10, 60, 70, 80], start=date(2022, 1, 1))["status"] == "no_data"


def test_projection_is_bounded_at_100_percent() -> None:
    row = _one([40, 70, 85, 89], goal=Goal(99.0, date(2030, 3, 31)))
    assert row["projected"] == 100.0
    assert row["status"] == "on_track"
    assert bounds_for("%") == PERCENT
    assert math.isinf(bounds_for("人").high)


def test_deadline_passed_when_a_value_after_the_deadline_is_short() -> None:
    row = _one([50, 60, 70, 80], goal=Goal(90.0, date(2022, 12, 31)))
    assert row["status"] == "deadline_passed"
    assert math.isnan(row["required"])


def test_no_target_and_no_data() -> None:
    frame = assess(_matrix({"a": [1, 2, 3, 4], "b": [NAN] * 4}), None, None, PERCENT)
    assert frame["status"].tolist() == ["no_target", "no_data"]
    assert frame.loc["a", "pace"] == pytest.approx(1.0, rel=1e-3)
    assert pd.isna(frame.loc["b", "latest_date"])


def test_lower_is_better_targets() -> None:
    goal = Goal(10.0, date(2025, 3, 31), higher_is_better=False)
    falling = _one([40, 30, 20, 15], goal=goal)
    assert falling["status"] == "on_track"
    rising = _one([10, 12, 14, 16], goal=goal)
    assert rising["status"] == "off_track" and rising["gap_pace"] < 0


def test_missing_values_inside_a_series_are_skipped() -> None:
    slope, n = slopes(np.array([0.0, 365.25, 730.5, 1095.75]), np.array([[1.0, NAN, 3.0, 4.0]]))
    assert n[0] == 3
    assert slope[0] == pytest.approx(1.0, rel=0.05)


def test_counts_add_residents_per_status() -> None:
    frame = assess(_matrix({"a": [70, 71, 72, 73], "b": [70, 80, 88, 91], "c": [NAN] * 4}), None, GOAL, PERCENT)
    got = counts(frame, pd.Series({"a": 1000.0, "b": 50.0}))
    assert got["off_track"] == (1, 1000.0)
    assert got["reached"] == (1, 50.0)
    assert got["no_data"][0] == 1 and math.isnan(got["no_data"][1])
