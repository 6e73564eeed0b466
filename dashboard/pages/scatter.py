"""The scatter page (``/scatter``): any two municipal indicators against each
other, one dot per municipality, the lagging ones marked, quadrant lines at
the national medians or at the policy targets, a prefecture filter shared
with the map (the "see on the map" link carries it), and a click on a dot
opens that municipality's profile on the map.

Lagging is the map's ``bottom`` rule at 20 % (``dashboard.rules``: ties
handled, context never lags) on the y indicator, or on x when only x is an
outcome. State is the URL (x, y, pref, lines, language, and ``area``: the
selection shared with the map, which links here with its indicator as y,
its prefecture and its selected municipality; that dot is ringed and named,
and "see on the map" and a click on any dot go back with the area).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import dash
import numpy as np
import pandas as pd
from dash import ClientsideFunction, Input, Output, Patch, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import (
    components,
    db,
    i18n,
    insight_figures,
    insight_service,
    metrics,
    placenames,
    queries,
    service,
)
from dashboard.db import DbKey
from dashboard.i18n import t
from dashboard.insight_state import LINES, ScatterState, as_mapping, parse_scatter
from dashboard.pages import people as people_line
from dashboard.state import url_prefecture
from layers.model import Indicator

X, Y, PREF, LINES_ID, GRAPH, SUMMARY, QUERY, SYNC, NOTICES, GO, MAP_LINK = (
    "sc-x", "sc-y", "sc-pref", "sc-lines", "sc-graph", "sc-summary", "sc-query", "sc-sync", "sc-notices", "sc-go",
    "sc-map-link")
DEFAULTS = ("aged_65_share", "online_usage_32_median")
THRESHOLD = 20


def indicators() -> tuple[str, ...]:
    return tuple(i.id for i in queries.catalogue().indicators.values() if "municipality" in i.levels)


def _parse(query: Any) -> ScatterState:
    ids = indicators()
    defaults = tuple(d if d in ids else ids[min(i, len(ids) - 1)] for i, d in enumerate(DEFAULTS))
    prefs = service.url_prefectures()
    return parse_scatter(query, ids, (defaults[0], defaults[1]), prefs, insight_service.municipality_codes())


def lagging_axis(x: Indicator, y: Indicator) -> Indicator | None:
    """The indicator whose lagging rule marks the dots: y if it is an outcome, else x if it is, else none."""
    return y if y.can_lag else (x if x.can_lag else None)


def frame(state: ScatterState) -> pd.DataFrame:
    """x, y, lagging, name for every municipality with both values (prefecture filter applied after the
    national rule, so a dot is marked the same whichever prefecture is shown). Read-only (cached)."""
    points = _points(db.key(), state.x, state.y)
    shown = points[points["both"].to_numpy()]
    return shown if not state.pref else shown[shown["pref"].to_numpy() == state.pref]


def _all(state: ScatterState) -> pd.DataFrame:
    """Every municipality, in the areas table's order, with ``shown``: has both values and is in the filter."""
    points = _points(db.key(), state.x, state.y)
    shown = points["both"].to_numpy() & ((points["pref"].to_numpy() == state.pref) if state.pref else True)
    return points.assign(shown=shown)


@lru_cache(maxsize=64)
def _points(key: DbKey, x: str, y: str) -> pd.DataFrame:
    cat = queries.catalogue()
    wide = queries.latest_wide("municipality")
    areas = queries.areas("municipality")
    judged = lagging_axis(cat.indicator(x), cat.indicator(y))
    lag = np.zeros(len(areas), dtype=bool)
    if judged is not None:
        values = pd.DataFrame({"value": wide[judged.id].reindex(areas.index),
                               "prefecture_code": areas["prefecture_code"]})
        lag = metrics.lagging_mask(values, judged, "bottom", THRESHOLD, on=date.today()).to_numpy(dtype=bool)
    xs, ys = wide[x].reindex(areas.index).to_numpy(), wide[y].reindex(areas.index).to_numpy()
    return pd.DataFrame({"x": xs, "y": ys, "lagging": lag, "name": areas["name_ja"].to_numpy(dtype=object),
                         "pref": areas["prefecture_code"].map(url_prefecture).to_numpy(dtype=object),
                         "both": ~np.isnan(xs.astype("float64")) & ~np.isnan(ys.astype("float64"))},
                        index=pd.Index(areas.index.astype(object), dtype=object))


