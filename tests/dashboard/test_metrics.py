"""Lagging rules, ranks, similarity and priority on small hand-made frames
(pure functions: the inputs are the arguments), plus one check on real data."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from dashboard import metrics, queries, service
from layers.model import Indicator, Target

UP = Indicator(id="up", label_ja="上", label_en="up", description_ja="", description_en="", unit="%",
               category="digital_government", role="outcome", source_id="s", levels=("municipality",),
               higher_is_better=True, decimals=1)
DOWN = replace(UP, id="down", higher_is_better=False)
TARGETED = replace(UP, target=Target("t", 50.0, "目標", "target", pd.Timestamp("2030-01-01").date(), "s", "up"))


def frame(values: list[float], prefs: list[str] | None = None) -> pd.DataFrame:
    codes = [f"{i:05d}" for i in range(len(values))]
    return pd.DataFrame({"value": values, "prefecture_code": prefs or ["13000"] * len(values)}, index=codes)


def test_target_rule_respects_direction_and_ignores_missing() -> None:
    f = frame([10, 49.9, 50, 80, float("nan")])
    assert list(metrics.lagging_mask(f, TARGETED, "target", 20)) == [True, True, False, False, False]
    assert not metrics.lagging_mask(f, UP, "target", 20).any()  # no target: nothing lags by target


def test_bottom_rules_are_direction_aware() -> None:
    f = frame(list(range(1, 11)))
    assert list(metrics.lagging_mask(f, UP, "bottom", 20)[lambda s: s].index) == ["00000", "00001"]
    assert list(metrics.lagging_mask(f, DOWN, "bottom", 20)[lambda s: s].index) == ["00008", "00009"]


def test_bottom_within_prefecture_and_median() -> None:
    f = frame([1, 2, 3, 4, 100, 200, 300, 400], ["13000"] * 4 + ["36000"] * 4)
    lag = metrics.lagging_mask(f, UP, "pref_bottom", 25)
    assert list(lag[lag].index) == ["00000", "00004"]
    assert metrics.lagging_mask(f, UP, "median", 20).sum() == 4
    assert not metrics.lagging_mask(f, UP, "none", 20).any()


def test_ranks_best_first_with_ties_sharing() -> None:
    f = frame([5, 9, 9, float("nan")], ["13000", "13000", "36000", "36000"])
    national, in_pref = metrics.ranks(f, UP)
    assert list(national[:3]) == [3, 1, 1] and pd.isna(national.iloc[3])
    assert list(in_pref[:3]) == [2, 1, 1]


def test_standing_is_zero_for_worst_one_for_best() -> None:
    s = metrics.standing(pd.Series([1.0, 2.0, 3.0, float("nan")]), DOWN)
    assert list(s[:3]) == [1.0, 0.5, 0.0] and math.isnan(s.iloc[3])


def test_summary_counts_residents_of_lagging_areas() -> None:
    f = pd.DataFrame({"value": [1.0, 2.0, float("nan")], "lagging": [True, False, False],
                      "population": [1000.0, 5000.0, 7.0]})
    s = metrics.summarise(f)
    assert (s.lagging, s.residents, s.shown, s.missing) == (1, 1000.0, 2, 1)


def test_similarity_uses_logs_and_drops_incomplete_rows() -> None:
    features = pd.DataFrame({
        "population": [1000, 1100, 1_000_000, 0], "aged_65_share": [40, 41, 20, 30],
        "habitable_density": [50, 55, 8000, 10], "fiscal_capability_index": [0.2, 0.21, 1.1, 0.5],
    }, index=["a", "b", "c", "d"])
    matrix = metrics.similarity_matrix(features)
    assert list(matrix.index) == ["a", "b", "c"]  # population 0 cannot be logged: left out, not guessed
    assert np.allclose(matrix.mean(), 0)
    assert list(metrics.similar(matrix, "a", k=2).index) == ["b", "c"]
    assert metrics.similar(matrix, "d").empty


def test_priority_combines_needs_and_reports_reasons() -> None:
    wide = pd.DataFrame({"up": [10.0, 50.0, 90.0, float("nan")], "down": [90.0, 50.0, 10.0, 20.0]},
                        index=["a", "b", "c", "d"])
    context = pd.DataFrame({"kaso_class": [None, "全部", None, None], "aged_65_share": [20.0, 40.0, 30.0, 35.0]},
                           index=wide.index)
    plain = metrics.priority(wide, [UP, DOWN], context, 0.0, 0.0)
    assert list(plain.index[:1]) == ["a"] and plain.loc["a", "reasons"] == ["up", "down"]
    assert plain.loc["d", "indicators"] == 1  # scored on what it has
    weighted = metrics.priority(wide, [UP, DOWN], context, kaso_weight=1.0, ageing_weight=0.0)
    assert weighted.loc["b", "score"] > plain.loc["b", "score"]


def test_map_frame_on_real_data_explains_every_missing_value() -> None:
    ind = queries.catalogue().indicator("online_usage_26_median")
    f = metrics.map_frame(queries.values(ind.id, "municipality", "2024-07-12"), queries.areas("municipality"),
                          service.population("municipality"), ind, "bottom", 20, "no row")
    assert f.loc[f["value"].isna(), "note"].map(bool).all()
    assert not f.loc[f["value"].isna(), "lagging"].any()
    assert f["population"].notna().all()


@pytest.mark.parametrize("rule", metrics.RULES)
def test_every_rule_runs_on_real_data(rule: str) -> None:
    ind = queries.catalogue().indicator("mynumber_holding_rate")
    values = queries.values(ind.id, "municipality", "2024-07-12")
    f = metrics.map_frame(values, queries.areas("municipality"), service.population("municipality"), ind, rule, 20,
                          "")
    assert f["lagging"].dtype == bool
