"""Pure pandas computations behind the map: lagging rules, ranks, summaries,
similar municipalities and the priority score. No Dash, no database.

Every method a user sees is defined here once, and the pages quote the
docstrings' rules in their on-page method notes (``i18n``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.model import Indicator

#: Lagging rules (URL value → meaning):
#: target      worse than the indicator's policy target (needs a target);
#: bottom      at or below the N-th percentile nationally (direction-aware);
#: pref_bottom at or below the N-th percentile within the area's prefecture;
#: median      worse than the national median;
#: none        no emphasis.
RULES: tuple[str, ...] = ("target", "bottom", "pref_bottom", "median", "none")

#: Inputs of the similarity method, in this order.
SIMILARITY_FEATURES: tuple[str, ...] = ("population", "aged_65_share", "habitable_density", "fiscal_capability_index")
_LOG_FEATURES = frozenset({"population", "habitable_density"})


def goodness(values: pd.Series, indicator: Indicator) -> pd.Series:
    """Values turned so that larger is always better (the declared direction)."""
    return values if indicator.higher_is_better else -values


def lagging_mask(frame: pd.DataFrame, indicator: Indicator, rule: str, threshold: int) -> pd.Series:
    """True where an area lags under ``rule``; missing values never lag.

    ``frame`` needs ``value`` and ``prefecture_code``. Percentile rules compare
    with the value at the ``threshold``-th percentile (linear interpolation),
    so ties at the cut-off all count as lagging.
    """
    value = frame["value"]
    good = goodness(value, indicator)
    present = value.notna()
    if rule == "target" and indicator.target is not None:
        target = indicator.target.value
        mask = value < target if indicator.higher_is_better else value > target
    elif rule == "bottom":
        mask = good <= good.quantile(threshold / 100)
    elif rule == "pref_bottom":
        cut = good.groupby(frame["prefecture_code"]).transform(lambda g: g.quantile(threshold / 100))
        mask = good <= cut
    elif rule == "median":
        mask = good < good.median()
    else:
        mask = pd.Series(False, index=frame.index)
    return (mask & present).astype(bool)


def ranks(frame: pd.DataFrame, indicator: Indicator) -> tuple[pd.Series, pd.Series]:
    """National and within-prefecture rank, 1 = best in the declared direction; ties share the best rank."""
    good = goodness(frame["value"], indicator)
    national = good.rank(ascending=False, method="min")
    in_pref = good.groupby(frame["prefecture_code"]).rank(ascending=False, method="min")
    return national.astype("Int64"), in_pref.astype("Int64")


def standing(values: pd.Series, indicator: Indicator) -> pd.Series:
    """Direction-aware percentile rank in [0, 1]: 0 = worst area, 1 = best (NaN stays NaN)."""
    good = goodness(values, indicator)
    count = int(good.notna().sum())
    if count < 2:
        return pd.Series(np.where(good.notna(), 0.5, np.nan), index=values.index)
    return (good.rank(method="average") - 1) / (count - 1)


def map_frame(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    population: pd.Series,
    indicator: Indicator,
    rule: str,
    threshold: int,
    no_row_reason: str,
) -> pd.DataFrame:
    """Join values to areas and add everything the map, table and summary show.

    Columns: code, name, prefecture_code, prefecture_name, kaso_class, value,
    note (a reason wherever value is missing), lagging, gap (value − target),
    rank_national, rank_pref, population.
    """
    frame = areas.loc[values.index, ["code", "name_ja", "prefecture_code", "prefecture_name", "kaso_class"]].copy()
    frame = frame.rename(columns={"name_ja": "name"})
    frame["value"] = values["value"].to_numpy()
    note = values["note"].astype(object)
    note = note.where(note.notna(), None)
    reason = note.where(note.notna(), no_row_reason)
    frame["note"] = np.where(frame["value"].isna(), reason, note)
    frame["lagging"] = lagging_mask(frame, indicator, rule, threshold)
    target = indicator.target.value if indicator.target else math.nan
    frame["gap"] = frame["value"] - target
    frame["rank_national"], frame["rank_pref"] = ranks(frame, indicator)
    frame["population"] = population.reindex(frame.index)
    return frame


@dataclass(frozen=True)
class Summary:
    """What the headline says: how many areas lag and how many people live there."""

    lagging: int
    residents: float
    shown: int
    missing: int


def summarise(frame: pd.DataFrame) -> Summary:
    lag = frame["lagging"]
    residents = float(frame.loc[lag, "population"].sum(min_count=1)) if lag.any() else 0.0
    return Summary(
        lagging=int(lag.sum()),
        residents=0.0 if math.isnan(residents) else residents,
        shown=int(frame["value"].notna().sum()),
        missing=int(frame["value"].isna().sum()),
    )


def similarity_matrix(features: pd.DataFrame) -> pd.DataFrame:
    """Z-scored similarity inputs, one row per area with all four present.

    Method: log(population) and log(habitable density) because both span four
    orders of magnitude; share aged 65+ and the fiscal capability index as
    they are; each column standardised (mean 0, sd 1) over the areas that
    have all four. Areas with a zero or missing input (e.g. 双葉町, population
    0 after the 2011 evacuation) are left out rather than guessed.
    """
    cols = {}
    for name in SIMILARITY_FEATURES:
        column = features[name].astype("float64") if name in features else pd.Series(np.nan, index=features.index)
        if name in _LOG_FEATURES:
            column = np.log(column.where(column > 0))
        cols[name] = column
    matrix = pd.DataFrame(cols).dropna()
    spread = matrix.std(ddof=0).replace(0, 1.0)
    return (matrix - matrix.mean()) / spread


def similar(matrix: pd.DataFrame, code: str, k: int = 5) -> pd.Series:
    """The ``k`` nearest areas to ``code`` by Euclidean distance in the z-scored space.

    Returns distances indexed by code, nearest first; empty when ``code`` has
    incomplete inputs.
    """
    if code not in matrix.index:
        return pd.Series(dtype="float64")
    diff = matrix.drop(index=code) - matrix.loc[code]
    distance = np.sqrt((diff**2).sum(axis=1))
    return distance.sort_values(kind="stable").head(k)


KASO_WEIGHT: Mapping[str, float] = {"全部": 1.0, "みなし": 1.0, "一部": 0.5}


def priority(
    wide: pd.DataFrame,
    indicators: Sequence[Indicator],
    context: pd.DataFrame,
    kaso_weight: float,
    ageing_weight: float,
    reason_cut: float = 0.75,
) -> pd.DataFrame:
    """Rank areas by need across the chosen indicators.

    Method: for each chosen indicator, need = 1 − direction-aware percentile
    rank among the areas with a value (0 = best area, 1 = worst). An area's
    need is the mean over the indicators it has values for. Optional context
    terms: 過疎 (全部/みなし 1, 一部 0.5, none 0) and ageing (percentile rank of
    the share aged 65+, oldest = 1), each entering a weighted mean with the
    need with weights ``kaso_weight`` and ``ageing_weight`` (need has weight 1).
    Reasons are the indicators whose need is at least ``reason_cut`` (the
    area is in the worst quarter nationally).
    """
    needs = pd.DataFrame(index=wide.index)
    for ind in indicators:
        if ind.id in wide:
            needs[ind.id] = 1 - standing(wide[ind.id], ind)
    available = needs.notna().sum(axis=1)
    need = needs.mean(axis=1)
    kaso = context["kaso_class"].map(KASO_WEIGHT).fillna(0.0) if "kaso_class" in context else 0.0
    aged = context["aged_65_share"] if "aged_65_share" in context else pd.Series(np.nan, index=wide.index)
    ageing = aged.rank(pct=True).fillna(0.0)
    score = (need + kaso_weight * kaso + ageing_weight * ageing) / (1 + kaso_weight + ageing_weight)
    out = pd.DataFrame({"score": score, "need": need, "indicators": available})
    flags = needs.ge(reason_cut).to_numpy()
    out["reasons"] = [list(needs.columns[row]) for row in flags]
    out = out[out["indicators"] > 0]
    return out.join(needs.add_prefix("need_")).sort_values("score", ascending=False, kind="stable")
