"""The /progress page on the fixture database: every indicator, level, period
start and prefecture gives statuses, counts and a ranking that agree."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from dash import html

from dashboard import insight_figures, insight_service, progress, queries
from dashboard.insight_state import parse_progress
from dashboard.pages import progress as page

PREFS = (None, "13", "36", "37", "38", "39")


def _text(component: Any) -> str:
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if isinstance(children, list | tuple):
        return " ".join(_text(c) for c in children)
    return _text(children)


def _states() -> list[Any]:
    options = insight_service.progress_options()
    out = []
    for ind, levels in options.levels.items():
        for level in levels:
            for year in options.years(ind, level):
                for pref in PREFS:
                    query = {"indicator": ind, "level": level, "from": str(year)} | ({"pref": pref} if pref else {})
                    out.append(parse_progress(query, options))
    return out


def test_progress_indicators_are_outcomes_with_a_series_or_a_target() -> None:
    ids = insight_service.progress_indicators()
    assert "mynumber_issuance_rate" in ids and "ultra_high_speed_availability" in ids
    assert "online_procedures_26" in ids  # the 自治体DX推進計画 target
    cat = queries.catalogue()
    assert all(cat.indicator(i).category != "context" for i in ids)


def test_every_view_is_consistent() -> None:
    cat = queries.catalogue()
    for state in _states():
        assert state.notices == (), state
        ind = cat.indicator(state.indicator)
        frame = insight_service.progress_frame(state.indicator, state.level, state.start)
        assert set(frame["status"]) <= set(progress.STATUSES)
        if ind.target is None:
            assert set(frame["status"]) <= {"no_target", "no_data"}
        if ind.unit == "%":
            projected = frame["projected"].dropna()
            assert ((projected >= 0) & (projected <= 100)).all()
        few = frame["points"] < progress.MIN_POINTS
        assert frame.loc[few, "pace"].isna().all() and frame.loc[few, "projected"].isna().all()
        shown = page.outputs(state)
        _check_map(shown["map"], frame, state)
        gaps = [r[page.K["gap"]] for r in shown["rows"]]
        assert len(shown["rows"]) <= page.LIMIT
        if state.pref:
            assert all(queries.areas().at[r["id"], "prefecture_code"][:2] == state.pref for r in shown["rows"])
        assert gaps == gaps  # rows are plain dicts (JSON-able)


def _check_map(spec: dict[str, Any], frame: Any, state: Any) -> None:
    """Every area of the level drawn once, coloured by its own status; one legend key per status, counted."""
    areas = queries.areas(state.level)
    main = spec["data"][0]
    assert main["locations"] == areas.index.tolist() and main["customdata"] == areas["name_ja"].tolist()
    statuses = frame["status"].reindex(areas.index).fillna("no_data")
    order = list(insight_figures.STATUS_COLOURS)
    assert [order[z] for z in main["z"]] == statuses.tolist()
    scale = dict((round(p * len(order), 6), c) for p, c in main["colorscale"][::2])
    assert [scale[i] for i in range(len(order))] == list(insight_figures.STATUS_COLOURS.values())
    keys = [t for t in spec["data"] if t.get("meta") == "legend"]
    counts = statuses.value_counts()
    for status, key in zip(order, keys, strict=True):
        n = int(counts.get(status, 0))
        assert key["visible"] == bool(n) and key["name"].endswith(f"（{n:,}）")


def test_a_change_of_the_same_level_patches_only_statuses_and_framing() -> None:
    """For every pair of views of one level: the Patch turns the first map into the second's (z, legend,
    boundaries, framing), and the callback sends that Patch instead of a figure."""
    states = _states()
    for old, new in zip(states, states[1:], strict=False):
        if (old.level, old.lang) != (new.level, new.lang):
            continue
        first, second = page.outputs(old)["map"], page.outputs(new)["map"]
        ops = page.map_patch(second).to_plotly_json()["operations"]
        applied = json.loads(json.dumps(first))
        for op in ops:
            target = applied
            *path, last = op["location"]
            for step in path:
                target = target[step]
            target[last] = op["params"]["value"]
        assert applied == json.loads(json.dumps(second))
        assert not any(op["location"][-1] in ("locations", "customdata") for op in ops)


def test_ranking_puts_the_furthest_behind_first() -> None:
    state = parse_progress({"indicator": "online_procedures_26"}, insight_service.progress_options())
    frame = insight_service.progress_frame(state.indicator, state.level, state.start)
    rows = page.outputs(state)["rows"]
    latest = frame.loc[[r["id"] for r in rows], "latest"].to_numpy()
    assert np.all(np.diff(latest[~np.isnan(latest)]) >= 0)  # no pace (one date): worst latest value first
    assert rows[0][page.K["status"]] in ("期限までに未達", "達成")


def test_summary_counts_match_the_statuses() -> None:
    state = parse_progress({"indicator": "online_procedures_26", "pref": "36"}, insight_service.progress_options())
    frame = insight_service.progress_frame(state.indicator, state.level, state.start)
    part = frame[frame["pref2"] == "36"]
    behind = int(part["status"].isin(progress.BEHIND).sum())
    text = " ".join(_text(c) for c in page.outputs(state)["summary"])
    assert f"徳島県：値のある{int(part['latest'].notna().sum())} 市区町村のうち {behind} が目標に届いていません" in text
    people = insight_service.people_in(part.index[part["status"].isin(progress.BEHIND)], "municipality")
    assert behind == 0 or not math.isnan(people["residents"])


def test_target_line_cites_the_document_or_says_there_is_none() -> None:
    cat = queries.catalogue()
    line = page.target_line(cat.indicator("online_procedures_26"), "ja")
    assert "自治体デジタル・トランスフォーメーション" in line and "2023-03-31" in line
    assert "数値目標がありません" in page.target_line(cat.indicator("mynumber_issuance_rate"), "ja")
    assert "No numeric target" in page.target_line(cat.indicator("mynumber_issuance_rate"), "en")


@pytest.mark.parametrize("query", [{}, {"lang": "en"}, {"indicator": "ultra_high_speed_availability"},
                                   {"indicator": "nope", "from": "1999", "pref": "99", "level": "x"}])
def test_layout_renders_from_any_url(query: dict[str, str]) -> None:
    root = page.layout(**query)
    assert isinstance(root, html.Div)
    if query.get("indicator") == "nope":
        assert "nope" in _text(root)  # the notice names the rejected value


def test_callback_follows_the_controls_and_keeps_the_url() -> None:
    out = page.render_progress("ultra_high_speed_availability", "municipality", 2013, None,
                               {"query": "indicator=mynumber_issuance_rate&lang=en"})
    query = out[5]["query"]
    assert "indicator=ultra_high_speed_availability" in query and "level=prefecture" in query and "lang=en" in query
    assert out[9] == "prefecture"
    bad = page.render_progress(["x"], 3.5, "2013", {"a": 1}, None)
    assert "indicator=mynumber_issuance_rate" in bad[5]["query"]


def test_the_callback_patches_a_map_of_the_same_level() -> None:
    from dash import Patch

    start = parse_progress({"indicator": "online_procedures_26"}, insight_service.progress_options())
    out = page.render_progress("online_procedures_26", "municipality", start.start, "36", {"query": start.to_query()})
    assert isinstance(out[0], Patch)
    ops = out[0].to_plotly_json()["operations"]
    assert {op["location"][-1] for op in ops} <= {"z", "name", "visible", "geojson", "geo", "uirevision"}
    full = page.outputs(parse_progress({"indicator": "online_procedures_26", "pref": "36"},
                                       insight_service.progress_options()))["map"]
    assert [op["params"]["value"] for op in ops if op["location"][-1] == "geo"] == [full["layout"]["geo"]]
    other = page.render_progress("mynumber_issuance_rate", "municipality", None, "36", {"query": start.to_query()})
    assert isinstance(other[0], Patch)  # another indicator, same areas: statuses only
    level = page.render_progress("mynumber_issuance_rate", "prefecture", None, None, {"query": start.to_query()})
    assert isinstance(level[0], dict)  # another level: other areas, the whole figure


def test_residents_are_counted_at_the_judged_date() -> None:
    """Every progress indicator and level: the residents behind the headlines are those the indicator's files
    state for the date shown (the census only where they state none), and the page says which."""
    from dashboard import residents, service

    dated = 0
    for indicator, level in ((i, lv) for i, levels in insight_service.progress_options().levels.items()
                             for lv in levels):
        frame = insight_service.progress_frame(indicator, level, insight_service.years(indicator, level)[0])
        judged = insight_service.judged_date(frame)
        assert judged == frame["latest_date"].max().date().isoformat()
        census = service.population(level)
        expected = residents.population_at(indicator, judged, census).reindex(frame.index)
        assert np.array_equal(frame["population"].to_numpy(), expected.to_numpy(), equal_nan=True)
        if residents.has_dated_residents(indicator):
            dated += 1
            assert not np.allclose(frame["population"].to_numpy(), census.reindex(frame.index).to_numpy(),
                                   equal_nan=True)
            assert "住民基本台帳" in insight_service.residents_note(indicator, judged, frame.index, "ja")
        else:
            assert "国勢調査" in insight_service.residents_note(indicator, judged, frame.index, "ja")
    assert dated, "the My Number series states its residents per date"


def test_headline_residents_are_the_frames_residents() -> None:
    state = parse_progress({"indicator": "online_procedures_26"}, insight_service.progress_options())
    frame = insight_service.progress_frame(state.indicator, state.level, state.start)
    from dashboard import i18n

    behind = frame[frame["status"].isin(progress.BEHIND)]
    text = " ".join(_text(c) for c in page.outputs(state)["summary"])
    assert f"住民 {i18n.residents(float(behind['population'].sum()), 'ja')}" in text
    assert "人口：" in text and insight_service.judged_date(frame) in text
