"""The same map built the way typical Dash examples build it, measured in the
same run, and our figures as ratios against it.

The baseline is a faithful, not a straw-man, version of the common pattern:
the GeoJSON is loaded once at start-up (as the examples do), and every
interaction runs one callback that queries the values, builds a new
``px.choropleth`` with the geometry embedded and returns the whole figure.
To keep it fair it uses the same simplified boundaries we ship (not the
detailed ones), sends only the chosen prefecture's features when filtered,
marks lagging areas with opacity and the selected area with a thicker line on
the same trace (no second copy of the geometry).

Both sides are driven through a Flask test client with the same values, and
the baseline response is compressed by the same flask-compress settings.
"""

from __future__ import annotations

import json
from typing import Any

import dash
import duckdb
import numpy as np
import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html

from bench import callbacks
from bench.callbacks import Measured
from bench.common import db_path, emit
from bench.dashclient import DashClient, flask_dependencies, flask_transport

REPS = 20
IDS = ("indicator", "date", "pref", "rule", "map")


class Data:
    """What the typical example loads at start-up: a connection, the areas and the GeoJSON."""

    def __init__(self) -> None:
        self.con = duckdb.connect(str(db_path()), read_only=True)
        self.areas = self.con.execute("SELECT code, name_ja, prefecture_code, level FROM areas").df()
        self.geojson = {
            level: json.loads(text) for level, text in
            self.con.execute("SELECT level, content FROM geojson_assets WHERE detail = 'overview'").fetchall()
        }
        rows = self.con.execute("SELECT id, levels, higher_is_better FROM indicators").fetchall()
        self.indicators = {i: (levels.split(","), bool(hib)) for i, levels, hib in rows}

    def dates(self, indicator: str, level: str) -> list[str]:
        rows = self.con.cursor().execute(
            "SELECT DISTINCT v.as_of FROM indicator_values v JOIN areas a ON a.code = v.area_code "
            "WHERE v.indicator_id = ? AND a.level = ? ORDER BY 1", [indicator, level]).fetchall()
        return [r[0].isoformat() for r in rows]

    def values(self, indicator: str, level: str, as_of: str) -> pd.DataFrame:
        return self.con.cursor().execute(
            "SELECT a.code, a.name_ja AS name, a.prefecture_code, v.value FROM areas a "
            "LEFT JOIN indicator_values v ON v.area_code = a.code AND v.indicator_id = ? AND v.as_of = ? "
            "WHERE a.level = ? ORDER BY a.code", [indicator, as_of, level]).df()


def _lagging(frame: pd.DataFrame, higher_is_better: bool, rule: str) -> np.ndarray:
    good = frame["value"] if higher_is_better else -frame["value"]
    if rule == "median":
        return (good < good.median()).to_numpy()
    if rule == "pref_bottom":
        return (good <= good.groupby(frame["prefecture_code"]).transform(lambda g: g.quantile(0.2))).to_numpy()
    if rule == "none":
        return np.zeros(len(frame), dtype=bool)
    return (good <= good.quantile(0.2)).to_numpy()


def build_app(data: Data) -> Dash:
    """A minimal Dash app with the one all-in-one callback of the typical example."""
    app = Dash("baseline", serve_locally=True, compress=True)
    app.layout = html.Div([dcc.Dropdown(id="indicator"), dcc.Input(id="date"), dcc.Dropdown(id="pref"),
                           dcc.Dropdown(id="rule"), dcc.Graph(id="map")])

    @app.callback(Output("map", "figure"), Input("indicator", "value"), Input("date", "value"),
                  Input("pref", "value"), Input("rule", "value"), Input("map", "clickData"))
    def update_map(indicator: str, date_index: int, pref: str | None, rule: str, click: Any) -> Any:
        levels, higher_is_better = data.indicators[indicator]
        level = "municipality" if "municipality" in levels else "prefecture"
        dates = data.dates(indicator, level)
        frame = data.values(indicator, level, dates[min(int(date_index or 0), len(dates) - 1)])
        geojson = data.geojson[level]
        if pref:
            frame = frame[frame["prefecture_code"].str[:2] == pref]
            geojson = {"type": "FeatureCollection",
                       "features": [f for f in geojson["features"] if str(f["id"]).startswith(pref)]}
        lagging = _lagging(frame, higher_is_better, rule)
        fig = px.choropleth(frame, geojson=geojson, locations="code", color="value", hover_name="name",
                            color_continuous_scale="Viridis" if higher_is_better else "Viridis_r")
        selected = (click or {}).get("points", [{}])[0].get("location")
        fig.update_traces(marker_opacity=np.where(lagging, 1.0, 0.35),
                          marker_line_width=np.where(frame["code"] == selected, 3.0, 0.3))
        fig.update_geos(fitbounds="locations", visible=False)
        fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
        return fig

    return app


