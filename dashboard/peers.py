"""Peers to learn from (横展開) and "what goes with success": pure pandas, no
Dash, no database. The rules are quoted on the page.

**Peers ahead.** Among the ``K`` (10) municipalities most similar to the
selected one (``metrics.similarity_matrix``: population, ageing, density,
fiscal strength), a peer is *clearly ahead* on an outcome when its value is
better, in the indicator's declared direction, by at least a quarter of the
national interquartile range (and at least one unit of the last displayed
digit): a difference smaller than that is within the ordinary spread and is
not called "ahead". For each such peer the DX measures it has that the
selected municipality lacks are listed; a measure whose answer is missing for
either is not listed (unknown is not "lacks").

**With and without each measure.** Municipalities are grouped into context
cells — population band (under 10,000 / 10,000–50,000 / 50,000–200,000 /
200,000 and over, 2020 census) × 過疎 class (全部・みなし / 一部 / none) —
so that a measure common in large cities is not credited with what size
does. In each cell the median outcome of those with the measure is compared
with the median of those without; a cell with fewer than ``MIN_N`` (5)
municipalities on either side says "too few" instead of a number. The
overall figure is the mean of the cells' differences weighted by the smaller
side's count. This is an association, not an effect: municipalities that
adopt a measure differ in ways the cells do not capture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from dashboard import metrics
from layers.model import Indicator

K = 10
MIN_N = 5
POP_BANDS: tuple[float, ...] = (0, 10_000, 50_000, 200_000, math.inf)
POP_LABELS: tuple[str, ...] = ("<1万", "1万–5万", "5万–20万", "20万+")
POP_LABELS_EN: tuple[str, ...] = ("<10k", "10k–50k", "50k–200k", "200k+")
KASO_GROUPS: Mapping[str, str] = {"全部": "kaso", "みなし": "kaso", "一部": "partial"}
KASO_ORDER: tuple[str, ...] = ("kaso", "partial", "none")
#: Outcomes that are counts of the DX measures themselves: comparing them with their own parts says nothing.
COMPONENTS: Mapping[str, frozenset[str]] = {
    "dx_governance_score": frozenset({"cio", "cio_adviser", "dx_policy", "dx_organisation", "external_talent",
                                      "staff_development", "all_staff_training"}),
    "dx_adoption_score": frozenset({"ai", "rpa", "telework"}),
}


def margin(values: pd.Series, indicator: Indicator) -> float:
    """How much better counts as "clearly ahead": a quarter of the national IQR, at least one display unit."""
    present = values.to_numpy(dtype="float64", na_value=np.nan)
    present = present[~np.isnan(present)]
    iqr = float(np.subtract(*np.percentile(present, [75, 25]))) if len(present) else 0.0
    return max(iqr / 4, 10.0 ** -indicator.decimals)


def peers_ahead(near: pd.Series, values: pd.Series, code: str, indicator: Indicator,
                measures: pd.DataFrame) -> pd.DataFrame:
    """The similar municipalities (``near``: distance by code, nearest first) clearly ahead of ``code``.

    Columns: distance, value, ahead_by (in the better direction), lacking
    (measure ids the peer has and ``code`` lacks). Empty when ``code`` has no
    value or no similar municipality is clearly ahead.
    """
    columns = ["distance", "value", "ahead_by", "lacking"]
    at = values.index.get_indexer([code, *near.index])  # positions, not label lookups: this runs on every click
    series = values.to_numpy(dtype="float64", na_value=np.nan)
    found = np.where(at >= 0, series[np.maximum(at, 0)], np.nan)
    mine, theirs = found[0], found[1:]
    if np.isnan(mine) or near.empty:
        return pd.DataFrame(columns=columns)
    sign = 1.0 if indicator.higher_is_better else -1.0
    ahead_by = sign * (theirs - mine)
    keep = np.flatnonzero(ahead_by >= margin(values, indicator) - 1e-12)
    answers = measures.to_numpy(dtype=object)  # True / False / None (queries_insight.dx_wide)
    rows_at = measures.index.get_indexer([code, *near.index[keep]])
    own = answers[rows_at[0]] if rows_at[0] >= 0 else [None] * len(measures.columns)
    rows = []
    for i, row in zip(keep, rows_at[1:], strict=True):
        has = answers[row] if row >= 0 else [None] * len(measures.columns)
        lacking = [m for m, yes, mine_ in zip(measures.columns, has, own, strict=True) if _yes(yes) and _no(mine_)]
        rows.append((float(near.iloc[i]), float(theirs[i]), float(ahead_by[i]), lacking))
    return pd.DataFrame(rows, columns=columns, index=pd.Index(near.index[keep], dtype=object))


def _yes(value: object) -> bool:
    return value is not None and not pd.isna(value) and bool(value)


def _no(value: object) -> bool:
    return value is not None and not pd.isna(value) and not bool(value)


def context_cells(population: pd.Series, kaso: pd.Series) -> pd.Series:
    """Each municipality's context cell ``band|kaso`` (None where the population is unknown)."""
    band = pd.cut(population, list(POP_BANDS), right=False, labels=list(POP_LABELS))
    group = kaso.map(lambda k: KASO_GROUPS.get(k, "none") if isinstance(k, str) else "none")
    cells = band.astype(object).str.cat(group.astype(object), sep="|")
    return cells.where(band.notna(), None)


