"""Figure builders: locations, colour direction, target marker, missing data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from dashboard import charts, choropleth, figures, queries, service
from dashboard.figures import MISSING, SELECTED, VALUE
from dashboard.geo import Bounds
from dashboard.state import parse_query
from layers.model import Indicator, Target

UP = Indicator(id="up", label_ja="上昇", label_en="up", description_ja="", description_en="", unit="%",
               category="digital_government", role="outcome", source_id="s", levels=("municipality",),
               higher_is_better=True, decimals=1)
DOWN = replace(UP, higher_is_better=False)
TARGETED = replace(UP, target=Target("t", 100.0, "計画", "Plan", date(2099, 3, 31), "s", "up"))  # current
EXPIRED = replace(UP, target=Target("t", 100.0, "光の道", "Hikari", date(2015, 12, 31), "s", "up"))
CONTEXT = replace(UP, category="context", role="context", higher_is_better=False)
BOX = Bounds(133.0, 33.0, 135.0, 34.5)


def frame(values: list[float]) -> pd.DataFrame:
    codes = [f"3620{i}" for i in range(len(values))]
    return pd.DataFrame({
        "code": codes, "name": [f"町{i}" for i in range(len(values))], "value": values,
        "note": [None if v == v else "調査無し" for v in values], "lagging": [v == v and v < 50 for v in values],
        "gap": [v - 100 for v in values],
    }, index=codes)


def build(ind: Indicator, values: list[float], **kwargs: object) -> dict:
    fig = choropleth.map_figure(frame(values), ind, "/geo/m.json", "/geo/p.json", BOX, **kwargs)  # type: ignore[arg-type]
    return fig.to_plotly_json()


def test_locations_and_codes_in_customdata() -> None:
    data = build(UP, [40.0, 60.0, float("nan")], selected="36201")["data"]
    assert list(data[VALUE]["locations"]) == ["36200", "36201", "36202"]
    assert [c[0] for c in data[VALUE]["customdata"]] == ["36200", "36201", "36202"]
    assert data[VALUE]["geojson"] == "/geo/m.json"  # a URL: geometry never rides in the figure
    assert list(data[SELECTED]["locations"]) == ["36201"]


def test_missing_values_are_never_on_the_scale() -> None:
    data = build(UP, [40.0, 60.0, float("nan")])["data"]
    assert data[VALUE]["z"][2] is None
    assert list(data[MISSING]["locations"]) == ["36202"]
    assert data[MISSING]["customdata"][0][2] == "調査無し"
    assert data[MISSING]["showscale"] is False
    assert data[MISSING]["name"] == "データなし"
    assert {c for _, c in data[MISSING]["colorscale"]} == {figures.NO_DATA_COLOUR}


def test_sequential_scale_reverses_when_lower_is_better() -> None:
    up = build(UP, [10.0, 20.0])["data"][VALUE]
    down = build(DOWN, [10.0, 20.0])["data"][VALUE]
    assert up["reversescale"] is False and down["reversescale"] is True


def test_diverging_scale_marks_the_target_and_puts_red_below_it() -> None:
    value = build(TARGETED, [60.0, 80.0, 120.0], lang="en")["data"][VALUE]
    scale = value["colorscale"]
    target_pos = (100 - 60) / (120 - 60)
    neutral = [pos for pos, colour in scale if colour == "#f7f7f7"]
    assert neutral == [target_pos]
    assert scale[0][1] == "#b2182b" and scale[-1][1] == "#2166ac"  # worse (below target) is red
    ticks = dict(zip(value["colorbar"]["tickvals"], value["colorbar"]["ticktext"], strict=True))
    assert "Target" in ticks[100.0]
    assert value["text"][0] == "−40.0pt"


def test_all_below_target_still_ends_at_the_target() -> None:
    scale = figures.colour_scale(TARGETED, [50.0, 70.0])
    assert scale.zmax == 100.0 and scale.colorscale[-1] == [1.0, "#f7f7f7"]


def test_lower_is_better_target_puts_red_above() -> None:
    ind = replace(TARGETED, higher_is_better=False)
    scale = figures.colour_scale(ind, [60.0, 140.0])
    assert scale.colorscale[0][1] == "#2166ac" and scale.colorscale[-1][1] == "#b2182b"


def test_emphasis_mutes_areas_that_do_not_lag() -> None:
    value = build(UP, [40.0, 60.0])["data"][VALUE]
    assert list(value["selectedpoints"]) == [0]  # the lagging area
    assert value["unselected"]["marker"]["opacity"] == figures.MUTED_OPACITY
    plain = build(UP, [40.0, 60.0], emphasise=False)["data"][VALUE]
    assert plain.get("selectedpoints") is None


def test_hover_text_formats_with_unit_and_target_gap() -> None:
    assert "%{z:,.1f}%" in build(UP, [1.0])["data"][VALUE]["hovertemplate"]
    assert "%{text}" in build(TARGETED, [1.0])["data"][VALUE]["hovertemplate"]
    assert "%{text}" not in build(UP, [1.0])["data"][VALUE]["hovertemplate"]


def test_layout_frames_the_box_without_base_layers() -> None:
    layout = build(UP, [1.0], uirevision="municipality|36")["layout"]
    assert layout["geo"]["visible"] is False and layout["geo"]["fitbounds"] is False
    assert layout["geo"]["projection"]["type"] == "mercator"
    lon0, lon1 = layout["geo"]["lonaxis"]["range"]
    assert lon0 <= 133.0 and lon1 >= 135.0
    assert layout["uirevision"] == "municipality|36"


def test_real_map_figure_has_every_area_once(app: object) -> None:
    state = parse_query({"indicator": "online_usage_26_median"}, service.state_options())
    from dashboard.pages import map_view

    data = map_view.map_figure(service.view_data(state)).to_plotly_json()["data"]
    shown = [c for c, z in zip(data[VALUE]["locations"], data[VALUE]["z"], strict=True) if z is not None]
    assert sorted(shown + list(data[MISSING]["locations"])) == sorted(data[VALUE]["locations"])
    assert len(data[VALUE]["locations"]) == 157
    assert data[VALUE]["geojson"].startswith("/geo/municipality-overview-")


def test_trend_profile_and_ranking_figures() -> None:
    series = pd.DataFrame({"as_of": pd.to_datetime(["2020-01-01", "2021-01-01"]).date, "value": [10.0, 20.0]})
    trend = charts.trend_figure([("A", series), ("B", series)], TARGETED, "ja").to_plotly_json()
    assert len(trend["data"]) == 2 and trend["layout"]["shapes"]  # target line
    profile = charts.profile_figure([("x", 0.2, "20%"), ("y", float("nan"), "データなし")]).to_plotly_json()
    assert list(profile["data"][0]["y"]) == ["x"]
    ranking = charts.ranking_figure(["a", "b"], [3.0, 1.0], [False, True], title="t", decimals=0,
                                     target=2.0).to_plotly_json()
    assert list(ranking["data"][0]["y"]) == ["b", "a"]  # first item drawn on top
    assert figures.nice_ticks(0, 100) == [0, 25, 50, 75, 100]


def test_context_is_neutral_never_red_or_green_and_never_muted() -> None:
    value = build(CONTEXT, [10.0, 40.0, 60.0])["data"][VALUE]
    assert [c for _, c in value["colorscale"]] == [c for _, c in figures.NEUTRAL_SEQUENTIAL]
    assert value["reversescale"] is False  # no better/worse direction: darker = more
    assert value.get("selectedpoints") is None and "%{text}" not in value["hovertemplate"]
    profile = charts.profile_spec([("ctx", 0.1, "10%", False), ("out", 0.1, "10%", True)])
    colours = dict(zip(profile["data"][0]["y"], profile["data"][0]["marker"]["color"], strict=True))
    assert colours["ctx"] == charts.HISTORY_COLOUR and colours["out"] != colours["ctx"]
    assert "灰色は地域の状況" in profile["layout"]["title"]["text"]


def test_an_expired_target_is_history_not_the_bar() -> None:
    value = build(EXPIRED, [60.0, 80.0])["data"][VALUE]
    assert value["colorscale"] == build(UP, [60.0, 80.0])["data"][VALUE]["colorscale"]  # plain sequential
    assert "%{text}" not in value["hovertemplate"] and value.get("text") is None
    assert not any("目標" in str(t) for t in value["colorbar"]["ticktext"])
    series = pd.DataFrame({"as_of": pd.to_datetime(["2013-01-01", "2015-01-01"]).date, "value": [80.0, 95.0]})
    layout = charts.trend_spec([("A", series)], EXPIRED, "ja")["layout"]
    assert layout["annotations"][0]["text"].startswith("期限切れの目標（2015年）")
    assert layout["shapes"][0]["line"]["color"] == charts.HISTORY_COLOUR


def test_every_catalogue_indicator_gets_the_scale_its_role_and_target_allow() -> None:
    cat = queries.catalogue()
    for ind in cat.indicators.values():
        scale = figures.colour_scale(ind, [1.0, 2.0, 3.0])
        if not ind.can_lag:
            assert scale.colorscale == figures.NEUTRAL_SEQUENTIAL, ind.id
        elif ind.current_target(date.today()) is None:
            assert scale.colorscale == figures.SEQUENTIAL, ind.id  # no diverging colours without a current bar
        assert ind.id != "ftth_takeup" or not any("目標" in t for t in scale.ticktext)


def _time_series_views() -> list[tuple[str, str]]:
    cat = queries.catalogue()
    return [(i, lv) for i, ind in cat.indicators.items() for lv in ind.levels if len(queries.dates(i, lv)) > 1]


@pytest.mark.parametrize("level", ["municipality", "prefecture"])
def test_time_series_colour_range_is_identical_across_dates(level: str) -> None:
    from dashboard.pages import map_view

    views = [(i, lv) for i, lv in _time_series_views() if lv == level]
    assert views or level == "prefecture"
    for ind_id, lv in views:
        ranges = set()
        for as_of in queries.dates(ind_id, lv):
            state = parse_query({"indicator": ind_id, "level": lv, "date": as_of}, service.state_options())
            value = map_view.map_figure(service.view_data(state)).to_plotly_json()["data"][VALUE]
            ranges.add((value["zmin"], value["zmax"]))
        assert len(ranges) == 1, (ind_id, lv, ranges)
        assert ranges == {queries.value_range(ind_id, lv)}
