"""Pure pandas computations behind the map: lagging rules, ranks, summaries,
similar municipalities and the priority score. No Dash, no database.

Every method a user sees is defined here once, and the pages quote the
docstrings' rules in their on-page method notes (``i18n``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from dashboard import rules
from dashboard.rules import Cut
from layers.model import MISSING_KINDS, Indicator, MissingKind, missing_kind

#: Lagging rules and their meaning live in ``dashboard.rules`` (ties, roles, targets).
RULES = rules.RULES

#: Inputs of the similarity method, in this order.
SIMILARITY_FEATURES: tuple[str, ...] = ("population", "aged_65_share", "habitable_density", "fiscal_capability_index")
_LOG_FEATURES = frozenset({"population", "habitable_density"})


def goodness(values: pd.Series, indicator: Indicator) -> pd.Series:
    """Values turned so that larger is always better (the declared direction)."""
    return values if indicator.higher_is_better else -values


def lagging_mask(frame: pd.DataFrame, indicator: Indicator, rule: str, threshold: int,
                 cutoff: float | None = None, on: date | None = None) -> pd.Series:
    """True where an area lags under ``rule`` (``dashboard.rules``); missing values never lag.

    ``frame`` needs ``value`` and ``prefecture_code``.
    """
    value = frame["value"].to_numpy(dtype="float64", na_value=np.nan)
    groups = pd.factorize(frame["prefecture_code"])[0] if rule == "pref_bottom" else None
    mask, _ = rules.evaluate(value, groups, indicator, rule, threshold, cutoff, on)
    return pd.Series(mask, index=frame.index, name=frame["value"].name if rules.applies(indicator, rule, on) else None)


def ranks(frame: pd.DataFrame, indicator: Indicator) -> tuple[pd.Series, pd.Series]:
    """National and within-prefecture rank, 1 = best in the declared direction; ties share the best rank."""
    value = frame["value"].to_numpy(dtype="float64", na_value=np.nan)
    national, in_pref = _ranks(value, pd.factorize(frame["prefecture_code"])[0], indicator)
    name = frame["value"].name
    return pd.Series(national, index=frame.index, name=name), pd.Series(in_pref, index=frame.index, name=name)


def _ranks(value: np.ndarray, groups: np.ndarray, indicator: Indicator) -> tuple[pd.arrays.IntegerArray,
                                                                                  pd.arrays.IntegerArray]:
    """``ranks`` on arrays: an area's rank is one more than the number of better values (Int64, NA if missing)."""
    good = value if indicator.higher_is_better else -value
    present = ~np.isnan(value)
    national = np.zeros(len(good), dtype="int64")
    in_pref = np.zeros(len(good), dtype="int64")
    national[present] = _better_counts(good[present], np.zeros(int(present.sum()), dtype="int64")) + 1
    ranked = present & (groups >= 0)
    in_pref[ranked] = _better_counts(good[ranked], groups[ranked]) + 1
    return pd.arrays.IntegerArray(national, ~present), pd.arrays.IntegerArray(in_pref, ~ranked)


def _better_counts(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """For each value, how many values of its group are strictly greater (one sort, no per-group loop)."""
    if not len(values):
        return np.zeros(0, dtype="int64")
    order = np.lexsort((values, groups))
    g, v = groups[order], values[order]
    new_group = np.r_[True, g[1:] != g[:-1]]
    new_run = new_group | np.r_[True, v[1:] != v[:-1]]  # a run: equal values within a group
    group_end = np.r_[np.flatnonzero(new_group)[1:], len(v)][np.cumsum(new_group) - 1]
    run_end = np.r_[np.flatnonzero(new_run)[1:], len(v)][np.cumsum(new_run) - 1]
    counts = np.empty(len(v), dtype="int64")
    counts[order] = group_end - run_end
    return counts


def standing(values: pd.Series, indicator: Indicator) -> pd.Series:
    """Direction-aware percentile rank in [0, 1]: 0 = worst area, 1 = best (NaN stays NaN).

    A context indicator has no better or worse: its standing is the plain percentile (1 = largest value).
    """
    good = goodness(values, indicator) if indicator.can_lag else values
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
    cutoff: float | None = None,
    on: date | None = None,
) -> pd.DataFrame:
    """Join values to areas and add everything the map, table and summary show.

    Columns: code, name, prefecture_code, prefecture_name, kaso_class, value,
    note (a reason wherever value is missing), lagging, gap (value − the current
    target; NaN without one), rank_national, rank_pref, population. The rule's
    cuts (``rules.Cut``, for the headline) are in ``frame.attrs["cuts"]``.

    Computed on numpy arrays and assembled once: this runs for every date a
    user moves the slider to, and pandas' per-operation overhead was most of it.
    """
    base = areas if areas.index.equals(values.index) else areas.loc[values.index]
    value = values["value"].to_numpy(dtype="float64", na_value=np.nan)
    note = values["note"].to_numpy(dtype=object, na_value=None)
    groups, codes = pd.factorize(base["prefecture_code"])
    national, in_pref = _ranks(value, groups, indicator)
    current = indicator.current_target(on or date.today())
    lagging, cuts = rules.evaluate(value, groups, indicator, rule, threshold, cutoff, on)
    frame = pd.DataFrame({
        "code": base["code"], "name": base["name_ja"], "prefecture_code": base["prefecture_code"],
        "prefecture_name": base["prefecture_name"], "kaso_class": base["kaso_class"], "value": value,
        "note": np.where(np.isnan(value) & pd.isna(note), no_row_reason, note),
        "lagging": lagging, "gap": value - (current.value if current else np.nan),
        "rank_national": national, "rank_pref": in_pref,
    }, index=values.index)
    frame["population"] = population.reindex(frame.index)
    frame.attrs["cuts"] = {("" if key < 0 else str(codes[key])): cut for key, cut in cuts}
    return frame