def with_without(outcome: pd.Series, measures: pd.DataFrame, cells: pd.Series,
                 skip: Sequence[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per measure, one row per measure × cell) comparing the outcome with and without the measure.

    Per cell: n_with, n_without, median_with, median_without, diff (NaN and
    too_few=True when either side has fewer than ``MIN_N``). Per measure:
    cells compared, the counts over those cells and the weighted mean
    difference (NaN when no cell has enough on both sides).
    """
    frame = pd.DataFrame({"y": outcome, "cell": cells}).join(measures.astype("boolean"), how="inner")
    frame = frame[frame["y"].notna() & frame["cell"].notna()]
    all_cells = sorted(set(frame["cell"]))
    detail = []
    for measure in measures.columns:
        if measure in skip:
            continue
        known = frame[frame[measure].notna()]
        stats = known.groupby(["cell", known[measure].astype(bool)])["y"].agg(["size", "median"])
        for cell in all_cells:
            n_yes, med_yes = _cell(stats, cell, True)
            n_no, med_no = _cell(stats, cell, False)
            too_few = min(n_yes, n_no) < MIN_N
            detail.append((measure, cell, n_yes, n_no, med_yes, med_no, math.nan if too_few else med_yes - med_no,
                           too_few))
    cells_frame = pd.DataFrame(detail, columns=["measure", "cell", "n_with", "n_without", "median_with",
                                                "median_without", "diff", "too_few"])
    return _summary(cells_frame), cells_frame


def _cell(stats: pd.DataFrame, cell: str, has: bool) -> tuple[int, float]:
    """(count, median) of one side of one cell; (0, NaN) when that side is empty."""
    if (cell, has) not in stats.index:
        return 0, math.nan
    row = stats.loc[(cell, has)]
    return int(row["size"]), float(row["median"])


def _median(values: pd.Series) -> float:
    return float(values.median()) if len(values) else math.nan


def _summary(cells: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for measure, part in cells.groupby("measure", sort=False):
        used = part[~part["too_few"]]
        weight = np.minimum(used["n_with"], used["n_without"]).to_numpy(dtype="float64")
        diff = float(np.average(used["diff"], weights=weight)) if len(used) else math.nan
        rows.append((measure, len(used), len(part), int(used["n_with"].sum()), int(used["n_without"].sum()), diff))
    return pd.DataFrame(rows, columns=["measure", "cells_compared", "cells", "n_with", "n_without",
                                       "diff"]).set_index("measure")


def similar_codes(matrix: pd.DataFrame, code: str, k: int = K) -> pd.Series:
    """The ``k`` most similar municipalities (the profile's documented method), nearest first."""
    return metrics.similar(matrix, code, k)
