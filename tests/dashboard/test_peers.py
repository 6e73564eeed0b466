"""Peers to learn from and the with/without table: hand-made frames for the
rules, then the real profile section on the fixture database for every
outcome indicator."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import insight_service, peers, queries, queries_insight, service
from dashboard.pages import peers_section, success
from dashboard.state import parse_query
from layers.model import Indicator

IND = Indicator(id="x", label_ja="x", label_en="x", description_ja="", description_en="", unit="%",
                category="digital_government", role="outcome", source_id="s", levels=("municipality",),
                higher_is_better=True, decimals=0)


def _dump(parts: Any) -> str:
    return json.dumps(parts, cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_peers_clearly_ahead_and_what_they_have() -> None:
    values = pd.Series({"me": 50.0, "a": 70.0, "b": 52.0, "c": 90.0, "d": float("nan"), "e": 10.0, "f": 30.0})
    near = pd.Series({"a": 0.1, "b": 0.2, "c": 0.3, "d": 0.4})
    measures = pd.DataFrame({"cio": [False, True, True, True, True], "rpa": [None, True, False, True, True]},
                            index=["me", "a", "b", "c", "d"], dtype=object)
    margin = peers.margin(values, IND)  # quartiles (numpy, linear) of 10 30 50 52 70 90: 35 and 65.5
    assert margin == pytest.approx(30.5 / 4)
    got = peers.peers_ahead(near, values, "me", IND, measures)
    assert got.index.tolist() == ["a", "c"]  # b is only 2 ahead; d has no value
    assert got.loc["a", "lacking"] == ["cio"]  # rpa is unknown for "me": never listed as lacking
    assert got.loc["c", "ahead_by"] == 40


def test_lower_is_better_and_nobody_ahead() -> None:
    lower = Indicator(**{**IND.__dict__, "higher_is_better": False})
    values = pd.Series({"me": 50.0, "a": 20.0, "b": 80.0, "c": 60.0})
    measures = pd.DataFrame(index=["me", "a", "b", "c"])
    assert peers.peers_ahead(pd.Series({"a": 1.0, "b": 2.0}), values, "me", lower, measures).index.tolist() == ["a"]
    assert peers.peers_ahead(pd.Series({"b": 1.0, "c": 2.0}), values, "me", lower, measures).empty
    assert peers.peers_ahead(pd.Series({"a": 1.0}), values.drop("me"), "me", IND, measures).empty


def test_with_without_counts_cells_and_says_too_few() -> None:
    codes = [f"{i:05d}" for i in range(24)]
    outcome = pd.Series([10.0] * 6 + [20.0] * 6 + [5.0] * 6 + [7.0] * 6, index=codes)
    has = pd.DataFrame({"ai": [False] * 6 + [True] * 6 + [False] * 6 + [True] * 4 + [None] * 2}, index=codes,
                       dtype=object)
    population = pd.Series([5_000.0] * 12 + [300_000.0] * 12, index=codes)
    kaso = pd.Series(["全部"] * 12 + [None] * 12, index=codes, dtype=object)
    cells = peers.context_cells(population, kaso)
    assert cells.iloc[0] == "<1万|kaso" and cells.iloc[-1] == "20万+|none"
    summary, detail = peers.with_without(outcome, has, cells)
    small = detail.set_index("cell").loc["<1万|kaso"]
    assert (small["n_with"], small["n_without"], small["diff"], small["too_few"]) == (6, 6, 10.0, False)
    big = detail.set_index("cell").loc["20万+|none"]
    assert (big["n_with"], big["n_without"], bool(big["too_few"])) == (4, 6, True) and math.isnan(big["diff"])
    assert summary.loc["ai", "cells_compared"] == 1 and summary.loc["ai", "diff"] == 10.0
    skipped, _ = peers.with_without(outcome, has, cells, skip=("ai",))
    assert skipped.empty


def test_profile_section_on_every_outcome(app: Any) -> None:
    options = service.state_options()
    cat = queries.catalogue()
    codes = queries.areas("municipality").index[::9]
    for ind in cat.indicators.values():
        if "municipality" not in ind.levels:
            continue
        for code in codes:
            state = parse_query({"indicator": ind.id, "area": code}, options)
            text = _dump(peers_section.section(state, code))
            if not ind.can_lag:
                assert "成果の比較はしません" in text
                continue
            values = queries.values(ind.id, "municipality", state.date or "")["value"]
            if pd.isna(values.get(code)):
                assert "値がないため" in text
                continue
            ahead = insight_service.peers_ahead(ind.id, state.date or "", code)
            if ahead.empty:
                assert "明らかに上回る団体はありません" in text
            else:
                assert (ahead["ahead_by"] >= peers.margin(values, ind) - 1e-9).all()
                assert set(ahead.index) <= set(service.similar(code, peers.K).index)
            assert "関連であって効果ではありません" in text or ind.id in peers.COMPONENTS


def test_success_page_lists_counts_per_cell(app: Any) -> None:
    root = success.layout(indicator="online_procedures_32", lang="en")
    text = _dump(root.to_plotly_json())
    assert "association, not an effect" in text and "Counts and medians per cell" in text
    summary, cells = insight_service.success("online_procedures_32", queries.dates("online_procedures_32",
                                                                                   "municipality")[-1])
    assert set(cells["measure"]) == set(queries_insight.dx_wide()[0].columns)
    assert (cells.loc[cells["too_few"], "diff"].isna()).all()
    assert ((cells["n_with"] >= peers.MIN_N) & (cells["n_without"] >= peers.MIN_N) | cells["too_few"]).all()
    bad = _dump(success.layout(indicator="population", date="1999-01-01").to_plotly_json())
    assert "population" in bad and "1999-01-01" in bad  # notices name the rejected values
    components = _dump(success.layout(indicator="dx_governance_score").to_plotly_json())
    assert "数そのもの" in components


def test_sources_page_lists_designations_not_available(app: Any) -> None:
    from dashboard.pages import sources

    for lang, words in (("ja", ("離島振興対策実施地域", "半島振興", "振興山村", "豪雪地帯")),
                        ("en", ("Remote islands", "Peninsulas", "Mountain villages", "Heavy-snow"))):
        text = _dump(sources.layout(lang=lang).to_plotly_json())
        assert all(w in text for w in words)
