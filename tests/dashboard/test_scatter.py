"""/scatter on the fixture database: dots, lagging marks, quadrant lines and the
people counts agree for every pair of axes kinds (outcome/context), with and
without a prefecture filter; URL state and the click-through to the profile."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import plotly.graph_objects as go
import pytest
from dash.exceptions import PreventUpdate
from plotly.utils import PlotlyJSONEncoder

from dashboard import i18n, insight_service, metrics, queries, service
from dashboard.pages import scatter
from layers.registry import load_catalogue


def _dump(parts: Any) -> str:
    return json.dumps(parts, cls=PlotlyJSONEncoder, ensure_ascii=False)


PAIRS = [("aged_65_share", "online_usage_32_median"), ("online_procedures_32", "population"),
         ("population", "habitable_density"), ("fiscal_capability_index", "dx_governance_score"),
         ("mynumber_issuance_rate", "online_procedures_26")]


def _check_dots(fig: dict[str, Any], shown: Any, x: Any, y: Any) -> None:
    """One dot per shown municipality, at its values (the indicators' decimals), red exactly where it lags;
    every municipality keeps its code and name (no dot where not shown); legend keys count both kinds."""
    dots = fig["data"][0]
    areas = queries.areas("municipality")
    assert dots["customdata"] == areas.index.tolist() and dots["text"] == areas["name_ja"].tolist()
    drawn = {c: (xv, yv, colour) for c, xv, yv, colour in zip(dots["customdata"], dots["x"], dots["y"],
                                                               dots["marker"]["color"], strict=True)
             if xv is not None and yv is not None}
    assert set(drawn) == set(shown.index)
    for code, (xv, yv, colour) in drawn.items():
        for got, want, ind in ((xv, shown.at[code, "x"], x), (yv, shown.at[code, "y"], y)):
            assert abs(got - want) <= 0.5 * 10 ** -ind.decimals + 1e-9  # rounded to the indicator's decimals
            assert got == round(got, ind.decimals)
        assert colour == int(shown.at[code, "lagging"])
    lagging = int(shown["lagging"].sum())
    assert fig["data"][1]["name"].endswith(f"（{len(shown) - lagging:,}）")
    assert fig["data"][2]["name"].endswith(f"（{lagging:,}）") and fig["data"][2]["visible"] == bool(lagging)


@pytest.mark.parametrize(("x", "y"), PAIRS)
@pytest.mark.parametrize("pref", [None, "13", "39"])
@pytest.mark.parametrize("lines", ["median", "target"])
def test_dots_marks_and_lines(x: str, y: str, pref: str | None, lines: str) -> None:
    state = scatter._parse({"x": x, "y": y, "lines": lines} | ({"pref": pref} if pref else {}))
    assert state.notices == ()
    cat = queries.catalogue()
    shown = scatter.frame(state)
    wide = queries.latest_wide("municipality")
    both = wide[x].notna() & wide[y].notna()
    if pref:
        both &= queries.areas("municipality")["prefecture_code"].str[:2] == pref
    assert set(shown.index) == set(wide.index[both])
    judged = scatter.lagging_axis(cat.indicator(x), cat.indicator(y))
    if judged is None:
        assert not shown["lagging"].any()
    else:
        assert judged.can_lag and (judged.id == y or not cat.indicator(y).can_lag)
        frame = queries.areas("municipality")[["prefecture_code"]].assign(value=wide[judged.id])
        national = metrics.lagging_mask(frame, judged, "bottom", scatter.THRESHOLD, on=date.today())
        assert shown["lagging"].tolist() == national.reindex(shown.index).tolist()
    fig = scatter.figure(state)
    go.Figure(fig)  # a valid plotly figure
    _check_dots(fig, shown, cat.indicator(x), cat.indicator(y))
    national_medians, _ = service.medians("municipality")
    xs = [s["x0"] for s in fig["layout"]["shapes"] if s.get("yref") == "paper"]
    target = cat.indicator(x).current_target(date.today()) if lines == "target" else None
    assert xs == [pytest.approx(target.value if target else national_medians[x])]
    text = _dump(scatter.summary(state, shown))
    if judged is not None:
        lagging = shown.index[shown["lagging"].to_numpy(dtype=bool)]
        assert f"：{len(lagging):,}団体" in text
        people = insight_service.people_in(lagging, "municipality")
        assert not lagging.size or people["residents"] > 0


def test_people_estimates_come_from_census_shares() -> None:
    people = insight_service.people("municipality")
    wide = queries.latest_wide("municipality")
    code = "36201"
    assert people.at[code, "residents"] == wide.at[code, "population"]
    assert people.at[code, "aged_65"] == pytest.approx(wide.at[code, "population"] * wide.at[code, "aged_65_share"]
                                                       / 100)
    assert people.at[code, "single_elderly"] == pytest.approx(
        wide.at[code, "households"] * wide.at[code, "single_elderly_household_share"] / 100)


def test_callbacks_keep_the_url_and_open_the_profile() -> None:
    out = scatter.render_scatter("population", "online_procedures_32", "36", "target", {"query": "lang=en"})
    assert out[2]["query"] == "x=population&y=online_procedures_32&pref=36&lines=target&lang=en"
    assert out[4].endswith("/?indicator=online_procedures_32&pref=36&lang=en")
    href = scatter.open_profile({"points": [{"customdata": "36201"}]}, out[2])
    assert href.endswith("/?indicator=online_procedures_32&pref=36&area=36201&lang=en")
    with pytest.raises(PreventUpdate):
        scatter.open_profile({"points": [{"customdata": "99999"}]}, out[2])


def test_a_change_patches_the_figure_into_the_next_one() -> None:
    """Axis, filter, lines and selection changes: the callback's Patch turns the old figure into the new one
    and never resends the names and codes."""
    views = [{"x": x, "y": y} | ({"pref": p} if p else {}) | ({"lines": "target"} if i % 2 else {})
             | ({"area": "36201"} if i % 3 else {}) for i, ((x, y), p) in enumerate(
                 (pair, p) for pair in PAIRS for p in (None, "36", "13"))]
    for old_query, new_query in zip(views, views[1:], strict=False):
        old, new = scatter._parse(old_query), scatter._parse(new_query)
        applied = json.loads(_dump(scatter.figure(old)))
        ops = scatter.figure_patch(new, old).to_plotly_json()["operations"]
        for op in ops:
            target = applied
            *path, last = op["location"]
            for step in path:
                target = target[step]
            target[last] = json.loads(_dump(op["params"]["value"]))
        assert applied == json.loads(_dump(scatter.figure(new))), (old_query, new_query)
        assert not any(op["location"] in (["data", 0, "text"], ["data", 0, "customdata"]) for op in ops)


def test_bad_url_falls_back_with_notices() -> None:
    state = scatter._parse({"x": "nope", "y": "population", "pref": "99", "lines": "x"})
    assert state.x == scatter.DEFAULTS[0] and state.pref is None and len(state.notices) == 3
    assert "nope" in _dump(scatter.layout(x="nope").to_plotly_json())


def test_map_headline_counts_older_people_where_it_lags() -> None:
    from dashboard.pages import map_view
    from dashboard.state import parse_query

    state = parse_query({"indicator": "online_procedures_32", "rule": "bottom"}, service.state_options())
    frame = service.view_data(state).frame
    lagging = frame.index[frame["lagging"].to_numpy(dtype=bool)]
    assert len(lagging)
    people = insight_service.people_in(lagging, "municipality")
    text = _dump([p.to_plotly_json() for p in map_view.summary(service.view_data(state))])
    assert f"65歳以上 約{i18n.residents(people['aged_65'], 'ja')}" in text
    context = parse_query({"indicator": "population"}, service.state_options())
    assert "65歳以上 約" not in _dump([p.to_plotly_json() for p in map_view.summary(service.view_data(context))])


@pytest.mark.parametrize(("x", "y"), PAIRS)
@pytest.mark.parametrize("pref", [None, "13", "36"])
@pytest.mark.parametrize("area", ["36201", "13101", "39201"])
def test_the_selected_area_is_ringed_or_said_to_be_missing(x: str, y: str, pref: str | None, area: str) -> None:
    """Every pair, filter and area: the selection is the one ringed dot (at its own values, its code for the
    click) when it has a dot, and the summary says so when it has none."""
    state = scatter._parse({"x": x, "y": y, "area": area} | ({"pref": pref} if pref else {}))
    assert state.notices == () and state.area == area and f"area={area}" in state.to_query()
    shown = scatter.frame(state)
    fig = scatter.figure(state)
    go.Figure(fig)
    ringed = [t for t in fig["data"] if t.get("mode") == "markers+text" and t["visible"]]
    name = str(queries.areas("municipality").at[area, "name_ja"])
    if area in shown.index:
        assert len(ringed) == 1 and ringed[0]["customdata"] == [area] and ringed[0]["text"] == [name]
        dots = fig["data"][0]
        i = dots["customdata"].index(area)
        assert (ringed[0]["x"][0], ringed[0]["y"][0]) == (dots["x"][i], dots["y"][i])
        assert "選択中の" not in _dump(scatter.summary(state, shown))
    else:
        assert ringed == [] and f"選択中の{name}は" in _dump(scatter.summary(state, shown))
    assert f"area={area}" in scatter.map_href(state)


def test_the_selection_survives_controls_and_bad_codes_fall_back() -> None:
    start = scatter._parse({"area": "36201", "lang": "en"})
    out = scatter.render_scatter("population", "online_procedures_32", "36", "median", {"query": start.to_query()})
    assert "area=36201" in out[2]["query"] and "area=36201" in out[4] and "lang=en" in out[2]["query"]
    for bad in ("99999", "3620１", "36000", "x"):
        state = scatter._parse({"area": bad})
        assert state.area is None and len(state.notices) == 1


#: From the declared catalogue, not the database: parametrize runs at collection, before any database is chosen
#: (a clean clone has no data/atlas.duckdb; the tests use the fixture build).
MUNICIPAL_INDICATORS = tuple(i.id for i in load_catalogue().indicators.values() if "municipality" in i.levels)


@pytest.mark.parametrize("indicator", MUNICIPAL_INDICATORS)
@pytest.mark.parametrize("pref", [None, "36"])
def test_the_maps_selection_opens_the_scatter(indicator: str, pref: str | None) -> None:
    """The profile's link carries the map's indicator (as y), prefecture and area into a valid scatter URL."""
    from urllib.parse import parse_qsl, urlsplit

    from dashboard.pages import peers_section
    from dashboard.state import ViewState

    view = ViewState(indicator=indicator, level="municipality", pref=pref, lang="en", area="36201")
    link = peers_section.scatter_link(view, "36201", queries.catalogue().indicator(indicator))
    query = dict(parse_qsl(urlsplit(link.children.href).query))
    state = scatter._parse(query)
    assert state.notices == () and state.y == indicator and state.x != indicator
    assert (state.area, state.pref, state.lang) == ("36201", pref, "en")