@dataclass(frozen=True)
class Summary:
    """What the headline says: how many areas lag, their share and residents, and why values are missing.

    ``share`` is flagged ÷ shown (NaN when nothing is shown); ``missing_kinds``
    counts each ``layers.model.MissingKind``; ``cuts`` are the share rule's
    groups (empty for other rules).
    """

    lagging: int
    residents: float
    shown: int
    missing: int
    share: float = np.nan
    missing_kinds: tuple[tuple[MissingKind, int], ...] = ()
    cuts: tuple[Cut, ...] = field(default=())

    @property
    def undefined(self) -> tuple[Cut, ...]:
        """Groups where ties at the cut-off left the bottom-N % rule without meaning."""
        return tuple(c for c in self.cuts if not c.defined)

    @property
    def ties_included(self) -> int:
        """Groups where areas tied at the cut-off took the share past N % (within the margin)."""
        return sum(c.ties_included for c in self.cuts)


def summarise(frame: pd.DataFrame) -> Summary:
    lag = frame["lagging"].to_numpy(dtype=bool)
    people = frame["population"].to_numpy(dtype="float64", na_value=np.nan)[lag]
    residents = float(np.nansum(people)) if (~np.isnan(people)).any() else 0.0  # no known population: 0, not NaN
    value = frame["value"].to_numpy(dtype="float64", na_value=np.nan)
    gone = np.isnan(value)
    notes = frame["note"].to_numpy(dtype=object)[gone] if "note" in frame else np.full(int(gone.sum()), None)
    kinds = pd.Series([missing_kind(n if isinstance(n, str) else None) for n in notes], dtype=object)
    counted = kinds.value_counts()
    shown = len(frame) - int(gone.sum())
    return Summary(
        lagging=int(lag.sum()), residents=residents, shown=shown, missing=int(gone.sum()),
        share=lag.sum() / shown if shown else np.nan,
        missing_kinds=tuple((k, int(counted[k])) for k in MISSING_KINDS if k in counted),
        cuts=_cuts_of(frame),
    )


def _cuts_of(frame: pd.DataFrame) -> tuple[Cut, ...]:
    """The cuts that concern ``frame``'s rows: the national one, or those of the prefectures it holds."""
    cuts: dict[str, Cut] = frame.attrs.get("cuts", {})
    prefs = set(frame["prefecture_code"]) if "prefecture_code" in frame and cuts else set()
    return tuple(cut for code, cut in cuts.items() if code == "" or code in prefs)


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

    Returns distances indexed by code, nearest first (ties in matrix order);
    empty when ``code`` has incomplete inputs.
    """
    if code not in matrix.index:
        return pd.Series(dtype="float64")
    row = int(matrix.index.get_loc(code))
    points = matrix.to_numpy(dtype="float64")
    others = np.delete(np.arange(len(points)), row)
    distance = np.sqrt(((points[others] - points[row]) ** 2).sum(axis=1))
    nearest = np.argsort(distance, kind="stable")[:k]
    return pd.Series(distance[nearest], index=matrix.index.take(others[nearest]))


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
        if ind.id in wide and ind.can_lag:  # a context indicator is a weight, never a need
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
