"""The choropleth map assembled from ``dashboard.figures``' trace parts: context, areas, insets.

A pure builder (data in, ``go.Figure`` out), shared by the map page (boundaries
as cached URLs) and the exports (boundaries embedded). The trace order is
``figures.CONTEXT`` … ``figures.SELECTED``, then a value and a missing trace
per inset; ``parts`` is the one place that says which rows each trace draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import hoppo
from dashboard.figures import (
    CONTEXT_COLOUR,
    FONT,
    MISSING,
    NO_DATA_COLOUR,
    SELECTED,
    TEMPLATE,
    VALUE,
    missing_trace,
    plotly_text,
    value_trace,
)
from dashboard.geo import Bounds
from layers.model import Indicator

#: Width / height of the main map's plot area. plotly.js clips a geo subplot to its lon/lat
#: ranges as fitted in the frame, so neighbours end in straight cut lines wherever the ranges'
#: shape differs from the frame's: the ranges are brought to this aspect, the page keeps its
#: plot area at it (``assets/style.css``), and an export re-frames to its own (``export.frame``).
ASPECT = 1.5


def geo_layout(bounds: Bounds, domain: tuple[float, float, float, float] | None = None,
               aspect: float = ASPECT) -> dict[str, Any]:
    """Mercator (the projection of Japanese web maps) framed on ``bounds``; no base layers.

    Explicit ranges rather than ``fitbounds``: see ``dashboard.geo`` (outlying islands).
    The box is first brought to ``aspect`` so the frame is filled without clipping,
    and centred on its Mercator middle. ``domain`` (x0, x1, y0, y1) places an inset.
    """
    box = bounds.framed(aspect)
    lon, lat = box.center
    layout: dict[str, Any] = {
        "projection": {"type": "mercator"}, "visible": False, "fitbounds": False,
        "lonaxis": {"range": [round(box.lon_min, 4), round(box.lon_max, 4)]},
        "lataxis": {"range": [round(box.lat_min, 4), round(box.lat_max, 4)]},
        "center": {"lon": round(lon, 4), "lat": round(lat, 4)},
        "bgcolor": "rgba(0,0,0,0)",
    }
    if domain is not None:
        layout.update(domain={"x": list(domain[:2]), "y": list(domain[2:])}, bgcolor="white")
    return layout


@dataclass(frozen=True)
class Inset:
    """Remote islands drawn in a small frame of their own (``geo2``, ``geo3``, …) inside the main map."""

    codes: tuple[str, ...]
    bounds: Bounds
    domain: tuple[float, float, float, float]  # x0, x1, y0, y1 as fractions of the plot area
    label: str


def parts(frame: pd.DataFrame, insets: Sequence[Inset] = ()) -> list[tuple[int, int, pd.DataFrame]]:
    """(value trace, missing trace, rows) for the main map, then for each inset.

    The one place that decides which rows each trace draws: the figure and
    every re-colouring ``Patch`` use it, so a trace's ``selectedpoints`` always
    index that trace's own rows.
    """
    inset_codes = {code for inset in insets for code in inset.codes}
    main = frame[~frame["code"].isin(inset_codes)] if inset_codes else frame
    out = [(VALUE, MISSING, main)]
    for k, inset in enumerate(insets):
        out.append((SELECTED + 1 + 2 * k, SELECTED + 2 + 2 * k, frame[frame["code"].isin(inset.codes)]))
    return out


def recolourable(
    rows: pd.DataFrame, indicator: Indicator, lang: str, emphasise: bool, scale_values: Sequence[float],
    inset: bool = False,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The value and missing traces' properties that change with the view (what a re-colouring
    ``Patch`` assigns): the one definition the figure and the Patch share, so they cannot differ."""
    value = {**value_trace(rows, indicator, lang, emphasise, scale_values), "showscale": not inset}
    missing = missing_trace(rows, lang)
    if inset:  # one "no data" legend entry, the main map's
        missing["showlegend"] = False
    return value, missing


def _area_traces(
    rows: pd.DataFrame, indicator: Indicator, geojson: Any, lang: str, emphasise: bool,
    scale_values: Sequence[float], subplot: str = "geo",
) -> list[dict[str, Any]]:
    """The value and missing traces of one part (main map or inset)."""
    base = {"type": "choropleth", "geojson": geojson, "featureidkey": "id", "geo": subplot}
    value, missing = recolourable(rows, indicator, lang, emphasise, scale_values, subplot != "geo")
    return [
        {**base, **value, "locations": rows["code"].tolist(),
         "customdata": [[c, n] for c, n in zip(rows["code"], rows["name"], strict=True)],
         "showlegend": False, "meta": "value"},
        {**base, **missing, "colorscale": [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], "showscale": False,
         "marker": {"line": {"width": 0.4, "color": "#ffffff"}}, "meta": "missing"},
    ]


