"""The map's re-colouring ``Patch`` (``map_page.map_outputs``) applied to the figure the browser holds
gives exactly the figure drawn fresh for the new view: for every indicator, date, rule and threshold,
nationally, in a prefecture (grey neighbours, island insets) and at the prefecture level, in both
languages, one change after another as a user makes them."""

from __future__ import annotations

import copy
import json
from typing import Any

import plotly.graph_objects as go
import pytest
from dash import Patch
from plotly.utils import PlotlyJSONEncoder

from dashboard import service
from dashboard.pages import map_page, map_view
from dashboard.state import ViewState, change, parse_query


def _apply(figure: dict[str, Any], patch: Patch) -> dict[str, Any]:
    """What dash-renderer does with a Patch of assignments (the only operation the map sends)."""
    out = copy.deepcopy(figure)
    for op in patch.to_plotly_json()["operations"]:
        assert op["operation"] == "Assign", op
        *path, last = op["location"]
        target = out
        for key in path:
            target = target[key]
        target[last] = op["params"]["value"]
    return out


def _canonical(figure: dict[str, Any] | go.Figure) -> str:
    """The JSON plotly.js receives, validated the same way for both figures."""
    fig = figure if isinstance(figure, go.Figure) else go.Figure(figure)
    return json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder, sort_keys=True)


def _differences(drawn: dict[str, Any], fresh: go.Figure) -> list[str]:
    """Where the two figures differ (trace and key, or the layout), for the failure message."""
    a, b = json.loads(_canonical(drawn)), json.loads(_canonical(fresh))
    out = [f"layout.{k}" for k in set(a["layout"]) | set(b["layout"]) if a["layout"].get(k) != b["layout"].get(k)]
    for i, (x, y) in enumerate(zip(a["data"], b["data"], strict=False)):
        out += [f"data[{i}].{k}" for k in set(x) | set(y) if x.get(k) != y.get(k)]
    return out if len(a["data"]) == len(b["data"]) else [*out, "number of traces"]


def _steps(start: ViewState) -> list[dict[str, Any]]:
    """Every indicator at its oldest and latest date under every rule, and thresholds, in turn."""
    options = service.state_options()
    steps: list[dict[str, Any]] = []
    for ind in options.indicators:
        dates = options.dates(ind, start.level) or (None,)
        for when in dict.fromkeys((dates[0], dates[-1])):
            steps.append({"indicator": ind, "date": when})
            steps += [{"rule": rule} for rule in ("none", "bottom", "pref_bottom", "target", "below")]
    steps += [{"rule": "bottom", "threshold": 30}, {"rule": "bottom", "threshold": 5}]
    return steps


@pytest.mark.parametrize("query", [
    {}, {"pref": "13"}, {"pref": "37", "lang": "en"}, {"level": "prefecture"}, {"lang": "en", "rule": "none"},
])
def test_patched_figure_equals_the_fresh_one(app: Any, query: dict[str, str]) -> None:
    options = service.state_options()
    state = parse_query(query, options)
    drawn = map_view.map_figure(service.view_data(state)).to_dict()
    patches = 0
    codes = list(drawn["data"][1]["locations"])  # the selected-area outline follows the selection too
    for step in [*_steps(state), {"area": codes[0]}, {"area": codes[-1]}, {"indicator": "population"},
                 {"area": None}]:
        if step.get("rule") == "below":
            step = {"rule": "below", "value": 50}
        new = change(state, options, **step)
        if new == state:
            continue
        figure = map_page.map_outputs(new, state.as_store())["figure"]
        if isinstance(figure, Patch):
            drawn = _apply(drawn, figure)
            patches += 1
            fresh = map_view.map_figure(service.view_data(new))
            assert _canonical(drawn) == _canonical(fresh), (query, step, _differences(drawn, fresh))
        else:  # another framing (a prefecture-only indicator switches the level): a whole new figure
            assert isinstance(figure, go.Figure)
            drawn = figure.to_dict()
        state = new
    assert patches > 20  # the Patch path was exercised, not only whole figures


def test_prefetch_lists_what_a_prefecture_filter_draws_and_this_map_does_not(app: Any) -> None:
    options = service.state_options()
    national = parse_query({}, options)
    framed = parse_query({"pref": "36"}, options)
    listed = map_view.prefetch_urls(national).split(" ")
    assert sorted(listed) == sorted(map_view.geojson_urls(framed))  # exactly the prefecture view's boundaries
    assert not set(listed) & set(map_view.geojson_urls(national))
    assert map_view.prefetch_urls(framed) == ""  # already drawn