def _line(ind: Indicator, how: str) -> float | None:
    national, _ = service.medians("municipality")
    target = ind.current_target(date.today()) if how == "target" else None
    if target is not None:
        return target.value
    value = national.get(ind.id)
    return None if value is None or pd.isna(value) else float(value)


def figure(state: ScatterState) -> dict[str, Any]:
    """The scatter of every municipality (``insight_figures.scatter_spec``; those not shown have no dot)."""
    cat = queries.catalogue()
    x, y = cat.indicator(state.x), cat.indicator(state.y)
    judged = lagging_axis(x, y)
    names = {"lagging": t("lagging_on", state.lang, label=judged.label(state.lang)) if judged else "",
             "other": t("others", state.lang), "selected": t("selected_area", state.lang)}
    return insight_figures.scatter_spec(_all(state), x, y, (_line(x, state.lines), _line(y, state.lines)), names,
                                        state.lang, f"{y.label(state.lang)} × {x.label(state.lang)}", state.area)


def figure_patch(new: ScatterState, old: ScatterState) -> Patch:
    """A view of the same language as a ``Patch`` (``insight_figures.scatter_patch``): an axis's numbers
    only when that axis or the prefecture filter changed."""
    patch = Patch()
    filtered = new.pref != old.pref
    for path, value in insight_figures.scatter_patch(figure(new), new.x != old.x or filtered,
                                                     new.y != old.y or filtered).items():
        target = patch
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return patch


def summary(state: ScatterState, shown: pd.DataFrame) -> list[Any]:
    """How many shown municipalities lag and who lives there (residents, 65+, single elderly households)."""
    cat = queries.catalogue()
    lang = state.lang
    judged = lagging_axis(cat.indicator(state.x), cat.indicator(state.y))
    lines: list[Any] = [html.P(t("scatter_shown", lang, n=f"{len(shown):,}"))]
    if state.area is not None and state.area not in shown.index:  # the map's selection, but no dot to mark
        name = placenames.name(state.area, lang)
        lines.append(html.P(t("selected_not_shown", lang, name=name), className="notice"))
    if judged is None:
        return lines + [html.P(t("no_lagging", lang))]
    lagging = shown.index[shown["lagging"].to_numpy(dtype=bool)]
    people = insight_service.people_in(lagging, "municipality")
    text = t("scatter_summary", lang, rule=t("lagging_on", lang, label=judged.label(lang)),
              n=f"{len(lagging):,}", pop=i18n.residents(people["residents"] if len(lagging) else 0.0, lang))
    if len(lagging) and not np.isnan(people["aged_65"]):
        text += t("people_line", lang, aged=i18n.residents(people["aged_65"], lang),
                   single=people_line.households(people["single_elderly"], lang))
    return lines + [html.P(text, className="headline")]


def map_href(state: ScatterState) -> str:
    query = {"indicator": state.y, **({"pref": state.pref} if state.pref else {}),
             **({"area": state.area} if state.area else {}), "lang": state.lang}
    return components.page_href("/", urlencode(query))


def _dropdown(component_id: str, value: str, lang: str) -> dcc.Dropdown:
    cat = queries.catalogue()
    return dcc.Dropdown(id=component_id, options=[{"label": cat.indicator(i).label(lang), "value": i}
                                                  for i in indicators()], value=value, clearable=False,
                        labels=components.dropdown_labels(lang))


