"""Pure figure builders of the insight views: data in, plain figure dicts out.

Like ``charts.trend_spec``, the builders return the dict plotly.js receives
(unvalidated, for callbacks that only serialise it); the tests validate the
same dicts through ``go.Figure``. Geometry is never inside a figure: the
status map's traces name the boundary asset URL the map page already uses,
so the browser fetches each boundary file once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from dashboard.choropleth import geo_layout
from dashboard.figures import FONT, TEMPLATE, rounded
from dashboard.geo import Bounds
from layers.model import Indicator

#: Status colours: blue = reached / on track, red = behind, greys = nothing to judge (ColorBrewer RdBu ends).
STATUS_COLOURS: Mapping[str, str] = {
    "reached": "#2166ac", "on_track": "#92c5de", "off_track": "#f4a582", "deadline_passed": "#b2182b",
    "no_data": "#a3a3a3", "no_target": "#d9d9d9",
}
_TRANSPARENT = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]


def status_codes(statuses: Sequence[str]) -> list[int]:
    """Each area's status as its index in ``STATUS_COLOURS`` (the z the status map colours by)."""
    order = {status: i for i, status in enumerate(STATUS_COLOURS)}
    return [order[s] for s in statuses]


def _status_scale() -> list[list[float | str]]:
    """A stepped colour scale: z = i (the i-th status) takes exactly the i-th colour."""
    n = len(STATUS_COLOURS)
    scale: list[list[float | str]] = []
    for i, colour in enumerate(STATUS_COLOURS.values()):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def status_legend(statuses: Sequence[str], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """One legend key per status, in ``STATUS_COLOURS`` order (fixed trace positions, so a ``Patch`` can
    rename them): ``name`` with the count, hidden when no area has that status."""
    counts = {status: 0 for status in STATUS_COLOURS}
    for status in statuses:
        counts[status] += 1
    return [{"name": f"{labels[status]}（{counts[status]:,}）", "visible": bool(counts[status])}
            for status in STATUS_COLOURS]


def status_map_spec(frame: pd.DataFrame, labels: Mapping[str, str], geojson_url: str, outline_url: str | None,
                    outline_codes: Sequence[str], bounds: Bounds, uirevision: str) -> dict[str, Any]:
    """A choropleth of ``frame['status']`` (index = area codes, ``name_ja`` for hover) in one trace.

    ``z`` is the status's index (``status_codes``) on a stepped scale, so a new period or
    indicator only replaces ``z`` and the legend keys (``status_legend``): the codes and names
    stay in the browser. The legend is a key per status (a swatch trace each), not a colour
    bar; the hover names the area, its fill (the hover box takes it) shows the status.
    """
    statuses = frame["status"].tolist()
    data: list[dict[str, Any]] = [{
        "type": "choropleth", "geojson": geojson_url, "featureidkey": "id", "locations": frame.index.tolist(),
        "z": status_codes(statuses), "zmin": 0, "zmax": len(STATUS_COLOURS), "colorscale": _status_scale(),
        "showscale": False, "customdata": frame["name_ja"].tolist(), "showlegend": False,
        "marker": {"line": {"width": 0.4, "color": "#ffffff"}},
        "hovertemplate": "<b>%{customdata}</b><extra></extra>",
    }]
    for key, colour in zip(status_legend(statuses, labels), STATUS_COLOURS.values(), strict=True):
        # a legend swatch: one empty location (an empty trace gets no legend item; the bundle has no scattergeo)
        data.append({"type": "choropleth", "geojson": geojson_url, "featureidkey": "id", "locations": [None],
                     "z": [None], "colorscale": [[0, colour], [1, colour]], "showscale": False,
                     "hoverinfo": "skip", "showlegend": True, "meta": "legend", **key})
    if outline_url:
        data.append({"type": "choropleth", "geojson": outline_url, "featureidkey": "id",
                     "locations": list(outline_codes), "z": [0] * len(outline_codes), "colorscale": _TRANSPARENT,
                     "showscale": False, "hoverinfo": "skip", "showlegend": False,
                     "marker": {"line": {"width": 1.1, "color": "#3a3a3a"}}})
    layout = {
        "geo": geo_layout(bounds), "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "uirevision": uirevision,
        "paper_bgcolor": "rgba(0,0,0,0)", "font": {"family": FONT}, "template": TEMPLATE, "dragmode": "pan",
        "legend": {"x": 0.01, "y": 0.01, "xanchor": "left", "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)"},
    }
    return {"data": data, "layout": layout}


def compare_trend_spec(lines: Sequence[tuple[str, pd.DataFrame, bool]], indicator: Indicator, title: str,
                       height: int = 320) -> dict[str, Any]:
    """Overlaid series (``as_of``, ``value``) of several areas; reference lines (medians; flag True) dotted."""
    data = []
    for name, frame, reference in lines:
        data.append({
            "type": "scatter",
            "x": np.datetime_as_string(frame["as_of"].to_numpy(dtype="datetime64[D]"), unit="D").tolist(),
            "y": rounded(frame["value"].to_numpy(dtype="float64", na_value=np.nan), indicator.decimals),
            "name": name, "mode": "lines" if reference else "lines+markers",
            "line": {"width": 1.5 if reference else 2.5, "dash": "dot" if reference else "solid"},
            "marker": {"size": 4},
        })
    layout = {"height": height, "margin": {"l": 40, "r": 10, "t": 36, "b": 30}, "template": TEMPLATE,
              "title": {"text": title, "font": {"size": 13}}, "legend": {"orientation": "h", "y": -0.25},
              "yaxis": {"ticksuffix": "%" if indicator.unit == "%" else ""}}
    return {"data": data, "layout": layout}


DOT_COLOURS = ("#4f7fae", "#b2182b")  # others, lagging


def scatter_spec(frame: pd.DataFrame, x: Indicator, y: Indicator, lines: tuple[float | None, float | None],
                 names: Mapping[str, str], lang: str, title: str, selected: str | None = None) -> dict[str, Any]:
    """One dot per area of ``frame`` (index = codes, always every municipality in the same order; columns
    x, y, lagging, name, shown), lagging ones red; quadrant lines at ``lines``.

    An area not ``shown`` (a value missing, or outside the prefecture filter) has no x and y, so
    plotly draws no dot; the codes (``customdata``, for the click) and names (hover) are then the
    same in every view and a change of axis, filter or lines replaces only the numbers
    (``scatter_patch``). Trace 1 and 2 are the legend keys (others, lagging; with counts), trace 3
    rings and names the ``selected`` area (the map's selection) when it has a dot.
    """
    shown = frame["shown"].to_numpy(dtype=bool)
    lagging = frame["lagging"].to_numpy(dtype=bool) & shown
    xs = np.where(shown, frame["x"].to_numpy(dtype="float64"), np.nan)
    ys = np.where(shown, frame["y"].to_numpy(dtype="float64"), np.nan)
    hover = f"<b>%{{text}}</b><br>{x.label(lang)}: %{{x}}<br>{y.label(lang)}: %{{y}}<extra></extra>"
    data: list[dict[str, Any]] = [{
        "type": "scatter", "mode": "markers", "x": _numbers(xs, x.decimals), "y": _numbers(ys, y.decimals),
        "text": frame["name"].tolist(), "customdata": frame.index.tolist(), "showlegend": False,
        "marker": {"size": 6, "color": lagging.astype(int).tolist(), "cmin": 0, "cmax": 1, "opacity": 0.75,
                   "colorscale": [[0, DOT_COLOURS[0]], [1, DOT_COLOURS[1]]], "line": {"width": 0.5, "color": "#fff"}},
        "hovertemplate": hover,
    }]
    counts = (int(shown.sum() - lagging.sum()), int(lagging.sum()))
    for label, colour, n in zip((names["other"], names["lagging"]), DOT_COLOURS, counts, strict=True):
        data.append({"type": "scatter", "mode": "markers", "x": [None], "y": [None], "hoverinfo": "skip",
                     "marker": {"size": 6, "color": colour}, "name": f"{label}（{n:,}）", "visible": bool(n)})
    data.append(_selected_trace(frame, selected if selected in frame.index and shown[frame.index.get_loc(selected)]
                                else None, x, y, names.get("selected", ""), hover))
    shapes = []
    if lines[0] is not None:
        shapes.append({"type": "line", "yref": "paper", "x0": lines[0], "x1": lines[0], "y0": 0, "y1": 1,
                       "line": {"dash": "dash", "color": "#555", "width": 1}})
    if lines[1] is not None:
        shapes.append({"type": "line", "xref": "paper", "y0": lines[1], "y1": lines[1], "x0": 0, "x1": 1,
                       "line": {"dash": "dash", "color": "#555", "width": 1}})
    layout = {
        "margin": {"l": 50, "r": 10, "t": 40, "b": 50}, "template": TEMPLATE, "shapes": shapes,
        "title": {"text": title, "font": {"size": 13}}, "legend": {"orientation": "h", "y": -0.2},
        "xaxis": {"title": {"text": _axis_title(x, lang)}, "type": _axis_type(xs)},
        "yaxis": {"title": {"text": _axis_title(y, lang)}, "type": _axis_type(ys)},
        "hovermode": "closest", "clickmode": "event",
    }
    return {"data": data, "layout": layout}


def scatter_patch(spec: dict[str, Any], x_changed: bool, y_changed: bool) -> dict[tuple[Any, ...], Any]:
    """What a new view of the same language changes in ``scatter_spec``'s figure, as (path → value):
    the dots' numbers (an axis only when it or the filter changed), their colours, the legend keys, the
    selected ring and the layout. Never the names and codes (the same in every view)."""
    dots = spec["data"][0]
    out: dict[tuple[Any, ...], Any] = {("data", 0, "marker", "color"): dots["marker"]["color"],
                                        ("data", 0, "hovertemplate"): dots["hovertemplate"]}
    if x_changed:
        out[("data", 0, "x")] = dots["x"]
    if y_changed:
        out[("data", 0, "y")] = dots["y"]
    for i in (1, 2):
        out[("data", i, "name")], out[("data", i, "visible")] = spec["data"][i]["name"], spec["data"][i]["visible"]
    out[("data", 3)] = spec["data"][3]
    out[("layout",)] = spec["layout"]
    return out


def _numbers(values: npt.NDArray[np.float64], decimals: int) -> list[float | int | None]:
    """Values at the indicator's own decimals (what the hover shows; whole numbers without '.0'); None = no dot."""
    out = rounded(values, decimals)
    return list(out) if decimals else [None if v is None else int(v) for v in out]


def _selected_trace(frame: pd.DataFrame, code: str | None, x: Indicator, y: Indicator, label: str,
                    hover: str) -> dict[str, Any]:
    """The ring and name on the selected dot; with no selection (or no dot) an empty trace, kept so the
    trace positions never change."""
    row = frame.loc[code] if code is not None else None
    name = "" if row is None else str(row["name"])
    return {
        "type": "scatter", "mode": "markers+text", "textposition": "top center",
        "x": [None] if row is None else _numbers(np.array([row["x"]], dtype="float64"), x.decimals),
        "y": [None] if row is None else _numbers(np.array([row["y"]], dtype="float64"), y.decimals),
        "text": [name], "customdata": [code], "visible": row is not None, "name": f"{label}：{name}",
        "textfont": {"size": 13, "color": "#111"}, "hovertemplate": hover,
        "marker": {"size": 15, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": "#111"}},
    }


def _axis_title(ind: Indicator, lang: str) -> str:
    unit = ind.unit_for(lang)
    return f"{ind.label(lang)}（{unit}）" if unit else ind.label(lang)


def _axis_type(values: npt.NDArray[np.float64]) -> str:
    """Log axis for counts spanning four orders of magnitude (population, density), else linear."""
    present = values[~np.isnan(values)]
    positive = present[present > 0]
    return "log" if len(positive) == len(present) and len(present) > 1 and positive.max() / positive.min() > 1e3 \
        else "linear"