def _steps(data: Data, codes: list[str]) -> dict[str, tuple[dict[str, Any], Any]]:
    """For each interaction: its starting props and the prop it changes on repetition i."""
    indicators = sorted(data.indicators)
    prefs = sorted({c[:2] for c in data.areas["prefecture_code"]})
    series = data.dates(callbacks.TIME_SERIES, "municipality")
    start = {"indicator": "mynumber_holding_rate", "date": 10**6, "pref": None, "rule": "bottom", "map": None}
    rules = ["pref_bottom", "median", "none", "bottom"]
    return {
        "indicator_switch": (start, lambda i: ("indicator", "value", indicators[i % len(indicators)])),
        "date_change": ({**start, "indicator": callbacks.TIME_SERIES},
                        lambda i: ("date", "value", (i * 7) % len(series))),
        "prefecture_filter": (start, lambda i: ("pref", "value", prefs[(i * 11) % len(prefs)])),
        "lagging_rule_change": (start, lambda i: ("rule", "value", rules[i % len(rules)])),
        "area_click": (start, lambda i: ("map", "clickData", {"points": [{"location": codes[(i * 97) % len(codes)]}]})),
    }


def measure(reps: int = REPS) -> dict[str, Measured]:
    data = Data()
    previous = dash._get_app.APP  # Dash() makes itself the "current" app; give the atlas its app back afterwards
    try:
        server = build_app(data).server
    finally:
        dash._get_app.APP = previous
    client = DashClient(flask_transport(server), flask_dependencies(server))
    codes = callbacks.municipality_codes()
    results: dict[str, Measured] = {}
    for name, (start, step) in _steps(data, codes).items():
        client.props = {(k, "value" if k != "map" else "clickData"): v for k, v in start.items()}
        client.change(*step(reps))  # one untimed call: start-up import and first-query costs are not the pattern's
        rounds = [client.change(*step(i)) for i in range(reps)]
        results[name] = callbacks._collect(name, rounds)
    return results


def print_ratios(ours: dict[str, Measured], base: dict[str, Measured]) -> None:
    """Baseline ÷ ours, per interaction and over the five together (target ≥ 20 on bytes and time)."""
    totals = {"json": [0.0, 0.0], "gzip": [0.0, 0.0], "time": [0.0, 0.0]}
    for name, b in base.items():
        if name not in ours:
            continue
        o = ours[name]
        pairs = {"json": ("json_bytes", b.p("json_bytes", 50), o.p("json_bytes", 50)),
                 "gzip": ("wire_bytes", b.p("wire_bytes", 50), o.p("wire_bytes", 50)),
                 "time": ("seconds", b.p("seconds", 50), o.p("seconds", 50))}
        for key, (_, bv, ov) in pairs.items():
            totals[key][0] += bv
            totals[key][1] += ov
            label = {"json": "bytes_ratio", "gzip": "gzip_bytes_ratio", "time": "time_ratio"}[key]
            emit(f"ratio.{name}.{label}", bv / ov if ov else float("inf"))
    for key, label in (("json", "bytes_ratio"), ("gzip", "gzip_bytes_ratio"), ("time", "time_ratio")):
        base_total, our_total = totals[key]
        emit(f"ratio.all_interactions.{label}", base_total / our_total if our_total else float("inf"))


def main(ours: dict[str, Measured] | None = None) -> dict[str, Measured]:
    if ours is None:
        ours = callbacks.main()
    base = measure()
    callbacks.print_results(base, prefix="baseline")
    print_ratios(ours, base)
    return base


if __name__ == "__main__":
    main()
