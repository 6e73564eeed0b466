"""Callbacks called as plain functions: inputs in, outputs (or Patch) inspected."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import pytest
from dash import Patch, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import figures, service
from dashboard.figures import CONTEXT, MISSING, OUTLINE, SELECTED, VALUE
from dashboard.pages import ids, map_page, map_panels, priority
from dashboard.state import from_store, parse_query


def store(**query: str) -> dict[str, Any]:
    state = parse_query(query, service.state_options())
    return {"state": state.as_store(), "query": state.to_query()}


def update(run: Callable[..., Any], view: dict[str, Any], trigger: str, **changes: Any) -> dict[str, Any]:
    s = view["state"]
    dates = service.state_options().dates(s["indicator"], s["level"])
    args = {"indicator": s["indicator"], "level": s["level"], "date_index": dates.index(s["date"]),
            "pref": s["pref"], "rule": s["rule"], "threshold": s["threshold"], "click": None, "row_ids": None,
            "area": s["area"], "close": 0, "tick": 0, **changes}
    out: dict[str, Any] = run(map_page.update_view, trigger, *args.values(), view, True)
    assert set(out) == set(map_page.VIEW_OUTPUTS)  # every output named, none left out
    return out


def operations(patch: Patch) -> dict[tuple[Any, ...], Any]:
    return {tuple(op["location"]): op["params"].get("value") for op in patch.to_plotly_json()["operations"]}


def test_switching_to_a_prefecture_only_indicator(app: Any, callback_runner: Callable[..., Any]) -> None:
    out = update(callback_runner, store(), ids.INDICATOR, indicator="ftth_takeup")
    assert out["level"] == "prefecture" and out["rule"] == "bottom"  # no target: 光の道 was not set for take-up
    assert "都道府県" in out["notices"][0].children
    assert "indicator=ftth_takeup" in out["view"]["query"] and "level=prefecture" in out["lang_href"]
    assert "lang=en" in out["lang_href"]


def test_recolour_is_a_patch_and_level_change_a_new_figure(app: Any, callback_runner: Callable[..., Any]) -> None:
    before = store()
    after = update(callback_runner, before, ids.INDICATOR, indicator="online_procedures_32")["view"]
    figure, rendered, *_ = map_page.render_map(after, before["state"])
    assert isinstance(figure, Patch)
    ops = operations(figure)
    assert ("data", VALUE, "z") in ops and ("data", MISSING, "locations") in ops
    assert ("data", VALUE, "locations") not in ops  # geometry and locations stay in the browser
    assert len(json.dumps(figure.to_plotly_json())) < 30_000
    assert rendered == after["state"]
    switched = update(callback_runner, after, ids.LEVEL, level="prefecture")["view"]
    figure, *_ = map_page.render_map(switched, after["state"])
    assert isinstance(figure, go.Figure) and len(figure.data[VALUE].locations) == 5


def test_prefecture_filter_draws_the_prefecture_and_grey_neighbours(app: Any,
                                                                     callback_runner: Callable[..., Any]) -> None:
    before = store()
    after = update(callback_runner, before, ids.PREF, pref="36")["view"]
    figure = map_page.render_map(after, before["state"])[0]
    assert isinstance(figure, go.Figure)  # other traces than the national map: a new figure
    assert figure.layout.uirevision == "municipality|36"
    assert {c[:2] for c in figure.data[VALUE].locations} == {"36"}  # only the prefecture in colour
    assert "36000" not in figure.data[CONTEXT].locations and len(figure.data[CONTEXT].locations) == 4
    assert figure.data[CONTEXT].hoverinfo == "skip" and figure.data[CONTEXT].showscale is False
    assert list(figure.data[OUTLINE].locations) == ["36000"]
    assert figure.data[VALUE].geojson.startswith("/geo/municipality-detailed-")
    lon0, lon1 = figure.layout.geo.lonaxis.range
    assert 133 < lon0 < lon1 < 136
    national = service.view_data(from_store(after["state"], service.state_options())).frame
    assert (figure.data[VALUE].zmin, figure.data[VALUE].zmax) == (
        figures.colour_scale(service.indicator(after["state"]["indicator"]), national["value"].tolist()).zmin,
        figures.colour_scale(service.indicator(after["state"]["indicator"]), national["value"].tolist()).zmax)


def test_clicking_an_area_selects_it(app: Any, callback_runner: Callable[..., Any]) -> None:
    before = store(pref="36")
    click = {"points": [{"customdata": ["36201", "徳島市"]}]}
    out = update(callback_runner, before, ids.GRAPH, click=click)
    assert out["area"] == "36201" and "area=36201" in out["view"]["query"]
    ops = operations(map_page.render_map(out["view"], before["state"])[0])
    assert ops == {("data", SELECTED, "locations"): ["36201"], ("data", SELECTED, "z"): [1]}
    with pytest.raises(PreventUpdate):  # the table echoing the same selection back
        update(callback_runner, out["view"], ids.RANKING, row_ids=["36201"])


def test_garbage_from_the_browser_is_ignored(app: Any, callback_runner: Callable[..., Any]) -> None:
    before = store()
    with pytest.raises(PreventUpdate):  # nothing usable was clicked: nothing changes
        update(callback_runner, before, ids.GRAPH, click={"points": "nonsense"})
    out = update(callback_runner, before, ids.THRESHOLD, threshold="1; DROP TABLE")
    assert out["threshold"] == 20
    out = update(callback_runner, before, ids.INDICATOR, indicator="../../etc/passwd")
    assert out["indicator"] == before["state"]["indicator"]


def test_timer_steps_through_dates(app: Any, callback_runner: Callable[..., Any]) -> None:
    view = store(indicator="mynumber_issuance_rate", date="2017-03-08")
    out = update(callback_runner, view, ids.TIMER, tick=1)
    assert out["view"]["state"]["date"] == "2021-08-01"
    assert out["timer_disabled"] is no_update  # passed True: stays stopped, and an unchanged prop is not re-sent
    assert out["play_hidden"] is False


def test_ranking_rows_and_selection(app: Any) -> None:
    view = store(pref="37", area="37201")
    slot, hidden, hint_hidden, _, key = map_panels.render_ranking(view, None, None, "  高松", [
        {"column_id": "value", "direction": "asc"}, {"column_id": "no_such_column", "direction": "asc"}])
    table = slot[0]
    rows, columns, selected = table.data, table.columns, table.selected_rows
    assert len(rows) == 17 and {r["code"][:2] for r in rows} == {"37"}
    ranks = [r["rank_national"] for r in rows]
    assert ranks == sorted(ranks, reverse=True)  # the default rule lags: worst first (rank 1 is best)
    assert rows[selected[0]]["code"] == "37201" and hidden is False and hint_hidden is True
    assert {c["id"] for c in columns} >= {"name", "value", "rank_national", "rank_pref", "population", "kaso"}
    # the new table keeps the name box's filter and the user's sort (on columns it still has)
    assert table.filter_query == '{name} contains "高松"'
    assert table.sort_by == [{"column_id": "value", "direction": "asc"}]
    moved, *rest = map_panels.render_ranking(store(pref="37", area="37202"), key)  # same subject: the table
    assert isinstance(moved, Patch) and all(r is no_update for r in rest)     # stays, only the row moves
    changed = operations(moved)
    assert set(changed) == {(0, "props", "selected_rows"), (0, "props", "style_data_conditional")}
    assert rows[changed[(0, "props", "selected_rows")][0]]["code"] == "37202"
    assert '"37202"' in changed[(0, "props", "style_data_conditional")][-1]["if"]["filter_query"]


def test_ranking_has_no_table_nationally(app: Any) -> None:
    """The national municipality view (most first visits) renders no DataTable: none of its code loads."""
    section = json.dumps(map_panels.ranking_section(service.view_state(store())).to_plotly_json(), default=str)
    assert "DataTable" not in section and ids.RANKING_SLOT in section
    with pytest.raises(PreventUpdate):
        map_panels.render_ranking(store(), None)
    shown = map_panels.render_ranking(store(pref="37"), None)
    assert shown[0][0].id == ids.RANKING
    back = map_panels.render_ranking(store(), shown[-1])
    assert back[0] == [] and back[1] is True and back[-1] is None  # back to national: the table goes


def test_profile_panel(app: Any) -> None:
    view = store(indicator="mynumber_issuance_rate", area="36201")
    children, close_hidden, key = map_panels.render_profile(view, None)
    text = json.dumps([c.to_plotly_json() if hasattr(c, "to_plotly_json") else c for c in children],
                      default=str, ensure_ascii=False)
    assert "徳島市" in text and close_hidden is False
    assert "似た市区町村" in text
    with pytest.raises(PreventUpdate):
        map_panels.render_profile(view, key)


def test_profile_follows_the_date_of_a_time_series(app: Any) -> None:
    """The comparison with similar municipalities uses the shown date, so a new date re-renders the panel."""
    first = store(indicator="mynumber_issuance_rate", area="36201", date="2022-12-31")
    _, _, key = map_panels.render_profile(first, None)
    earlier = store(indicator="mynumber_issuance_rate", area="36201", date="2017-03-08")
    children, _, new_key = map_panels.render_profile(earlier, key)
    assert new_key != key
    text = json.dumps([c.to_plotly_json() if hasattr(c, "to_plotly_json") else c for c in children],
                      default=str, ensure_ascii=False)
    assert "似た市区町村" in text


def test_table_view_is_rendered_only_when_open(app: Any, callback_runner: Callable[..., Any]) -> None:
    with pytest.raises(PreventUpdate):
        callback_runner(map_panels.render_table_view, ids.VIEW, 0, store())
    table, label, expanded = callback_runner(map_panels.render_table_view, ids.TABLE_TOGGLE, 1, store(pref="39"))
    assert isinstance(table, html.Table) and expanded == "true"
    assert len(table.children[2].children) == 34  # 高知県's municipalities


def test_area_search_and_play_toggle(app: Any) -> None:
    options = map_page.search_areas("徳島", store())
    assert options and all("徳島" in o["label"] for o in options)
    with pytest.raises(PreventUpdate):
        map_page.search_areas("", store())
    assert map_page.toggle_play(1, True) is False
    assert map_page.render_play(False, store()) == "❚❚ 停止"
    assert map_page.render_play(True, store(lang="en")) == "▶ Play"


def test_priority_callback(app: Any) -> None:
    rows, fig, query, notices = priority.render_priority(["mynumber_holding_rate", "bogus"], "39", 0.5, 0, {})
    assert rows and all(r["pref"] == "高知県" for r in rows)
    assert "kaso=0.5" in query["query"] and notices
    rows, *_ = priority.render_priority([], None, 0, 0, {})
    assert rows == []


def test_geojson_route_serves_a_cacheable_compressed_asset(app: Any) -> None:
    client = app.server.test_client()
    name = service.asset_name("municipality", "overview")
    response = client.get(f"/geo/{name}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    again = client.get(f"/geo/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    plain = client.get(f"/geo/{name}")
    assert json.loads(plain.data)["type"] == "FeatureCollection"
    assert client.get("/geo/municipality-overview-00000000.json").status_code == 404
    assert client.get("/geo/municipality-overview-abc.json").status_code == 404
    assert client.get("/geo/areas.duckdb").status_code == 404


def test_prefecture_level_profile_and_english_headline(app: Any) -> None:
    view = store(level="prefecture", area="39000", lang="en", indicator="mynumber_issuance_rate")
    children, _, _ = map_panels.render_profile(view, None)
    text = json.dumps([c.to_plotly_json() for c in children], default=str, ensure_ascii=False)
    assert "Kochi" in text and "高知県" not in text and "Prefecture median" not in text and "National median" in text
    _, _, summary, source, *_ = map_page.render_map(view, None)
    headline = summary[0].children  # one of the five fixture prefectures is the bottom 20 %: singular, in English
    assert "nationally: 1 prefecture, " in headline and "(20.0% of 5 shown)" in headline and "residents" in headline
    assert any("Source:" in str(getattr(part, "children", "")) for part in source)


def test_english_profile_and_ranking_translate_count_units(app: Any) -> None:
    for lang, unit, other in (("en", "persons", "人"), ("ja", "人", "persons")):
        view = store(indicator="population", pref="37", area="37201", lang=lang)
        children, _, _ = map_panels.render_profile(view, None)
        text = json.dumps([c.to_plotly_json() for c in children], default=str, ensure_ascii=False)
        assert f" {unit}" in text and f" {other}" not in text, lang
        columns = map_panels.render_ranking(view, None)[0][0].columns
        value = next(c for c in columns if c["id"] == "value")
        assert value["format"].to_plotly_json()["locale"]["symbol"][1] == f" {unit}", lang


def test_play_stops_at_the_last_date_and_restarts_from_the_first(app: Any, callback_runner: Callable[..., Any]) -> None:
    running = False
    view = store(indicator="mynumber_issuance_rate", date="2021-08-01")
    s = view["state"]
    out = callback_runner(map_page.update_view, ids.TIMER, s["indicator"], s["level"], 1, None, s["rule"],
                          s["threshold"], None, None, None, 0, 1, view, running)
    assert out["view"]["state"]["date"] == "2022-12-31" and out["timer_disabled"] is True  # reached the end
    at_end = out["view"]
    out = callback_runner(map_page.update_view, ids.TIMER, s["indicator"], s["level"], 2, None, s["rule"],
                          s["threshold"], None, None, None, 0, 2, at_end, running)
    assert out["view"]["state"]["date"] == "2017-03-08" and out["timer_disabled"] is no_update  # still running
