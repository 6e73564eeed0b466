"""Progress to targets (PDCA): pace, projection and status of every area's series.

Pure numpy/pandas, no Dash, no database, so the rules below are tested on
hand-made series and quoted on the ``/progress`` page.

Method (one place, quoted by the page):

- **Latest value**: an area's last non-missing observation and its date.
- **Pace** (points per year): the least-squares slope of the area's
  observations dated on or after the period start; computed only from at
  least ``MIN_POINTS`` (3) observations — two points give a line through any
  noise, and one gives none.
- **Change over the period**: latest value minus the first value in the
  period (points), beside the pace.
- **Required pace**: (target − latest) ÷ years from the latest date to the
  target's deadline; only while the deadline is after the latest date.
- **Projection**: latest + pace × years to the deadline, bounded to the
  measure's possible range (0–100 for a percentage: nothing is projected
  beyond 100 %).
- **Status**, judged at the area's latest observation, in this order:
  no data (no value) → no target (none published for this measure) →
  reached (latest meets the target) → deadline passed (an observation on or
  after the deadline is still short) → no data (fewer than 3 points in the
  period: no projection) → on track (projection meets the target) → off track.
- **Gap to the required pace**: pace − required pace in the better direction
  (negative = slower than needed), the ranking's sort key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

MIN_POINTS = 3
DAYS_PER_YEAR = 365.25
STATUSES: tuple[str, ...] = ("reached", "on_track", "off_track", "deadline_passed", "no_data", "no_target")
#: Statuses that count as "behind the target pace" in headlines.
BEHIND: tuple[str, ...] = ("off_track", "deadline_passed")


@dataclass(frozen=True)
class Goal:
    """A published target for exactly the measure being tracked."""

    value: float
    deadline: date
    higher_is_better: bool = True


@dataclass(frozen=True)
class Bounds:
    """The measure's possible range; a projection never leaves it."""

    low: float = -math.inf
    high: float = math.inf


PERCENT = Bounds(0.0, 100.0)


def bounds_for(unit: str) -> Bounds:
    """0–100 for a percentage (the issue's rule: no projection beyond 100 %), else unbounded."""
    return PERCENT if unit == "%" else Bounds()


def _years(days: npt.NDArray[np.float64] | float) -> npt.NDArray[np.float64]:
    return np.asarray(days, dtype="float64") / DAYS_PER_YEAR


def _day_numbers(dates: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Days since 1970-01-01 of each date (``datetime64`` or ``date``)."""
    return np.asarray(np.asarray(dates, dtype="datetime64[D]").astype("int64"), dtype="float64")


def _day_number(day: date) -> float:
    return float(np.datetime64(day, "D").astype("int64"))


def slopes(days: npt.NDArray[np.float64], values: npt.NDArray[np.float64]) -> tuple[
        npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Least-squares slope per row (value units per year) over the present points, and the point counts.

    ``values`` is areas × dates with NaN for missing; ``days`` the dates as day
    numbers. Rows with fewer than ``MIN_POINTS`` points get NaN.
    """
    present = ~np.isnan(values)
    count = present.sum(axis=1)
    t = np.where(present, _years(days)[None, :], 0.0)
    v = np.where(present, values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        t_mean = t.sum(axis=1) / count
        v_mean = v.sum(axis=1) / count
        dt = np.where(present, t - t_mean[:, None], 0.0)
        dv = np.where(present, v - v_mean[:, None], 0.0)
        slope = (dt * dv).sum(axis=1) / (dt * dt).sum(axis=1)
    slope[(count < MIN_POINTS) | ~np.isfinite(slope)] = np.nan
    return slope, count.astype("int64")


def _last_present(values: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Column index of each row's last non-missing value (-1 when the row is empty)."""
    present = ~np.isnan(values)
    last = values.shape[1] - 1 - np.argmax(present[:, ::-1], axis=1)
    return np.where(present.any(axis=1), last, -1).astype("int64")


def _first_present(values: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    present = ~np.isnan(values)
    return np.where(present.any(axis=1), np.argmax(present, axis=1), -1).astype("int64")


def _take(values: npt.NDArray[np.float64], index: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    rows = np.arange(values.shape[0])
    picked = values[rows, np.maximum(index, 0)] if values.shape[1] else np.full(values.shape[0], np.nan)
    return np.where(index >= 0, picked, np.nan)


def assess(matrix: pd.DataFrame, start: date | None, goal: Goal | None, bounds: Bounds = Bounds()) -> pd.DataFrame:
    """Progress of every row of ``matrix`` (areas × dates, NaN = missing) to ``goal``.

    Columns: latest, latest_date, points (in the period), change (pt over the
    period), pace (per year), required (per year), projected (at the
    deadline), gap_pace (pace − required, better direction), status.
    """
    days = _day_numbers(matrix.columns.to_numpy())
    values = matrix.to_numpy(dtype="float64", na_value=np.nan)
    last = _last_present(values)
    latest = _take(values, last)
    latest_day = np.where(last >= 0, days[np.maximum(last, 0)] if len(days) else np.nan, np.nan)
    in_period = values if start is None else np.where(days[None, :] >= _day_number(start), values, np.nan)
    pace, points = slopes(days, in_period)
    first = _first_present(in_period)
    change = np.where(points >= 2, latest - _take(in_period, first), np.nan)
    frame = pd.DataFrame({
        "latest": latest,
        "latest_date": pd.to_datetime(np.where(last >= 0, latest_day, np.nan), unit="D"),
        "points": points, "change": change, "pace": pace,
    }, index=matrix.index)
    return frame.join(_against_goal(latest, latest_day, pace, goal, bounds, matrix.index))


def _against_goal(latest: npt.NDArray[np.float64], latest_day: npt.NDArray[np.float64],
                  pace: npt.NDArray[np.float64], goal: Goal | None, bounds: Bounds,
                  index: pd.Index) -> pd.DataFrame:
    """Required pace, projection, gap and status (the order of rules is the module docstring's)."""
    n = len(latest)
    missing = np.isnan(latest)
    if goal is None:
        status = np.where(missing, "no_data", "no_target")
        nan = np.full(n, np.nan)
        return pd.DataFrame({"required": nan, "projected": nan, "gap_pace": nan, "status": status}, index=index)
    sign = 1.0 if goal.higher_is_better else -1.0
    left = _years(_day_number(goal.deadline) - latest_day)
    before = left > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        required = np.where(before, (goal.value - latest) / left, np.nan)
    projected = np.clip(np.where(before, latest + pace * left, np.nan), bounds.low, bounds.high)
    gap = sign * (pace - required)
    reached = sign * (latest - goal.value) >= 0
    on_track = sign * (projected - goal.value) >= 0
    status = np.select(
        [missing, reached, ~before, np.isnan(pace), on_track],
        ["no_data", "reached", "deadline_passed", "no_data", "on_track"], default="off_track")
    return pd.DataFrame({"required": required, "projected": projected, "gap_pace": gap, "status": status},
                        index=index)


def counts(frame: pd.DataFrame, population: pd.Series | None = None) -> dict[str, tuple[int, float]]:
    """Per status: (number of areas, residents living there; NaN when no population is known)."""
    out: dict[str, tuple[int, float]] = {}
    people = population.reindex(frame.index) if population is not None else pd.Series(np.nan, index=frame.index)
    for status in STATUSES:
        mask = (frame["status"] == status).to_numpy()
        known = people[mask].dropna()
        out[status] = (int(mask.sum()), float(known.sum()) if len(known) else math.nan)
    return out