def layout(**query: Any) -> html.Div:
    try:
        state = _parse(query)
        shown = frame(state)
    except db.DatabaseMissing:
        return components.db_missing()
    lang = state.lang
    flipped = replace(state, lang="en" if lang == "ja" else "ja")
    controls = html.Div(className="controls", children=[
        html.Div([html.Label(t("scatter_x", lang), htmlFor=X), _dropdown(X, state.x, lang)], className="control"),
        html.Div([html.Label(t("scatter_y", lang), htmlFor=Y), _dropdown(Y, state.y, lang)], className="control"),
        html.Div([html.Label(t("prefecture", lang), htmlFor=PREF), dcc.Dropdown(
            id=PREF, options=insight_service.prefecture_options(), value=state.pref, placeholder=t("all_japan", lang),
            labels=components.dropdown_labels(lang))], className="control"),
        html.Div([html.Span(t("scatter_lines", lang), className="label"), dcc.RadioItems(
            id=LINES_ID, value=state.lines, options=[{"label": t(f"lines_{v}", lang), "value": v} for v in LINES],
            labelStyle={"display": "block"})], className="control"),
    ])
    stores = [*components.query_stores(QUERY, SYNC, {"query": state.to_query(), "lang": lang}),
              dcc.Location(id=GO, refresh="callback-nav")]
    return components.page(
        lang, "scatter", components.page_href("/scatter", flipped.to_query()), t("scatter_title", lang), [
            html.Div(summary(state, shown), id=SUMMARY, **{"aria-live": "polite"}),
            dcc.Graph(id=GRAPH, figure=figure(state), config=components.graph_config(
                lang, responsive=True, modeBarButtonsToRemove=components.NO_SELECT),
                      style={"height": "min(70vh, 560px)"}),
            html.P(t("scatter_hint", lang), className="method"),
            dcc.Link(t("open_map", lang), id=MAP_LINK, href=map_href(state), className="button-link"),
        ], controls=controls, stores=stores, notice_items=state.notices, notices_id=NOTICES)


@callback(
    Output(GRAPH, "figure"), Output(SUMMARY, "children"), Output(QUERY, "data"), Output(NOTICES, "children"),
    Output(MAP_LINK, "href"),
    Input(X, "value"), Input(Y, "value"), Input(PREF, "value"), Input(LINES_ID, "value"), State(QUERY, "data"),
    prevent_initial_call=True,
)
def render_scatter(x: Any, y: Any, pref: Any, lines: Any, current: Any) -> tuple[Any, ...]:
    """Re-draw for the chosen axes, filter and lines; the URL follows (the selected area stays selected)."""
    old = _parse(as_mapping(str(current.get("query", "")) if isinstance(current, dict) else ""))
    query = {"x": x, "y": y, "pref": pref or "", "lines": lines, "lang": old.lang, "area": old.area}
    state = _parse({k: v for k, v in query.items() if isinstance(v, str)})
    shown = frame(state)
    return (figure_patch(state, old), summary(state, shown), {"query": state.to_query(), "lang": state.lang},
            components.notices(state.notices, state.lang), map_href(state))


@callback(
    Output(GO, "href"), Input(GRAPH, "clickData"), State(QUERY, "data"),
    prevent_initial_call=True,
)
def open_profile(click: Any, current: Any) -> str:
    """A click on a dot opens that municipality's profile on the map (code from ``customdata``)."""
    try:
        code = str(click["points"][0]["customdata"])
    except (TypeError, KeyError, IndexError):
        raise PreventUpdate from None
    if code not in queries.areas("municipality").index:
        raise PreventUpdate
    state = _parse(as_mapping(str(current.get("query", "")) if isinstance(current, dict) else ""))
    query = {"indicator": state.y, **({"pref": state.pref} if state.pref else {}), "area": code, "lang": state.lang}
    return components.page_href("/", urlencode(query))


clientside_callback(
    ClientsideFunction(namespace="atlas", function_name="syncQuery"),
    Output(SYNC, "data"), Input(QUERY, "data"),
    prevent_initial_call=True,
)

__all__ = ["layout", "open_profile", "render_scatter"]

dash.register_page(__name__, path="/scatter", title="散布図 | 地域デジタル格差アトラス", name="scatter", layout=layout)