def _plain(geojson: Any, codes: Sequence[str], fill: str, line: dict[str, Any], z: int = 0) -> dict[str, Any]:
    """A trace of one flat colour with no hover (context, outlines, the selected area)."""
    return {
        "type": "choropleth", "geojson": geojson, "featureidkey": "id", "locations": list(codes),
        "z": [z] * len(codes), "colorscale": [[0, fill], [1, fill]], "showscale": False, "hoverinfo": "skip",
        "showlegend": False, "marker": {"line": line}, "meta": "plain",
    }


def _inset_layout(insets: Sequence[Inset]) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Geo subplots, frames and labels of the insets."""
    geos, shapes, notes = {}, [], []
    for k, inset in enumerate(insets):
        x0, x1, y0, y1 = inset.domain
        geos[f"geo{k + 2}"] = geo_layout(inset.bounds, inset.domain)
        shapes.append({"type": "rect", "xref": "paper", "yref": "paper", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
                       "line": {"color": "#777", "width": 1}, "layer": "above"})
        notes.append({"xref": "paper", "yref": "paper", "x": x0 + 0.005, "y": y1 - 0.005, "xanchor": "left",
                      "yanchor": "top", "text": plotly_text(inset.label), "showarrow": False,
                      "font": {"size": 11, "color": "#333"},
                      "bgcolor": "rgba(255,255,255,0.85)"})
    return geos, shapes, notes


def map_figure(
    frame: pd.DataFrame,
    indicator: Indicator,
    geojson_url: Any,
    outline_url: Any | None,
    bounds: Bounds,
    *,
    lang: str = "ja",
    emphasise: bool = True,
    selected: str | None = None,
    outline_codes: Sequence[str] = (),
    uirevision: str = "map",
    height: int | None = None,
    scale_values: Sequence[float] | None = None,
    context_codes: Sequence[str] = (),
    insets: Sequence[Inset] = (),
    no_statistics: Sequence[tuple[str, str]] = (),
) -> go.Figure:
    """The choropleth of one indicator at one level (``frame``: one row per drawn area).

    ``height`` None lets the page size the map with CSS (responsive); exports pass pixels.
    ``scale_values``: see ``value_trace`` (default: the drawn rows). ``context_codes`` are
    prefectures drawn as plain grey context from the outline geometry; ``insets`` take
    their rows out of the main map into small frames of their own. ``no_statistics`` (code, name)
    areas (the 北方領土 villages, ``dashboard.hoppo``) are drawn last, grey, in their own trace.
    """
    scale = frame["value"].tolist() if scale_values is None else list(scale_values)
    context = _plain(outline_url or geojson_url, context_codes, CONTEXT_COLOUR, {"width": 0.8, "color": "#ffffff"})
    outline = _plain(outline_url or geojson_url, outline_codes, "rgba(0,0,0,0)", {"width": 1.1, "color": "#3a3a3a"})
    chosen = [selected] if selected else []
    highlight = _plain(geojson_url, chosen, "rgba(0,0,0,0)", {"width": 3, "color": "#d4009b"}, 1)
    areas = [
        _area_traces(rows, indicator, geojson_url, lang, emphasise, scale, "geo" if k == 0 else f"geo{k + 1}")
        for k, (_, _, rows) in enumerate(parts(frame, insets))
    ]
    data = [context, *areas[0], outline, highlight, *(trace for extra in areas[1:] for trace in extra)]
    if no_statistics:  # last, so every Patch index above stays as it is
        data.append(hoppo.trace(geojson_url, [c for c, _ in no_statistics], [n for _, n in no_statistics], lang))
    geos, shapes, notes = _inset_layout(insets)
    layout = {
        "geo": geo_layout(bounds), **geos, "height": height, "margin": {"l": 0, "r": 0, "t": 0, "b": 64},
        "uirevision": uirevision, "paper_bgcolor": "rgba(0,0,0,0)", "font": {"family": FONT}, "template": TEMPLATE,
        "legend": {"x": 0.01, "y": 0.99, "xanchor": "left", "yanchor": "top", "bgcolor": "rgba(255,255,255,0.8)"},
        "hoverlabel": {"font": {"family": FONT}}, "clickmode": "event", "dragmode": "pan",
        "shapes": shapes, "annotations": notes,
    }
    return go.Figure(data=data, layout=layout)
